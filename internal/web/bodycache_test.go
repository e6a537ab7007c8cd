package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSignedInPagesShareTheirContent: signed-in people's register, home and Declaration
// pages reuse the main content rendered for the data version, but each person sees their
// own header, and a change shows on the next request.
func TestSignedInPagesShareTheirContent(t *testing.T) {
	e := newEnv(t)
	admin := e.admin()
	member := e.signIn("officer@hackney.gov.uk")
	for _, path := range []string{"/signatories", "/signatories?q=hackney", "/", "/declaration", "/api/v1"} {
		a := admin.get(path)
		wantStatus(t, a, http.StatusOK)
		wantBody(t, a, `href="/admin"`, `href="/account"`)
		m := member.get(path) // the shared content, rendered for the admin
		wantStatus(t, m, http.StatusOK)
		wantBody(t, m, `href="/account"`)
		wantNoBody(t, m, `href="/admin"`, `href="/sign-in"`)
		if mainOf(a.Body) != mainOf(m.Body) {
			t.Errorf("%s: the main content differs between two signed-in people", path)
		}
		if cc := m.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("%s signed in: Cache-Control %q, want private, no-store", path, cc)
		}
		anon := e.newClient().get(path)
		wantBody(t, anon, `href="/sign-in"`)
		wantNoBody(t, anon, `href="/account"`)
	}
	wantBody(t, member.get("/signatories"), ">0</strong> organisations")
	e.publish("hackney", "Open housing data")
	wantBody(t, member.get("/signatories"), ">1</strong> organisation", "London Borough of Hackney")
	wantBody(t, admin.get("/signatories?q=hackney"), "London Borough of Hackney")
}

// mainOf is the page's <main> element.
func mainOf(body string) string {
	i := strings.Index(body, "<main")
	j := strings.Index(body, "</main>")
	if i < 0 || j < i {
		return ""
	}
	return body[i:j]
}
