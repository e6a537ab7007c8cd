package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// caseStudyBenchServer serves 500 case studies of about 2 kB of Markdown each, written by
// 40 signed councils, tagged with principles and services.
func caseStudyBenchServer(b *testing.B) (http.Handler, string) {
	b.Helper()
	ctx := context.Background()
	db := openDB(b)
	var services []model.Service
	for i := range 50 {
		services = append(services, model.Service{Code: 100 + i, Label: fmt.Sprintf("Service %d", i)})
	}
	if _, err := db.ImportServices(ctx, model.Actor{Label: "bench"}, services); err != nil {
		b.Fatal(err)
	}
	orgs := make([]model.Organisation, 40)
	for i := range orgs {
		orgs[i] = model.Organisation{Name: fmt.Sprintf("Bench Council %02d", i), TypeCode: "NMD",
			TypeName: "Non-metropolitan district", LACode: fmt.Sprintf("B%02d", i), Domains: []string{fmt.Sprintf("bench%02d.gov.uk", i)}}
	}
	if _, err := db.ImportOrganisations(ctx, model.Actor{Label: "bench"}, orgs); err != nil {
		b.Fatal(err)
	}
	for i := range orgs {
		publish(b, db, &orgs[i], "Commitment")
	}
	body := strings.Repeat("Residents phoned about **missed bins** on estates; we mapped the rounds with crews. ", 6)
	var first int64
	for i := range 500 {
		cs := &model.CaseStudy{Title: fmt.Sprintf("Case study %d: bins, parking and repairs", i),
			Summary: "How a council cut calls by a third by letting residents report and track problems online.",
			Problem: body, Approach: "# What we did\n\n1. Discovery\n2. Alpha\n   - prototypes\n\n" + body,
			Outcomes: "| Year | Calls |\n|---|--:|\n| 2022 | 12,000 |\n| 2023 | 7,200 |\n\n" + body, Lessons: body,
			Principles:    []int{i%5 + 1, (i+2)%5 + 1},
			Services:      []model.Service{{Code: 100 + i%50}},
			Organisations: []model.OrgRef{{ID: orgs[i%40].ID}, {ID: orgs[(i+1)%40].ID}},
			Links:         []model.CaseStudyLink{{Title: "Business case", URL: "https://example.org/b"}}}
		if err := db.CreateCaseStudy(ctx, model.Actor{Label: "bench"}, cs); err != nil {
			b.Fatal(err)
		}
		if first == 0 {
			first = cs.ID
		}
	}
	h, err := web.New(db, slog.New(slog.DiscardHandler), web.Options{BaseURL: baseURL})
	if err != nil {
		b.Fatal(err)
	}
	return h, fmt.Sprintf("/case-studies/%d", first)
}

// benchCaseStudyPage requests path over and over; with a cookie the page cache is passed
// by, as it is for everyone signed in.
func benchCaseStudyPage(b *testing.B, h http.Handler, path string, cookie bool) {
	b.Helper()
	req := func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie {
			r.Header.Set("Cookie", "consent=yes")
		}
		return r
	}
	check := httptest.NewRecorder()
	h.ServeHTTP(check, req())
	if check.Code != http.StatusOK {
		b.Fatalf("GET %s: %d\n%s", path, check.Code, check.Body)
	}
	b.SetBytes(int64(check.Body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req())
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
}

// BenchmarkCaseStudyList is the first page of the list as most visitors get it: from the
// page cache.
func BenchmarkCaseStudyList(b *testing.B) {
	h, _ := caseStudyBenchServer(b)
	benchCaseStudyPage(b, h, "/case-studies", false)
}

// BenchmarkCaseStudyListUncached renders the list from the database every time.
func BenchmarkCaseStudyListUncached(b *testing.B) {
	h, _ := caseStudyBenchServer(b)
	benchCaseStudyPage(b, h, "/case-studies", true)
}

// BenchmarkCaseStudySearchUncached searches the full text with two filters.
func BenchmarkCaseStudySearchUncached(b *testing.B) {
	h, _ := caseStudyBenchServer(b)
	benchCaseStudyPage(b, h, "/case-studies?q=missed+bins&principle=1&organisation=bench-council-05", true)
}

// BenchmarkCaseStudyPageUncached renders one case study from the database.
func BenchmarkCaseStudyPageUncached(b *testing.B) {
	h, path := caseStudyBenchServer(b)
	benchCaseStudyPage(b, h, path, true)
}
