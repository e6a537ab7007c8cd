package store

import (
	"context"
	"fmt"
)

// Columns lists each table's columns in order, so that the two engines' schemas can be
// compared and data copied between them.
func (db *DB) Columns(ctx context.Context) (map[string][]string, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.columnsSQL)
	if err != nil {
		return nil, fmt.Errorf("store: list columns: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			return nil, fmt.Errorf("store: list columns: %w", err)
		}
		out[table] = append(out[table], column)
	}
	return out, rows.Err()
}
