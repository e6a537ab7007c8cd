package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds every difference between SQLite and PostgreSQL. Nothing outside this file
// knows which engine it is talking to: SQL texts elsewhere are written once, with $n
// placeholders, which both drivers bind by number.
type dialect struct {
	name string
	// migrations is the folder under migrations/ for this engine.
	migrations string
	// skipLocked ends a SELECT that claims rows several instances may race for.
	skipLocked string
	// isUnique reports whether err is a unique constraint violation.
	isUnique func(error) bool
	// lockMigrations holds a lock for the duration of migrations across instances.
	lockMigrations func(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
}

var sqliteDialect = dialect{
	name:       "sqlite",
	migrations: "migrations/sqlite",
	skipLocked: "", // SQLite has one writer at a time: a claim in a write transaction is exclusive.
	isUnique: func(err error) bool {
		var se *sqlite.Error
		if errors.As(err, &se) {
			c := se.Code()
			return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
		}
		return false
	},
	lockMigrations: func(ctx context.Context, conn *sql.Conn) (func(), error) {
		return func() {}, nil // the single write connection already serialises them
	},
}

// sqliteDSNs returns the write and read data source names for a sqlite: URL, creating the
// database's folder. WAL lets readers go on while the one writer writes; _txlock=immediate
// takes the write lock at BEGIN so that two writers queue instead of failing.
func sqliteDSNs(url string) (write, read string, err error) {
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "sqlite:")
	if path == "" {
		return "", "", fmt.Errorf("store: empty SQLite path in %q", url)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", "", fmt.Errorf("store: create database folder: %w", err)
		}
	}
	common := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	return "file:" + path + "?" + common + "&_txlock=immediate", "file:" + path + "?" + common + "&_pragma=query_only(1)", nil
}

// backupSQL returns the statement that writes a consistent copy of the database to path.
func (d dialect) backupSQL() (string, error) {
	if d.name != "sqlite" {
		return "", fmt.Errorf("store: backup of %s is done with its own tools (see README)", d.name)
	}
	return "VACUUM INTO $1", nil
}
