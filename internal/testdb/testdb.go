// Package testdb gives tests real databases: SQLite in a temporary folder by
// default, or a fresh PostgreSQL database when LD_TEST_POSTGRES_URL names a server
// (scripts/test.sh starts one and runs the database-backed packages again on it). Tests
// never use a mock of the database.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// EnvPostgres names the variable holding a PostgreSQL superuser URL for tests.
const EnvPostgres = "LD_TEST_POSTGRES_URL"

var counter atomic.Int64

// Engine names the engine the tests of this run use.
func Engine(getenv func(string) string) string {
	if getenv(EnvPostgres) != "" {
		return "postgres"
	}
	return "sqlite"
}

// URL returns the address of a new, empty database for the test, not yet migrated.
func URL(t testing.TB, getenv func(string) string) string {
	t.Helper()
	admin := getenv(EnvPostgres)
	if admin == "" {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	name := fmt.Sprintf("ld_test_%d_%d", time.Now().UnixNano()%1e9, counter.Add(1))
	exec(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { exec(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	pu, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testdb: %s: %v", EnvPostgres, err)
	}
	pu.Path = "/" + name
	return pu.String()
}

func exec(t testing.TB, admin, stmt string) {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), stmt); err != nil {
		t.Fatalf("testdb: %s: %v", stmt, err)
	}
}
