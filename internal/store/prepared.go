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

// readStmt returns query prepared on the read pool, or nil if it cannot be kept (the
// cache is full), in which case the caller runs the text itself.
func (db *DB) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
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
	st, err := db.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.read.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// readRow is readQuery for one row.
func (db *DB) readRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	st, err := db.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.read.QueryRowContext(ctx, query, args...), nil
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
