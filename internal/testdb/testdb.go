// Package testdb gives tests real databases: SQLite in a temporary folder by
// default, or a PostgreSQL database of their own when LD_TEST_POSTGRES_URL names a
// server (scripts/test.sh starts one and runs the database-backed packages again on it):
// a new one, or for a migrated one a copy that an earlier test of the process used,
// reset to the template's state (pool.go). Tests never use a mock of the database.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	return dropLater(t, admin, name)
}

// dropLater drops the database name when the test ends and returns its address.
func dropLater(t testing.TB, admin, name string) string {
	t.Helper()
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

// Migrator migrates the database at url to the current schema (store.Open and Migrate);
// it must close its connections before it returns.
type Migrator func(ctx context.Context, url string) error

var templates struct {
	sync.Mutex
	url string // the migrated template of this test process, made on first use
}

// Migrated returns the address of a database for the test that holds the current schema
// and nothing else: a copy of a template migrated once per test process, so that tests
// which each need a fresh database do not each run every migration. On SQLite it is a
// file copy. On PostgreSQL a copy (CREATE DATABASE … TEMPLATE) costs the server far more
// than emptying one, so the process keeps the copies its tests have finished with and
// hands them out again once reset to the template's state (see pooled).
func Migrated(t testing.TB, getenv func(string) string, migrate Migrator) string {
	t.Helper()
	tmpl := template(t, getenv, migrate)
	admin := getenv(EnvPostgres)
	if admin == "" {
		dst := filepath.Join(t.TempDir(), "test.db")
		if err := copyFile(strings.TrimPrefix(tmpl, "sqlite:"), dst); err != nil {
			t.Fatalf("testdb: copy the template: %v", err)
		}
		return "sqlite:" + dst
	}
	p := takePooled()
	if p == nil {
		p = newPooled(t, admin, tmpl)
	}
	t.Cleanup(func() { givePooled(t, admin, p) })
	return p.url
}

// template makes the process's migrated template on first use. On PostgreSQL it is left
// in the test cluster, which scripts/test.sh throws away, as are the pooled copies; on
// SQLite it lives in a temporary folder of the process.
func template(t testing.TB, getenv func(string) string, migrate Migrator) string {
	templates.Lock()
	defer templates.Unlock()
	if templates.url != "" {
		return templates.url
	}
	var u string
	if admin := getenv(EnvPostgres); admin == "" {
		dir, err := os.MkdirTemp("", "ld-testdb-")
		if err != nil {
			t.Fatalf("testdb: %v", err)
		}
		u = "sqlite:" + filepath.Join(dir, "template.db")
	} else {
		name := fmt.Sprintf("ld_tmpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
		exec(t, admin, "CREATE DATABASE "+name)
		pu, err := url.Parse(admin)
		if err != nil {
			t.Fatalf("testdb: %s: %v", EnvPostgres, err)
		}
		pu.Path = "/" + name
		u = pu.String()
	}
	if err := migrate(context.Background(), u); err != nil {
		t.Fatalf("testdb: migrate the template: %v", err)
	}
	templates.url = u
	return u
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func execErr(admin, stmt string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(context.Background(), stmt)
	return err
}
