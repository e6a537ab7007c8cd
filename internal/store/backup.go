package store

import (
	"context"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a SQLite database to path while it is in use. The
// file must not exist yet.
func (db *DB) Backup(ctx context.Context, path string) error {
	q, err := db.dialect.backupSQL()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	if _, err := db.write.ExecContext(ctx, q, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}
