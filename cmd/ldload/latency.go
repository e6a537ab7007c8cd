package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
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
	for _, p := range paths {
		for range warmUp {
			if err := get(ctx, c, o.base, p); err != nil {
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
			err := get(ctx, c, o.base, p)
			s.add(time.Since(t), err)
		}
		s = merge([]stats{s}, time.Since(start))
		s.report(label(p, o.cookie))
	}
	return nil
}

func label(path string, cookie bool) string {
	if cookie {
		return path + " (uncached)"
	}
	return path
}
