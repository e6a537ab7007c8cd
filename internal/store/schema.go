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

// ColumnTypes gives each table's columns' types, as the engine names them (dialect.go),
// so that a test can check that the engines' types agree.
func (db *DB) ColumnTypes(ctx context.Context) (map[string]map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.columnTypesSQL)
	if err != nil {
		return nil, fmt.Errorf("store: list column types: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var table, column, typ string
		if err := rows.Scan(&table, &column, &typ); err != nil {
			return nil, fmt.Errorf("store: list column types: %w", err)
		}
		if out[table] == nil {
			out[table] = map[string]string{}
		}
		out[table][column] = typ
	}
	return out, rows.Err()
}
