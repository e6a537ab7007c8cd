package store_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

// TestInstancesStartingAtOnceMigrateOnce opens one database from several "instances"
// (separate pools, as separate processes would have) and migrates them all at once:
// every migration is applied exactly once and none fails.
func TestInstancesStartingAtOnceMigrateOnce(t *testing.T) {
	url := testdb.URL(t, os.Getenv)
	ctx := context.Background()
	const n = 6
	dbs := make([]*store.DB, n)
	for i := range dbs {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	var wg sync.WaitGroup
	applied := make([][]int, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			applied[i], errs[i] = db.Migrate(ctx)
		}()
	}
	close(start)
	wg.Wait()
	seen := map[int]int{}
	for i := range dbs {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		for _, v := range applied[i] {
			seen[v]++
		}
	}
	if len(seen) == 0 {
		t.Fatal("no instance applied any migration")
	}
	for v, count := range seen {
		if count != 1 {
			t.Errorf("migration %d applied %d times", v, count)
		}
	}
}
