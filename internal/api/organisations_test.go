package api

import (
	"reflect"
	"testing"
)

func TestOrganisations(t *testing.T) {
	f := newFixture(t)
	w := f.get(t, "/api/v1/organisations")
	checkHeaders(t, w, 200, jsonType)
	p := decode[pageOut](t, w)
	if p.Total != 8 || len(p.Data) != 8 || p.Page != 1 || p.PerPage != 100 {
		t.Fatalf("total, rows, page, per_page = %d, %d, %d, %d; want 8, 8, 1, 100",
			p.Total, len(p.Data), p.Page, p.PerPage)
	}
	if p.Links.Self != testBase+"/api/v1/organisations?page=1&per_page=100" || p.Links.Next != nil {
		t.Errorf("links = %+v", p.Links)
	}
	e := byName(p)
	tests := []struct {
		name   string
		signed bool
		status string // "" for no published signature
	}{
		{"Telford & Wrekin Council", true, "verified"},
		{"London Borough of Hammersmith & Fulham", false, "withdrawn"},
		{"Adur District Council", false, ""},
		{"Belfast City Council", false, ""},
		{"City of Cardiff Council", false, ""},
	}
	for _, tt := range tests {
		got, ok := e[tt.name]
		switch {
		case !ok:
			t.Errorf("%s missing", tt.name)
		case got.Signed == nil || *got.Signed != tt.signed:
			t.Errorf("%s: signed = %v, want %v", tt.name, got.Signed, tt.signed)
		case tt.status == "" && got.Signature != nil:
			t.Errorf("%s: signature = %+v, want null", tt.name, got.Signature)
		case tt.status != "" && (got.Signature == nil || got.Signature.Status != tt.status):
			t.Errorf("%s: signature = %+v, want status %s", tt.name, got.Signature, tt.status)
		}
	}
}

func TestOrganisationsFilters(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"signed=yes", []string{hostileName, "Bournemouth, Christchurch and Poole Council", "Fife Council",
			"Telford & Wrekin Council"}},
		{"signed=no", []string{"Adur District Council", "Belfast City Council", "City of Cardiff Council",
			"London Borough of Hammersmith & Fulham"}},
		{"nation=Wales", []string{"City of Cardiff Council"}},
		{"nation=Northern+Ireland", []string{"Belfast City Council"}},
		{"type=NMD", []string{"Adur District Council"}},
		{"q=council&region=South+East", []string{"Adur District Council"}},
		{"signed=no&per_page=2&page=2", []string{"City of Cardiff Council", "London Borough of Hammersmith & Fulham"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			w := f.get(t, "/api/v1/organisations?"+tt.query)
			checkHeaders(t, w, 200, jsonType)
			if got := names(decode[pageOut](t, w)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("names = %q, want %q", got, tt.want)
			}
		})
	}
}
