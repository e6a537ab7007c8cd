package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/api"
)

// TestEveryTableBelongsToAFeature: each table of the migrated schema is named by exactly
// one feature's Tables, and each name there is a table, so that a new table is owned.
func TestEveryTableBelongsToAFeature(t *testing.T) {
	w := newAuthzWorld(t)
	cols, err := w.db.Columns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{}
	for _, f := range w.srv.features() {
		for _, table := range f.Tables {
			if prev, dup := owner[table]; dup {
				t.Errorf("table %s belongs to %s and %s", table, prev, f.Name)
			}
			owner[table] = f.Name
			if _, ok := cols[table]; !ok {
				t.Errorf("feature %s names table %s, which the schema does not have", f.Name, table)
			}
		}
	}
	for table := range cols {
		if _, ok := owner[table]; !ok && !strings.HasPrefix(table, "schema_migrations") {
			t.Errorf("table %s belongs to no feature: add it to one's Tables", table)
		}
	}
}

// TestFeaturesAreGathered: every feature has a name of its own, and what the server
// serves is what the features declare: each route, each open data path (with its
// OpenAPI document), each job.
func TestFeaturesAreGathered(t *testing.T) {
	w := newAuthzWorld(t)
	var names, patterns []string
	endpoints := 0
	for _, f := range w.srv.features() {
		if f.Name == "" || slices.Contains(names, f.Name) {
			t.Errorf("feature name %q is empty or used twice", f.Name)
		}
		names = append(names, f.Name)
		for _, rt := range f.Routes {
			patterns = append(patterns, rt.Pattern)
		}
		endpoints += len(f.API.Endpoints)
	}
	table := w.srv.routeTable()
	for _, p := range patterns {
		if !slices.ContainsFunc(table, func(rt route) bool { return rt.Pattern == p }) {
			t.Errorf("route %s is not served", p)
		}
	}
	// Each endpoint answers GET and OPTIONS; the OpenAPI document does too, and GET /api/
	// answers the rest.
	if got, want := len(w.srv.apiRoutes), 2*(endpoints+1)+1; got != want {
		t.Errorf("%d API routes, want %d", got, want)
	}
	var jobs []string
	for _, j := range w.srv.Jobs() {
		if j.Run == nil {
			t.Errorf("job %q has nothing to run", j.Name)
		}
		jobs = append(jobs, j.Name)
	}
	for _, want := range []string{"event reminders and moments", "digests", "commitments"} {
		if !slices.Contains(jobs, want) {
			t.Errorf("jobs = %v, want %q among them", jobs, want)
		}
	}
}

// TestOpenAPIDescribesEveryFeature: the OpenAPI document the site serves describes each
// open data path of every feature, and no other.
func TestOpenAPIDescribesEveryFeature(t *testing.T) {
	w := newAuthzWorld(t)
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, httptest.NewRequest("GET", api.PathOpenAPI, nil))
	var doc struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var described, served []string
	for p := range doc.Paths {
		described = append(described, p)
	}
	for _, ar := range w.srv.apiRoutes {
		method, path, _ := strings.Cut(ar.Pattern, " ")
		if method == "GET" && !strings.HasSuffix(path, "/") {
			served = append(served, path)
		}
	}
	slices.Sort(described)
	slices.Sort(served)
	if !slices.Equal(described, served) {
		t.Errorf("served %q, described %q", served, described)
	}
}
