package browsertest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCommitmentJourney checks in on a commitment and assesses the organisation against
// the principles in a real browser, with JavaScript on and off: a member of Hackney sends
// a check-in with a bad link and a future date, mends it, sees it on the timeline, then a
// self-assessment, first empty, then whole; the register filters by the commitment's
// status. With JavaScript on, axe-core checks each new page in each state.
func TestCommitmentJourney(t *testing.T) {
	t.Parallel()
	axe := loadAxe(t)
	b := newBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := &auditor{t: t, axe: axe}
			check := func(p *tab, page string) {
				if js {
					a.check(p, page)
				}
			}
			e := newEnv(t, b)
			e.publish("hackney", "Open housing repairs data")
			ann := e.newTab(t, "Ann", js)
			e.signIn(ann, "ann@hackney.gov.uk")
			ann.wantPage(ann.open("/organisations/hackney"), http.StatusOK, "London Borough of Hackney", "How the commitment is going", "On track")
			ann.wantScripts()

			ann.wantPage(ann.clickText("Check in on the commitment"), http.StatusOK, "Check in on your commitment", "Open housing repairs data")
			check(ann, "check-in form")
			ann.step("say it is at risk", clickLabel("At risk"))
			ann.fillAll([][2]string{{"what_happened", "Hosting is **slipping**."}, {"evidence", "javascript:alert(1)"}})
			ann.step("date it in the future", chromedp.Clear(chromedp.CSS("#as_of-year")))
			ann.fill("#as_of-year", "2099")
			ann.wantPage(ann.clickText("Save check-in"), http.StatusBadRequest, "Check in on your commitment", "There is a problem",
				"Line 1 of the evidence is not a web address", "The date must be today or in the past")
			check(ann, "check-in with errors")
			if v := ann.value("#what_happened"); v != "Hosting is **slipping**." {
				t.Errorf("what happened shows %q, want it as typed", v)
			}
			ann.step("mend the link and the date", chromedp.Clear(chromedp.CSS("#evidence")), chromedp.Clear(chromedp.CSS("#as_of-year")))
			ann.fill("#evidence", "https://example.org/blog")
			ann.fill("#as_of-year", strconv.Itoa(e.db.Now().Year()))
			ann.wantPage(ann.clickText("Save check-in"), http.StatusOK, "London Borough of Hackney", "Your check-in has been saved",
				"At risk", "Hosting is slipping.", "https://example.org/blog")
			check(ann, "organisation with a check-in")

			ann.wantPage(ann.clickText("Assess against the principles"), http.StatusOK, "Assess your organisation against the five principles",
				"Level 4", "We rarely share our work, plans or code with others.")
			check(ann, "self-assessment form")
			ann.wantPage(ann.clickText("Save self-assessment"), http.StatusBadRequest, "Assess your organisation against the five principles",
				"There is a problem", "Select a level for")
			check(ann, "self-assessment with errors")
			for n := 1; n <= 5; n++ {
				ann.step("choose level 3 for principle "+strconv.Itoa(n), chromedp.Click(chromedp.CSS(`label[for="level-`+strconv.Itoa(n)+`-2"]`), chromedp.NodeVisible))
				ann.fill("#evidence-"+strconv.Itoa(n), "Our service assessments show it.")
			}
			ann.wantPage(ann.clickText("Save self-assessment"), http.StatusOK, "London Borough of Hackney", "Your self-assessment has been saved",
				"Self-assessment against the principles", "Level 3", "Our service assessments show it.")
			check(ann, "organisation with a self-assessment")

			anon := e.newTab(t, "someone not signed in", js)
			anon.wantPage(anon.open("/signatories?commitment_status=at_risk"), http.StatusOK, "Signatories", "London Borough of Hackney", "At risk")
			check(anon, "signatories by commitment status")
			anon.wantPage(anon.open("/signatories?commitment_status=overdue"), http.StatusOK, "Signatories")
			anon.wantNoText("main", "London Borough of Hackney")
		})
	}
}
