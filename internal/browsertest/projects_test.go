package browsertest

import (
	"context"
	"net/http"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// TestProjectJourney works on a project together in a real browser, with JavaScript on
// and off: Hackney's officer adds a project (after the form's problems), Adur's asks to
// join, Hackney's approves, and Adur's posts an update. With JavaScript on, axe-core
// checks each page of projects on the way: the form empty and with errors, the list, the
// project as its lead, an outsider and a partner see it, and the form to change it.
func TestProjectJourney(t *testing.T) {
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
			audit := func(p *tab, name string) {
				if js {
					a.check(p, name)
				}
			}
			if js {
				a = &auditor{t: t, axe: loadAxe(t)}
			}
			e := newEnv(t, b)
			if _, err := e.db.ImportServices(context.Background(), model.Actor{Label: "import"}, []model.Service{
				{Code: 524, Label: "Household waste collection"}, {Code: 1120, Label: "Bulky waste collection"},
			}); err != nil {
				t.Fatal(err)
			}
			lead := e.newTab(t, "the Hackney officer", js)
			e.signIn(lead, "officer@hackney.gov.uk")
			lead.wantPage(lead.open("/projects/new"), http.StatusOK, "Add a project")
			audit(lead, "new project")
			lead.wantPage(lead.click(`button.govuk-button[value="save"]`), http.StatusBadRequest, "Add a project",
				"There is a problem", "Enter the title of the project", "Select the phase of the project")
			audit(lead, "new project with errors")

			lead.fillAll([][2]string{{"title", "Missed bins, reported online"}, {"summary", "A shared way to report a missed bin."},
				{"problem", "Residents phone to chase missed bins."}, {"users", "Residents and collection crews."},
				{"starts-day", "1"}, {"starts-month", "4"}, {"starts-year", "2027"},
				{"ends-day", "31"}, {"ends-month", "3"}, {"ends-year", "2028"}})
			lead.step("choose phase, help and funding", clickLabel("Discovery"), clickLabel("Seeking partners"),
				clickLabel("Not known yet"), clickLabel(locale.English.Msg(model.NumberedPrinciple(1))))
			if js {
				lead.pick("#services", "house", "Household waste collection")
			} else {
				lead.fill("#services", "waste")
				lead.wantPage(lead.clickText("Search services"), http.StatusOK, "Add a project")
				lead.step("tick the service", clickLabel("Household waste collection"))
			}
			lead.wantPage(lead.click(`button.govuk-button[value="save"]`), http.StatusOK, "Missed bins, reported online",
				"Project added", "Household waste collection", "Discovery", "Seeking partners")
			path := lead.location()
			audit(lead, "project, lead")

			adur := e.newTab(t, "the Adur officer", js)
			e.signIn(adur, "officer@adur-worthing.gov.uk")
			adur.wantPage(adur.open("/projects"), http.StatusOK, "Projects", "Missed bins, reported online", "Projects by phase")
			audit(adur, "projects")
			adur.wantPage(adur.open(path), http.StatusOK, "Missed bins, reported online", "Ask to join as a partner")
			audit(adur, "project, outsider")
			adur.fill("#message", "We are starting the same work in Adur and Worthing.")
			adur.wantPage(adur.clickText("Ask to join"), http.StatusOK, "Missed bins, reported online", "Your request to join has been sent")

			lead.wantPage(lead.open(path), http.StatusOK, "Missed bins, reported online", "Requests to join",
				"We are starting the same work in Adur and Worthing.")
			audit(lead, "project, a request to join")
			lead.wantPage(lead.clickText("Approve Adur District Council"), http.StatusOK, "Missed bins, reported online",
				"Request approved", "with Adur District Council")

			adur.wantPage(adur.open(path), http.StatusOK, "Missed bins, reported online", "Post an update")
			adur.fill("#body", "We **tested** the form with 12 residents.")
			adur.wantPage(adur.clickText("Post update"), http.StatusOK, "Missed bins, reported online", "Update posted",
				"We tested the form with 12 residents.", "Adur District Council, ")
			audit(adur, "project, partner with an update")
			if js {
				lead.wantPage(lead.open(path+"/edit"), http.StatusOK, "Change the project")
				audit(lead, "change project")
				t.Logf("axe-core checked %d pages", len(a.checked))
			}
		})
	}
}
