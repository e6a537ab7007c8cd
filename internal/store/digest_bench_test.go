package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

// The digest run the issue budgets: 10,000 people following 5 things each, over a week
// of 5,000 activity items, in under 30 s, reading the items with one query per batch of
// people. Run with (scripts/bench.sh does):
//
//	go test -run '^$' -bench DigestRun -benchtime 1x ./internal/store
const (
	benchDigestPeople  = 10_000
	benchDigestFollows = 5
	benchDigestItems   = 5_000
)

func BenchmarkDigestRun(b *testing.B) {
	db, clk := digestBenchDB(b)
	ctx := b.Context()
	asOf := time.Date(2027, 1, 11, 8, 30, 0, 0, time.UTC) // Monday: the week before it is due
	write := func(d Digest) model.Email {
		return model.Email{To: d.Email, Kind: "follow_digest", Subject: "Digest", Body: fmt.Sprint(d.Items(), " items"),
			Unsubscribe: "https://example.test/unsubscribe"}
	}
	var sent int
	for b.Loop() {
		b.StopTimer()
		for _, q := range []string{`DELETE FROM digest_runs`, `DELETE FROM outbox`} {
			if _, err := db.write.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		clk.Set(asOf)
		b.StartTimer()
		start, cpu := time.Now(), cpuSeconds()
		n, err := db.SendDigests(ctx, model.DigestWeekly, asOf, write)
		if err != nil {
			b.Fatal(err)
		}
		sent = n
		// Wall time counts what else the machine is doing; the process's CPU time does not.
		b.ReportMetric(time.Since(start).Seconds(), "s/run")
		b.ReportMetric(cpuSeconds()-cpu, "cpu-s/run")
	}
	if sent < benchDigestPeople*9/10 {
		b.Fatalf("%d digests for %d people: most should have something", sent, benchDigestPeople)
	}
	b.ReportMetric(float64(sent), "digests")
}

// cpuSeconds is the CPU time this process has used, user and system.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// digestBenchDB is the benchmark's database, filled with batched inserts in one
// transaction: people follow two organisations (of 400), two services (of 300) and a
// resource (of 2,000); each item is about a resource, tagged with two organisations, a
// service and a principle, at a time in the week before Monday 11 January 2027.
func digestBenchDB(b *testing.B) (*DB, *testClock) {
	b.Helper()
	db, err := Open(context.Background(), testdb.URL(b, os.Getenv))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	clk := &testClock{t: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	db.Now = clk.Now
	ctx := b.Context()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	week := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)
	err = db.inTx(ctx, func(tx *Tx) error {
		users, err := tx.tx.PrepareContext(ctx, insertUser)
		if err != nil {
			return err
		}
		defer users.Close()
		follows, err := tx.tx.PrepareContext(ctx, `INSERT INTO follows (user_id, target_kind, target_id, title, path, created_at)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer follows.Close()
		for i := range benchDigestPeople {
			var id int64
			if err := users.QueryRowContext(ctx, fmt.Sprintf("person%05d@example.gov.uk", i), tx.now, "en").Scan(&id); err != nil {
				return err
			}
			targets := []model.FollowRef{
				{Kind: model.FollowOrganisation, ID: rng.Int64N(400) + 1}, {Kind: model.FollowOrganisation, ID: rng.Int64N(400) + 1},
				{Kind: model.FollowService, ID: rng.Int64N(300) + 1}, {Kind: model.FollowService, ID: rng.Int64N(300) + 1},
				{Kind: model.FollowResource, ID: rng.Int64N(2000) + 1},
			}
			for _, t := range targets[:benchDigestFollows] {
				if _, err := follows.ExecContext(ctx, id, t.Kind, t.ID, fmt.Sprint(t.Kind, " ", t.ID), "/x", tx.now); err != nil {
					return err
				}
			}
		}
		items, err := tx.tx.PrepareContext(ctx, insertActivity)
		if err != nil {
			return err
		}
		defer items.Close()
		targets, err := tx.tx.PrepareContext(ctx, insertActivityTarget)
		if err != nil {
			return err
		}
		defer targets.Close()
		for i := range benchDigestItems {
			a := model.Activity{Kind: model.ActivityResourcePublished, Object: model.FollowRef{Kind: model.FollowResource, ID: rng.Int64N(2000) + 1},
				Organisations: []int64{rng.Int64N(400) + 1, rng.Int64N(400) + 1}, Services: []int{rng.IntN(300) + 1},
				Principles: []int{rng.IntN(5) + 1}}
			at := week.Add(time.Duration(i) * (7 * 24 * time.Hour) / benchDigestItems)
			if err := items.QueryRowContext(ctx, nil, a.Kind, a.Object.Kind, a.Object.ID, fmt.Sprint("Resource ", i), "", "/resources/x", at).Scan(&a.ID); err != nil {
				return err
			}
			for _, t := range a.Targets() {
				if _, err := targets.ExecContext(ctx, a.ID, t.Kind, t.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d people, %d follows each, %d items inserted in %s", benchDigestPeople, benchDigestFollows, benchDigestItems,
		time.Since(start).Round(time.Millisecond))
	return db, clk
}
