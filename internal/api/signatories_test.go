package api

import (
	"context"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSignatoriesJSON(t *testing.T) {
	f := newFixture(t)
	w := f.get(t, "/api/v1/signatories")
	checkHeaders(t, w, 200, jsonType)
	p := decode[pageOut](t, w)

	want := []string{hostileName, "Bournemouth, Christchurch and Poole Council", "Fife Council",
		"London Borough of Hammersmith & Fulham", "Telford & Wrekin Council"} // "=" sorts before letters
	if got := names(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("names = %q, want %q (published only, by name)", got, want)
	}
	if p.Total != 5 || p.Page != 1 || p.PerPage != 5 {
		t.Errorf("total, page, per_page = %d, %d, %d; want 5, 1, 5 (all rows)", p.Total, p.Page, p.PerPage)
	}
	if p.Links.Self != testBase+"/api/v1/signatories" || p.Links.Next != nil || p.Links.Prev != nil {
		t.Errorf("links = %+v, want self only", p.Links)
	}
	if p.Links.CSV != testBase+"/api/v1/signatories.csv" {
		t.Errorf("csv link = %q", p.Links.CSV)
	}
	if !strings.Contains(w.Body.String(), `"Telford & Wrekin Council"`) {
		t.Errorf("ampersand is escaped in the body: %s", w.Body)
	}
}

func TestSignatoriesEntry(t *testing.T) {
	f := newFixture(t)
	e := byName(decode[pageOut](t, f.get(t, "/api/v1/signatories")))
	tfw := e["Telford & Wrekin Council"]
	want := entryOut{Name: "Telford & Wrekin Council", OfficialName: "Telford & Wrekin Council",
		Slug: "telford-and-wrekin-council", TypeCode: "UA", TypeName: "Unitary authority", GSSCode: "E06000020",
		LACode: "TFW", Nation: "England", Region: "West Midlands", Website: "http://www.telford.gov.uk",
		Signature: &signatureOut{Status: "verified", SignedOn: "2019-03-01",
			CommitmentTitle: "Planning & building control API", CommitmentLanguage: "en", CommitmentStatus: ptr("on_track")},
		URL: testBase + "/organisations/telford-and-wrekin-council"}
	if !reflect.DeepEqual(tfw, want) {
		t.Errorf("Telford & Wrekin =\n%+v\nwant\n%+v", tfw, want)
	}
	hmf := e["London Borough of Hammersmith & Fulham"].Signature
	if hmf == nil || hmf.Status != "withdrawn" || hmf.SignedOn != "2018-07-04" ||
		hmf.WithdrawnOn == nil || *hmf.WithdrawnOn != "2021-09-30" {
		t.Errorf("Hammersmith & Fulham signature = %+v, want withdrawn 2021-09-30", hmf)
	}
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for _, s := range e {
		if !date.MatchString(s.Signature.SignedOn) {
			t.Errorf("%s: signed_on %q is not YYYY-MM-DD", s.Name, s.Signature.SignedOn)
		}
		if s.Signature.Status == "verified" && s.Signature.WithdrawnOn != nil {
			t.Errorf("%s: verified with withdrawn_on %q", s.Name, *s.Signature.WithdrawnOn)
		}
	}
}

func TestSignatoriesFilters(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"type=UA", []string{"Bournemouth, Christchurch and Poole Council", "Telford & Wrekin Council"}},
		{"nation=Scotland", []string{"Fife Council"}},
		{"nation=Wales", []string{}},
		{"region=London", []string{"London Borough of Hammersmith & Fulham"}},
		{"q=wrekin", []string{"Telford & Wrekin Council"}},
		{"q=" + url.QueryEscape("Hammersmith & Fulham"), []string{"London Borough of Hammersmith & Fulham"}},
		{"q=" + url.QueryEscape("%"), []string{}},
		{"year=2020", []string{"Bournemouth, Christchurch and Poole Council"}},
		{"type=UA&sort=newest", []string{"Bournemouth, Christchurch and Poole Council", "Telford & Wrekin Council"}},
		{"sort=oldest&nation=England&type=LBO", []string{"London Borough of Hammersmith & Fulham"}},
		{"q=adur", []string{}},    // awaiting verification: not published
		{"q=belfast", []string{}}, // awaiting signers
		{"signed=no", []string{hostileName, "Bournemouth, Christchurch and Poole Council", "Fife Council",
			"London Borough of Hammersmith & Fulham", "Telford & Wrekin Council"}}, // ignored here
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			w := f.get(t, "/api/v1/signatories?"+tt.query)
			checkHeaders(t, w, 200, jsonType)
			p := decode[pageOut](t, w)
			if got := names(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("names = %q, want %q", got, tt.want)
			}
			if p.Total != len(tt.want) {
				t.Errorf("total = %d, want %d", p.Total, len(tt.want))
			}
		})
	}
}

func TestSignatoriesPaging(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query      string
		want       int
		page, per  int
		next, prev string
	}{
		{"per_page=2", 2, 1, 2, "page=2&per_page=2", ""},
		{"page=2&per_page=2&sort=newest", 2, 2, 2, "page=3&per_page=2&sort=newest", "page=1&per_page=2&sort=newest"},
		{"page=3&per_page=2", 1, 3, 2, "", "page=2&per_page=2"},
		{"page=9&per_page=2", 0, 9, 2, "", "page=8&per_page=2"},
		{"page=1", 5, 1, 20, "", ""},
		{"per_page=20", 5, 1, 20, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p := decode[pageOut](t, f.get(t, "/api/v1/signatories?"+tt.query))
			if len(p.Data) != tt.want || p.Total != 5 || p.Page != tt.page || p.PerPage != tt.per {
				t.Errorf("rows, total, page, per_page = %d, %d, %d, %d; want %d, 5, %d, %d",
					len(p.Data), p.Total, p.Page, p.PerPage, tt.want, tt.page, tt.per)
			}
			checkLink(t, "next", p.Links.Next, tt.next)
			checkLink(t, "prev", p.Links.Prev, tt.prev)
			if !strings.Contains(p.Links.Self, "per_page=") {
				t.Errorf("self %q drops the page size, so it would mean every row", p.Links.Self)
			}
		})
	}
}

func checkLink(t *testing.T, name string, got *string, query string) {
	t.Helper()
	switch {
	case query == "" && got != nil:
		t.Errorf("%s = %q, want null", name, *got)
	case query != "" && (got == nil || *got != testBase+"/api/v1/signatories?"+query):
		t.Errorf("%s = %v, want %s", name, deref(got), testBase+"/api/v1/signatories?"+query)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}

// The whole register comes back in one response when no page is asked for, however many
// rows there are: more than the largest page size.
func TestSignatoriesAllRowsBeyondMaxPerPage(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 501 signatures")
	}
	db := openDB(t)
	seedMany(t, db, 501)
	w := do(mux(New(db, testBase, nil)), "GET", "/api/v1/signatories")
	p := decode[pageOut](t, w)
	if p.Total != 501 || len(p.Data) != 501 || p.PerPage != 501 {
		t.Errorf("total, rows, per_page = %d, %d, %d; want 501 each", p.Total, len(p.Data), p.PerPage)
	}
}

func ptr(s string) *string { return &s }

// TestSignatoriesCommitmentStatus: the commitment status filter and field, once the
// commitments job has marked the commitments due before the clock overdue (withdrawn
// signatures are left as they were); the CSV and the history list the same rows.
func TestSignatoriesCommitmentStatus(t *testing.T) {
	f := newFixture(t)
	f.db.Now = fixedClock(time.Date(2021, time.October, 1, 0, 0, 0, 0, time.UTC))
	if n, err := f.db.MarkOverdue(context.Background()); err != nil || n != 2 {
		t.Fatalf("MarkOverdue = %d, %v; want 2 (Telford, BCP)", n, err)
	}
	for _, tt := range []struct {
		status string
		want   []string
	}{
		{"overdue", []string{"Bournemouth, Christchurch and Poole Council", "Telford & Wrekin Council"}},
		{"on_track", []string{hostileName, "Fife Council", "London Borough of Hammersmith & Fulham"}},
		{"delivered", []string{}},
	} {
		p := decode[pageOut](t, f.get(t, "/api/v1/signatories?commitment_status="+tt.status))
		if got := names(p); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: names = %q, want %q", tt.status, got, tt.want)
		}
		for _, e := range p.Data {
			if e.Signature.CommitmentStatus == nil || *e.Signature.CommitmentStatus != tt.status {
				t.Errorf("%s: %s has commitment_status %v", tt.status, e.Name, e.Signature.CommitmentStatus)
			}
		}
		if !strings.Contains(p.Links.CSV, "commitment_status="+tt.status) {
			t.Errorf("%s: the CSV link %q loses the filter", tt.status, p.Links.CSV)
		}
		csv := f.get(t, "/api/v1/signatories.csv?commitment_status="+tt.status).Body.String()
		if lines := strings.Count(strings.TrimSpace(csv), "\n"); lines != len(tt.want) {
			t.Errorf("%s: the CSV has %d rows, want %d", tt.status, lines, len(tt.want))
		}
		h := decode[pageOut](t, f.get(t, "/api/v1/signatories?include=history&commitment_status="+tt.status))
		if h.Total != len(tt.want) {
			t.Errorf("%s: history total %d, want %d", tt.status, h.Total, len(tt.want))
		}
	}
	w := f.get(t, "/api/v1/signatories?commitment_status=late")
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"invalid"`) || !strings.Contains(w.Body.String(), "commitment_status") {
		t.Errorf("commitment_status=late: %d %s, want 400 invalid naming the parameter", w.Code, w.Body)
	}
}
