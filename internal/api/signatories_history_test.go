package api

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// historyFixture is the fixture after Hammersmith & Fulham, which withdrew in 2021, signs
// again in 2022.
func historyFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	publish(t, f.db, f.orgs["HMF"].ID, "Open housing repairs data, again", time.Date(2022, time.March, 3, 10, 0, 0, 0, time.UTC))
	return f
}

// TestSignatoriesWithdrawnReason: a withdrawn entry carries the reason; others do not.
func TestSignatoriesWithdrawnReason(t *testing.T) {
	f := newFixture(t)
	p := decode[pageOut](t, f.get(t, "/api/v1/signatories"))
	for _, e := range p.Data {
		switch {
		case e.Slug == "london-borough-of-hammersmith-and-fulham":
			if e.Signature.WithdrawnReason == nil || *e.Signature.WithdrawnReason != "Merged its digital team into a shared service." {
				t.Errorf("withdrawn entry = %+v", e.Signature)
			}
		case e.Signature.WithdrawnReason != nil:
			t.Errorf("%s: withdrawn_reason on a %s signature", e.Slug, e.Signature.Status)
		}
	}
}

// TestSignatoriesHistoryJSON: include=history lists every published signature, so an
// organisation that withdrew and signed again appears twice; without it, once.
func TestSignatoriesHistoryJSON(t *testing.T) {
	f := historyFixture(t)
	plain := decode[pageOut](t, f.get(t, "/api/v1/signatories"))
	if plain.Total != 5 {
		t.Errorf("register total = %d, want 5 organisations", plain.Total)
	}
	w := f.get(t, "/api/v1/signatories?include=history")
	checkHeaders(t, w, 200, jsonType)
	p := decode[pageOut](t, w)
	if p.Total != 6 || len(p.Data) != 6 {
		t.Fatalf("history total = %d, %d rows, want 6 signatures", p.Total, len(p.Data))
	}
	var hmf []signatureOut
	for _, e := range p.Data {
		if e.Slug == "london-borough-of-hammersmith-and-fulham" {
			hmf = append(hmf, *e.Signature)
		}
	}
	if len(hmf) != 2 {
		t.Fatalf("Hammersmith & Fulham rows = %+v, want 2", hmf)
	}
	if hmf[0].Status != "withdrawn" || hmf[0].SignedOn != "2018-07-04" || hmf[0].WithdrawnOn == nil ||
		*hmf[0].WithdrawnOn != "2021-09-30" || hmf[0].WithdrawnReason == nil {
		t.Errorf("first = %+v", hmf[0])
	}
	if hmf[1].Status != "verified" || hmf[1].SignedOn != "2022-03-03" || hmf[1].WithdrawnOn != nil {
		t.Errorf("second = %+v", hmf[1])
	}
	for _, link := range []string{p.Links.Self, p.Links.CSV} {
		if u, err := url.Parse(link); err != nil || u.Query().Get("include") != "history" {
			t.Errorf("link %q does not keep include=history", link)
		}
	}
	paged := decode[pageOut](t, f.get(t, "/api/v1/signatories?include=history&per_page=4"))
	if paged.Total != 6 || len(paged.Data) != 4 || paged.Links.Next == nil || !strings.Contains(*paged.Links.Next, "include=history") {
		t.Errorf("paged history = total %d, %d rows, next %v", paged.Total, len(paged.Data), paged.Links.Next)
	}
	filtered := decode[pageOut](t, f.get(t, "/api/v1/signatories?include=history&year=2022"))
	if !reflect.DeepEqual(names(filtered), []string{"Fife Council", "London Borough of Hammersmith & Fulham"}) {
		t.Errorf("history in 2022 = %q", names(filtered))
	}
}

// TestSignatoriesHistoryCSV: the CSV's history variant has a row per signature and the
// reason for a withdrawal in its last column.
func TestSignatoriesHistoryCSV(t *testing.T) {
	f := historyFixture(t)
	w := f.get(t, "/api/v1/signatories.csv?include=history")
	checkHeaders(t, w, 200, "text/csv; charset=utf-8")
	if got := w.Header().Get("Content-Disposition"); got != `attachment; filename="signatories-history.csv"` {
		t.Errorf("Content-Disposition = %q", got)
	}
	header, _ := readCSV(t, w.Body.String())
	if header[len(header)-1] != "withdrawn_reason" || len(header) != len(csvHeader)+1 {
		t.Errorf("header = %q", header)
	}
	var hmf [][]string
	for _, line := range strings.Split(strings.TrimSpace(w.Body.String()), "\n")[1:] {
		if strings.Contains(line, ",london-borough-of-hammersmith-and-fulham,") {
			hmf = append(hmf, strings.Split(strings.TrimRight(line, "\r"), ","))
		}
	}
	if len(hmf) != 2 {
		t.Fatalf("Hammersmith & Fulham rows = %q, want 2", hmf)
	}
	_, rows := readCSV(t, w.Body.String())
	if len(strings.Split(strings.TrimSpace(w.Body.String()), "\n")) != 7 {
		t.Errorf("CSV has %d rows, want a header and 6", len(rows))
	}
	if !strings.Contains(w.Body.String(), "withdrawn,2018-07-04,2021-09-30,Open housing repairs data,"+testBase+
		"/organisations/london-borough-of-hammersmith-and-fulham,Merged its digital team into a shared service.") {
		t.Errorf("no withdrawn row with its reason:\n%s", w.Body)
	}
	if !strings.Contains(w.Body.String(), "verified,2022-03-03,,\"Open housing repairs data, again\","+testBase+
		"/organisations/london-borough-of-hammersmith-and-fulham,") {
		t.Errorf("no row for the new signature:\n%s", w.Body)
	}
}

// TestSignatoriesBadInclude: any other include value is a 400 with code invalid, on both forms.
func TestSignatoriesBadInclude(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"include=all", "include=", "include=History", "include=history&include=history"} {
		for _, path := range []string{"/api/v1/signatories?", "/api/v1/signatories.csv?"} {
			w := f.get(t, path+q)
			if w.Code != 400 {
				t.Errorf("%s%s: status %d, want 400", path, q, w.Code)
				continue
			}
			e := decode[errorOut](t, w)
			if e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, "include") {
				t.Errorf("%s%s: error %+v", path, q, e.Error)
			}
		}
	}
}
