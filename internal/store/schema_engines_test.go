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
	compareTypes(t, lite, pg)
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

// typeKinds are the column types of the two engines that hold the same kind of value:
// SQLite's declared type (upper case) or PostgreSQL's data_type. A type missing here, or
// two kinds that differ, fails TestEnginesHaveTheSameSchema.
var typeKinds = map[string]string{
	"INTEGER": "integer", "BIGINT": "integer", "integer": "integer", "bigint": "integer",
	"TEXT": "text", "text": "text",
	"BOOLEAN": "boolean", "boolean": "boolean",
	"TIMESTAMP": "time", "timestamp with time zone": "time",
}

// compareTypes checks that each column holds the same kind of value on both engines.
// schema_migrations is made by migrate.go, the same text on both, before any migration.
func compareTypes(t *testing.T, lite, pg *store.DB) {
	t.Helper()
	ctx := context.Background()
	a, err := lite.ColumnTypes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.ColumnTypes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for table, cols := range a {
		if table == "schema_migrations" {
			continue
		}
		for col, lt := range cols {
			pt, ok := b[table][col]
			if !ok {
				continue // the column comparison reports it
			}
			lk, pk := typeKinds[lt], typeKinds[pt]
			if lk == "" || pk == "" || lk != pk {
				t.Errorf("%s.%s is %s on SQLite, %s on PostgreSQL", table, col, lt, pt)
			}
		}
	}
}
