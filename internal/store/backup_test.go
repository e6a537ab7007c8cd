package store

import (
	"github.com/localdigital/localdigital/internal/testdb"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackup(t *testing.T) {
	skipUnlessSQLite(t)
	db, _ := newTestDB(t)
	ctx := t.Context()
	for _, name := range []string{"Adur", "Worthing", "Cardiff"} {
		makeOrg(t, db, name, strings.ToLower(name)+".example.gov.uk")
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	// The database goes on changing after the backup.
	makeOrg(t, db, "Glasgow")

	copyDB, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copyDB.Close()
	n, err := copyDB.CountOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("backup has %d organisations, want 3", n)
	}
	o, err := copyDB.OrganisationBySlug(ctx, "worthing")
	if err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "domains in backup", o.Domains, []string{"worthing.example.gov.uk"})
	applied, err := copyDB.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Errorf("migrating the backup applied %v (%v), want nothing", applied, err)
	}
}

func TestBackupRefusesExistingFile(t *testing.T) {
	skipUnlessSQLite(t)
	db, _ := newTestDB(t)
	ctx := t.Context()
	makeOrg(t, db, "Adur")
	tests := []struct {
		name    string
		prepare func(path string)
	}{
		{"earlier backup", func(path string) {
			if err := db.Backup(ctx, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"some other file", func(path string) {
			if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "backup.db")
		tt.prepare(path)
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Backup(ctx, path); err == nil {
			t.Errorf("%s: Backup over an existing file succeeded", tt.name)
		}
		after, err := os.ReadFile(path)
		if err != nil || string(after) != string(before) {
			t.Errorf("%s: the existing file changed (%v)", tt.name, err)
		}
	}
}

// skipUnlessSQLite skips tests of SQLite-only features when the run is on PostgreSQL.
func skipUnlessSQLite(t *testing.T) {
	t.Helper()
	if testdb.Engine(os.Getenv) != "sqlite" {
		t.Skip("SQLite only: PostgreSQL is backed up with pg_dump")
	}
}
