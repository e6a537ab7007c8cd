package store

import (
	"sync"
	"testing"
	"time"
)

func TestHitCountsPerKeyAndWindow(t *testing.T) {
	db, clk := newTestDB(t)
	clk.Set(time.Date(2026, 11, 27, 10, 3, 0, 0, time.UTC))
	ctx := t.Context()
	for want := 1; want <= 3; want++ {
		n, end, err := db.Hit(ctx, "signin:email:a@b.gov.uk", 15*time.Minute)
		if err != nil || n != want {
			t.Fatalf("hit %d: n=%d err=%v", want, n, err)
		}
		if !end.Equal(time.Date(2026, 11, 27, 10, 15, 0, 0, time.UTC)) {
			t.Fatalf("window ends %v", end)
		}
	}
	if n, _, _ := db.Hit(ctx, "signin:email:other@b.gov.uk", 15*time.Minute); n != 1 {
		t.Fatalf("another key shares the count: %d", n)
	}
	clk.Advance(15 * time.Minute)
	if n, _, _ := db.Hit(ctx, "signin:email:a@b.gov.uk", 15*time.Minute); n != 1 {
		t.Fatalf("a new window should start at 1, got %d", n)
	}
	clk.Advance(48 * time.Hour)
	if err := db.DeleteOldRateLimits(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestHitIsAtomicUnderConcurrency(t *testing.T) {
	db, _ := newTestDB(t)
	var wg sync.WaitGroup
	seen := make([]int, 40)
	for i := range seen {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _, err := db.Hit(t.Context(), "k", time.Hour)
			if err != nil {
				t.Error(err)
			}
			seen[i] = n
		}()
	}
	wg.Wait()
	got := map[int]bool{}
	for _, n := range seen {
		got[n] = true
	}
	for n := 1; n <= len(seen); n++ {
		if !got[n] {
			t.Fatalf("count %d never returned: %v", n, seen)
		}
	}
}
