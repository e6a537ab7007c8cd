package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/store"
)

// warmUp requests are made before each measurement and not counted.
const warmUp = 20

// runLatency requests each path o.requests times in a row from one client: the latency of
// a request on an otherwise idle server, stopping early after o.maxTime. With o.cookie the client carries a cookie, which
// makes the server skip its page cache for anonymous visitors, so that every request
// does the work.
func runLatency(ctx context.Context, o options, paths []string) error {
	if len(paths) == 0 {
		return errors.New(usage)
	}
	c := newClient()
	if o.cookie {
		u, _ := url.Parse(o.base)
		c.Jar.SetCookies(u, []*http.Cookie{{Name: "ldbench", Value: "uncached"}})
	}
	if o.session {
		var err error
		if c, err = signedInClient(ctx, o); err != nil {
			return err
		}
	}
	n := 0
	at := func(p string) string {
		if !o.fresh {
			return p
		}
		n++
		sep := "?"
		if strings.Contains(p, "?") {
			sep = "&"
		}
		return p + sep + "_fresh=" + strconv.Itoa(n)
	}
	for _, p := range paths {
		for range warmUp {
			if err := get(ctx, c, o.base, at(p)); err != nil {
				return fmt.Errorf("warm up: %w", err)
			}
		}
		var s stats
		start := time.Now()
		for range o.requests {
			if err := ctx.Err(); err != nil {
				return err
			}
			if time.Since(start) > o.maxTime {
				break
			}
			t := time.Now()
			err := get(ctx, c, o.base, at(p))
			s.add(time.Since(t), err)
		}
		s = merge([]stats{s}, time.Since(start))
		s.report(label(p, o))
	}
	return nil
}

func label(path string, o options) string {
	var how []string
	if o.session {
		how = append(how, "signed in")
	} else if o.cookie {
		how = append(how, "cookie")
	}
	if o.fresh {
		how = append(how, "built afresh")
	}
	if len(how) == 0 {
		return path
	}
	return path + " (" + strings.Join(how, ", ") + ")"
}

// signedInClient signs in as a new officer of an unsigned council.
func signedInClient(ctx context.Context, o options) (*http.Client, error) {
	db, err := store.Open(ctx, o.databaseURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	domains, err := freeDomains(ctx, db, 1)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	cs, err := signInClients(ctx, db, o.base, domains, 1)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	return cs[0], nil
}
