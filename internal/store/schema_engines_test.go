package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

// TestEnginesHaveTheSameSchema migrates SQLite and PostgreSQL to the latest version and
// compares their tables and columns: the two migration folders must stay in step, and a
// migration written once for both must make the same tables on each (a test one, with
// every word dialect.go translates, is applied after the real ones).
func TestEnginesHaveTheSameSchema(t *testing.T) {
	if os.Getenv(testdb.EnvPostgres) == "" {
		t.Skip("set " + testdb.EnvPostgres + " (scripts/test.sh does) to compare with PostgreSQL")
	}
	ctx := context.Background()
	lite, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	store.WithTestMigration(t, lite)
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pg, err := store.Open(ctx, testdb.URL(t, os.Getenv))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	store.WithTestMigration(t, pg)
	if _, err := pg.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a, err := lite.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) < 10 {
		t.Fatalf("only %d tables on SQLite: %v", len(a), a)
	}
	if len(a["shared_form_notes"]) != 10 || len(b["shared_form_notes"]) != 10 {
		t.Fatalf("the test migration written once made %v on SQLite, %v on PostgreSQL", a["shared_form_notes"], b["shared_form_notes"])
	}
	if !reflect.DeepEqual(a, b) {
		for table := range a {
			if !reflect.DeepEqual(a[table], b[table]) {
				t.Errorf("table %s: sqlite %v, postgres %v", table, a[table], b[table])
			}
		}
		for table := range b {
			if _, ok := a[table]; !ok {
				t.Errorf("table %s only on postgres", table)
			}
		}
	}
}
