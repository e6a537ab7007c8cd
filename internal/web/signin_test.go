package web_test

import (
	"flag"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/config"
	"github.com/localdigital/localdigital/internal/web"
)

// TestSignInDoesNotRevealAddresses asks for links for an address that has signed in
// before and for one never seen: the answers are the same.
func TestSignInDoesNotRevealAddresses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.signIn("officer@hackney.gov.uk")
	known := e.newClient().post("/sign-in", url.Values{"email": {"officer@hackney.gov.uk"}})
	unknown := e.newClient().post("/sign-in", url.Values{"email": {"nobody.here@example.org"}})

	if known.Status != unknown.Status || known.Location() != unknown.Location() || known.Body != unknown.Body {
		t.Errorf("known: %d %q %q; unknown: %d %q %q", known.Status, known.Location(), known.Body,
			unknown.Status, unknown.Location(), unknown.Body)
	}
	if names := func(r *response) []string {
		var out []string
		for _, c := range r.Cookies {
			out = append(out, c.Name)
		}
		return out
	}; !slices.Equal(names(known), names(unknown)) {
		t.Errorf("cookies differ: %v and %v", names(known), names(unknown))
	}
	wantRedirect(t, known, "/sign-in/check-email")
	page := e.newClient().get(known.Location())
	wantBody(t, page, "If that address can use Local Digital, we have sent it a link to sign in.")
	if len(e.emailsTo("nobody.here@example.org")) != 1 {
		t.Error("an unknown address got no link: people new to the service sign up by signing in")
	}
}

// TestSignInBadEmail sends addresses that are not addresses.
func TestSignInBadEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct{ email, want string }{
		{"", "Enter your email address"},
		{"officer.hackney.gov.uk", "Enter an email address in the correct format, like name@example.gov.uk"},
		{"officer@localhost", "Enter an email address in the correct format"},
		{`"><script>alert(1)</script>@x.gov.uk`, "Enter an email address in the correct format"},
	} {
		before := e.outboxCount()
		r := e.newClient().post("/sign-in", url.Values{"email": {tc.email}, "next": {"/sign"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "email")
		wantBody(t, r, tc.want, `name="next" value="/sign"`)
		wantKept(t, r, url.Values{"email": {tc.email}})
		wantNoBody(t, r, "<script>alert")
		if e.outboxCount() != before {
			t.Errorf("%q: an email was queued", tc.email)
		}
	}
}

// TestSignInReturnsToThePage follows the real pages from a page that needs signing in:
// each form sends what the page gave it, and the person lands back where they were going.
func TestSignInReturnsToThePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.newClient()
	r := c.get("/sign/commitment")
	wantRedirect(t, r, "/sign-in?next=%2Fsign%2Fcommitment")
	r = c.get(r.Location())
	next, _ := fieldValue(r.Body, "next")
	wantRedirect(t, c.post("/sign-in", url.Values{"email": {"officer@hackney.gov.uk"}, "next": {next}}),
		"/sign-in/check-email?next=%2Fsign%2Fcommitment")
	link := e.linkIn(e.lastEmail("officer@hackney.gov.uk"), signInLinkRE)
	r = c.get(link)
	wantStatus(t, r, http.StatusOK)
	next, _ = fieldValue(r.Body, "next")
	wantRedirect(t, c.post(strings.SplitN(link, "?", 2)[0], url.Values{"next": {next}}), "/sign/commitment")
}

// TestSignInKeepsWhereYouWereGoing checks where the sign-in forms send people: back to a
// page of this site, never to another site.
func TestSignInKeepsWhereYouWereGoing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i, tc := range []struct{ next, wantCheck, want string }{
		{"/sign/commitment", "/sign-in/check-email?next=%2Fsign%2Fcommitment", "/sign/commitment"},
		{"//evil.example/phish", "/sign-in/check-email", "/account"},
		{"https://evil.example/", "/sign-in/check-email", "/account"},
		{`/\evil.example`, "/sign-in/check-email", "/account"},
		{`/./\evil.example`, "/sign-in/check-email", "/account"},
		{"/\t/evil.example", "/sign-in/check-email", "/account"},
		{"/./account", "/sign-in/check-email?next=%2Faccount", "/account"},
	} {
		// one address per case: each address may ask for five links each 15 minutes
		email := "officer" + strconv.Itoa(i) + "@hackney.gov.uk"
		c := e.newClient()
		wantRedirect(t, c.post("/sign-in", url.Values{"email": {email}, "next": {tc.next}}), tc.wantCheck)
		link := e.linkIn(e.lastEmail(email), signInLinkRE)
		wantRedirect(t, c.post(link, url.Values{"next": {tc.next}}), tc.want)
	}
}

// TestSessionCookie checks the cookie's flags, for a site on http and on https.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	httpsCfg, err := config.Load(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string {
		if k == "LD_BASE_URL" {
			return "https://localdigital.example.gov.uk"
		}
		return ""
	})
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	for _, tc := range []struct {
		name       string
		opts       web.Options
		wantSecure bool
	}{
		{"http", web.Options{BaseURL: baseURL}, false},
		// As `localdigital serve` builds the options from its configuration.
		{"https", web.Options{BaseURL: httpsCfg.BaseURL, Secure: httpsCfg.Secure()}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnvWith(t, tc.opts)
			c := e.newClient()
			wantRedirect(t, c.post("/sign-in", url.Values{"email": {"officer@hackney.gov.uk"}}), "/sign-in/check-email")
			link := e.linkIn(e.lastEmail("officer@hackney.gov.uk"), signInLinkRE)
			r := c.post(link, url.Values{})
			wantRedirect(t, r, "/account")
			ck := r.cookie("ld_session")
			if ck == nil {
				t.Fatal("no session cookie")
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tc.wantSecure || ck.Path != "/" {
				t.Errorf("session cookie: HttpOnly=%v SameSite=%v Secure=%v Path=%q; want HttpOnly, Lax, Secure=%v, /",
					ck.HttpOnly, ck.SameSite, ck.Secure, ck.Path, tc.wantSecure)
			}
			if len(ck.Value) < 40 || strings.Contains(r.Header.Get("Set-Cookie"), "officer") {
				t.Errorf("session cookie value %q does not look like a random secret", ck.Value)
			}
			if tc.wantSecure && !strings.Contains(r.Header.Get("Strict-Transport-Security"), "max-age=") {
				t.Error("https site sends no Strict-Transport-Security")
			}
		})
	}
}

// TestSessionRotatesAtSignIn signs in twice in one browser: the second sign-in gives a new
// session id and the old one stops working.
func TestSessionRotatesAtSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	first := c.sessionCookie()
	c.signIn("officer@hackney.gov.uk")
	second := c.sessionCookie()
	if first == "" || second == "" || first == second {
		t.Fatalf("session ids %q then %q: want two different ones", first, second)
	}
	wantStatus(t, c.get("/account"), http.StatusOK)
	wantRedirect(t, e.withSession(first).get("/account"), "/sign-in?next=%2Faccount")
	wantStatus(t, e.withSession(second).get("/account"), http.StatusOK)
}

// TestSignOut ends the session on the server, not just in the browser.
func TestSignOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	id := c.sessionCookie()
	r := c.post("/sign-out", url.Values{})
	wantRedirect(t, r, "/sign-in")
	if ck := r.cookie("ld_session"); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("sign-out did not clear the cookie: %v", ck)
	}
	wantBody(t, c.get("/sign-in"), "You are signed out")
	wantRedirect(t, c.get("/account"), "/sign-in?next=%2Faccount")
	wantRedirect(t, e.withSession(id).get("/account"), "/sign-in?next=%2Faccount")
	wantStatus(t, e.withSession(id).post("/sign/commitment", hackneyCommitment()), http.StatusUnauthorized)
}

// TestCrossSitePostsRefused sends state-changing forms as another website would make a
// browser send them: each is refused and changes nothing.
func TestCrossSitePostsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	wantRedirect(t, officer.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
	wantRedirect(t, officer.post("/sign/signers", hackneySigners()), "/sign/check")
	before := e.state()

	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/sign/check", url.Values{}},
		{"/sign-out", url.Values{}},
		{"/sign-in", url.Values{"email": {"victim@hackney.gov.uk"}}},
	} {
		req := officer.request(http.MethodPost, tc.path, tc.form)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		r := officer.do(req)
		wantStatus(t, r, http.StatusForbidden)
		wantBody(t, r, "This form was sent from another website, so it was not accepted.")

		req = officer.request(http.MethodPost, tc.path, tc.form)
		req.Header.Set("Origin", "https://evil.example")
		wantStatus(t, officer.do(req), http.StatusForbidden)
	}
	if after := e.state(); after != before {
		t.Errorf("refused posts changed the database:\nbefore %s\nafter  %s", before, after)
	}
	wantStatus(t, officer.get("/sign/check"), http.StatusOK) // still signed in, draft intact

	// The same form from the site itself goes through.
	req := officer.request(http.MethodPost, "/sign/check", url.Values{})
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	wantRedirect(t, officer.do(req), "/sign/confirmation")
}
