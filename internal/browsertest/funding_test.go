package browsertest

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/localdigital/localdigital/internal/model"
)

const fundingRoundName = "Local Digital Fund: round 9"

var fundingBidLinkRE = regexp.MustCompile(`https?://\S+/funding/\d+/bids/\d+`)

// TestFundingJourney runs a funding round in a real browser, with JavaScript on and off:
// Hackney's officer drafts a bid with Adur and Hammersmith & Fulham as partners (chosen
// with the organisation chooser), both partners' admins confirm it from their email, the
// officer submits it; after the deadline the platform team makes an assessor and assigns
// them, the assessor scores it, the team funds it and publishes the outcomes, and the bid
// appears on the outcomes page. With JavaScript on, axe-core checks every funding page on
// the way.
func TestFundingJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var a *auditor
			if js {
				a = &auditor{t: t, axe: loadAxe(t)}
			}
			check := func(p *tab, page string) {
				if a != nil {
					a.check(p, page)
				}
			}
			e := newEnv(t, b)
			for _, slug := range []string{"hackney", "adur", "hammersmith-and-fulham"} {
				e.publish(slug, "Open data")
			}
			e.grant("admin@adur-worthing.gov.uk", model.RoleOrgAdmin)
			e.grant("admin@lbhf.gov.uk", model.RoleOrgAdmin)
			e.grant("team@communities.gov.uk", model.RolePlatformAdmin)
			now := e.db.Now()
			round := &model.FundingRound{Name: fundingRoundName, Prospectus: "Bids for **common** problems.",
				OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(48 * time.Hour), DecisionsAt: now.Add(30 * 24 * time.Hour),
				Caps:        map[string]int{model.PhaseDiscovery: 100000, model.PhaseAlpha: 180000, model.PhaseBeta: 350000},
				MinPartners: 2, MaxLeadBids: 2,
				Criteria: []model.Criterion{{Name: "Strategic fit", Weight: 60, Position: 1}, {Name: "Value for money", Weight: 40, Position: 2}}}
			if err := e.db.SaveRound(context.Background(), model.Actor{Label: "set-up"}, round); err != nil {
				t.Fatal(err)
			}
			round, _ = e.db.Round(context.Background(), round.ID)

			team := e.newTab(t, "the platform team", js)
			e.signIn(team, "team@communities.gov.uk")
			if a != nil {
				a.visit(team, "new round", "/funding/new", http.StatusOK, "Create a funding round")
				team.wantPage(team.clickText("Save round"), http.StatusBadRequest, "Create a funding round", "There is a problem")
				a.check(team, "new round with errors")
				a.visit(team, "change round", "/funding/"+strconv.FormatInt(round.ID, 10)+"/edit", http.StatusOK, "Change the funding round")
			}

			officer := e.newTab(t, "Hackney's officer", js)
			e.signIn(officer, "officer@hackney.gov.uk")
			officer.wantPage(officer.open("/funding"), http.StatusOK, "Funding rounds", fundingRoundName)
			check(officer, "funding rounds")
			officer.wantPage(officer.clickText(fundingRoundName), http.StatusOK, fundingRoundName, "Who can bid", "£100,000")
			check(officer, "round")
			officer.wantPage(officer.clickText("Start an application"), http.StatusOK, "Start a bid")
			officer.wantPage(officer.click(`button.govuk-button[value="save"]`), http.StatusBadRequest, "Start a bid", "Enter a title")
			check(officer, "bid form with errors")
			officer.fillAll([][2]string{{"title", "Shared repairs reporting"}, {"problem", "Repairs are chased by phone."},
				{"users", "Council tenants"}, {"reuse", "User research and a service pattern"},
				{"budget", "User research: 50000\nPrototype: 35000"}, {"team", "Two researchers and a designer"},
				{"timeline", "Eight weeks from May"}})
			officer.step("choose the phase", clickLabel("Discovery"))
			if js {
				officer.pick("#organisations", "adu", "Adur District Council")
				officer.pick("#organisations", "hammer", "London Borough of Hammersmith & Fulham")
			} else {
				typed := ""
				for _, o := range [][2]string{{"adur", "Adur District Council"}, {"hammersmith", "London Borough of Hammersmith & Fulham"}} {
					// The search box keeps what was typed last: rub it out, as a person would.
					officer.fill("#organisations", kb.End+strings.Repeat(kb.Backspace, len(typed))+o[0])
					typed = o[0]
					officer.wantPage(officer.clickText("Find organisations"), http.StatusOK, "Start a bid", o[1])
					officer.step("tick "+o[1], clickLabel(o[1]))
				}
			}
			officer.wantPage(officer.click(`button.govuk-button[value="save"]`), http.StatusOK, "Shared repairs reporting", "Your draft has been saved",
				"Adur District Council has not confirmed yet", "£85,000")
			officer.wantNoText("main", "Submit bid")
			check(officer, "draft bid, lead")
			bid := officer.location()

			var partnerLink string
			msgs, _ := e.db.ListOutbox(context.Background(), 100)
			for _, m := range msgs {
				if m.Email.To == "admin@adur-worthing.gov.uk" {
					partnerLink = fundingBidLinkRE.FindString(m.Email.Body) // the email asking Adur to confirm
				}
			}
			if partnerLink != bidURL(e, bid) {
				t.Fatalf("Adur's admin was sent %q, want the bid %s", partnerLink, bid)
			}
			for _, p := range []struct{ email, org string }{{"admin@adur-worthing.gov.uk", "Adur District Council"},
				{"admin@lbhf.gov.uk", "London Borough of Hammersmith & Fulham"}} {
				partner := e.newTab(t, p.org, js)
				e.signIn(partner, p.email)
				partner.wantPage(partner.open(partnerLink), http.StatusOK, "Shared repairs reporting")
				check(partner, "draft bid, partner "+p.org)
				partner.wantPage(partner.clickText("Confirm "+p.org+" as a partner"), http.StatusOK, "Shared repairs reporting",
					"You have confirmed your organisation as a partner")
			}

			officer.wantPage(officer.open(bid), http.StatusOK, "Shared repairs reporting", "Your bid keeps every rule of the round.")
			check(officer, "bid ready to submit")
			officer.wantPage(officer.clickText("Submit bid"), http.StatusOK, "Shared repairs reporting", "Your bid has been submitted")
			officer.wantNoText("main", "Change your draft")

			e.advance(49 * time.Hour) // the deadline has passed: the bid is published
			assessor := e.newTab(t, "the assessor", js)
			e.signIn(assessor, "assessor@communities.gov.uk")
			team.wantPage(team.open("/funding/assessors"), http.StatusOK, "Assessors")
			team.fill("#email", "assessor@communities.gov.uk")
			team.wantPage(team.clickText("Make assessor"), http.StatusOK, "Assessors", "The assessors have been updated", "assessor@communities.gov.uk")
			check(team, "assessors")
			team.wantPage(team.open(bid+"/moderation"), http.StatusOK, "Assessment and decision", "No assessor has been assigned.")
			team.fill("#assessor", "assessor@communities.gov.uk")
			team.wantPage(team.clickText("Assign"), http.StatusOK, "Assessment and decision", "The assessor has been assigned")

			assessor.wantPage(assessor.open("/funding/assessments"), http.StatusOK, "Bids to assess", "Shared repairs reporting")
			check(assessor, "bids to assess")
			assessor.wantPage(assessor.clickText("Shared repairs reporting"), http.StatusOK, "Score this bid")
			check(assessor, "score form")
			for i, c := range round.Criteria {
				id := strconv.FormatInt(c.ID, 10)
				radio := "score_" + id + "-" + strconv.Itoa(4-i) // the radios are numbered 0 to 5 from score_ID
				assessor.step("score "+c.Name, chromedp.Click(chromedp.CSS(`label[for="`+radio+`"]`), chromedp.NodeVisible))
				assessor.fill("#comment_"+id, "A problem many councils share.")
			}
			assessor.wantPage(assessor.clickText("Save scores"), http.StatusOK, "Bids to assess", "Your scores have been saved")

			team.wantPage(team.open(bid+"/moderation"), http.StatusOK, "Assessment and decision",
				"assessor@communities.gov.uk gave 4", "assessor@communities.gov.uk gave 3")
			check(team, "moderation")
			team.step("choose funded", clickLabel("Funded"))
			team.fill("#amount", "80000")
			team.wantPage(team.clickText("Record decision"), http.StatusOK, "Assessment and decision", "The decision has been recorded")
			team.wantPage(team.open("/funding/"+strconv.FormatInt(round.ID, 10)), http.StatusOK, fundingRoundName, "Shared repairs reporting")
			team.wantPage(team.clickText("Publish outcomes"), http.StatusOK, fundingRoundName, "The outcomes have been published")

			anon := e.newTab(t, "someone not signed in", js)
			anon.wantPage(anon.open("/funding/outcomes"), http.StatusOK, "Funding outcomes", "Shared repairs reporting",
				"London Borough of Hackney", "£80,000")
			check(anon, "outcomes")
			anon.wantPage(anon.clickText("Shared repairs reporting"), http.StatusOK, "Shared repairs reporting", "Awarded £80,000", "Funded")
			anon.wantNoText("main", "A problem many councils share.")
			check(anon, "funded bid, public")
		})
	}
}

func bidURL(e *env, path string) string { return e.srv.URL + path }
