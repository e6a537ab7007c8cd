package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
)`

const selectMigrationVersions = `SELECT version FROM schema_migrations`
const insertMigration = `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`

// migrationSteps are Go steps that run after a migration's SQL, in its transaction, for
// what SQL cannot do the same way on both engines (Unicode transliteration, say).
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx, now time.Time) error{
	10: mendOrganisationNames,
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists this engine's migrations in version order, one sequence of versions:
// those written once for both engines (migrations/NNNN_name.sql, whose {{...}} words
// the dialect translates, ADR 0011) and those written per engine before that form
// existed (migrations/sqlite/ and migrations/postgres/, kept as they were released).
func (db *DB) migrations() ([]migration, error) {
	fsys := db.migrationFS
	if fsys == nil {
		fsys = migrationFiles
	}
	return db.dialect.loadMigrations(fsys)
}

func (d dialect) loadMigrations(fsys fs.FS) ([]migration, error) {
	shared, err := readMigrations(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	own, err := readMigrations(fsys, d.migrations)
	if err != nil {
		return nil, err
	}
	seen := map[int]string{}
	for _, m := range own {
		seen[m.version] = m.name
	}
	for i, m := range shared {
		if prev, dup := seen[m.version]; dup {
			return nil, fmt.Errorf("store: migrations %s and %s share version %d", prev, m.name, m.version)
		}
		seen[m.version] = m.name
		if shared[i].sql, err = d.translate(m.name, m.sql); err != nil {
			return nil, err
		}
	}
	out := append(own, shared...)
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// readMigrations reads the NNNN_name.sql files of dir (not its folders).
func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var out []migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s: name must be NNNN_name.sql", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("store: migrations %s and %s share version %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("store: read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	return out, nil
}

// engineWords are the types and statements that differ between the engines: a migration
// written once for both uses the dialect's words for them instead ({{id}}, {{ref}},
// {{timestamp}}, {{fullText "table"}}), so that one of them written by hand cannot make
// the engines differ unnoticed (TestEnginesHaveTheSameSchema compares column names, not
// types).
var engineWords = regexp.MustCompile(`(?i)\b(timestamptz|timestamp|datetime|bigint|bigserial|serial|autoincrement|identity|tsvector|fts5|jsonb|blob|bytea|pragma)\b|\binteger\s+primary\s+key\b`)

// action is a {{...}} word in a migration written once.
var action = regexp.MustCompile(`\{\{.*?\}\}`)

// withoutComments blanks the -- comments of SQL text outside its quoted strings.
func withoutComments(text string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case !quoted && c == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			if i < len(text) {
				b.WriteByte('\n')
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// identifier is a table name a migration word may be given.
var identifier = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// translate turns a migration written once for both engines into this engine's SQL.
func (d dialect) translate(name, text string) (string, error) {
	text = withoutComments(text) // they may name anything, {{...}} words included
	if w := engineWords.FindString(action.ReplaceAllString(text, "")); w != "" {
		return "", fmt.Errorf("store: migration %s: %q differs between the engines: use {{id}}, {{ref}}, {{timestamp}} or {{fullText \"table\"}} (dialect.go)", name, w)
	}
	tmpl, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		"id":        func() string { return d.idColumn },
		"ref":       func() string { return d.refColumn },
		"timestamp": func() string { return d.timestampColumn },
		"fullText": func(table string) (string, error) {
			if !identifier.MatchString(table) {
				return "", fmt.Errorf("fullText: %q is not a table name", table)
			}
			return d.fullTextIndex(table), nil
		},
	}).Parse(text)
	if err != nil {
		return "", fmt.Errorf("store: migration %s: %w", name, err)
	}
	var out strings.Builder
	if err := tmpl.Execute(&out, nil); err != nil {
		return "", fmt.Errorf("store: migration %s: %w", name, err)
	}
	return out.String(), nil
}

// Migrate brings the schema to the latest version, each migration in its own
// transaction, and returns the versions it applied.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	return db.migrateTo(ctx, math.MaxInt)
}

// migrateTo applies the migrations up to version last (tests use it to make a database
// as an earlier release left it).
func (db *DB) migrateTo(ctx context.Context, last int) ([]int, error) {
	all, err := db.migrations()
	if err != nil {
		return nil, err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := db.dialect.lockMigrations(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: lock: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range all {
		if done[m.version] || m.version > last {
			continue
		}
		ok, err := db.applyMigration(ctx, conn, m)
		if err != nil {
			return applied, err
		}
		if ok {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}

func appliedVersions(ctx context.Context, conn *sql.Conn) (map[int]bool, error) {
	rows, err := conn.QueryContext(ctx, selectMigrationVersions)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: read versions: %w", err)
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("store: migrate: read versions: %w", err)
		}
		done[v] = true
	}
	return done, rows.Err()
}

const countMigration = `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`

// applyMigration applies m unless another process did so first: the check and the change
// share a transaction, which on SQLite holds the write lock from BEGIN (_txlock=immediate)
// and on PostgreSQL runs under the advisory lock.
func (db *DB) applyMigration(ctx context.Context, conn *sql.Conn, m migration) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: migrate %s: begin: %w", m.name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, countMigration, m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
	}
	if step, ok := migrationSteps[m.version]; ok {
		if err := step(ctx, tx, db.now()); err != nil {
			return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, insertMigration, m.version, m.name, db.now()); err != nil {
		return false, fmt.Errorf("store: migrate %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: migrate %s: commit: %w", m.name, err)
	}
	return true, nil
}

// MigrateURL opens the database at url, brings its schema up to date and closes it. Tests
// use it to make the migrated template they copy (testdb.Migrated).
func MigrateURL(ctx context.Context, url string) error {
	db, err := Open(ctx, url)
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}
