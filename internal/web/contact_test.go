package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/localdigital/localdigital/internal/web"
)

// TestContactEmail: the team's address (LD_CONTACT_EMAIL) is in every page's footer, on
// the error pages (404, 429, 500) and at /contact; pages that send people to the team give
// the address.
func TestContactEmail(t *testing.T) {
	t.Parallel()
	const addr = "digital-team@communities.example"
	mailto := `href="mailto:` + addr + `"`
	e := newEnvWith(t, web.Options{BaseURL: baseURL, ContactEmail: addr})
	c := e.newClient()

	r := c.get("/contact")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "<h1 class=\"govuk-heading-xl\">Contact the Local Digital team</h1>", `id="contact-email"`, mailto)
	for _, path := range []string{"/", "/signatories", "/sign-in"} {
		wantBody(t, c.get(path), `id="footer-contact"`, mailto, `href="/contact"`)
	}
	r = c.get("/no-such-page")
	wantStatus(t, r, http.StatusNotFound)
	wantBody(t, r, `id="contact"`, "If you need help, email the Local Digital team at", mailto)

	// People with no organisation are told where to write.
	wantBody(t, e.signIn("someone@nowhere.example").get("/account"), mailto)
	wantBody(t, e.signIn("someone@nowhere.example").get("/sign"), mailto)

	// 429: too many sign-in links.
	form := url.Values{"email": {"officer@hackney.gov.uk"}}
	for i := 0; i < 5; i++ {
		c.post("/sign-in", form)
	}
	r = c.post("/sign-in", form)
	wantStatus(t, r, http.StatusTooManyRequests)
	wantBody(t, r, `id="contact"`, mailto)

	// 500 or 503: the database is away.
	e.db.Close()
	r = c.get("/signatories?q=after-close")
	if r.Status != http.StatusInternalServerError && r.Status != http.StatusServiceUnavailable {
		t.Fatalf("with the database closed: status %d", r.Status)
	}
	wantBody(t, r, `id="contact"`, mailto)
}
