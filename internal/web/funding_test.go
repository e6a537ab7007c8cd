package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// fundingMatrix is each funding route's outcome for each role (anonymous, other-member,
// member, org-admin, platform-admin) in the world TestFundingAuthorizationMatrix builds:
// an open round with a question, and a draft bid led by Hackney (the member's and the
// org admin's organisation) with Adur (the other member's) as its unconfirmed partner.
var fundingMatrix = map[string][]string{
	"GET /funding":                              {everyone},
	"GET /funding/new":                          {adminOnly},
	"POST /funding/new":                         {adminOnly},
	"GET /funding/outcomes":                     {everyone},
	"GET /funding/assessors":                    {adminOnly},
	"POST /funding/assessors":                   {adminOnly},
	"GET /funding/assessments":                  {signin, forbidden, forbidden, forbidden, forbidden},
	"GET /funding/{id}":                         {everyone},
	"GET /funding/{id}/edit":                    {adminOnly},
	"POST /funding/{id}/edit":                   {adminOnly},
	"POST /funding/{id}/outcomes":               {adminOnly},
	"POST /funding/{id}/questions":              {unauth, allowed, allowed, allowed, allowed},
	"POST /funding/{id}/questions/{qid}/answer": {adminOnly},
	"GET /funding/{id}/bids/new":                {signin, forbidden, allowed, allowed, forbidden},
	"POST /funding/{id}/bids/new":               {unauth, forbidden, allowed, allowed, forbidden},
	"GET /funding/{id}/bids/{bid}":              {notFound, allowed, allowed, allowed, allowed},
	"GET /funding/{id}/bids/{bid}/edit":         {signin, forbidden, allowed, allowed, forbidden},
	"POST /funding/{id}/bids/{bid}/edit":        {unauth, forbidden, allowed, allowed, forbidden},
	"POST /funding/{id}/bids/{bid}/submit":      {unauth, forbidden, allowed, allowed, forbidden},
	"POST /funding/{id}/bids/{bid}/confirm":     {unauth, forbidden, forbidden, forbidden, forbidden},
	"GET /funding/{id}/bids/{bid}/assess":       {signin, forbidden, forbidden, forbidden, forbidden},
	"POST /funding/{id}/bids/{bid}/assess":      {unauth, forbidden, forbidden, forbidden, forbidden},
	"GET /funding/{id}/bids/{bid}/moderation":   {adminOnly},
	"POST /funding/{id}/bids/{bid}/assessors":   {adminOnly},
	"POST /funding/{id}/bids/{bid}/decision":    {adminOnly},
}

// The shared matrix runs in a world with no round, where {id} is a signature's id and
// {bid} and {qid} are left as written: the pages of a round or bid are not found once the
// person is let through to look.
var fundingMatrixWithoutRound = map[string][]string{
	"GET /funding":                              {everyone},
	"GET /funding/new":                          {adminOnly},
	"POST /funding/new":                         {adminOnly},
	"GET /funding/outcomes":                     {everyone},
	"GET /funding/assessors":                    {adminOnly},
	"POST /funding/assessors":                   {adminOnly},
	"GET /funding/assessments":                  {signin, forbidden, forbidden, forbidden, forbidden},
	"GET /funding/{id}":                         {notFound, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/edit":                    {signin, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/edit":                   {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/outcomes":               {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/questions":              {unauth, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/questions/{qid}/answer": {unauth, forbidden, forbidden, forbidden, notFound},
	"GET /funding/{id}/bids/new":                {signin, forbidden, notFound, notFound, forbidden},
	"POST /funding/{id}/bids/new":               {unauth, forbidden, notFound, notFound, forbidden},
	"GET /funding/{id}/bids/{bid}":              {notFound, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/bids/{bid}/edit":         {signin, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/edit":        {unauth, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/submit":      {unauth, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/confirm":     {unauth, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/bids/{bid}/assess":       {signin, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/assess":      {unauth, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/bids/{bid}/moderation":   {signin, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/bids/{bid}/assessors":   {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/bids/{bid}/decision":    {unauth, forbidden, forbidden, forbidden, notFound},
}

func (matrices) Funding() map[string][]string { return fundingMatrixWithoutRound }

// fundingWorld is the round, question and bid fundingFor adds to an authorization world.
type fundingWorld struct {
	round, question, bid, lead, partner int64
}

// fundingFor adds to w an open round with a question, and a draft bid led by Hackney
// (saved by its member) with Adur as its partner, not yet confirmed.
func (w *authzWorld) fundingFor(t *testing.T) fundingWorld {
	t.Helper()
	ctx := context.Background()
	now := w.db.Now().UTC()
	rd := &model.FundingRound{Name: "Shared services fund: round 9", Prospectus: "Bids for **common** problems.",
		OpensAt: now.Add(-24 * time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour), DecisionsAt: now.Add(60 * 24 * time.Hour),
		Caps:        map[string]int{model.PhaseDiscovery: 100000, model.PhaseAlpha: 180000, model.PhaseBeta: 350000},
		MinPartners: 1, MaxLeadBids: 2, Criteria: []model.Criterion{{Name: "Strategic fit", Weight: 100, Position: 1}}}
	if err := w.db.SaveRound(ctx, model.Actor{Label: "test"}, rd); err != nil {
		t.Fatalf("SaveRound: %v", err)
	}
	member, err := w.db.GrantRole(ctx, model.Actor{Label: "test"}, "member@hackney.gov.uk", model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	hackney, _ := w.db.OrganisationBySlug(ctx, "hackney")
	adur, _ := w.db.OrganisationBySlug(ctx, "adur")
	if err := w.db.AskQuestion(ctx, model.Actor{UserID: member.ID, Label: member.Email}, rd.ID, "Can a county lead?"); err != nil {
		t.Fatalf("AskQuestion: %v", err)
	}
	qs, err := w.db.Questions(ctx, rd.ID, false)
	if err != nil || len(qs) != 1 {
		t.Fatalf("Questions: %v %v", qs, err)
	}
	b := &model.Bid{RoundID: rd.ID, Lead: model.OrgRef{ID: hackney.ID}, Title: "Shared repairs", Phase: model.PhaseDiscovery,
		Problem: "Repairs are chased by phone.", Users: "Council tenants", Reuse: "A service pattern", Team: "Two researchers",
		Timeline: "Eight weeks", Budget: []model.BudgetItem{{Item: "Research", Amount: 90000}},
		Partners: []model.BidPartner{{OrgRef: model.OrgRef{ID: adur.ID}}}}
	if err := w.db.SaveBid(ctx, model.Actor{UserID: member.ID, Label: member.Email}, b, w.srv.fundingMail("en")); err != nil {
		t.Fatalf("SaveBid: %v", err)
	}
	return fundingWorld{round: rd.ID, question: qs[0].ID, bid: b.ID, lead: hackney.ID, partner: adur.ID}
}

// request is the path and form the test sends for a pattern: forms that pass validation,
// so that what is let through succeeds.
func (f fundingWorld) request(pattern string) (method, path string, form url.Values) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.NewReplacer("{id}", itoa64(f.round), "{bid}", itoa64(f.bid), "{qid}", itoa64(f.question)).Replace(path)
	form = url.Values{"name": {"Shared services fund: round 9"}, "prospectus": {"Bids."},
		"opens-day": {"1"}, "opens-month": {"1"}, "opens-year": {"2020"},
		"closes-day": {"1"}, "closes-month": {"1"}, "closes-year": {"2099"}, "closes-time": {"12pm"},
		"decisions-day": {"1"}, "decisions-month": {"2"}, "decisions-year": {"2099"},
		"cap_discovery": {"100000"}, "cap_alpha": {"180000"}, "cap_beta": {"350000"},
		"min_partners": {"1"}, "max_lead_bids": {"2"}, "criteria": {"Strategic fit: 100"},
		"title": {"Shared repairs"}, "phase": {"discovery"}, "problem": {"Repairs are chased by phone."},
		"users": {"Council tenants"}, "reuse": {"A service pattern"}, "budget": {"Research: 90000"},
		"team": {"Two researchers"}, "timeline": {"Eight weeks"}, "action": {"save"},
		"organisations": {itoa64(f.partner)}, "organisation": {itoa64(f.partner)},
		"question": {"May a county lead?"}, "answer-" + itoa64(f.question): {"Yes."},
		"email": {"member@hackney.gov.uk"}, "assessor": {"team@communities.gov.uk"}, "outcome": {"not_funded"}}
	switch pattern {
	case "POST /funding/assessors":
		form.Set("action", "add")
	case "POST /funding/{id}/bids/new":
		form.Set("organisation", itoa64(f.lead))
	}
	return method, path, form
}

// TestFundingAuthorizationMatrix requests every funding route as each role in a world
// with a real round, question and draft bid (the shared matrix has none), so that the
// lead, partner and platform team checks are exercised. A post the matrix allows gets a
// fresh world.
func TestFundingAuthorizationMatrix(t *testing.T) {
	shared := newAuthzWorld(t)
	sharedFunding := shared.fundingFor(t)
	routes := shared.srv.fundingFeature().Routes
	if len(routes) != len(fundingMatrix) {
		t.Errorf("%d funding routes, %d in fundingMatrix: keep them in step", len(routes), len(fundingMatrix))
	}
	for _, rt := range routes {
		want, ok := fundingMatrix[rt.Pattern]
		if !ok {
			t.Errorf("route %q has no entry in fundingMatrix", rt.Pattern)
			continue
		}
		switch {
		case len(want) == 1 && want[0] == everyone:
			want = []string{allowed, allowed, allowed, allowed, allowed}
		case len(want) == 1 && strings.HasPrefix(rt.Pattern, "POST"):
			want = []string{unauth, forbidden, forbidden, forbidden, allowed}
		case len(want) == 1:
			want = []string{signin, forbidden, forbidden, forbidden, allowed}
		}
		for i, role := range roles {
			w, f := shared, sharedFunding
			if ownWorld(rt.Pattern, want[i]) {
				w = newAuthzWorld(t)
				f = w.fundingFor(t)
			}
			method, path, form := f.request(rt.Pattern)
			req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
			if method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if c := w.sessions[role]; c != "" {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, req)
			got := outcome(rec)
			if got != want[i] {
				t.Errorf("%s as %s (%s %s): got %s (status %d, location %q), want %s",
					rt.Pattern, role, method, path, got, rec.Code, rec.Header().Get("Location"), want[i])
			}
			// What is allowed succeeds: no error page. A conflict is the state of the draft
			// refusing what the person may do (submitting before the partner confirms,
			// assessing, deciding or publishing outcomes before submission), not access.
			if got == allowed && rec.Code >= 400 && rec.Code != http.StatusConflict {
				t.Errorf("%s as %s: status %d\n%s", rt.Pattern, role, rec.Code, rec.Body.String())
			}
		}
	}
}
