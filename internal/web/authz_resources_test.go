package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// The authorization matrix entries for the resources library (see authz_test.go). In
// the matrix's world there is no resource, so pages about one are 404 once the person
// has passed the checks that come before it: signed in, and a member of a signatory
// (Hackney) for "we use this" and publishing. TestResourceAuthorization below runs the
// same routes against a world that has a resource.
var resourceMatrix = map[string][]string{
	"GET /resources":                       {everyone},
	"GET /resources/new":                   {signin, forbidden, allowed, allowed, forbidden},
	"POST /resources/new":                  {unauth, forbidden, allowed, allowed, forbidden},
	"GET /resources/{id}":                  {notFound, notFound, notFound, notFound, notFound},
	"GET /resources/{id}/files/{version}":  {notFound, notFound, notFound, notFound, notFound},
	"GET /resources/{id}/files":            {signin, notFound, notFound, notFound, notFound},
	"POST /resources/{id}/files":           {unauth, notFound, notFound, notFound, notFound},
	"POST /resources/{id}/use":             {unauth, forbidden, notFound, notFound, forbidden},
	"POST /resources/{id}/use/delete":      {unauth, notFound, notFound, notFound, notFound},
	"POST /resources/{id}/report":          {unauth, notFound, notFound, notFound, notFound},
	"POST /resources/{id}/hide":            {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /resources/{id}/unhide":          {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /resources/{id}/reports/dismiss": {unauth, forbidden, forbidden, forbidden, notFound},
	"GET /admin/resources":                 {adminOnly},
}

func (matrices) Resources() map[string][]string { return resourceMatrix }

// withResource is the outcome for each role when the resource exists: published by
// Hackney (the member's and org admin's organisation), with a file; hidden says whether
// the platform team has hidden it.
func withResource(hidden bool) map[string][]string {
	visible := []string{allowed, allowed, allowed, allowed, allowed}
	if hidden {
		visible = []string{notFound, notFound, allowed, allowed, allowed}
	}
	m := map[string][]string{
		"GET /resources":                       visible,
		"GET /resources/new":                   resourceMatrix["GET /resources/new"],
		"POST /resources/new":                  resourceMatrix["POST /resources/new"],
		"GET /resources/{id}":                  visible,
		"GET /resources/{id}/files/{version}":  visible,
		"GET /resources/{id}/files":            {signin, forbidden, allowed, allowed, forbidden},
		"POST /resources/{id}/files":           {unauth, forbidden, allowed, allowed, forbidden},
		"POST /resources/{id}/use":             {unauth, forbidden, allowed, allowed, forbidden},
		"POST /resources/{id}/use/delete":      {unauth, allowed, allowed, allowed, allowed},
		"POST /resources/{id}/report":          {unauth, allowed, allowed, allowed, allowed},
		"POST /resources/{id}/hide":            {unauth, forbidden, forbidden, forbidden, allowed},
		"POST /resources/{id}/unhide":          {unauth, forbidden, forbidden, forbidden, allowed},
		"POST /resources/{id}/reports/dismiss": {unauth, forbidden, forbidden, forbidden, allowed},
		"GET /admin/resources":                 {signin, forbidden, forbidden, forbidden, allowed},
	}
	if hidden {
		// Only Hackney and the platform team know a hidden resource is there; nobody can
		// use or report it.
		m["GET /resources"] = []string{allowed, allowed, allowed, allowed, allowed}
		m["GET /resources/{id}/files"] = []string{signin, notFound, allowed, allowed, forbidden}
		m["POST /resources/{id}/files"] = []string{unauth, notFound, allowed, allowed, forbidden}
		m["POST /resources/{id}/use"] = []string{unauth, forbidden, notFound, notFound, forbidden}
		m["POST /resources/{id}/use/delete"] = []string{unauth, notFound, allowed, allowed, allowed}
		m["POST /resources/{id}/report"] = []string{unauth, notFound, notFound, notFound, notFound}
	}
	return m
}

// resourceWorld adds to an authorization world a resource Hackney published, with a file
// in a file store of its own.
func resourceWorld(t *testing.T, hidden bool) (w *authzWorld, id, version int64) {
	w = newAuthzWorld(t)
	id, version = w.resourceFor(t, hidden)
	return w, id, version
}

// resourceFor adds to w a resource Hackney published, with a file in a file store of its
// own, hidden if asked: its id and its file's version.
func (w *authzWorld) resourceFor(t *testing.T, hidden bool) (id, version int64) {
	t.Helper()
	ctx := context.Background()
	w.srv.files = files.NewLocal(t.TempDir())
	hackney, err := w.db.OrganisationBySlug(ctx, "hackney")
	if err != nil {
		t.Fatal(err)
	}
	p, err := w.srv.files.Put(strings.NewReader("%PDF-1.4\n%%EOF\n"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	res := &model.Resource{Type: "guidance", Title: "Guide", Summary: "A guide.", Licence: "OGL-UK-3.0", Principles: []int{1},
		Organisations: []model.OrgRef{{ID: hackney.ID}}}
	up := store.FileUpload{Name: "guide.pdf", StoredName: p.Name, ContentType: p.Type.MIME, Size: p.Size, SHA256: p.SHA256, Place: p.Place}
	if err := w.db.PublishResource(ctx, model.Actor{Label: "test"}, res, []store.FileUpload{up}); err != nil {
		t.Fatal(err)
	}
	if hidden {
		if err := w.db.Hide(ctx, store.Resources, model.Actor{Label: "test"}, res.ID, "Test", nil); err != nil {
			t.Fatal(err)
		}
	}
	return res.ID, res.Files[0].Versions[0].ID
}

// TestResourceAuthorization requests each of the library's routes as each role, with a
// resource there, visible and then hidden.
func TestResourceAuthorization(t *testing.T) {
	for _, hidden := range []bool{false, true} {
		want := withResource(hidden)
		shared, sharedID, sharedVersion := resourceWorld(t, hidden)
		for _, rt := range shared.srv.resourcesFeature().Routes {
			outcomes, ok := want[rt.Pattern]
			if !ok {
				t.Errorf("route %q has no entry in withResource", rt.Pattern)
				continue
			}
			outcomes = expandOutcomes(rt.Pattern, outcomes)
			// A route that changes something gets a world of its own. Its roles may share
			// it: only the last role (the platform team) can change what the others see.
			w, id, version := shared, sharedID, sharedVersion
			if strings.HasPrefix(rt.Pattern, "POST ") {
				w, id, version = resourceWorld(t, hidden)
			}
			for i, role := range roles {
				method, path, _ := strings.Cut(rt.Pattern, " ")
				path = strings.NewReplacer("{id}", strconv.FormatInt(id, 10), "{version}", strconv.FormatInt(version, 10)).Replace(path)
				form := url.Values{"reason": {"r"}, "how": {"daily"}, "report_reason": {"Spam"}}
				req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
				if method == "POST" {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				if c := w.sessions[role]; c != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
				}
				rec := httptest.NewRecorder()
				w.srv.ServeHTTP(rec, req)
				if got := outcome(rec); got != outcomes[i] {
					t.Errorf("hidden=%v: %s as %s (%s): got %s (status %d, location %q), want %s\n%.300s",
						hidden, rt.Pattern, role, path, got, rec.Code, rec.Header().Get("Location"), outcomes[i], bodyMain(rec.Body))
				}
			}
		}
	}
}

func expandOutcomes(pattern string, e []string) []string {
	if len(e) == 1 && e[0] == adminOnly {
		return expected(pattern)
	}
	return e
}

func bodyMain(b *bytes.Buffer) string {
	s := b.String()
	if i := strings.Index(s, `id="main-content"`); i >= 0 {
		return s[i:]
	}
	return s
}
