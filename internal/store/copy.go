package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// migrationOwned are tables whose rows come from migrations, compared but not copied:
// the target's own migrations write them. Every other table of the migrated schema is
// copied, so a table added by a new migration is copied without a change here.
var migrationOwned = []string{"schema_migrations", "declarations", "data_version"}

// CopyResult is the row count of each table in both databases after a copy.
type CopyResult struct {
	Table    string
	From, To int
}

// CopyData copies every row from one database into another, empty, migrated one (such
// as SQLite into PostgreSQL), in one transaction on the target, then counts each table
// on both sides. The source should not be written to meanwhile (stop the server).
func CopyData(ctx context.Context, from, to *DB) ([]CopyResult, error) {
	cols, err := from.Columns(ctx)
	if err != nil {
		return nil, err
	}
	tables, err := copyOrder(ctx, from, to)
	if err != nil {
		return nil, err
	}
	if err := checkEmpty(ctx, to, tables); err != nil {
		return nil, err
	}
	bools, err := to.booleanColumns(ctx)
	if err != nil {
		return nil, err
	}
	err = to.inTx(ctx, func(tx *Tx) error {
		for _, table := range tables {
			if err := copyTable(ctx, from, tx, table, cols[table], bools[table]); err != nil {
				return err
			}
			if q := to.dialect.resetIDSQL(table); q != "" && slices.Contains(cols[table], "id") {
				if _, err := tx.exec(ctx, q); err != nil {
					return fmt.Errorf("store: copy %s: reset ids: %w", table, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return compareCounts(ctx, from, to, tables)
}

// copyOrder lists the tables to copy, read from the target's catalog: every table but
// the migration-owned ones, parents before children (by foreign key, then by name). The
// source must have the same tables.
func copyOrder(ctx context.Context, from, to *DB) ([]string, error) {
	target, err := to.Columns(ctx)
	if err != nil {
		return nil, err
	}
	source, err := from.Columns(ctx)
	if err != nil {
		return nil, err
	}
	var missing, extra []string
	for table := range target {
		if _, ok := source[table]; !ok {
			missing = append(missing, table)
		}
	}
	for table := range source {
		if _, ok := target[table]; !ok {
			extra = append(extra, table)
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		slices.Sort(missing)
		slices.Sort(extra)
		return nil, fmt.Errorf("store: copy: the databases have different tables (only in the target: %s; only in the source: %s)",
			strings.Join(missing, ", "), strings.Join(extra, ", "))
	}
	parents := map[string]map[string]bool{}
	for table := range target {
		if !slices.Contains(migrationOwned, table) {
			parents[table] = map[string]bool{}
		}
	}
	rows, err := to.read.QueryContext(ctx, to.dialect.foreignKeysSQL)
	if err != nil {
		return nil, fmt.Errorf("store: list foreign keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			return nil, fmt.Errorf("store: list foreign keys: %w", err)
		}
		// A table referring to itself, or to a migration-owned table, waits for nothing.
		if _, ok := parents[parent]; ok && parents[child] != nil && child != parent {
			parents[child][parent] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list foreign keys: %w", err)
	}
	var order []string
	for len(parents) > 0 {
		var ready []string
		for table, ps := range parents {
			if len(ps) == 0 {
				ready = append(ready, table)
			}
		}
		if len(ready) == 0 {
			var left []string
			for table := range parents {
				left = append(left, table)
			}
			slices.Sort(left)
			return nil, fmt.Errorf("store: copy: the foreign keys of %s form a cycle", strings.Join(left, ", "))
		}
		slices.Sort(ready)
		for _, table := range ready {
			delete(parents, table)
			for _, ps := range parents {
				delete(ps, table)
			}
		}
		order = append(order, ready...)
	}
	return order, nil
}

func checkEmpty(ctx context.Context, db *DB, tables []string) error {
	for _, table := range tables {
		n, err := db.count(ctx, table)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("store: copy: the target's %s table already has %d rows; copy into an empty database", table, n)
		}
	}
	return nil
}

func (db *DB) count(ctx context.Context, table string) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, err)
	}
	return n, nil
}

// booleanColumns lists the target's boolean columns by table.
func (db *DB) booleanColumns(ctx context.Context) (map[string]map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.booleanColumnsSQL)
	if err != nil {
		return nil, fmt.Errorf("store: list boolean columns: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]bool{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, fmt.Errorf("store: list boolean columns: %w", err)
		}
		if out[table] == nil {
			out[table] = map[string]bool{}
		}
		out[table][col] = true
	}
	return out, rows.Err()
}

func copyTable(ctx context.Context, from *DB, tx *Tx, table string, cols []string, bools map[string]bool) error {
	if len(cols) == 0 {
		return fmt.Errorf("store: copy: the source has no table %s", table)
	}
	list := strings.Join(cols, ", ")
	rows, err := from.read.QueryContext(ctx, "SELECT "+list+" FROM "+table+" ORDER BY 1")
	if err != nil {
		return fmt.Errorf("store: copy %s: read: %w", table, err)
	}
	defer rows.Close()
	marks := make([]string, len(cols))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	insert := "INSERT INTO " + table + " (" + list + ") VALUES (" + strings.Join(marks, ", ") + ")"
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: copy %s: read: %w", table, err)
		}
		for i, c := range cols {
			if n, ok := vals[i].(int64); ok && bools[c] {
				vals[i] = n != 0 // SQLite's 0 and 1 into a real boolean
			}
		}
		if _, err := tx.exec(ctx, insert, vals...); err != nil {
			return fmt.Errorf("store: copy %s: write: %w", table, err)
		}
	}
	return rows.Err()
}

func compareCounts(ctx context.Context, from, to *DB, tables []string) ([]CopyResult, error) {
	var out []CopyResult
	var bad []string
	for _, table := range append(slices.Clone(tables), migrationOwned...) {
		a, err := from.count(ctx, table)
		if err != nil {
			return nil, err
		}
		b, err := to.count(ctx, table)
		if err != nil {
			return nil, err
		}
		out = append(out, CopyResult{Table: table, From: a, To: b})
		if a != b {
			bad = append(bad, fmt.Sprintf("%s: %d rows in the source, %d in the target", table, a, b))
		}
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("store: copy: row counts differ: %s", strings.Join(bad, "; "))
	}
	return out, nil
}
