package api

import (
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

func readCSV(t *testing.T, body string) (header []string, rows map[string][]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v\n%s", err, body)
	}
	if len(recs) == 0 {
		t.Fatal("CSV is empty")
	}
	rows = map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[1]] = r // by slug
	}
	return recs[0], rows
}

func TestSignatoriesCSV(t *testing.T) {
	f := newFixture(t)
	w := f.get(t, "/api/v1/signatories.csv")
	checkHeaders(t, w, 200, "text/csv; charset=utf-8")
	if got, want := w.Header().Get("Content-Disposition"), `attachment; filename="signatories.csv"`; got != want {
		t.Errorf("Content-Disposition = %q, want %q", got, want)
	}
	header, rows := readCSV(t, w.Body.String())
	wantHeader := []string{"name", "slug", "type_code", "type_name", "gss_code", "local_authority_code", "nation",
		"region", "website", "status", "signed_on", "withdrawn_on", "commitment_title", "url"}
	if !reflect.DeepEqual(header, wantHeader) {
		t.Errorf("header = %q, want %q", header, wantHeader)
	}
	if len(rows) != 5 {
		t.Errorf("%d rows, want the 5 published", len(rows))
	}
	want := map[string][]string{
		"telford-and-wrekin-council": {"Telford & Wrekin Council", "telford-and-wrekin-council", "UA",
			"Unitary authority", "E06000020", "TFW", "England", "West Midlands", "http://www.telford.gov.uk",
			"verified", "2019-03-01", "", "Planning & building control API",
			testBase + "/organisations/telford-and-wrekin-council"},
		"bournemouth-christchurch-and-poole-council": {"Bournemouth, Christchurch and Poole Council",
			"bournemouth-christchurch-and-poole-council", "UA", "Unitary authority", "E06000058", "BPC", "England",
			"South West", "https://www.bcpcouncil.gov.uk/", "verified", "2020-06-15", "",
			"Reusable waste collection service", testBase + "/organisations/bournemouth-christchurch-and-poole-council"},
	}
	for slug, w := range want {
		if !reflect.DeepEqual(rows[slug], w) {
			t.Errorf("row %s =\n%q\nwant\n%q", slug, rows[slug], w)
		}
	}
	hmf := rows["london-borough-of-hammersmith-and-fulham"]
	if hmf == nil || hmf[9] != "withdrawn" || hmf[11] != "2021-09-30" {
		t.Errorf("Hammersmith & Fulham row = %q, want withdrawn on 2021-09-30", hmf)
	}
}

func TestSignatoriesCSVFormulaInjection(t *testing.T) {
	f := newFixture(t)
	_, rows := readCSV(t, f.get(t, "/api/v1/signatories.csv").Body.String())
	evil := rows[f.orgs["EVIL"].Slug]
	if evil == nil {
		t.Fatalf("hostile organisation missing from %v", rows)
	}
	if evil[0] != "'"+hostileName {
		t.Errorf("name cell = %q, want it to start with an apostrophe", evil[0])
	}
	if evil[12] != "'"+hostileTitle {
		t.Errorf("commitment cell = %q, want it to start with an apostrophe", evil[12])
	}
	for slug, r := range rows {
		for i, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s: column %s = %q starts a formula", slug, csvHeader[i], cell)
			}
		}
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Telford & Wrekin Council", "Telford & Wrekin Council"},
		{"=1+1", "'=1+1"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"2019-03-01", "2019-03-01"},
		{"’=1", "’=1"},
	}
	for _, tt := range tests {
		if got := safeCell(tt.in); got != tt.want {
			t.Errorf("safeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSignatoriesCSVFilters(t *testing.T) {
	f := newFixture(t)
	_, rows := readCSV(t, f.get(t, "/api/v1/signatories.csv?type=UA&per_page=1&sort=newest").Body.String())
	if len(rows) != 1 || rows["bournemouth-christchurch-and-poole-council"] == nil {
		t.Errorf("rows = %v, want only the newest unitary authority", rows)
	}
}
