package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// listSQL is a list page's query: the FROM and WHERE of its filter, whose arguments are
// $1 to $len(args), and the orders it may be sorted by (ORDER BY clauses, by sort key).
// The register has its own, built from the filters set (registerSQL).
type listSQL struct {
	what   string // for errors: "resources"
	from   string
	args   []any
	orders map[string]string
	// sort is the order asked for; an unknown one is def.
	sort, def string
}

// listPage is the page of a listSQL asked for.
type listPage struct {
	total int
	order string // the ORDER BY clause
	limit string // " LIMIT $n OFFSET $n+1", numbered after the filter's arguments
	args  []any  // the filter's arguments, then the limit and the offset
}

// page counts the rows that match and works out the page asked for (page from 1,
// perPage 0 for the default). empty says the page holds no rows (nothing matches, or it
// is after the last), so that they need not be read.
func (l listSQL) page(ctx context.Context, db *DB, page, perPage int) (p listPage, empty bool, err error) {
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*)`+l.from, l.args...).Scan(&p.total); err != nil {
		return p, true, fmt.Errorf("store: count %s: %w", l.what, err)
	}
	order, ok := l.orders[l.sort]
	if !ok {
		order = l.orders[l.def]
	}
	if perPage <= 0 {
		perPage = model.DefaultPerPage
	}
	offset := max(page-1, 0) * perPage
	n := len(l.args)
	p.order = order
	p.limit = " LIMIT $" + strconv.Itoa(n+1) + " OFFSET $" + strconv.Itoa(n+2)
	p.args = append(append(make([]any, 0, n+2), l.args...), perPage, offset)
	return p, p.total == 0 || offset >= p.total, nil
}

// readList counts the rows of l and reads the page asked for with read, which is given
// the page (its ORDER BY, LIMIT and arguments); a page with no rows is not read.
func readList[T any](ctx context.Context, db *DB, l listSQL, page, perPage int, read func(p listPage) ([]T, error)) ([]T, int, error) {
	p, empty, err := l.page(ctx, db, page, perPage)
	if err != nil || empty {
		return nil, p.total, err
	}
	rows, err := read(p)
	if err != nil {
		return nil, 0, err
	}
	return rows, p.total, nil
}
