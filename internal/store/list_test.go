package store

import (
	"fmt"
	"slices"
	"testing"
)

// TestListSQLPage: the shared list builder counts what the filter matches, picks the
// order asked for (or the default), numbers LIMIT and OFFSET after the filter's
// arguments and says when a page holds no rows; the page it describes reads the rows.
func TestListSQLPage(t *testing.T) {
	t.Parallel()
	db, _ := newTestDB(t)
	for i := 1; i <= 5; i++ {
		makeOrg(t, db, fmt.Sprintf("Listtown %d Council", i))
	}
	makeOrg(t, db, "Elsewhere Council")
	orders := map[string]string{"name": ` ORDER BY o.name`, "name_desc": ` ORDER BY o.name DESC`}
	tests := []struct {
		name          string
		filter        string
		sort          string
		page, perPage int
		total         int
		empty         bool
		want          []string
	}{
		{"first page", "Listtown%", "name", 1, 2, 5, false, []string{"Listtown 1 Council", "Listtown 2 Council"}},
		{"last page, partly full", "Listtown%", "name", 3, 2, 5, false, []string{"Listtown 5 Council"}},
		{"the other order", "Listtown%", "name_desc", 1, 2, 5, false, []string{"Listtown 5 Council", "Listtown 4 Council"}},
		{"an unknown order is the default", "Listtown%", "sideways", 1, 1, 5, false, []string{"Listtown 1 Council"}},
		{"the default page size", "Listtown%", "name", 1, 0, 5, false, []string{"Listtown 1 Council", "Listtown 2 Council",
			"Listtown 3 Council", "Listtown 4 Council", "Listtown 5 Council"}},
		{"after the last page", "Listtown%", "name", 4, 2, 5, true, nil},
		{"nothing matches", "Nowhere%", "name", 1, 20, 0, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := listSQL{what: "organisations", from: ` FROM organisations o WHERE o.name LIKE $1`, args: []any{tc.filter},
				orders: orders, sort: tc.sort, def: "name"}
			p, empty, err := l.page(t.Context(), db, tc.page, tc.perPage)
			if err != nil {
				t.Fatal(err)
			}
			if p.total != tc.total || empty != tc.empty {
				t.Fatalf("total, empty = %d, %v; want %d, %v", p.total, empty, tc.total, tc.empty)
			}
			if p.limit != " LIMIT $2 OFFSET $3" || len(p.args) != 3 || len(l.args) != 1 {
				t.Fatalf("limit %q with %d arguments (filter %d)", p.limit, len(p.args), len(l.args))
			}
			got, err := stringsOf(db.read.QueryContext(t.Context(), `SELECT o.name`+l.from+p.order+p.limit, p.args...))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("rows = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestReadList: the rows of the page asked for and the total; a page with no rows is
// not read at all.
func TestReadList(t *testing.T) {
	t.Parallel()
	db, _ := newTestDB(t)
	for i := 1; i <= 3; i++ {
		makeOrg(t, db, fmt.Sprintf("Readtown %d Council", i))
	}
	l := listSQL{what: "organisations", from: ` FROM organisations o WHERE o.name LIKE $1`, args: []any{"Readtown%"},
		orders: map[string]string{"name": ` ORDER BY o.name`}, def: "name"}
	reads := 0
	read := func(p listPage) ([]string, error) {
		reads++
		return stringsOf(db.read.QueryContext(t.Context(), `SELECT o.name`+l.from+p.order+p.limit, p.args...))
	}
	rows, total, err := readList(t.Context(), db, l, 2, 2, read)
	if err != nil || total != 3 || !slices.Equal(rows, []string{"Readtown 3 Council"}) || reads != 1 {
		t.Errorf("page 2 = %q of %d (%d reads), %v", rows, total, reads, err)
	}
	rows, total, err = readList(t.Context(), db, l, 3, 2, read)
	if err != nil || total != 3 || rows != nil || reads != 1 {
		t.Errorf("page 3 = %q of %d (%d reads), %v", rows, total, reads, err)
	}
}
