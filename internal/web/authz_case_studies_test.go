package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// The authorization matrix entries for case studies (see authz_test.go). The matrix's
// world has no case study, so {id} names none: TestCaseStudyAuthorization below runs the
// same routes against a real one.
var caseStudyMatrix = map[string][]string{
	"GET /case-studies":                       {everyone},
	"GET /case-studies/new":                   {signin, forbidden, allowed, allowed, forbidden},
	"POST /case-studies/new":                  {unauth, forbidden, allowed, allowed, forbidden},
	"GET /case-studies/{id}":                  {notFound, notFound, notFound, notFound, notFound},
	"GET /case-studies/{id}/edit":             {signin, notFound, notFound, notFound, notFound},
	"POST /case-studies/{id}/edit":            {unauth, notFound, notFound, notFound, notFound},
	"POST /case-studies/{id}/report":          {unauth, notFound, notFound, notFound, notFound},
	"POST /case-studies/{id}/hide":            {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /case-studies/{id}/unhide":          {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /case-studies/{id}/reports/dismiss": {unauth, forbidden, forbidden, forbidden, notFound},
	"GET /admin/case-studies":                 {adminOnly},
	"GET /case-study-images/{name}":           {notFound, notFound, notFound, notFound, notFound},
}

func (matrices) CaseStudies() map[string][]string { return caseStudyMatrix }

// caseStudyFor adds a case study written by Hackney (signed; "member" and "org-admin"
// belong to it) with Adur's help, hidden if asked.
func (w *authzWorld) caseStudyFor(t *testing.T, hidden bool) int64 {
	t.Helper()
	ctx := context.Background()
	hackney, _ := w.db.OrganisationBySlug(ctx, "hackney")
	adur, _ := w.db.OrganisationBySlug(ctx, "adur")
	cs := &model.CaseStudy{Title: "Bins", Summary: "s", Problem: "p", Approach: "a", Outcomes: "o", Lessons: "l",
		Principles: []int{1}, Organisations: []model.OrgRef{{ID: hackney.ID}, {ID: adur.ID}}}
	if err := w.db.CreateCaseStudy(ctx, model.Actor{Label: "test"}, cs); err != nil {
		t.Fatalf("CreateCaseStudy: %v", err)
	}
	if hidden {
		if err := w.db.Hide(ctx, store.CaseStudies, model.Actor{Label: "test"}, cs.ID, "r", nil); err != nil {
			t.Fatalf("Hide: %v", err)
		}
	}
	return cs.ID
}

// TestCaseStudyAuthorization requests each case study route about a real case study, as
// each role. Partners (Adur's "other-member") may read but not edit; only the platform
// team hides; a hidden case study is seen only by the author's members and the team.
func TestCaseStudyAuthorization(t *testing.T) {
	tests := []struct {
		method, path string
		hidden       bool
		want         []string
	}{
		{"GET", "/case-studies/{id}", false, []string{allowed, allowed, allowed, allowed, allowed}},
		{"GET", "/case-studies/{id}", true, []string{notFound, notFound, allowed, allowed, allowed}},
		{"GET", "/case-studies/{id}/edit", false, []string{signin, forbidden, allowed, allowed, forbidden}},
		{"GET", "/case-studies/{id}/edit", true, []string{signin, notFound, allowed, allowed, forbidden}},
		{"POST", "/case-studies/{id}/edit", false, []string{unauth, forbidden, allowed, allowed, forbidden}},
		{"POST", "/case-studies/{id}/hide", false, []string{unauth, forbidden, forbidden, forbidden, allowed}},
		{"POST", "/case-studies/{id}/unhide", true, []string{unauth, forbidden, forbidden, forbidden, allowed}},
		// Members of any organisation on the platform report what they can see.
		{"POST", "/case-studies/{id}/report", false, []string{unauth, allowed, allowed, allowed, allowed}},
		{"POST", "/case-studies/{id}/report", true, []string{unauth, notFound, notFound, notFound, notFound}},
		{"POST", "/case-studies/{id}/reports/dismiss", false, []string{unauth, forbidden, forbidden, forbidden, allowed}},
		{"GET", "/admin/case-studies", false, []string{signin, forbidden, forbidden, forbidden, allowed}},
		{"GET", "/case-studies", false, []string{allowed, allowed, allowed, allowed, allowed}},
		{"GET", "/api/v1/case-studies", true, []string{allowed, allowed, allowed, allowed, allowed}},
	}
	shared := newAuthzWorld(t)
	sharedIDs := map[bool]int64{false: shared.caseStudyFor(t, false), true: shared.caseStudyFor(t, true)}
	for _, tt := range tests {
		for i, role := range roles {
			w, id := shared, sharedIDs[tt.hidden]
			if ownWorld(tt.method+" "+tt.path, tt.want[i]) {
				w = newAuthzWorld(t)
				id = w.caseStudyFor(t, tt.hidden)
			}
			path := strings.ReplaceAll(tt.path, "{id}", itoa64(id))
			form := url.Values{"reason": {"Out of date"}, "title": {""}, "report_reason": {"Out of date"}}
			req := httptest.NewRequest(tt.method, path, strings.NewReader(form.Encode()))
			if tt.method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if c := w.sessions[role]; c != "" {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, req)
			if got := outcome(rec); got != tt.want[i] {
				t.Errorf("%s %s (hidden %v) as %s: got %s (status %d, location %q), want %s",
					tt.method, tt.path, tt.hidden, role, got, rec.Code, rec.Header().Get("Location"), tt.want[i])
			}
		}
	}
}
