package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/web"
)

func TestSignInRateLimitPerEmail(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	form := url.Values{"email": {"officer@hackney.gov.uk"}}
	for i := 0; i < 5; i++ {
		wantStatus(t, c.post("/sign-in", form), http.StatusSeeOther)
	}
	sent := e.outboxCount()
	r := c.post("/sign-in", form)
	wantStatus(t, r, http.StatusTooManyRequests)
	wantBody(t, r, "You have tried too many times", "Try again after")
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
	if e.outboxCount() != sent {
		t.Error("a limited request still queued an email")
	}
	// Another address from the same client is still served.
	wantStatus(t, c.post("/sign-in", url.Values{"email": {"other@hackney.gov.uk"}}), http.StatusSeeOther)
	// The window passes.
	e.clock.Advance(16 * 60 * 1e9)
	wantStatus(t, c.post("/sign-in", form), http.StatusSeeOther)
}

func TestSignerLinkAttemptsAreLimited(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	made := "/confirm/" + strings.Repeat("A", 43)
	for i := 0; i < 60; i++ {
		if r := c.get(made); r.Status == http.StatusTooManyRequests {
			t.Fatalf("limited after %d attempts", i)
		}
	}
	wantStatus(t, c.get(made), http.StatusTooManyRequests)
	wantStatus(t, c.post(made, url.Values{"decision": {"confirm"}}), http.StatusTooManyRequests)
}

func TestClientAddressFromTrustedHeader(t *testing.T) {
	e := newEnvWith(t, web.Options{BaseURL: baseURL, ClientIPHeader: "X-Forwarded-For",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	c := e.newClient()
	post := func(i int, ip string) *response {
		req := c.request("POST", "/sign-in", url.Values{"email": {"p" + strconv.Itoa(i) + "@hackney.gov.uk"}})
		req.Header.Set("X-Forwarded-For", "203.0.113.9, "+ip)
		return c.do(req)
	}
	for i := 0; i < 30; i++ {
		wantStatus(t, post(i, "198.51.100.1"), http.StatusSeeOther)
	}
	wantStatus(t, post(30, "198.51.100.1"), http.StatusTooManyRequests)
	wantStatus(t, post(31, "198.51.100.2"), http.StatusSeeOther) // another client behind the balancer
}
