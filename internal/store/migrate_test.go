package store

import (
	"slices"
	"testing"
)

func TestMigrateTwice(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := t.Context()

	first, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("first Migrate: %v", err)
	}
	all, err := db.migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(all) || len(first) == 0 {
		t.Fatalf("first Migrate applied %v, want all %d migrations", first, len(all))
	}
	second, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if len(second) != 0 {
		t.Fatalf("second Migrate applied %v, want nothing", second)
	}
	var recorded int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != len(all) {
		t.Fatalf("schema_migrations has %d rows, want %d", recorded, len(all))
	}
}

func TestMigrateCreatesTables(t *testing.T) {
	db, _ := newTestDB(t)
	cols, err := db.Columns(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for table := range cols {
		tables = append(tables, table)
	}
	for _, want := range []string{
		"schema_migrations", "organisations", "organisation_domains", "users", "sign_in_tokens", "sessions",
		"declarations", "signatures", "signers", "audit_log", "outbox",
	} {
		if !slices.Contains(tables, want) {
			t.Errorf("table %s missing (have %v)", want, tables)
		}
	}
	var version int
	if err := db.read.QueryRowContext(t.Context(), `SELECT MAX(version) FROM declarations`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != 1 {
		t.Errorf("latest declaration version = %d, want 1", version)
	}
}
