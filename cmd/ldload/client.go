package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// requestTimeout bounds every request, so that a stuck server cannot stall a run.
const requestTimeout = 10 * time.Second

// Each simulated person connects from their own loopback address, as people have their
// own IP addresses: all of 127.0.0.0/8 reaches this machine. The server limits sign-in
// requests per client address, so from one address the benchmark would measure only its
// "too many times" page.
var lastAddr atomic.Uint32

func nextLoopback() *net.TCPAddr {
	k := lastAddr.Add(1)
	return &net.TCPAddr{IP: net.IPv4(127, byte(1+k>>16), byte(k>>8), byte(k))}
}

// newClient returns one person: their own cookies and address, and connections kept
// alive. It does not follow redirects, so that a 303 and where it points can be checked.
func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: nextLoopback()}
	t := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}
	return &http.Client{Jar: jar, Transport: t, Timeout: requestTimeout, CheckRedirect: noRedirect}
}

// newPassersBy returns a client whose every request is a new person: a new connection
// from a new address, without cookies.
func newPassersBy() *http.Client {
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: nextLoopback()}
		return d.DialContext(ctx, network, addr)
	}
	t := &http.Transport{DialContext: dial, DisableKeepAlives: true}
	return &http.Client{Transport: t, Timeout: requestTimeout, CheckRedirect: noRedirect}
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// postForm posts form to base+path and checks for a 303 to a location starting with
// wantPrefix.
func postForm(ctx context.Context, c *http.Client, base, path string, form url.Values, wantPrefix string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: transport: %w", routeOf(path), unwrapURL(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, wantPrefix) {
		return fmt.Errorf("POST %s: status %d, location %q (want 303 to %s…)", routeOf(path), resp.StatusCode, loc, wantPrefix)
	}
	return nil
}

// get fetches base+path and checks for a 200, reading the whole body.
func get(ctx context.Context, c *http.Client, base, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: transport: %w", path, unwrapURL(err))
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("GET %s: read body: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return nil
}

// routeOf keeps secrets out of error messages: /sign-in/TOKEN becomes /sign-in/{token}.
func routeOf(path string) string {
	if strings.HasPrefix(path, "/sign-in/") {
		return "/sign-in/{token}"
	}
	return path
}

func unwrapURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
