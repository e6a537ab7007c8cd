package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAdminCorrectsOrganisationName: a platform admin corrects a name; the old name is
// shown as another name and search still finds it; with the address moved, the old
// address and its sub-pages redirect permanently to the new one.
func TestAdminCorrectsOrganisationName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.admin()
	r := admin.get("/admin/organisations/hackney/name")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `value="London Borough of Hackney"`)

	for _, tc := range []struct{ name, want string }{
		{"  ", "Enter the organisation’s name"},
		{strings.Repeat("a", 201), "Name must be 200 characters or fewer"},
	} {
		r := admin.post("/admin/organisations/hackney/name", url.Values{"name": {tc.name}, "move_slug": {"yes"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "name")
		wantBody(t, r, tc.want, `value="yes" checked`)
	}

	r = admin.post("/admin/organisations/hackney/name", url.Values{"name": {"Hackney Council"}, "move_slug": {"yes"}})
	wantRedirect(t, r, "/organisations/hackney-council")
	page := admin.get("/organisations/hackney-council")
	wantBody(t, page, "<h1 class=\"govuk-heading-xl\">Hackney Council</h1>", "Also known as", "London Borough of Hackney",
		"The organisation’s name has been saved")

	anon := e.newClient()
	for path, want := range map[string]string{
		"/organisations/hackney":          "/organisations/hackney-council",
		"/organisations/hackney?x=1":      "/organisations/hackney-council?x=1",
		"/organisations/hackney/withdraw": "/organisations/hackney-council/withdraw",
	} {
		r := anon.get(path)
		wantStatus(t, r, http.StatusMovedPermanently)
		if r.Location() != want {
			t.Errorf("GET %s redirects to %q, want %q", path, r.Location(), want)
		}
	}
	r = e.signIn("officer@hackney.gov.uk").post("/organisations/hackney/withdraw", url.Values{})
	wantStatus(t, r, http.StatusPermanentRedirect)
	if r.Location() != "/organisations/hackney-council/withdraw" {
		t.Errorf("POST redirects to %q", r.Location())
	}
	// Search finds the old name.
	wantBody(t, anon.get("/api/v1/organisations?q=london+borough+of+hackney"), `"slug":"hackney-council"`)
	wantStatus(t, anon.get("/organisations/no-such-place"), http.StatusNotFound)
}
