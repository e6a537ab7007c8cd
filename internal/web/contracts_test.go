package web

import (
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// contractMatrix is the contract register's rows of the authorization matrix. The shared
// world has no contracts, so a contract's pages are not found once the person may edit
// the organisation's contracts (TestContractPages edits real ones).
var contractMatrix = map[string][]string{
	"GET /contracts":                                 {everyone},
	"GET /contracts/ending-together":                 {everyone},
	"GET /contracts/market":                          {everyone},
	"GET /organisations/{slug}/contracts/new":        {signin, forbidden, allowed, allowed, allowed},
	"POST /organisations/{slug}/contracts/new":       {unauth, forbidden, allowed, allowed, allowed},
	"GET /organisations/{slug}/contracts/upload":     {signin, forbidden, allowed, allowed, allowed},
	"POST /organisations/{slug}/contracts/upload":    {unauth, forbidden, allowed, allowed, allowed},
	"GET /organisations/{slug}/contracts/{id}/edit":  {signin, forbidden, notFound, notFound, notFound},
	"POST /organisations/{slug}/contracts/{id}/edit": {unauth, forbidden, notFound, notFound, notFound},
	"GET /admin/suppliers":                           {adminOnly},
	"POST /admin/suppliers/merge":                    {adminOnly},
}

func (matrices) Contracts() map[string][]string { return contractMatrix }

// briefMatrix is joint briefs' rows of the authorization matrix. The shared world has no
// briefs, so a brief's pages are not found (TestBriefPages reads and answers real ones).
var briefMatrix = map[string][]string{
	"GET /briefs":              {everyone},
	"GET /briefs/new":          {signin, allowed, allowed, allowed, allowed},
	"POST /briefs/new":         {unauth, allowed, allowed, allowed, allowed},
	"GET /briefs/{id}":         {notFound, notFound, notFound, notFound, notFound},
	"GET /briefs/{id}/print":   {notFound, notFound, notFound, notFound, notFound},
	"GET /briefs/{id}/edit":    {signin, notFound, notFound, notFound, notFound},
	"POST /briefs/{id}/edit":   {unauth, notFound, notFound, notFound, notFound},
	"POST /briefs/{id}/send":   {unauth, notFound, notFound, notFound, notFound},
	"POST /briefs/{id}/close":  {unauth, notFound, notFound, notFound, notFound},
	"POST /briefs/{id}/answer": {unauth, notFound, notFound, notFound, notFound},
	// No brief is published in the shared world.
	"GET /api/v1/briefs/{id}": {notFound, notFound, notFound, notFound, notFound},
}

func (matrices) Briefs() map[string][]string { return briefMatrix }

// briefFor adds to w a joint brief led by Hackney and co-signed by Adur (whose admin it
// makes), sent and awaiting Adur's answer.
func (w *authzWorld) briefFor(t *testing.T) int64 {
	t.Helper()
	ctx := t.Context()
	hackney, _ := w.db.OrganisationBySlug(ctx, "hackney")
	adur, _ := w.db.OrganisationBySlug(ctx, "adur")
	if _, err := w.db.GrantRole(ctx, model.Actor{Label: "test"}, "admin@adur-worthing.gov.uk", model.RoleOrgAdmin); err != nil {
		t.Fatal(err)
	}
	b := &model.Brief{Title: "Shared planning system", Lead: model.OrgRef{ID: hackney.ID}, Background: "b", Outcome: "o",
		EndUsers: "u", Phase: "beta", Location: "London", StartDate: time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC),
		ContractLength: "2 years", TechnicalWeighting: 100, QuestionsDeadline: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
		Language: "en", CoSigners: []model.CoSigner{{OrganisationID: adur.ID}}}
	if err := w.db.CreateBrief(ctx, model.Actor{Label: "test"}, b); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SendBrief(ctx, model.Actor{Label: "test"}, b.ID, nil); err != nil {
		t.Fatal(err)
	}
	return b.ID
}
