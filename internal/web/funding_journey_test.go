package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// fundingRoundForm is a round open from t0's day until 25 March 2024 at noon (London,
// before British Summer Time: 12:00 UTC), needing two partners, two bids a lead.
func fundingRoundForm() url.Values {
	return url.Values{"name": {"Local Digital Fund: round 9"}, "prospectus": {"Bids for **common** problems."},
		"opens-day": {"15"}, "opens-month": {"3"}, "opens-year": {"2024"},
		"closes-day": {"25"}, "closes-month": {"3"}, "closes-year": {"2024"}, "closes-time": {"12pm"},
		"decisions-day": {"1"}, "decisions-month": {"5"}, "decisions-year": {"2024"},
		"cap_discovery": {"100000"}, "cap_alpha": {"180000"}, "cap_beta": {"350000"},
		"min_partners": {"2"}, "max_lead_bids": {"2"}, "criteria": {"Strategic fit: 40\nDeliverability: 30\nValue for money: 30"}}
}

func bidForm(title, budget string, partners ...int64) url.Values {
	f := url.Values{"title": {title}, "phase": {"discovery"}, "problem": {"Repairs are chased by phone."},
		"users": {"Council tenants"}, "reuse": {"User research and a service pattern"}, "budget": {budget},
		"team": {"Two researchers"}, "timeline": {"Eight weeks"}, "action": {"save"}}
	for _, p := range partners {
		f.Add("organisations", strconv.FormatInt(p, 10))
	}
	return f
}

// TestFunding walks a round over HTTP: the platform team creates it; Hackney drafts a
// bid with Adur and Hammersmith, who confirm it; it is submitted once; crafted bids break
// each rule and are refused with its message; bids are published after the deadline; an
// assessor from a partner cannot be assigned; another scores it; the team funds it, and
// the outcomes page and the open data show it.
func TestFunding(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	goneOrg := &model.Organisation{Slug: "gone", Name: "Gone Borough Council", TypeCode: "NMD", TypeName: "Non-metropolitan district",
		Nation: "England", Region: "South East", Domains: []string{"gone.gov.uk"}}
	if err := e.db.CreateOrganisation(ctx, model.Actor{Label: "import"}, goneOrg); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"hackney", "adur", "hammersmith-and-fulham"} {
		e.publish(slug, "Open data")
	}
	sig := publish(t, e.db, goneOrg, "Gone")
	if _, err := e.db.WithdrawSignature(ctx, model.Actor{Label: "test"}, sig.ID, "Merging.", nil); err != nil {
		t.Fatal(err)
	}
	adurID, hfID, mhclgID := e.org("adur").ID, e.org("hammersmith-and-fulham").ID, e.org("mhclg").ID

	admin := e.admin()
	r := admin.post("/funding/new", url.Values{"name": {""}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "name")
	r = admin.post("/funding/new", fundingRoundForm())
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/funding/") {
		t.Fatalf("create round: %d %s", r.Status, snippet(r.Body))
	}
	round := r.Location()

	lead := e.signIn("officer@hackney.gov.uk")
	adurAdmin := e.signInAs("admin@adur-worthing.gov.uk", model.RoleOrgAdmin)
	hfAdmin := e.signInAs("admin@lbhf.gov.uk", model.RoleOrgAdmin)
	mhclgAdmin := e.signInAs("admin@communities.gov.uk", model.RoleOrgAdmin)
	goneAdmin := e.signInAs("admin@gone.gov.uk", model.RoleOrgAdmin)
	wantStatus(t, e.newClient().get(round), http.StatusOK)

	// A bid over the cap is refused when saved? No: a draft may be anything; the rules
	// are checked before submission.
	r = lead.post(round+"/bids/new", bidForm("Shared repairs", "Research: 90000", adurID, hfID))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("draft: %d %s", r.Status, snippet(r.Body))
	}
	bid := r.Location()
	for _, addr := range []string{"admin@adur-worthing.gov.uk", "admin@lbhf.gov.uk"} {
		if m := e.lastEmail(addr); !strings.Contains(m.Body, bid) {
			t.Errorf("%s was not asked to confirm: %q", addr, m.Subject)
		}
	}
	page := lead.get(bid)
	wantBody(t, page, "Adur District Council has not confirmed yet")
	wantNoBody(t, page, "Submit bid")
	r = lead.post(bid+"/submit", url.Values{})
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "has not confirmed yet")
	wantStatus(t, mhclgAdmin.post(bid+"/confirm", url.Values{"organisation": {strconv.FormatInt(adurID, 10)}}), http.StatusForbidden)
	wantStatus(t, lead.get(bid+"/assess"), http.StatusForbidden)
	wantStatus(t, e.newClient().get(bid), http.StatusNotFound) // not published
	wantRedirect(t, adurAdmin.post(bid+"/confirm", url.Values{"organisation": {strconv.FormatInt(adurID, 10)}}), bid)
	wantRedirect(t, hfAdmin.post(bid+"/confirm", url.Values{"organisation": {strconv.FormatInt(hfID, 10)}}), bid)
	wantBody(t, lead.get(bid), "Your bid keeps every rule of the round.", "Submit bid")
	wantRedirect(t, lead.post(bid+"/submit", url.Values{}), bid)
	if m := e.lastEmail("officer@hackney.gov.uk"); !strings.Contains(m.Subject, "Shared repairs") {
		t.Errorf("receipt: %q", m.Subject)
	}
	wantStatus(t, lead.post(bid+"/submit", url.Values{}), http.StatusForbidden)
	wantStatus(t, lead.post(bid+"/edit", bidForm("Changed", "Research: 1", adurID, hfID)), http.StatusForbidden)

	// Crafted bids, each breaking one rule, each with its partners confirmed.
	draft := func(title, budget string, partners []int64, admins []*client) string {
		t.Helper()
		r := lead.post(round+"/bids/new", bidForm(title, budget, partners...))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("draft %s: %d %s", title, r.Status, snippet(r.Body))
		}
		for i, a := range admins {
			wantRedirect(t, a.post(r.Location()+"/confirm", url.Values{"organisation": {strconv.FormatInt(partners[i], 10)}}), r.Location())
		}
		return r.Location()
	}
	refused := func(path, message string) {
		t.Helper()
		r := lead.post(path+"/submit", url.Values{})
		wantStatus(t, r, http.StatusConflict)
		wantBody(t, r, esc(message))
	}
	refused(draft("Not signed", "Research: 1000", []int64{adurID, mhclgID}, []*client{adurAdmin, mhclgAdmin}),
		"Ministry of Housing, Communities and Local Government has not signed the Local Digital Declaration")
	refused(draft("Withdrawn", "Research: 1000", []int64{adurID, goneOrg.ID}, []*client{adurAdmin, goneAdmin}),
		"Gone Borough Council has withdrawn from the Local Digital Declaration")
	refused(draft("Over the cap", "Research: 60000\nBuild: 40001", []int64{adurID, hfID}, []*client{adurAdmin, hfAdmin}),
		"You ask for £100,001, more than the £100,000 a Discovery bid may ask for")
	second := draft("Second", "Research: 1000", []int64{adurID, hfID}, []*client{adurAdmin, hfAdmin})
	third := draft("Third", "Research: 1000", []int64{adurID, hfID}, []*client{adurAdmin, hfAdmin})
	late := draft("Late", "Research: 1000", []int64{adurID, hfID}, []*client{adurAdmin, hfAdmin})
	wantRedirect(t, lead.post(second+"/submit", url.Values{}), second)
	refused(third, "London Borough of Hackney already leads 2 submitted bids in this round")
	deadline := time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)
	e.clock.Advance(deadline.Sub(e.clock.Now()) + time.Second)
	refused(late, "The deadline has passed.")

	// Published, with the round's page, the open data and the feed.
	if _, err := e.db.PassFundingMoments(ctx, t0); err != nil {
		t.Fatal(err)
	}
	anon := e.newClient()
	wantBody(t, anon.get(bid), "Shared repairs", "£90,000")
	wantStatus(t, anon.get(third), http.StatusNotFound)
	wantBody(t, anon.get(round), "Shared repairs", "Second")
	api := anon.get("/api/v1/funding/bids")
	wantBody(t, api, `"title":"Shared repairs"`, `"title":"Second"`, `"outcome":null`)
	wantNoBody(t, api, "Third", "score", "comment", "officer@")
	wantBody(t, anon.get("/api/v1/funding/bids.csv"), "Shared repairs,discovery,London Borough of Hackney")
	wantBody(t, anon.get("/api/v1/funding/rounds"), `"name":"Local Digital Fund: round 9"`, `"closes_at":"2024-03-25T12:00:00Z"`)
	wantBody(t, anon.get("/api/v1/funding/rounds.csv"), "Strategic fit: 40; Deliverability: 30; Value for money: 30")
	wantBody(t, anon.get("/feeds/funding.atom"), "<title>Shared repairs</title>")

	// Assessment: an assessor from a partner cannot be assigned; a score of 6 is refused.
	for _, a := range []string{"admin@lbhf.gov.uk", "assessor@communities.gov.uk"} {
		if _, err := e.db.GrantRole(ctx, model.Actor{Label: "cli"}, a, model.RoleMember); err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, admin.post("/funding/assessors", url.Values{"email": {a}, "action": {"add"}}), "/funding/assessors")
	}
	r = admin.post(bid+"/assessors", url.Values{"assessor": {"admin@lbhf.gov.uk"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, "belongs to the lead or a partner organisation of this bid")
	wantRedirect(t, admin.post(bid+"/assessors", url.Values{"assessor": {"assessor@communities.gov.uk"}}), bid+"/moderation")
	assessor := e.signIn("assessor@communities.gov.uk")
	wantStatus(t, assessor.get(second+"/assess"), http.StatusForbidden)
	form := assessor.get(bid + "/assess")
	wantStatus(t, form, http.StatusOK)
	rd, _ := e.db.Rounds(ctx)
	full, _ := e.db.Round(ctx, rd[0].ID)
	scores := url.Values{}
	for _, c := range full.Criteria {
		id := strconv.FormatInt(c.ID, 10)
		scores.Set("score_"+id, "4")
		scores.Set("comment_"+id, "Clear and shared by many councils")
	}
	first := "score_" + strconv.FormatInt(full.Criteria[0].ID, 10)
	scores.Set(first, "6")
	r = assessor.post(bid+"/assess", scores)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, first)
	scores.Set(first, "5")
	wantRedirect(t, assessor.post(bid+"/assess", scores), "/funding/assessments")
	mod := admin.get(bid + "/moderation")
	wantBody(t, mod, "assessor@communities.gov.uk gave 5", "Clear and shared by many councils")
	wantNoBody(t, anon.get(bid), "Clear and shared by many councils")

	// The decision, the outcomes page and the open data.
	r = admin.post(bid+"/decision", url.Values{"outcome": {"funded"}, "amount": {"90001"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "amount")
	wantRedirect(t, admin.post(bid+"/decision", url.Values{"outcome": {"funded"}, "amount": {"85000"}}), bid+"/moderation")
	wantRedirect(t, admin.post(second+"/decision", url.Values{"outcome": {"not_funded"}}), second+"/moderation")
	wantNoBody(t, anon.get("/funding/outcomes"), "Shared repairs")
	wantNoBody(t, anon.get("/api/v1/funding/bids"), `"outcome":"funded"`)
	wantNoBody(t, anon.get(bid), "Awarded £85,000")
	wantRedirect(t, admin.post(round+"/outcomes", url.Values{}), round)
	if got := subjects(e.emailsTo("officer@hackney.gov.uk")); !strings.Contains(strings.Join(got, "|"), `The outcome of your bid "Shared repairs"`) {
		t.Errorf("no outcome email: %q", got)
	}
	for _, m := range e.emailsTo("officer@hackney.gov.uk") {
		if strings.Contains(m.Subject, `outcome of your bid "Shared repairs"`) && !strings.Contains(m.Body, "awarded £85,000") {
			t.Errorf("outcome email: %q", m.Body)
		}
	}
	wantStatus(t, admin.post(bid+"/decision", url.Values{"outcome": {"not_funded"}}), http.StatusConflict)
	wantBody(t, anon.get(bid), "Awarded £85,000")

	// The funded bid became a project, linked both ways; the other did not.
	m := regexp.MustCompile(`id="bid-project"><a class="govuk-link" href="(/projects/[0-9]+)"`).FindStringSubmatch(anon.get(bid).Body)
	if m == nil {
		t.Fatal("the funded bid links to no project")
	}
	wantNoBody(t, anon.get(second), `id="bid-project"`)
	project := anon.get(m[1])
	wantStatus(t, project, http.StatusOK)
	wantBody(t, project, `id="from-bid"><a class="govuk-link" href="`+bid+`"`, "Shared repairs", "Discovery")
	out := anon.get("/funding/outcomes")
	wantBody(t, out, "Shared repairs", "£85,000", `id="sum">£85,000`)
	wantNoBody(t, out, ">Second<")
	wantBody(t, anon.get("/api/v1/funding/bids"), `"outcome":"funded","awarded":85000`, `"outcome":"not_funded"`)

	// Questions: asked by anyone signed in, answered without the asker's name.
	wantRedirect(t, lead.post(round+"/questions", url.Values{"question": {"Can a county lead?"}}), round+"#questions")
	wantNoBody(t, anon.get(round), "Can a county lead?")
	qs, _ := e.db.Questions(ctx, full.ID, false)
	field := "answer-" + strconv.FormatInt(qs[0].ID, 10)
	wantRedirect(t, admin.post(round+"/questions/"+strconv.FormatInt(qs[0].ID, 10)+"/answer", url.Values{field: {"Yes, any signatory."}}), round+"#questions")
	wantBody(t, anon.get(round), "Can a county lead?", "Yes, any signatory.")
	wantNoBody(t, anon.get(round), "officer@hackney.gov.uk")
}
