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

// resourceBenchServer serves a library of 1,000 resources shared by 40 signed councils,
// tagged with principles and services, each reused by up to five councils.
func resourceBenchServer(b *testing.B) http.Handler {
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
			TypeName: "Non-metropolitan district", LACode: fmt.Sprintf("R%02d", i), Domains: []string{fmt.Sprintf("rbench%02d.gov.uk", i)}}
	}
	if _, err := db.ImportOrganisations(ctx, model.Actor{Label: "bench"}, orgs); err != nil {
		b.Fatal(err)
	}
	for i := range orgs {
		publish(b, db, &orgs[i], "Commitment")
	}
	types := model.ResourceTypes
	summary := strings.Repeat("A business case and the service pattern behind it, with the user research that shaped it. ", 4)
	for i := range 1000 {
		r := &model.Resource{Type: types[i%len(types)].Code, Title: fmt.Sprintf("Resource %d: bins, parking and repairs", i),
			Summary: summary, Link: "https://github.com/example/repo", Licence: model.Licences[i%4].Code,
			Principles: []int{i%5 + 1}, Services: []model.Service{{Code: 100 + i%50}},
			Organisations: []model.OrgRef{{ID: orgs[i%40].ID}, {ID: orgs[(i+7)%40].ID}}}
		if err := db.PublishResource(ctx, model.Actor{Label: "bench"}, r, nil); err != nil {
			b.Fatal(err)
		}
		for j := range i % 6 {
			if _, err := db.UseResource(ctx, model.Actor{Label: "bench"}, r.ID, orgs[(i+j+1)%40].ID, "Daily"); err != nil {
				b.Fatal(err)
			}
		}
	}
	h, err := web.New(db, slog.New(slog.DiscardHandler), web.Options{BaseURL: baseURL, FilesDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// BenchmarkResourcesPage renders the first page of the library as most visitors see it
// (not signed in, so from the page cache once rendered).
func BenchmarkResourcesPage(b *testing.B) {
	benchPage(b, resourceBenchServer(b), "/resources")
}

// BenchmarkResourcesPageUncached renders the library's pages without the cache, as
// signed-in people see them: newest first, a search, and most reused with a filter.
func BenchmarkResourcesPageUncached(b *testing.B) {
	h := resourceBenchServer(b)
	for _, path := range []string{"/resources", "/resources?q=parking+repairs", "/resources?sort=most_reused&principle=3"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Cookie", "nocache=1") // any cookie skips the page cache
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", path, rec.Code)
				}
			}
		})
	}
}

// BenchmarkResourcePage renders one resource's page without the cache.
func BenchmarkResourcePage(b *testing.B) {
	h := resourceBenchServer(b)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/resources/500", nil)
		req.Header.Set("Cookie", "nocache=1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /resources/500: %d", rec.Code)
		}
	}
}

// BenchmarkResourcesPageParallel is BenchmarkResourcesPage from as many goroutines as
// GOMAXPROCS allows: its ns/op is the inverse of requests per second on this machine.
func BenchmarkResourcesPageParallel(b *testing.B) {
	h := resourceBenchServer(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/resources", nil))
			if rec.Code != http.StatusOK {
				b.Errorf("GET /resources: %d", rec.Code)
				return
			}
		}
	})
}
