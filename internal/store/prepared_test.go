package store

import (
	"strconv"
	"strings"
	"testing"
)

// TestReadPoolPreparesOnce: reads on the read pool run through statements prepared once
// and kept, apart from texts that take a list of ids of some length.
func TestReadPoolPreparesOnce(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	kept := func() int {
		db.stmts.mu.Lock()
		defer db.stmts.mu.Unlock()
		return len(db.stmts.m)
	}
	before := kept()
	for range 3 {
		if _, err := db.OrganisationBySlug(ctx, "nowhere"); err == nil {
			t.Fatal("found an organisation that does not exist")
		}
	}
	after := kept()
	if after <= before {
		t.Fatalf("reading an organisation kept no prepared statement (%d before, %d after)", before, after)
	}
	for range 3 {
		db.OrganisationBySlug(ctx, "nowhere")
	}
	if kept() != after {
		t.Errorf("the same reads prepared again: %d statements, want %d", kept(), after)
	}
	// A list of ids: not kept.
	args := make([]any, maxPreparedArgs+1)
	marks := make([]string, len(args))
	for i := range args {
		args[i], marks[i] = i, "$"+strconv.Itoa(i+1)
	}
	var n int
	q := `SELECT COUNT(*) FROM organisations WHERE id IN (` + strings.Join(marks, ", ") + `)`
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if kept() != after {
		t.Errorf("a text with %d parameters was kept", len(args))
	}
}
