package web

import (
	"context"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// The authorization matrix entries for projects (see authz_test.go). The matrix's world
// has no project, so {id} names none; TestProjectJourney (project_test.go) requests the
// same routes about a real one, as the lead, a partner and an outsider.
func (matrices) Projects() map[string][]string {
	return map[string][]string{
		"GET /projects":                          {everyone},
		"GET /projects/new":                      {signin, allowed, allowed, allowed, allowed},
		"POST /projects/new":                     {unauth, allowed, allowed, allowed, allowed},
		"GET /projects/{id}":                     {notFound, notFound, notFound, notFound, notFound},
		"GET /projects/{id}/updates.atom":        {notFound, notFound, notFound, notFound, notFound},
		"GET /projects/{id}/edit":                {signin, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/edit":               {unauth, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/join":               {unauth, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/requests/{request}": {unauth, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/updates":            {unauth, notFound, notFound, notFound, notFound},
	}
}

// projectFor adds a project led by Hackney ("member" and "org-admin" belong to it) with
// an update and Adur's pending request to join ("other-member" asked).
func (w *authzWorld) projectFor(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	test := model.Actor{Label: "test"}
	if _, err := w.db.ImportServices(ctx, test, []model.Service{{Code: 524, Label: "Household waste collection"}}); err != nil {
		t.Fatal(err)
	}
	hackney, _ := w.db.OrganisationBySlug(ctx, "hackney")
	adur, _ := w.db.OrganisationBySlug(ctx, "adur")
	actor := func(email string) model.Actor {
		u, err := w.db.GrantRole(ctx, test, email, model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		return model.Actor{UserID: u.ID, Label: email}
	}
	lead := actor("member@hackney.gov.uk")
	p := &model.Project{Title: "Bins", Summary: "s", Problem: "p", Users: "u", Phase: model.PhaseAlpha, Collaboration: "seeking-partners",
		Funding: "unknown", Language: "en", StartsOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		Principles: []int{1}, Services: []model.Service{{Code: 524}}}
	if err := w.db.CreateProject(ctx, lead, hackney.ID, p); err != nil {
		t.Fatal(err)
	}
	if err := w.db.PostProjectUpdate(ctx, lead, hackney.ID, &model.ProjectUpdate{ProjectID: p.ID, Body: "We **began**."}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.AskToJoin(ctx, actor("someone@adur-worthing.gov.uk"), p.ID, adur.ID, "May we?", nil); err != nil {
		t.Fatal(err)
	}
	return p.ID
}
