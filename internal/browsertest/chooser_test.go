package browsertest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// pick types part of a name into the chooser's search box sel, as a person would, waits
// for accessible-autocomplete to suggest option and picks it with the mouse.
func (p *tab) pick(sel, typed, option string) {
	p.t.Helper()
	p.fill(sel, typed)
	menu := sel + ` + ul.autocomplete__menu li.autocomplete__option`
	found := chromedp.JSPath(`[...document.querySelectorAll(` + jsString(menu) + `)].find(el => el.innerText.trim().startsWith(` + jsString(option) + `))`)
	p.step("pick "+option, chromedp.WaitVisible(found), chromedp.Click(found, chromedp.NodeVisible))
}

// TestChooserWithJavaScript: where JavaScript runs, the organisation and service
// choosers of the resource and case study forms are accessible-autocompletes: typing
// part of a name suggests matches, picking one ticks it, and the published resource or
// case study is tagged with it. Without JavaScript the same forms search on the server
// (TestSharingJourney, and the web package's handler tests).
func TestChooserWithJavaScript(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for _, form := range []struct {
		name, path, h1 string
		fill           func(p *tab)
		submit, title  string
	}{
		{"resource", "/resources/new", "Share a resource", func(p *tab) {
			p.step("choose the type", clickLabel("Service pattern"))
			p.fill("#title", binTitle)
			p.fill("#summary", binSummary)
			p.step("choose a principle", clickLabel(locale.English.Msg(model.NumberedPrinciple(1))))
			p.fill("#link", "https://github.com/hackney/missed-bins")
		}, "#publish", binTitle},
		{"case study", "/case-studies/new", "Write a case study", func(p *tab) {
			for _, f := range [][2]string{{"title", "Missed bins, reported online"}, {"summary", "How we cut calls about missed bins."},
				{"problem", "Calls about missed bins."}, {"approach", "We built a form."}, {"outcomes", "Fewer calls."},
				{"lessons", "Test with residents."}} {
				p.fill("#"+f[0], f[1])
			}
			p.step("choose a principle", clickLabel(locale.English.Msg(model.NumberedPrinciple(1))))
		}, `button.govuk-button[value="save"]`, "Missed bins, reported online"},
	} {
		t.Run(form.name, func(t *testing.T) {
			t.Parallel()
			e := newSharingEnv(t, b)
			e.publish("adur", "Adur open planning data")
			officer := e.newTab(t, "the Hackney officer", true)
			e.signIn(officer, hackneyOfficer)
			officer.wantPage(officer.open(form.path), http.StatusOK, form.h1)
			officer.wantScripts()
			if n := officer.count(".autocomplete__wrapper"); n != 2 {
				t.Fatalf("%d autocompletes on the form, want 2 (services and organisations)", n)
			}
			form.fill(officer)

			officer.pick("#services", "bulky", "Bulky waste collection")
			officer.pick("#organisations", "adu", "Adur District Council")
			adur := strconv.FormatInt(e.org("adur").ID, 10)
			for _, sel := range []string{"#service-1120", "#organisation-" + adur} {
				if !officer.checked(sel) {
					t.Errorf("after picking, %s is not ticked", sel)
				}
			}
			if got := officer.value("#services"); got != "" {
				t.Errorf("after picking, the search box shows %q, want it empty for the next", got)
			}
			officer.wantNoText("#service-choices", "Household waste collection")

			officer.wantPage(officer.click(form.submit), http.StatusOK, form.title,
				"Bulky waste collection", "Adur District Council")
		})
	}
}
