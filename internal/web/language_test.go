package web

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLocalPath(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"en", "/signatories", "/signatories"},
		{"cy", "/signatories", "/cy/signatories"},
		{"cy", "/", "/cy/"},
		{"cy", "/?q=x", "/cy/?q=x"},
		{"cy", "/signatories?q=caerdydd&page=2", "/cy/signatories?q=caerdydd&page=2"},
		{"cy", "/resources/3#files", "/cy/resources/3#files"},
		{"cy", "/cy/signatories", "/cy/signatories"}, // already Welsh
		{"cy", "/cy", "/cy"},
		{"cy", "/cy?x=1", "/cy?x=1"},
		{"cy", "/cymru", "/cy/cymru"}, // a path that only starts with the letters
		{"cy", "/api/v1", "/api/v1"},
		{"cy", "/api/v1/organisations?q=x", "/api/v1/organisations?q=x"},
		{"cy", "/feeds/signatories.atom", "/feeds/signatories.atom"},
		{"cy", "/static/abc/app.css", "/static/abc/app.css"},
		{"cy", "/assets/images/favicon.ico", "/assets/images/favicon.ico"},
		{"cy", "/resources/3/files/2", "/resources/3/files/2"},
		{"cy", "/resources/3/files", "/cy/resources/3/files"},
		{"cy", "/bookings/my-bookings.ics", "/bookings/my-bookings.ics"},
		{"cy", "/bookings/4/cancel", "/cy/bookings/4/cancel"},
		{"cy", "/events.ics", "/events.ics"},
		{"cy", "/events", "/cy/events"},
		{"cy", "/case-study-images/a.png", "/case-study-images/a.png"},
		{"cy", "https://www.gov.uk/", "https://www.gov.uk/"},
		{"cy", "//evil.example/", "//evil.example/"},
		{"cy", `/\evil.example/`, `/\evil.example/`},
		{"cy", "?page=2", "?page=2"},
		{"cy", "#main-content", "#main-content"},
		{"cy", "mailto:team@example.org", "mailto:team@example.org"},
	} {
		if got := localPath(c.lang, c.in); got != c.want {
			t.Errorf("localPath(%q, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestLanguageNeutral(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{"GET /api/v1", true},
		{"GET /api/v1/organisations", true},
		{"OPTIONS /api/v1/organisations", true},
		{"GET /feeds/signatories.atom", true},
		{"GET /static/{hash}/{name...}", true},
		{"GET /assets/{name...}", true},
		{"GET /resources/{id}/files/{version}", true},
		{"GET /bookings/{file}", true},
		{"GET /healthz", true},
		{"GET /metrics", true},
		{"GET /resources/{id}/files", false},
		{"POST /resources/{id}/files", false},
		{"GET /bookings/{id}/cancel", false},
		{"GET /{$}", false},
		{"GET /signatories", false},
		{"GET /choose/organisations", false},
		{"/", false},
	} {
		if got := languageNeutral(c.pattern); got != c.want {
			t.Errorf("languageNeutral(%q) = %v, want %v", c.pattern, got, c.want)
		}
	}
}

func TestLocalizeLinks(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"link", `<a class="govuk-link" href="/signatories">x</a>`, `<a class="govuk-link" href="/cy/signatories">x</a>`},
		{"form", `<form method="post" action="/sign-in" novalidate>`, `<form method="post" action="/cy/sign-in" novalidate>`},
		{"chooser source", `<div data-module="ld-chooser" data-source="/choose/organisations">`, `<div data-module="ld-chooser" data-source="/cy/choose/organisations">`},
		{"button", `<button formaction="/sign/check">`, `<button formaction="/cy/sign/check">`},
		{"many", `<a href="/">a</a><a href="/events?x=1">b</a>`, `<a href="/cy/">a</a><a href="/cy/events?x=1">b</a>`},
		{"neutral", `<a href="/api/v1">a</a><link href="/static/h/app.css" rel="stylesheet">`, `<a href="/api/v1">a</a><link href="/static/h/app.css" rel="stylesheet">`},
		{"image", `<img src="/case-study-images/a.png">`, `<img src="/case-study-images/a.png">`},
		{"toggle", `<a href="/signatories" hreflang="en" lang="en">English</a>`, `<a href="/signatories" hreflang="en" lang="en">English</a>`},
		{"alternate", `<link rel="alternate" hreflang="en" href="/signatories">`, `<link rel="alternate" hreflang="en" href="/signatories">`},
		{"value", `<input name="next" value="/account">`, `<input name="next" value="/account">`},
		{"text", `<p>Use href=&#34;/x&#34; in your page</p>`, `<p>Use href=&#34;/x&#34; in your page</p>`},
		{"other site", `<a href="https://www.gov.uk/">`, `<a href="https://www.gov.uk/">`},
		{"unclosed", `<a href="/x`, `<a href="/x`},
	} {
		if got := string(localizeLinks("cy", []byte(c.in))); got != c.want {
			t.Errorf("%s: localizeLinks(cy, %s) = %s, want %s", c.name, c.in, got, c.want)
		}
		if got := string(localizeLinks("en", []byte(c.in))); got != c.in {
			t.Errorf("%s: in English, localizeLinks changed %s to %s", c.name, c.in, got)
		}
	}
}

// TestEveryRouteAnswersInWelsh requests every GET route of the route table under /cy/
// as each role: it answers as the English route does (the same status, a redirect to
// the same place in Welsh), in Welsh, except the language-neutral routes, which are not
// found there.
func TestEveryRouteAnswersInWelsh(t *testing.T) {
	w := newAuthzWorld(t)
	walked := 0
	for _, rt := range w.srv.routeTable() {
		method, path := w.concrete(rt.Pattern)
		if method != http.MethodGet {
			continue
		}
		walked++
		for _, role := range roles {
			get := func(path string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(method, path, nil)
				if c := w.sessions[role]; c != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
				}
				rec := httptest.NewRecorder()
				w.srv.ServeHTTP(rec, req)
				return rec
			}
			en, cy := get(path), get("/cy"+path)
			if languageNeutral(rt.Pattern) {
				if cy.Code != http.StatusNotFound {
					t.Errorf("%s as %s: /cy%s answered %d; a language-neutral route is not found in Welsh", rt.Pattern, role, path, cy.Code)
				}
				continue
			}
			if cy.Code != en.Code {
				t.Errorf("%s as %s: /cy%s answered %d, %s answered %d", rt.Pattern, role, path, cy.Code, path, en.Code)
				continue
			}
			if loc := en.Header().Get("Location"); loc != "" {
				if got, want := cy.Header().Get("Location"), localPath("cy", loc); got != want {
					t.Errorf("%s as %s: /cy%s redirects to %q, want %q", rt.Pattern, role, path, got, want)
				}
			}
			if (cy.Code < 300 || cy.Code >= 400) && strings.HasPrefix(cy.Header().Get("Content-Type"), "text/html") {
				if body := cy.Body.String(); !strings.Contains(body, `<html lang="cy"`) {
					t.Errorf("%s as %s: /cy%s is not marked as Welsh", rt.Pattern, role, path)
				}
			}
		}
	}
	if walked < 40 {
		t.Fatalf("walked only %d GET routes: the route table is not read", walked)
	}
}

// TestBodyCacheKeysOnLanguage: a signed-in person's English page never gets the main
// content kept for the Welsh page at the same address, nor the other way round.
func TestBodyCacheKeysOnLanguage(t *testing.T) {
	w := newAuthzWorld(t)
	version, err := w.db.DataVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, path, other string }{
		{"cy", "/signatories", "/signatories"},
		{"en", "/declaration", "/cy/declaration"},
	} {
		w.srv.bodies.put(version, c.lang+" "+c.path, &sharedBody{name: "home", title: "T",
			html: template.HTML("<p>kept for " + c.lang + "</p>")})
		req := httptest.NewRequest(http.MethodGet, c.other, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: w.sessions["member"]})
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "kept for") {
			t.Errorf("%s: status %d, got the body kept for %s %s", c.other, rec.Code, c.lang, c.path)
		}
	}
}
