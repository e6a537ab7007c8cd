package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/localdigital/localdigital/internal/store"
)

// action is one request by worker; it returns an error unless the answer was the
// expected one.
type action func(ctx context.Context, worker int) error

// runWrite signs in one client per worker, then runs the two write phases.
func runWrite(ctx context.Context, o options) error {
	if o.databaseURL == "" {
		return fmt.Errorf("write needs LD_DATABASE_URL (the server's database) to read sign-in links")
	}
	db, err := store.Open(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	domains, err := freeDomains(ctx, db, o.clients)
	if err != nil {
		return err
	}
	start := time.Now()
	sessions, err := signInClients(ctx, db, o.base, domains, o.clients)
	if err != nil {
		return err
	}
	fmt.Printf("%d clients signed in at %d council domains in %s\n", len(sessions), len(domains), time.Since(start).Round(time.Millisecond))
	signIns := hammer(ctx, o.clients, o.duration, signInRequest(o.base, domains))
	signIns.report("sign-in link requests")
	saves := hammer(ctx, o.clients, o.duration, commitmentSave(o.base, sessions))
	saves.report("commitment submissions")
	return ctx.Err()
}

// hammer runs act in a loop on each of workers goroutines for d. Requests still in
// flight at the end finish and count; the elapsed time includes them.
func hammer(ctx context.Context, workers int, d time.Duration, act action) stats {
	deadline := time.Now().Add(d)
	parts := make([]stats, workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				err := act(ctx, w)
				parts[w].add(time.Since(t), err)
			}
		})
	}
	wg.Wait()
	return merge(parts, time.Since(start))
}

// signInRequest is a new person asking for a link each time, with a new email address
// at one of the councils' domains.
func signInRequest(base string, domains []string) action {
	var n atomic.Int64
	c := newPassersBy()
	return func(ctx context.Context, _ int) error {
		k := n.Add(1)
		email := "bench" + strconv.FormatInt(k, 10) + "@" + domains[int(k)%len(domains)]
		return postForm(ctx, c, base, "/sign-in", url.Values{"email": {email}}, "/sign-in/check-email")
	}
}

// commitmentSave saves the first page of the signing journey as worker's signed-in
// client; the answer is a 303 to the next page.
func commitmentSave(base string, sessions []*http.Client) action {
	var n atomic.Int64
	return func(ctx context.Context, w int) error {
		k := n.Add(1)
		form := url.Values{
			"title":    {"Open data for housing repairs"},
			"partners": {"Neighbouring councils in our region"},
			"mission":  {fmt.Sprintf("Publish housing repairs data and an open API for tenants within a year (draft %d).", k)},
			"impact":   {"Tenants see when their repair will happen without phoning the contact centre."},
		}
		return postForm(ctx, sessions[w], base, "/sign/commitment", form, "/sign/signers")
	}
}
