package web

import (
	"context"
	"slices"
	"strings"
	"testing"
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
	if jobs := w.srv.Jobs(); len(jobs) != 1 || jobs[0].Run == nil {
		t.Errorf("jobs = %+v, want the events' one", jobs)
	}
}
