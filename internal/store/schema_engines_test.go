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
// compares their tables and columns: the two migration folders must stay in step.
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
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pg, err := store.Open(ctx, testdb.URL(t, os.Getenv))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
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
