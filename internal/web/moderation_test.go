package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// TestModerationFlowOnEveryKind: resources and case studies go through the same flow
// with the same checks: a missing reason is shown next to the field (400), hiding emails
// the author with the kind's email, hiding hidden content and showing shown content are
// conflicts (409), only the platform team may hide, and hidden content answers a
// stranger exactly as content that does not exist.
func TestModerationFlowOnEveryKind(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name, emailKind string
		setup           func(t *testing.T) (e *env, path string)
	}{
		{"resource", "resource_hidden", func(t *testing.T) (*env, string) {
			e := newLibraryEnv(t)
			id := e.signIn("officer@hackney.gov.uk").publishResource(wasteApp(), nil)
			return e.env, fmt.Sprintf("/resources/%d", id)
		}},
		{"case study", "case_study_hidden", func(t *testing.T) (*env, string) {
			e := caseStudyEnv(t)
			return e, e.signIn("officer@hackney.gov.uk").publishCaseStudy(e.hackneyCaseStudy())
		}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			e, path := k.setup(t)
			admin := e.admin()
			r := admin.post(path+"/hide", url.Values{"reason": {" "}})
			wantStatus(t, r, http.StatusBadRequest)
			wantFieldError(t, r, "reason")
			wantStatus(t, e.signIn("officer@hackney.gov.uk").post(path+"/hide", url.Values{"reason": {"Mine"}}), http.StatusForbidden)

			wantRedirect(t, admin.post(path+"/hide", url.Values{"reason": {"It names a resident"}}), path)
			if m := e.lastEmail("officer@hackney.gov.uk"); m.Kind != k.emailKind {
				t.Errorf("email kind %q, want %q", m.Kind, k.emailKind)
			}
			hidden, missing := e.newClient().get(path), e.newClient().get(path+"0000")
			wantStatus(t, hidden, http.StatusNotFound)
			wantStatus(t, missing, http.StatusNotFound)
			// Alike but for the links to the same address in the other language.
			if withoutLanguageLinks(hidden).Body != withoutLanguageLinks(missing).Body {
				t.Errorf("hidden content's 404 differs from a missing one's:\n%s\n---\n%s", hidden.Body, missing.Body)
			}
			wantStatus(t, admin.post(path+"/hide", url.Values{"reason": {"again"}}), http.StatusConflict)
			wantRedirect(t, admin.post(path+"/unhide", url.Values{}), path)
			wantStatus(t, admin.post(path+"/unhide", url.Values{}), http.StatusConflict)
			wantStatus(t, e.newClient().get(path), http.StatusOK)
		})
	}
}
