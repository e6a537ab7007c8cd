package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

const bumpDataVersion = `UPDATE data_version SET version = version + 1 WHERE id = 1`
const selectDataVersion = `SELECT version FROM data_version WHERE id = 1`

// bumpVersion marks the transaction as changing what people can see. It is called from
// audit, since every change a person makes is audited.
func (tx *Tx) bumpVersion(ctx context.Context) error {
	if tx.bumped {
		return nil
	}
	if _, err := tx.exec(ctx, bumpDataVersion); err != nil {
		return fmt.Errorf("store: bump data version: %w", err)
	}
	tx.bumped = true
	return nil
}

// versionStmt is prepared once per DB: reading the version is on every cached request.
type versionStmt struct {
	once sync.Once
	stmt *sql.Stmt
	err  error
}

// DataVersion returns the counter that changes whenever public data changes, on any
// instance. Caches keyed on it are never stale.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	db.version.once.Do(func() {
		db.version.stmt, db.version.err = db.read.PrepareContext(context.WithoutCancel(ctx), selectDataVersion)
	})
	if db.version.err != nil {
		return 0, fmt.Errorf("store: prepare data version: %w", db.version.err)
	}
	var v int64
	if err := db.version.stmt.QueryRowContext(ctx).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: data version: %w", err)
	}
	return v, nil
}
