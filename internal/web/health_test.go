package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/mail"
	"github.com/localdigital/localdigital/internal/web"
)

// TestClientIPHeaderOnlyFromTrustedProxies: a client that talks to the server directly
// cannot pick its own address by sending the header, so it cannot escape the
// per-client limit.
func TestClientIPHeaderOnlyFromTrustedProxies(t *testing.T) {
	e := newEnvWith(t, web.Options{BaseURL: baseURL, ClientIPHeader: "X-Forwarded-For",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}) // the test client is 127.0.0.1: not a proxy
	c := e.newClient()
	for i := 0; i < 30; i++ {
		req := c.request("POST", "/sign-in", url.Values{"email": {"p" + strconv.Itoa(i) + "@hackney.gov.uk"}})
		req.Header.Set("X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
		wantStatus(t, c.do(req), http.StatusSeeOther)
	}
	req := c.request("POST", "/sign-in", url.Values{"email": {"p30@hackney.gov.uk"}})
	req.Header.Set("X-Forwarded-For", "203.0.113.77")
	wantStatus(t, c.do(req), http.StatusTooManyRequests)
}

// TestClientIPHeaderRightMostUntrusted: behind two trusted proxies, the client is the
// right-most address that is not a proxy; what the client wrote to its left is ignored.
func TestClientIPHeaderRightMostUntrusted(t *testing.T) {
	e := newEnvWith(t, web.Options{BaseURL: baseURL, ClientIPHeader: "X-Forwarded-For",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}})
	c := e.newClient()
	post := func(i int, xff string) *response {
		req := c.request("POST", "/sign-in", url.Values{"email": {"p" + strconv.Itoa(i) + "@hackney.gov.uk"}})
		req.Header.Set("X-Forwarded-For", xff)
		return c.do(req)
	}
	for i := 0; i < 30; i++ { // a different forged first entry each time, the same client
		wantStatus(t, post(i, "192.0.2."+strconv.Itoa(i)+", 198.51.100.1, 10.1.2.3"), http.StatusSeeOther)
	}
	wantStatus(t, post(30, "192.0.2.200, 198.51.100.1, 10.1.2.3"), http.StatusTooManyRequests)
	wantStatus(t, post(31, "198.51.100.1, 198.51.100.2, 10.1.2.3"), http.StatusSeeOther) // another client, same proxy
}

// TestSignInLimitCountsTheMailbox: name+1@ and name+2@ reach one inbox, so they share
// the per-address limit.
func TestSignInLimitCountsTheMailbox(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for i := 0; i < 5; i++ {
		wantStatus(t, c.post("/sign-in", url.Values{"email": {"victim+" + strconv.Itoa(i) + "@hackney.gov.uk"}}), http.StatusSeeOther)
	}
	wantStatus(t, c.post("/sign-in", url.Values{"email": {"Victim+more@hackney.gov.uk"}}), http.StatusTooManyRequests)
	wantStatus(t, c.post("/sign-in", url.Values{"email": {"victim@hackney.gov.uk"}}), http.StatusTooManyRequests)
}

// fakeMail is a MailStatus set by the test.
type fakeMail struct {
	kind  string
	since time.Time
	fails map[string]uint64
}

func (m *fakeMail) Degraded() (string, time.Time) { return m.kind, m.since }
func (m *fakeMail) Failures() map[string]uint64   { return m.fails }

func TestReadyzAndMetricsShowMailFailures(t *testing.T) {
	since := time.Date(2026, 12, 6, 18, 30, 0, 0, time.UTC)
	m := &fakeMail{fails: map[string]uint64{}}
	e := newEnvWith(t, web.Options{BaseURL: baseURL, MetricsToken: "tok", Mail: m})
	c := e.newClient()
	r := c.get("/readyz")
	wantStatus(t, r, http.StatusOK)
	if r.Body != "ok\n" {
		t.Errorf("/readyz = %q, want ok", r.Body)
	}

	m.kind, m.since = mail.FailAuth, since
	m.fails[mail.FailAuth] = 3
	r = c.get("/readyz")
	wantStatus(t, r, http.StatusOK) // degraded: the site still serves
	for _, want := range []string{"degraded", "2026-12-06T18:30:00Z", "credentials", "queued"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("/readyz = %q, want it to say %q", r.Body, want)
		}
	}
	req := c.request("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer tok")
	r = c.do(req)
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{
		`localdigital_mail_send_failures_total{kind="auth"} 3`,
		`localdigital_mail_send_failures_total{kind="rejected"} 0`,
		`localdigital_mail_degraded{kind="auth"} 1`,
		`localdigital_mail_degraded{kind="connection"} 0`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
