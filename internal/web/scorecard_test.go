package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// TestScorecardAndBriefing: a signatory's page compares its markers and self-assessment
// with the signatories of its type; its briefing, open to anyone, is one short page
// whose print stylesheet leaves the navigation off the paper.
func TestScorecardAndBriefing(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Fix the bins")
	e.publish("hammersmith-and-fulham", "Open planning data") // a London borough too
	e.publish("adur", "Digital forms")                        // another type: not counted
	ctx := context.Background()
	for slug, state := range map[string]string{"hackney": model.CyberComplete, "hammersmith-and-fulham": model.CyberInProgress, "adur": model.CyberComplete} {
		m := &model.Marker{OrganisationID: e.org(slug).ID, Kind: model.MarkerCyber, Value: state, AsOf: model.Day(e.clock.Now())}
		if err := e.db.SetMarker(ctx, model.Actor{Label: "test"}, m); err != nil {
			t.Fatal(err)
		}
	}
	for slug, level := range map[string]int{"hackney": 4, "hammersmith-and-fulham": 1} {
		a := &model.SelfAssessment{AsOf: model.Day(e.clock.Now()), Language: "en"}
		a.Year, a.Quarter = model.QuarterOf(a.AsOf)
		for p := 1; p <= 5; p++ {
			a.Levels = append(a.Levels, model.PrincipleLevel{Principle: p, Level: level, Evidence: "Evidence."})
		}
		if err := e.db.SelfAssess(ctx, model.Actor{Label: "test"}, e.org(slug).ID, a); err != nil {
			t.Fatal(err)
		}
	}
	anon := e.newClient()
	page := anon.get("/organisations/hackney")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, `id="scorecard"`, "Compared with the 2 organisations of its type (London borough)",
		"1 of 2 meet it", "Median level 2.5, of the 2 that assessed themselves", `href="/organisations/hackney/briefing"`)
	wantNoBody(t, anon.get("/organisations/mhclg"), `id="scorecard"`) // it has not signed

	b := anon.get("/organisations/hackney/briefing")
	wantStatus(t, b, http.StatusOK)
	css := regexp.MustCompile(`<link rel="stylesheet" media="print" href="(/static/[0-9a-f]+/print\.css)">`).FindStringSubmatch(b.Body)
	if css == nil {
		t.Fatalf("the briefing links no print stylesheet:\n%s", snippet(b.Body))
	}
	wantBody(t, b, "Local Digital briefing: London Borough of Hackney", "For the chief executive and the leader. Prepared on",
		"It committed to deliver “Fix the bins” by", "Its status: On track", "1 of 2 meet it", "Median level 2.5",
		"From the Local Digital Declaration website: "+baseURL+"/organisations/hackney")
	// The stylesheet leaves off the paper every part of the layout around the content.
	sheet := anon.get(css[1]).Body
	for _, class := range []string{"govuk-template__header", "govuk-service-navigation", "govuk-breadcrumbs", "govuk-back-link",
		"ld-language-toggle", "govuk-template__footer", "govuk-phase-banner", "govuk-skip-link", "ld-no-print"} {
		if !regexp.MustCompile(`class="([^"]* )?`+class+`[ "]`).MatchString(b.Body) && class != "govuk-breadcrumbs" {
			t.Errorf("the briefing has no %s: the check below means nothing", class)
		}
		if !strings.Contains(sheet, "."+class) {
			t.Errorf("print.css does not hide .%s", class)
		}
	}
	if !strings.Contains(sheet, "size: A4") || !strings.Contains(sheet, "display: none") {
		t.Errorf("print.css:\n%s", sheet)
	}
	// One sheet of A4: the printed content is short (the layout around it is not printed).
	main := b.Body[strings.Index(b.Body, `id="briefing"`):]
	main = main[:strings.Index(main, "</main>")]
	if words := len(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(main, " "))); words > 330 {
		t.Errorf("the briefing has %d words: too many for one page", words)
	}
	if n := strings.Count(main, "<tr"); n > 12 {
		t.Errorf("the briefing has %d table rows: too many for one page", n)
	}

	wantBody(t, anon.get("/organisations/mhclg/briefing"), "has not signed the Local Digital Declaration yet")
	wantStatus(t, anon.get("/organisations/nowhere/briefing"), http.StatusNotFound)
	wantBody(t, anon.get("/cy/organisations/hackney/briefing"), "Briff Digidol Lleol", "1 o 2 yn ei gyrraedd")
}
