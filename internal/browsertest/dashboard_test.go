package browsertest

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/localdigital/localdigital/internal/model"
)

// pdfPage is a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printedPages prints the tab's page as the browser would on paper (the page size its
// print stylesheet asks for) and counts the pages.
func (p *tab) printedPages() int {
	p.t.Helper()
	var pdf []byte
	css := true
	p.step("print", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
		pdf = res.Data
		return err
	}))
	return len(pdfPage.FindAll(pdf, -1))
}

// TestDashboardJourney, with JavaScript on and off: a member sets a marker (a bad address
// first), the platform team confirms it, and the public dashboard shows the figures in
// its tables, and the organisation's briefing prints on one page; axe-core checks each
// new page on the way.
func TestDashboardJourney(t *testing.T) {
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
			check := func(p *tab, name string) { // axe-core needs scripts to run
				if js {
					a.check(p, name)
				}
			}
			e := newEnv(t, b)
			e.publish("adur", "Adur open planning data")
			e.publish("hackney", "Fix the bins")

			sam := e.newTab(t, "Sam", js)
			e.signIn(sam, "sam@hackney.gov.uk")
			sam.wantPage(sam.open("/organisations/hackney"), http.StatusOK, "London Borough of Hackney", "Markers of progress", "Not given")
			sam.wantPage(sam.clickText("Update your organisation’s markers"), http.StatusOK, "Your organisation’s markers")
			check(sam, "markers")
			sam.wantPage(sam.click(`a[href="/organisations/hackney/markers?marker=digital_strategy"]`), http.StatusOK, "Published digital strategy")
			sam.fill("#url", "hackney.gov.uk/digital")
			sam.wantPage(sam.clickText("Save marker"), http.StatusBadRequest, "Published digital strategy",
				"Enter an address starting with http:// or https://")
			check(sam, "marker form with an error")
			sam.fill("#url", "https://hackney.gov.uk/digital")
			sam.wantPage(sam.clickText("Save marker"), http.StatusOK, "London Borough of Hackney", "The marker has been updated",
				"Published, waiting for the Local Digital team to check it")
			check(sam, "organisation page with markers")

			e.grant("team@localdigital.gov.uk", model.RolePlatformAdmin)
			team := e.newTab(t, "the platform team", js)
			e.signIn(team, "team@localdigital.gov.uk")
			team.wantPage(team.open("/admin/markers"), http.StatusOK, "Digital strategies to check", "London Borough of Hackney", "https://hackney.gov.uk/digital")
			check(team, "strategies to check")
			team.wantPage(team.click("#strategies button"), http.StatusOK, "Digital strategies to check", "The digital strategy has been confirmed",
				"There are no strategies to check.")

			if _, err := e.db.ImportMarketplace(t.Context(), model.Actor{Label: "import"}, []model.Opportunity{{ID: "1", Title: "Discovery",
				BuyerName: "Nowhere Housing Trust", BuyerDomain: "nowhere.example.org", PublishedAt: e.db.Now()}}); err != nil {
				t.Fatal(err)
			}
			team.wantPage(team.open("/admin/marketplace"), http.StatusOK, "Digital Marketplace buyers to match", "Nowhere Housing Trust")
			check(team, "buyers to match")
			team.wantPage(team.click("#buyers a"), http.StatusOK, "Nowhere Housing Trust", "None: ignore this buyer")
			team.wantPage(team.clickText("Save"), http.StatusBadRequest, "Nowhere Housing Trust", "Select the organisation, or ignore the buyer")
			check(team, "buyer with an error")
			team.step("ignore the buyer", clickLabel("None: ignore this buyer"))
			team.wantPage(team.clickText("Save"), http.StatusOK, "Digital Marketplace buyers to match", "Your decision has been saved",
				"There are no buyers to match.")

			anon := e.newTab(t, "a visitor", js)
			anon.wantPage(anon.open("/dashboard"), http.StatusOK, "How the Declaration is doing", "2 organisations have signed",
				"Sign-ups", "Training", "Markers of progress")
			anon.wantText("#sign-ups-by-type table", "London borough", "Non-metropolitan district", "1")
			anon.wantText("#councils-by-nation table", "England", "2", "3") // the test's three English councils
			anon.wantText("#markers table", "Published digital strategy", "On signing", "Now")
			if got := anon.text("#markers tbody tr:nth-child(2)"); got != "Published digital strategy\t1\t1" && got != "Published digital strategy 1 1" {
				t.Errorf("the strategies row reads %q", got)
			}
			check(anon, "dashboard")
			anon.wantPage(anon.open("/organisations/hackney/briefing"), http.StatusOK, "Local Digital briefing: London Borough of Hackney",
				"How it compares with organisations of its type", "1 of 1 meet it")
			check(anon, "briefing")
			if n := anon.printedPages(); n != 1 {
				t.Errorf("the briefing prints on %d pages of A4, want 1", n)
			}
		})
	}
}
