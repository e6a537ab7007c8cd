package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// registerEnv has three councils on the register: Hackney signed in March 2024,
// Hammersmith & Fulham and then Adur in January 2025. The department has not signed.
func registerEnv(t *testing.T) *env {
	e := newEnv(t)
	e.publish("hackney", "Open housing repairs data")
	e.clock.Advance(300 * 24 * time.Hour)
	e.publish("hammersmith-and-fulham", "Shared parking permits")
	e.clock.Advance(24 * time.Hour)
	e.publish("adur", "Bin collection reminders")
	return e
}

var registerRowRE = regexp.MustCompile(`<td class="govuk-table__cell"[^>]*><a class="govuk-link" href="/organisations/([a-z-]+)">`)

// registerRows lists the slugs in the register table, in order.
func registerRows(body string) []string {
	var out []string
	for _, m := range registerRowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestRegisterPage searches, filters, sorts and pages the public register.
func TestRegisterPage(t *testing.T) {
	t.Parallel()
	e := registerEnv(t)
	c := e.newClient()
	tests := []struct {
		query    string
		wantRows string // slugs, comma separated
		total    string
	}{
		{"", "adur,hackney,hammersmith-and-fulham", "3</strong> organisations"},
		{"q=hack", "hackney", "1</strong> organisation<"},
		{"q=HAMMERSMITH+%26+fulham", "hammersmith-and-fulham", "1</strong> organisation<"},
		{"q=worthing", "", "0</strong> organisations"},
		{"q=%25", "", "0</strong> organisations"}, // a LIKE wildcard is searched for, not obeyed
		{"type=LBO", "hackney,hammersmith-and-fulham", "2</strong> organisations"},
		{"type=DEPT", "", "0</strong> organisations"},
		{"nation=England", "adur,hackney,hammersmith-and-fulham", "3</strong> organisations"},
		{"nation=Wales", "", "0</strong> organisations"},
		{"region=London", "hackney,hammersmith-and-fulham", "2</strong> organisations"},
		{"region=South+East", "adur", "1</strong> organisation<"},
		{"year=2024", "hackney", "1</strong> organisation<"},
		{"year=2025", "adur,hammersmith-and-fulham", "2</strong> organisations"},
		{"sort=newest", "adur,hammersmith-and-fulham,hackney", "3</strong> organisations"},
		{"sort=oldest", "hackney,hammersmith-and-fulham,adur", "3</strong> organisations"},
		{"type=LBO&region=London&sort=newest", "hammersmith-and-fulham,hackney", "2</strong> organisations"},
		{"language=en", "adur,hackney,hammersmith-and-fulham", "3</strong> organisations"},
		{"language=cy", "", "0</strong> organisations"},
	}
	for _, tc := range tests {
		r := c.get("/signatories?" + tc.query)
		wantStatus(t, r, http.StatusOK)
		if got := strings.Join(registerRows(r.Body), ","); got != tc.wantRows {
			t.Errorf("?%s: rows %q, want %q", tc.query, got, tc.wantRows)
		}
		wantBody(t, r, `<strong class="ld-count">`+tc.total)
		if tc.wantRows == "" {
			wantBody(t, r, "No organisations match your search.")
		}
	}

	// The filters the person chose stay chosen, and the download links carry them.
	r := c.get("/signatories?q=london&type=LBO&nation=England&region=London&year=2025&sort=newest")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `name="q" type="text" value="london"`, `<option value="LBO" selected>`, `<option value="England" selected>`,
		`<option value="London" selected>`, `<option value="2025" selected>`, `<option value="newest" selected>`,
		`<option value="2024">`, // years come from the register
		`href="/api/v1/signatories.csv?nation=England&amp;q=london&amp;region=London&amp;sort=newest&amp;type=LBO&amp;year=2025">CSV</a>`,
		`href="/api/v1/signatories?nation=England&amp;q=london&amp;region=London&amp;sort=newest&amp;type=LBO&amp;year=2025">JSON</a>`)
	wantBody(t, c.get("/signatories"), `href="/api/v1/signatories.csv">CSV</a>`, `href="/api/v1/signatories">JSON</a>`)

	// The download links give the same rows as the page.
	r = c.get("/api/v1/signatories.csv?type=LBO&year=2025")
	wantStatus(t, r, http.StatusOK)
	if n := strings.Count(strings.TrimSpace(r.Body), "\n"); n != 1 || !strings.Contains(r.Body, "Hammersmith & Fulham") {
		t.Errorf("CSV for type=LBO&year=2025 has %d rows:\n%s", n, r.Body)
	}
}

// TestRegisterPagination pages through the register one organisation at a time: every
// page link keeps the filters.
func TestRegisterPagination(t *testing.T) {
	t.Parallel()
	e := registerEnv(t)
	c := e.newClient()

	r := c.get("/signatories?type=LBO&per_page=1")
	wantStatus(t, r, http.StatusOK)
	if got := registerRows(r.Body); len(got) != 1 || got[0] != "hackney" {
		t.Errorf("page 1 rows = %v", got)
	}
	wantBody(t, r, `<strong class="ld-count">2</strong> organisations`, `class="govuk-pagination"`,
		`href="/signatories?page=2&amp;per_page=1&amp;type=LBO" rel="next"`,
		`href="/signatories?per_page=1&amp;type=LBO" aria-label="Page 1" aria-current="page"`)
	wantNoBody(t, r, `rel="prev"`)

	r = c.get("/signatories?page=2&per_page=1&type=LBO")
	wantStatus(t, r, http.StatusOK)
	if got := registerRows(r.Body); len(got) != 1 || got[0] != "hammersmith-and-fulham" {
		t.Errorf("page 2 rows = %v", got)
	}
	wantBody(t, r, `href="/signatories?per_page=1&amp;type=LBO" rel="prev"`, `aria-label="Page 2" aria-current="page"`)
	wantNoBody(t, r, `rel="next"`)

	// A page past the end says so with a 400 and links to the last page, rather than
	// a count followed by "No organisations match"; one page needs no pagination.
	r = c.get("/signatories?page=9&per_page=1&type=LBO")
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, "There is no page 9. There are 2 pages.", `href="/signatories?page=2&amp;per_page=1&amp;type=LBO">Go to page 2</a>`)
	wantNoBody(t, r, "No organisations match", `<table class="govuk-table">`)
	r = c.get("/signatories?page=3&type=LBO")
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, "There is no page 3. Everything is on page 1.", `href="/signatories?type=LBO">Go to page 1</a>`)
	wantNoBody(t, c.get("/signatories"), `class="govuk-pagination"`)
}

// TestRegisterBadFilters sends filter values the register does not have: each is a 400
// with the message next to its field, and the rest of the query kept.
func TestRegisterBadFilters(t *testing.T) {
	t.Parallel()
	e := registerEnv(t)
	c := e.newClient()
	tests := []struct{ query, field, want string }{
		{"nation=Atlantis&q=hackney", "nation", "Nation must be one of the options in the list"},
		{"type=PARISH&q=hackney", "type", "Type of organisation must be one of the options in the list"},
		{"region=Narnia&q=hackney", "region", "Region must be one of the options in the list"},
		{"year=1999&q=hackney", "year", "Year signed must be a whole number from 2018 to 2100"},
		{"sort=sideways&q=hackney", "sort", "Sort by must be one of the options in the list"},
		{"language=fr&q=hackney", "language", "Language must be one of the options in the list"},
		{"status=pending&q=hackney", "status", "Status must be one of the options in the list"},
		{"q=" + strings.Repeat("a", 101), "q", "Search by name must be 100 characters or fewer"},
		{"page=two", "q", "Page must be a whole number from 1 to 100,000"},
		{"per_page=0", "q", "Results per page must be a whole number from 1 to 500"},
		{"nation=%3Cscript%3Ealert(1)%3C%2Fscript%3E&q=hackney", "nation", "Nation must be one of the options in the list"},
	}
	for _, tc := range tests {
		r := c.get("/signatories?" + tc.query)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, tc.field)
		wantBody(t, r, tc.want)
		// Messages use the field's label, never the raw parameter.
		// (The language toggle leads to the same address, its query kept.)
		wantNoBody(t, withoutLanguageLinks(r), "<script>alert", `class="ld-count"`, `<table class="govuk-table">`, "q must be", "sort must be", "year must be",
			"per_page", "is not one of")
		if tc.field != "q" {
			wantKept(t, r, url.Values{"q": {"hackney"}})
		}
	}
}

// TestSecurityHeaders checks every kind of response carries the browser protections.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/", "/declaration", "/signatories", "/sign-in", "/organisations/hackney", "/no-such-page",
		"/api/v1/signatories", "/healthz"} {
		r := c.get(path)
		csp := r.Header.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if r.Header.Get("X-Frame-Options") != "DENY" && !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: the page may be framed", path)
		}
		if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if r.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: no Referrer-Policy", path)
		}
	}
	// Pages with people's answers are not cached.
	officer := e.signIn("officer@hackney.gov.uk")
	if cc := officer.get("/account").Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("/account Cache-Control %q, want private, no-store", cc)
	}
	wantStatus(t, c.get("/no-such-page"), http.StatusNotFound)
	wantBody(t, c.get("/organisations/atlantis"), "Page not found")
}

var (
	cssRE = regexp.MustCompile(`<link rel="stylesheet" href="(/static/([0-9a-f]+)/govuk-frontend\.min\.css)">`)
	jsRE  = regexp.MustCompile(`<script type="module" src="(/static/[0-9a-f]+/app\.js)"></script>`)
)

// TestStaticAssets fetches the GOV.UK Frontend files by the hashed addresses the pages use.
func TestStaticAssets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.newClient()
	page := c.get("/")
	wantStatus(t, page, http.StatusOK)
	css := cssRE.FindStringSubmatch(page.Body)
	if css == nil {
		t.Fatalf("no hashed GOV.UK Frontend stylesheet in the page")
	}
	r := c.get(css[1])
	wantStatus(t, r, http.StatusOK)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("%s: Cache-Control %q", css[1], cc)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("%s: Content-Type %q", css[1], ct)
	}
	if !strings.Contains(r.Body, ".govuk-header") {
		t.Errorf("%s is not GOV.UK Frontend's stylesheet", css[1])
	}

	js := jsRE.FindStringSubmatch(page.Body)
	if js == nil {
		t.Fatal("no app.js module in the page")
	}
	r = c.get(js[1])
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("%s: Content-Type %q", js[1], ct)
	}
	// app.js imports GOV.UK Frontend by its own hashed address, which must serve.
	imp := regexp.MustCompile(`/static/[0-9a-f]+/govuk-frontend\.min\.js`).FindString(r.Body)
	if imp == "" {
		t.Fatalf("app.js does not import GOV.UK Frontend by a hashed address:\n%s", r.Body)
	}
	wantStatus(t, c.get(imp), http.StatusOK)

	// A wrong or stale hash is not served, so no cache keeps an old file under a new name.
	for _, path := range []string{
		"/static/0000000000000000/govuk-frontend.min.css",
		strings.Replace(css[1], css[2], css[2][:len(css[2])-1]+"x", 1),
		"/static/" + css[2] + "/no-such-file.css",
		"/static/" + css[2] + "/../../go.mod", // the mux cleans the path first, then it is not found
	} {
		if r := c.follow(c.get(path)); r.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.Status)
		}
	}

	// The fonts the stylesheet names are served where it looks for them.
	r = c.get("/assets/fonts/bold-b542beb274-v2.woff2")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("font Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	wantStatus(t, c.get("/assets/images/favicon.svg"), http.StatusOK)
}

// TestHealth checks the load balancer's two questions.
func TestHealth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/healthz", "/readyz"} {
		r := c.get(path)
		wantStatus(t, r, http.StatusOK)
		if r.Body != "ok\n" {
			t.Errorf("%s: body %q", path, r.Body)
		}
	}
	e.db.Close()
	if r := c.get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database closed: %d, want 503", r.Status)
	}
	wantStatus(t, c.get("/healthz"), http.StatusOK)
}

// TestPublicPages checks the pages anyone can read show the register's numbers.
func TestPublicPages(t *testing.T) {
	t.Parallel()
	e := registerEnv(t)
	c := e.newClient()
	r := c.get("/")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Local Digital", `href="/organisations/adur"`)
	r = c.get("/declaration")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, esc("We will ‘fix our plumbing’"))
	r = c.get("/organisations/mhclg")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "has not signed the Local Digital Declaration yet")
	wantStatus(t, c.get("/api/v1"), http.StatusOK)
}

// TestWithdrawnOrganisationsHaveNotSigned: one definition of "has signed" everywhere. A
// withdrawn organisation is not under "Recently signed", nor in the register's list and
// count, which agree with the home page's count; it is listed only under
// status=withdrawn, which says so.
func TestWithdrawnOrganisationsHaveNotSigned(t *testing.T) {
	t.Parallel()
	e := registerEnv(t)
	sig := e.signature("adur")
	e.clock.Advance(time.Hour)
	if _, err := e.db.WithdrawSignature(t.Context(), model.Actor{Label: "test"}, sig.ID, "Merging.", nil); err != nil {
		t.Fatal(err)
	}
	c := e.newClient()
	home := c.get("/")
	wantStatus(t, home, http.StatusOK)
	wantBody(t, home, `id="signatory-count">2</span>`, "Recently signed", `href="/organisations/hammersmith-and-fulham"`)
	wantNoBody(t, home, `href="/organisations/adur"`)

	r := c.get("/signatories")
	wantBody(t, r, "2</strong> organisations")
	if got := strings.Join(registerRows(r.Body), ","); got != "hackney,hammersmith-and-fulham" {
		t.Errorf("register rows = %s", got)
	}
	r = c.get("/signatories?status=withdrawn")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Organisations that have withdrawn", "1</strong> organisation has withdrawn")
	if got := strings.Join(registerRows(r.Body), ","); got != "adur" {
		t.Errorf("withdrawn rows = %s", got)
	}
}
