package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// newSQLiteSource opens a migrated SQLite database, the usual source of a copy.
func newSQLiteSource(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

// A table that a later migration adds is copied with no list to update, after the
// tables it refers to (its name sorts before them).
func TestCopyDataCopiesTablesFromTheSchema(t *testing.T) {
	ctx := context.Background()
	src := newSQLiteSource(t)
	dst, _ := newTestDB(t)
	const ddl = `CREATE TABLE a_notes (organisation_id INTEGER NOT NULL REFERENCES organisations (id), note TEXT NOT NULL)`
	for _, db := range []*DB{src, dst} {
		if _, err := db.write.ExecContext(ctx, ddl); err != nil {
			t.Fatal(err)
		}
	}
	org := makeOrg(t, src, "Adur District Council", "adur-worthing.gov.uk")
	if _, err := src.write.ExecContext(ctx, `INSERT INTO a_notes (organisation_id, note) VALUES ($1, 'A note')`, org.ID); err != nil {
		t.Fatal(err)
	}
	res, err := CopyData(ctx, src, dst)
	if err != nil {
		t.Fatalf("CopyData: %v", err)
	}
	i := slices.IndexFunc(res, func(r CopyResult) bool { return r.Table == "a_notes" })
	if i < 0 || res[i].From != 1 || res[i].To != 1 {
		t.Fatalf("a_notes was not copied: %+v", res)
	}
	n, err := dst.count(ctx, "a_notes")
	if err != nil || n != 1 {
		t.Fatalf("the copy's a_notes has %d rows (%v), want 1", n, err)
	}
}

// A table only one side has stops the copy before anything is written.
func TestCopyDataRefusesDifferentTables(t *testing.T) {
	ctx := context.Background()
	src := newSQLiteSource(t)
	dst, _ := newTestDB(t)
	if _, err := src.write.ExecContext(ctx, `CREATE TABLE only_here (note TEXT)`); err != nil {
		t.Fatal(err)
	}
	makeOrg(t, src, "Adur District Council", "adur-worthing.gov.uk")
	_, err := CopyData(ctx, src, dst)
	if err == nil || !strings.Contains(err.Error(), "only_here") {
		t.Fatalf("CopyData = %v, want an error naming only_here", err)
	}
	if n, err := dst.count(ctx, "organisations"); err != nil || n != 0 {
		t.Fatalf("the target has %d organisations (%v), want none", n, err)
	}
}
