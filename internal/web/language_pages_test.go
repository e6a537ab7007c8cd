package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestLanguageToggle: every page has the toggle to the same page in the other language,
// its query kept, each language named in itself, and alternate links both ways; Welsh
// pages are marked as Welsh.
func TestLanguageToggle(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, tc := range []struct{ path, lang, en, cy string }{
		{"/signatories?q=hackney&nation=England", "en", "/signatories?q=hackney&amp;nation=England", "/cy/signatories?q=hackney&amp;nation=England"},
		{"/cy/signatories?q=hackney&nation=England", "cy", "/signatories?q=hackney&amp;nation=England", "/cy/signatories?q=hackney&amp;nation=England"},
		{"/", "en", "/", "/cy/"},
		{"/cy/", "cy", "/", "/cy/"},
		{"/cy/organisations/hackney", "cy", "/organisations/hackney", "/cy/organisations/hackney"},
		{"/cy/no-such-page", "cy", "/no-such-page", "/cy/no-such-page"},
	} {
		r := c.get(tc.path)
		if !strings.Contains(r.Body, `<html lang="`+tc.lang+`"`) {
			t.Errorf("%s: want <html lang=%q>", tc.path, tc.lang)
		}
		other, current := `<a class="govuk-link govuk-link--no-visited-state" href="`+tc.cy+`" hreflang="cy" lang="cy" rel="alternate">Cymraeg</a>`,
			`<span lang="en" aria-current="true">English</span>`
		if tc.lang == "cy" {
			other, current = `<a class="govuk-link govuk-link--no-visited-state" href="`+tc.en+`" hreflang="en" lang="en" rel="alternate">English</a>`,
				`<span lang="cy" aria-current="true">Cymraeg</span>`
		}
		wantBody(t, r, other, current,
			`<link rel="alternate" hreflang="en" href="`+baseURL+tc.en+`">`,
			`<link rel="alternate" hreflang="cy" href="`+baseURL+tc.cy+`">`)
	}
	// The open data's page is language-neutral: no toggle, and no Welsh address.
	wantNoBody(t, c.get("/api/v1"), `hreflang="cy"`)
	wantStatus(t, c.get("/cy/api/v1"), http.StatusNotFound)
}

// TestWelshAddresses: an unknown language prefix is an English 404; /cy is the Welsh home
// page; the language-neutral routes have no Welsh address.
func TestWelshAddresses(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	fr := c.get("/fr/signatories")
	wantStatus(t, fr, http.StatusNotFound)
	wantBody(t, fr, `<html lang="en"`)
	if r := c.get("/cy"); r.Status/100 != 3 || r.Location() != "/cy/" {
		t.Errorf("GET /cy: %d to %q, want a redirect to /cy/", r.Status, r.Location())
	}
	wantStatus(t, c.get("/cy/"), http.StatusOK)
	wantStatus(t, c.get("/cy/cy/signatories"), http.StatusNotFound)
	wantStatus(t, c.get("/signatories?lang=cy"), http.StatusOK)
	wantBody(t, c.get("/signatories?lang=cy"), `<html lang="en"`)
	for _, p := range []string{"/feeds/signatories.atom", "/api/v1/organisations", "/events.ics", "/healthz"} {
		wantStatus(t, c.get(p), http.StatusOK)
		wantStatus(t, c.get("/cy"+p), http.StatusNotFound)
	}
}

var siteLink = regexp.MustCompile(` (href|action|data-source)="(/[^"]*)"`)

// wantWelshLinks fails when a link or form action on a Welsh page leads to an English
// page: each is under /cy/ or language-neutral (open data, feeds, files, assets), but
// for the toggle and alternate links.
func wantWelshLinks(t *testing.T, r *response) {
	t.Helper()
	for _, m := range siteLink.FindAllStringSubmatch(r.Body, -1) {
		p := m[2]
		if strings.HasPrefix(p, "/cy/") {
			continue
		}
		neutral := false
		for _, pre := range []string{"/api/", "/feeds/", "/static/", "/assets/", "/events.ics"} {
			neutral = neutral || strings.HasPrefix(p, pre)
		}
		if !neutral && !strings.Contains(r.Body, `href="`+p+`" hreflang="en"`) {
			t.Errorf("%s: %s=%q leads to an English page", r.Path, m[1], p)
		}
	}
}

// TestWelshPagesStayWelsh: on Welsh pages, every link and form leads to Welsh pages;
// redirects, the sign-in detour and the flash message after a form stay in Welsh, and a
// form posted from a Welsh page comes back with its errors in Welsh.
func TestWelshPagesStayWelsh(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Open housing data")
	anon := e.newClient()
	for _, p := range []string{"/cy/", "/cy/signatories", "/cy/organisations/hackney", "/cy/declaration", "/cy/sign-in",
		"/cy/resources", "/cy/events", "/cy/case-studies", "/cy/contact"} {
		r := anon.get(p)
		wantStatus(t, r, http.StatusOK)
		wantWelshLinks(t, r)
	}
	// Signing in from a Welsh page: the detour and the way back are Welsh.
	wantRedirect(t, anon.get("/cy/account"), "/cy/sign-in?next=%2Faccount")
	bad := anon.post("/cy/sign-in", url.Values{"email": {"not an address"}})
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, `<html lang="cy"`, `action="/cy/sign-in"`)
	wantWelshLinks(t, bad)

	admin := e.admin()
	for _, p := range []string{"/cy/account", "/cy/admin", "/cy/admin/signatures", "/cy/organisations/hackney/members",
		"/cy/sign", "/cy/admin/organisations/hackney/name"} {
		r := admin.get(p)
		wantStatus(t, r, http.StatusOK)
		wantWelshLinks(t, r)
	}
	// A form posted in Welsh redirects to a Welsh page, with its message.
	r := admin.post("/cy/admin/organisations/hackney/domains", url.Values{"domains": {"hackney.gov.uk\nlbh.gov.uk"}})
	wantRedirect(t, r, "/cy/organisations/hackney")
	page := admin.follow(r)
	wantBody(t, page, `<html lang="cy"`, "govuk-notification-banner--success")
}

// TestPageCacheKeysOnLanguage: the English and Welsh pages at one address, asked in turn
// by people not signed in, never get each other's page.
func TestPageCacheKeysOnLanguage(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for range 2 {
		for _, p := range []string{"/signatories", "/", "/declaration", "/organisations/hackney", "/resources", "/events"} {
			en, cy := c.get(p), c.get("/cy"+p)
			wantBody(t, en, `<html lang="en"`)
			wantNoBody(t, en, `<html lang="cy"`)
			wantBody(t, cy, `<html lang="cy"`)
			wantNoBody(t, cy, `<html lang="en"`)
			if en.Header.Get("ETag") == cy.Header.Get("ETag") {
				t.Errorf("%s: the English and Welsh pages have one ETag", p)
			}
		}
	}
}

var languageLinks = regexp.MustCompile(`<link rel="alternate" hreflang="[a-z]+" href="[^"]*">|(?s)<nav class="ld-language-toggle".*?</nav>`)

// withoutLanguageLinks is r without the alternate links and the language toggle, which
// lead to the address r was asked at, in every language.
func withoutLanguageLinks(r *response) *response {
	out := *r
	out.Body = languageLinks.ReplaceAllString(r.Body, "")
	return &out
}

// TestOrganisationWelshNames: a platform admin gives an organisation a Welsh name; Welsh
// pages show it, English pages the English name, and the register finds it by either.
func TestOrganisationWelshNames(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Open housing data")
	admin := e.admin()
	form := admin.get("/cy/admin/organisations/hackney/name")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, `name="welsh_name"`)
	long := admin.post("/cy/admin/organisations/hackney/name", url.Values{"name": {"London Borough of Hackney"},
		"welsh_name": {strings.Repeat("a", 201)}})
	wantStatus(t, long, http.StatusBadRequest)
	wantFieldError(t, long, "welsh_name")
	wantBody(t, long, `<html lang="cy"`, `action="/cy/admin/organisations/hackney/name"`)
	r := admin.post("/cy/admin/organisations/hackney/name", url.Values{"name": {"London Borough of Hackney"},
		"welsh_name": {" Bwrdeistref  Llundain Hackney "}})
	wantRedirect(t, r, "/cy/organisations/hackney")
	wantBody(t, admin.get("/admin/organisations/hackney/name"), `value="Bwrdeistref Llundain Hackney"`)

	c := e.newClient()
	cy, en := c.get("/cy/organisations/hackney"), c.get("/organisations/hackney")
	wantBody(t, cy, `<h1 class="govuk-heading-xl">Bwrdeistref Llundain Hackney</h1>`, "<title>Bwrdeistref Llundain Hackney")
	wantBody(t, en, `<h1 class="govuk-heading-xl">London Borough of Hackney</h1>`)
	wantNoBody(t, en, "Bwrdeistref")
	wantBody(t, c.get("/cy/signatories"), ">Bwrdeistref Llundain Hackney</a>")
	wantNoBody(t, c.get("/signatories"), "Bwrdeistref")
	// The register's rows name each organisation's region in the page's language.
	wantBody(t, c.get("/cy/signatories"), `<span class="govuk-body-s">Llundain</span>`)
	wantBody(t, c.get("/signatories"), `<span class="govuk-body-s">London</span>`)
	for _, p := range []string{"/cy/signatories?q=bwrdeistref", "/signatories?q=bwrdeistref", "/cy/signatories?q=hackney"} {
		wantBody(t, c.get(p), `href="`+map[bool]string{true: "/cy", false: ""}[strings.HasPrefix(p, "/cy/")]+`/organisations/hackney"`)
	}
	// The name form without the field (an older page) leaves the Welsh name alone.
	wantRedirect(t, admin.post("/admin/organisations/hackney/name", url.Values{"name": {"London Borough of Hackney"}}), "/organisations/hackney")
	wantBody(t, c.get("/cy/organisations/hackney"), "Bwrdeistref Llundain Hackney")
	// Cleared, the Welsh page shows the English name.
	admin.post("/admin/organisations/hackney/name", url.Values{"name": {"London Borough of Hackney"}, "welsh_name": {""}})
	wantBody(t, c.get("/cy/organisations/hackney"), `<h1 class="govuk-heading-xl">London Borough of Hackney</h1>`)
}

// TestWelshErrorPagesStayWelsh: with the database away, the Welsh page's problem page is
// in Welsh and its links lead to Welsh pages.
func TestWelshErrorPagesStayWelsh(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	e.db.Close()
	r := c.get("/cy/signatories?q=after-close")
	if r.Status != http.StatusInternalServerError && r.Status != http.StatusServiceUnavailable {
		t.Fatalf("with the database closed: status %d", r.Status)
	}
	wantBody(t, r, `<html lang="cy"`, `href="/cy/declaration"`)
	wantWelshLinks(t, r)
}
