package store

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
)

// WithTestMigration makes db migrate with the embedded migrations and, after them, the
// migration written once for both engines in testdata/9999_every_word.sql.
func WithTestMigration(t testing.TB, db *DB) {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(migrationFiles, "migrations", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrationFiles.ReadFile(p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/9999_every_word.sql")
	if err != nil {
		t.Fatal(err)
	}
	fsys["migrations/9999_every_word.sql"] = &fstest.MapFile{Data: b}
	db.migrationFS = fsys
}
