package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxPrepared bounds the statements kept prepared on the read pool. The register's SQL
// texts are built from which filters are set, so there are a few hundred at most.
const maxPrepared = 1000

// stmtCache keeps the hot read statements prepared once on the read pool (each
// connection prepares a statement the first time it runs it), so that a page does not
// parse and plan its SQL on every request.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// readPool is the read pool (on PostgreSQL, the one pool). Every query run on it goes
// through a statement prepared once (readQuery), so that no page parses and plans its SQL
// on every request; transactions prepare nothing.
type readPool struct {
	*sql.DB
	db *DB
}

// QueryContext runs query through its prepared statement.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.db.readQuery(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement; if it cannot be prepared,
// the text is run as it is, and the row carries the error.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	row, err := p.db.readRow(ctx, query, args...)
	if err != nil {
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	return row
}

// maxPreparedArgs: a text with more parameters than this is a list of ids of some length
// ("IN ($1, $2, …)"); each length would be a statement of its own, so it is not kept.
const maxPreparedArgs = 16

// readStmt returns query prepared on the read pool, or nil if it is not kept (the cache
// is full, or the text takes a list of ids), in which case the caller runs the text itself.
func (db *DB) readStmt(ctx context.Context, query string, nargs int) (*sql.Stmt, error) {
	if nargs > maxPreparedArgs {
		return nil, nil
	}
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	if len(c.m) >= maxPrepared {
		return nil, nil
	}
	st, err := db.read.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

// readQuery runs a hot read query through its prepared statement.
func (db *DB) readQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := db.readStmt(ctx, query, len(args))
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.read.DB.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// readRow is readQuery for one row.
func (db *DB) readRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	st, err := db.readStmt(ctx, query, len(args))
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.read.DB.QueryRowContext(ctx, query, args...), nil
	}
	return st.QueryRowContext(ctx, args...), nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// maxPerVersion bounds the entries a versionCache keeps for one data version.
const maxPerVersion = 10000

// versionCache keeps what the register works out for one data version (its counts, the
// anchors of its deep pages): a count over 100,000 organisations reads an index from end
// to end, and it is the same for every request until something changes, which bumps the
// version on every instance.
type versionCache[T any] struct {
	mu      sync.Mutex
	version int64
	m       map[string]T
}

func (c *versionCache[T]) get(version int64, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		var zero T
		return zero, false
	}
	v, ok := c.m[key]
	return v, ok
}

func (c *versionCache[T]) put(version int64, key string, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return
	}
	if version != c.version || len(c.m) >= maxPerVersion {
		c.version, c.m = version, map[string]T{}
	}
	c.m[key] = v
}
