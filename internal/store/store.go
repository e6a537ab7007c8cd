// Package store keeps all SQL. Each domain has its own file with one SQL text per
// operation; dialect.go holds every difference between SQLite and PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// DB is the platform's database: one write connection beside a pool of readers.
type DB struct {
	write   *sql.DB
	read    *readPool
	dialect dialect
	version versionStmt
	// failing is set while writes fail for want of disk (see noteWrite).
	failing atomic.Pointer[writeFailure]
	stmts   stmtCache
	counts  versionCache[int]
	anchors versionCache[[]pageAnchor]
	// migrationFS holds the migrations; nil means those embedded (tests add their own).
	migrationFS fs.FS
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Open connects to url: "sqlite:PATH" (the default engine) or "postgres://…".
func Open(ctx context.Context, url string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(ctx, url)
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	}
	return nil, fmt.Errorf("store: database URL must start with sqlite: or postgres:// (got %q)", redact(url))
}

func openSQLite(ctx context.Context, url string) (*DB, error) {
	wdsn, rdsn, err := sqliteDSNs(url)
	if err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", wdsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", rdsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite reader: %w", err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	r.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	db := &DB{write: w, dialect: sqliteDialect, Now: func() time.Time { return time.Now() }}
	db.read = &readPool{DB: r, db: db}
	if err := w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect sqlite: %w", err)
	}
	return db, nil
}

// openPostgres uses one pool for reads and writes: PostgreSQL handles concurrent writers.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres %s: %w", redact(url), err)
	}
	p.SetMaxOpenConns(max(8, runtime.NumCPU()*4))
	p.SetMaxIdleConns(max(8, runtime.NumCPU()*4))
	p.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{write: p, dialect: postgresDialect, Now: func() time.Time { return time.Now() }}
	db.read = &readPool{DB: p, db: db}
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("store: connect postgres %s: %w", redact(url), err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.version.stmt != nil {
		db.version.stmt.Close()
	}
	db.stmts.close()
	if db.read.DB == db.write {
		return db.write.Close()
	}
	return errors.Join(db.read.Close(), db.write.Close())
}

// Engine names the database engine, for logs and health checks.
func (db *DB) Engine() string { return db.dialect.name }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// now returns the clock's time in UTC, to the microsecond, as every engine stores it.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// Tx is a write transaction. Changes, their audit entries and the emails they cause are
// written through the same Tx, so that either all of them happen or none.
type Tx struct {
	tx     *sql.Tx
	db     *DB
	now    time.Time
	bumped bool // the data version was bumped in this transaction
	wrote  bool // a statement changed rows (a commit then shows the disk takes writes)
}

// inTx runs fn in a write transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.noteWrite(fmt.Errorf("store: begin: %w", err))
	}
	t := &Tx{tx: tx, db: db, now: db.now()}
	if err := fn(t); err != nil {
		tx.Rollback()
		return db.noteWrite(err)
	}
	if err := tx.Commit(); err != nil {
		return db.noteWrite(fmt.Errorf("store: commit: %w", err))
	}
	if t.wrote {
		db.noteWrite(nil)
	}
	return nil
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, q, args...)
	if err == nil && !tx.wrote {
		n, _ := res.RowsAffected()
		tx.wrote = n > 0
	}
	return res, err
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, q, args...)
}

// nullString turns "" into NULL, for optional unique columns.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func timeOf(nt sql.NullTime) time.Time {
	if !nt.Valid {
		return time.Time{}
	}
	return nt.Time.UTC()
}

func redact(url string) string {
	if i := strings.Index(url, "@"); i > 0 {
		if j := strings.Index(url, "://"); j > 0 && j < i {
			return url[:j+3] + "…" + url[i:]
		}
	}
	return url
}

// notFound wraps sql.ErrNoRows as a model.ENOTFOUND error whose message is key.
func notFound(err error, key string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound(key)
	}
	return err
}

// errNotFound is the ENOTFOUND error for a missing thing: key is its message, such as
// errors.not_found.event.
func errNotFound(key string) error {
	return model.Errorf(model.ENOTFOUND, key)
}

// PoolStats reports the connection pools, for metrics.
func (db *DB) PoolStats() map[string]sql.DBStats {
	if db.read.DB == db.write {
		return map[string]sql.DBStats{"shared": db.write.Stats()}
	}
	return map[string]sql.DBStats{"write": db.write.Stats(), "read": db.read.Stats()}
}

// eachRow runs query on q (a read pool or a transaction) and hands each row to scan.
func eachRow(ctx context.Context, q querier, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
