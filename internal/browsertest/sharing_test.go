package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/web"
)

// The people of the sharing tests: officers of two signatory councils, and the platform
// team.
const (
	hackneyOfficer     = "officer@hackney.gov.uk"
	hammersmithOfficer = "officer@lbhf.gov.uk"
	platformTeam       = "platform.team@localdigital.gov.uk"
)

// The resource the Hackney officer publishes, by field.
const (
	binTitle   = "Reporting a missed bin collection: service pattern"
	binSummary = "How residents report a missed bin online and see when it will be collected, with the screens, the content and what we learned from testing with residents."
	binHow     = "We reuse the pattern for garden waste collections."
	binPDF     = "missed-bin-pattern.pdf"
)

// newSharingEnv is a platform for the resources library and case studies: the services
// list loaded, Hackney and Hammersmith & Fulham signed, Adur not, and uploaded files kept
// in a folder of the test's own. The env's server is replaced by one that keeps files
// there, so that nothing is written under the package's folder.
func newSharingEnv(t *testing.T, b *browser) *env {
	t.Helper()
	e := newEnv(t, b)
	dir := t.TempDir()
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := web.New(e.db, logger, web.Options{BaseURL: srv.URL, FilesDir: dir})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	h = s
	e.srv = srv

	if _, err := e.db.ImportServices(context.Background(), model.Actor{Label: "import"}, []model.Service{
		{Code: 524, Label: "Household waste collection"},
		{Code: 1120, Label: "Bulky waste collection"},
		{Code: 372, Label: "Abandoned vehicles"},
		{Code: 57, Label: "Council tax annual notification"},
	}); err != nil {
		t.Fatalf("ImportServices: %v", err)
	}
	e.publish("hackney", "Open housing repairs data")
	e.publish("hammersmith-and-fulham", "Shared parking permits")
	e.chart = addChartImage(t, e, dir)
	return e
}

// writePDF writes a small, valid one-page PDF saying text into the test's temporary
// folder and returns its path.
func writePDF(t testing.TB, name, text string) string {
	t.Helper()
	content := fmt.Sprintf("BT /F1 24 Tf 72 760 Td (%s) Tj ET", text)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// chooseFile sets the file input sel to the file at path, as a person choosing it does.
func (p *tab) chooseFile(sel, path string) {
	p.t.Helper()
	p.step("choose "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path}, chromedp.NodeVisible))
}

// checked reports whether the checkbox or radio sel is ticked.
func (p *tab) checked(sel string) bool {
	p.t.Helper()
	return eval[bool](p, `(() => { const el = document.querySelector(`+jsString(sel)+`); return !!el && el.checked })()`)
}

// count is the number of elements matching sel.
func (p *tab) count(sel string) int {
	p.t.Helper()
	return eval[int](p, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// publishBinPattern has the tab, signed in as a member of a signatory organisation, fill
// in the publishing form from the library, tag a service found with the form's search
// button, choose the PDF last and publish. It returns the new resource's path.
func publishBinPattern(p *tab, pdfPath string) string {
	p.t.Helper()
	p.wantPage(p.open("/resources"), http.StatusOK, "Resources")
	p.wantPage(p.clickText("Share a resource"), http.StatusOK, "Share a resource", "London Borough of Hackney")
	p.step("choose the type", clickLabel("Service pattern"))
	p.fill("#title", binTitle)
	p.fill("#summary", binSummary)
	p.step("choose principles", clickLabel(locale.English.Msg(model.NumberedPrinciple(1))), clickLabel(locale.English.Msg(model.NumberedPrinciple(3))))
	p.step("choose the licence", clickLabel("MIT License"))

	// Tagging a service: search, then tick a match. Without JavaScript the search button
	// sends the form back with the matches as checkboxes and what was typed kept.
	p.fill("#services", "waste")
	p.wantPage(p.clickText("Search services"), http.StatusOK, "Share a resource")
	p.wantText("#service-choices", "Household waste collection", "LGSL 524", "Bulky waste collection")
	p.wantNoText("#service-choices", "Abandoned vehicles")
	if got := p.value("#title"); got != binTitle {
		p.t.Errorf("after the service search the title is %q, want %q", got, binTitle)
	}
	for _, sel := range []string{"#type-2", "#principles", "#principles-2", "#licence-2"} {
		if !p.checked(sel) {
			p.t.Errorf("after the service search %s is not ticked any more", sel)
		}
	}
	p.step("tick the service", clickLabel("Household waste collection"))

	// The file last: the searches above would clear it.
	p.chooseFile("#file", pdfPath)
	p.shot("resource-new-form")
	p.wantPage(p.click("#publish"), http.StatusOK, binTitle, "Your resource has been published",
		binSummary, "London Borough of Hackney", "MIT License", "Household waste collection",
		"Redesign services around the needs of the people using them")
	loc := p.location()
	if !strings.HasPrefix(loc, "/resources/") {
		p.t.Fatalf("after publishing the officer is at %s, want a resource page", loc)
	}
	return loc
}

// TestSharingJourney is the newcomer's journey through sharing and learning, in a real
// browser with JavaScript on and off: a Hackney officer publishes a resource with a PDF,
// tagging a service through the no-JavaScript search; anyone finds it by searching the
// library; an officer at Hammersmith & Fulham says "we use this", and the resource and
// the council's page show it; then someone reads a case study whose Markdown has a list,
// a table, a link, an image and script that must not run.
func TestSharingJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sharingJourney(t, newSharingEnv(t, b), js)
		})
	}
}

func sharingJourney(t *testing.T, e *env, js bool) {
	// Another resource, so that searching has something to leave out.
	other := publishByStore(e, &model.Resource{Type: "business_case", Title: "Business case for shared parking permits",
		Summary: "The business case two boroughs wrote for one parking permit service.", Link: "https://github.com/lbhf/parking-permits",
		Licence: "OGL-UK-3.0", Principles: []int{2}, Organisations: []model.OrgRef{{ID: e.org("hammersmith-and-fulham").ID}}})

	// 1. A Hackney officer publishes a resource with a file.
	officer := e.newTab(t, "the Hackney officer", js)
	e.signIn(officer, hackneyOfficer)
	pdfPath := writePDF(t, binPDF, "Missed bin service pattern")
	path := publishBinPattern(officer, pdfPath)
	officer.wantScripts()
	officer.wantText("#files", "Files")
	officer.wantText("main table", binPDF, "PDF", "1")
	officer.wantText("#use-count", "0")
	href := eval[string](officer, `document.querySelector('main table a[download]').getAttribute('href')`)
	if !strings.HasPrefix(href, path+"/files/") {
		t.Errorf("the file links to %q, want a download under %s/files/", href, path)
	}
	wantDownload(t, e.srv.URL+href, pdfPath)

	// 2. Someone not signed in finds it by searching the library for a word of its title.
	public := e.newTab(t, "a member of the public", js)
	public.wantPage(public.open("/resources"), http.StatusOK, "Resources", "2 resources")
	public.fill("#q", "missed")
	public.wantPage(public.clickText("Apply"), http.StatusOK, "Resources", "1 resource", binTitle, "Not yet reused",
		"By London Borough of Hackney")
	public.wantNoText("#resources", other.Title)
	if loc := public.location(); !strings.Contains(loc, "q=missed") {
		t.Errorf("the search is at %s, want q=missed in the address", loc)
	}
	public.wantPage(public.clickText(binTitle), http.StatusOK, binTitle, binPDF, "Sign in to say your organisation uses this")
	public.wantPath(path)
	public.wantText("#use-count", "0")

	// 3. An officer at another signatory council says Hammersmith & Fulham uses it, and how.
	reuser := e.newTab(t, "the Hammersmith & Fulham officer", js)
	e.signIn(reuser, hammersmithOfficer)
	reuser.wantPage(reuser.open(path), http.StatusOK, binTitle, "No organisation has said it uses this yet",
		"How does London Borough of Hammersmith & Fulham use it? (optional)")
	reuser.fill("#how", binHow)
	reuser.wantPage(reuser.click("#use-button"), http.StatusOK, binTitle,
		"Your organisation is now listed as using this resource", "London Borough of Hammersmith & Fulham uses this resource.")
	reuser.wantText("#reuse", "1 organisation uses this resource")
	reuser.wantText("#users", "London Borough of Hammersmith & Fulham", binHow)
	reuser.wantText("#use-button", "Save how we use it")

	// Anyone now sees it on the resource, in the library and on the council's page.
	public.wantPage(public.open(path), http.StatusOK, binTitle, "1 organisation uses this resource")
	public.wantText("#use-count", "1")
	public.wantText("#users", "London Borough of Hammersmith & Fulham", binHow)
	public.wantNoText("#reuse", "No organisation has said it uses this yet")
	public.shot("resource-page")
	public.wantPage(public.clickText("London Borough of Hammersmith & Fulham"), http.StatusOK, "London Borough of Hammersmith & Fulham")
	public.wantPath("/organisations/hammersmith-and-fulham")
	public.wantText("#org-reuses-count", "1")
	public.wantText("#org-reused + ul", binTitle, "by London Borough of Hackney", "How: "+binHow)
	public.wantText("#org-published + ul", other.Title) // what it shared itself
	public.wantPage(public.open("/organisations/hackney"), http.StatusOK, "London Borough of Hackney")
	public.wantText("#org-published + ul", binTitle, "Used by 1 organisation")
	// The most reused come first when asked, not the newest.
	newest := publishByStore(e, &model.Resource{Type: "user_research", Title: "User research on parking permits",
		Summary: "What residents told us about applying for a parking permit.", Link: "https://github.com/lbhf/permit-research",
		Licence: "CC-BY-4.0", Principles: []int{1}, Organisations: []model.OrgRef{{ID: e.org("hammersmith-and-fulham").ID}}})
	public.wantPage(public.open("/resources"), http.StatusOK, "Resources", "3 resources")
	public.wantText("#resources > li:first-child", newest.Title, "Not yet reused")
	public.wantPage(public.open("/resources?sort=most_reused"), http.StatusOK, "Resources", "3 resources")
	public.wantText("#resources > li:first-child", binTitle, "Used by 1 organisation")

	// 4. Someone reads a case study written in Markdown.
	readCaseStudy(t, e, public, path)
}

// wantDownload fetches a file's link and checks it comes as an attachment, unsniffed,
// with the bytes that were uploaded.
func wantDownload(t *testing.T, url, uploaded string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("download %s: %v", url, err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("download %s: %v", url, err)
	}
	want, err := os.ReadFile(uploaded)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
		t.Errorf("download %s: status %d, %d bytes; want 200 and the %d bytes uploaded", url, res.StatusCode, len(got), len(want))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, binPDF) {
		t.Errorf("download %s: Content-Disposition %q, want an attachment named %s", url, cd, binPDF)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("download %s: Content-Type %q, want application/pdf", url, ct)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download %s: no X-Content-Type-Options: nosniff", url)
	}
}

// Markdown of the case study: a list, a numbered list, a table, links, an image with alt
// text, and script and raw HTML that must come out inert.
const (
	chartAlt  = "Chart of calls about missed bins falling by 40% in a year"
	githubURL = "https://github.com/LBHackney-IT/missed-bins"
)

func binCaseStudy(e *env, resourcePath string) *model.CaseStudy {
	return &model.CaseStudy{
		Title:   "Missed bins: from phone calls to an online service",
		Summary: "Residents report a missed bin online and see when it will be collected.",
		Problem: "Residents phoned **every day** about missed bins.\n\n" +
			"<script>window.someMarker = 'script block'</script>\n\n" +
			"Our logs showed `<script>` tags typed into the old form. <img src=x onerror=\"window.someMarker = 'onerror'\">",
		Approach: "We did three things:\n\n" +
			"- listened to 200 calls\n- mapped the rounds with the crews\n- published [our service pattern](" + e.srv.URL + resourcePath + ")\n\n" +
			"The code is on [GitHub](" + githubURL + ").\n\n" +
			"[Do not click](javascript:window.someMarker='link')",
		Outcomes: "| Year | Calls about missed bins |\n|---|--:|\n| 2022 | 12,000 |\n| 2023 | 7,200 |\n\n" +
			"![" + chartAlt + "](" + e.chart + ")",
		Lessons:       "1. Start with the calls.\n2. Work with the crews.",
		Organisations: []model.OrgRef{{ID: e.org("hackney").ID}, {ID: e.org("hammersmith-and-fulham").ID}},
		Principles:    []int{1, 2},
		Services:      []model.Service{{Code: 524}},
		Links:         []model.CaseStudyLink{{Title: "The code", URL: githubURL}},
	}
}

// readCaseStudy has p find and read a case study made through the store, and checks its
// Markdown came out with GOV.UK typography and nothing in it ran.
func readCaseStudy(t *testing.T, e *env, p *tab, resourcePath string) {
	t.Helper()
	cs := binCaseStudy(e, resourcePath)
	if err := e.db.CreateCaseStudy(context.Background(), model.Actor{Label: "set-up"}, cs); err != nil {
		t.Fatalf("CreateCaseStudy: %v", err)
	}
	p.wantPage(p.open("/case-studies"), http.StatusOK, "Case studies", "1 case study", cs.Title,
		"By London Borough of Hackney, with London Borough of Hammersmith & Fulham")
	p.wantPage(p.clickText(cs.Title), http.StatusOK, cs.Title, cs.Summary, "The problem", "What we did",
		"Outcomes", "Lessons learned", "Household waste collection")
	p.wantPath("/case-studies/" + strconv.FormatInt(cs.ID, 10))

	body := ".ld-case-study"
	p.wantText(body, "Residents phoned every day about missed bins.", "listened to 200 calls", "12,000", "Start with the calls.")
	for sel, want := range map[string]int{
		body + " p.govuk-body strong":                        1,
		body + " ul.govuk-list.govuk-list--bullet > li":      3,
		body + " ol.govuk-list.govuk-list--number > li":      2,
		body + " table.govuk-table":                          1,
		body + " th.govuk-table__header[scope=col]":          2,
		body + " td.govuk-table__cell":                       4,
		body + ` a.govuk-link[href="` + githubURL + `"]`:     1,
		body + ` a.govuk-link[href$="` + resourcePath + `"]`: 1,
		body + ` img[alt="` + chartAlt + `"]`:                1,
		body + " img:not([alt])":                             0,
		body + " script, " + body + " style":                 0,
		"[onerror], [onclick], [onload]":                     0,
		`a[href^="javascript:"]`:                             0,
	} {
		if got := p.count(sel); got != want {
			t.Errorf("the case study has %d of %s, want %d", got, sel, want)
		}
	}
	// Raw HTML is left out, a code span shows as text, and nothing ran.
	// The chart, uploaded to the site, shows: the Content-Security-Policy lets it load.
	if w := eval[int](p, `document.querySelector('.ld-case-study img').naturalWidth`); w != 60 {
		t.Errorf("the case study's image did not load: naturalWidth %d, want 60", w)
	}
	p.wantText(body, "<script>", "Do not click")
	p.wantNoText(body, "window.someMarker", "onerror")
	if got := eval[string](p, `typeof window.someMarker`); got != "undefined" {
		t.Errorf("script in the case study ran: window.someMarker is %s", got)
	}
	p.wantText("aside", "Redesign services around the needs of the people using them", "The code")
	p.shot("case-study-page")

	// Its link to the library leads to the resource.
	p.wantPage(p.navigate("follow the case study's link to the resource",
		chromedp.Click(chromedp.CSS(body+` a[href$="`+resourcePath+`"]`), chromedp.NodeVisible)),
		http.StatusOK, binTitle)
	p.wantPath(resourcePath)
}

// TestSharingAccessibility runs axe-core's WCAG 2.2 A and AA rules, and the reflow check,
// on every page of the resources library and of case studies, in each of their states,
// and on organisation pages showing what each shared, reuses, wrote and learned. The two
// groups each have a platform of their own and run side by side in one Chromium.
func TestSharingAccessibility(t *testing.T) {
	t.Parallel()
	axe := loadAxe(t)
	b := newBrowser(t)
	for _, g := range []struct {
		name string
		run  func(a *auditor, e *env)
	}{
		{"resources library", auditResources},
		{"resource moderation", auditResourceModeration},
		{"case studies and organisation pages", auditCaseStudies},
	} {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			a := &auditor{t: t, axe: axe}
			g.run(a, newSharingEnv(t, b))
			t.Logf("axe-core checked %d pages", len(a.checked))
		})
	}
}

// publishByStore publishes a resource through the store, as quick set-up.
func publishByStore(e *env, res *model.Resource) *model.Resource {
	e.t.Helper()
	if fe := model.ValidateResource(res, false); fe.Any() {
		e.t.Fatalf("ValidateResource: %v", fe)
	}
	if err := e.db.PublishResource(context.Background(), model.Actor{Label: "set-up"}, res, nil); err != nil {
		e.t.Fatalf("PublishResource: %v", err)
	}
	return res
}

// auditResources checks the library, the publishing and file forms, the resource page for
// each kind of visitor, and the platform team's moderation.
func auditResources(a *auditor, e *env) {
	t := a.t
	e.grant(platformTeam, model.RolePlatformAdmin)

	anon := e.newTab(t, "someone not signed in", true)
	a.visit(anon, "resources, empty", "/resources", http.StatusOK, "Resources")
	anon.wantText("#result-count", "0 resources")

	// Publishing, in each state of the form.
	officer := e.newTab(t, "the Hackney officer", true)
	e.signIn(officer, hackneyOfficer)
	a.visit(officer, "new resource", "/resources/new", http.StatusOK, "Share a resource")
	officer.wantPage(officer.click("#publish"), http.StatusBadRequest, "Share a resource", "There is a problem")
	a.check(officer, "new resource with errors")
	officer.fill("#services", "waste")
	officer.wantPage(officer.clickText("Search services"), http.StatusOK, "Share a resource", "Household waste collection")
	a.check(officer, "new resource after a service search")
	officer.fill("#services", "zebra crossings")
	officer.wantPage(officer.clickText("Search services"), http.StatusOK, "Share a resource", "No services match")
	a.check(officer, "new resource, no services match")
	path := publishBinPattern(officer, writePDF(t, binPDF, "Missed bin service pattern"))
	a.check(officer, "resource, as its publisher")
	a.visit(officer, "add a file", path+"/files", http.StatusOK, "Add a file")
	officer.wantPage(officer.click("#upload"), http.StatusBadRequest, "Add a file", "There is a problem")
	a.check(officer, "add a file with an error")
	officer.step("choose a new version", clickLabel(binPDF))
	officer.chooseFile("#file", writePDF(t, binPDF, "Missed bin service pattern, version 2"))
	officer.wantPage(officer.click("#upload"), http.StatusOK, binTitle, "The file has been added", "Earlier versions (1)")
	a.check(officer, "resource with two versions of a file")

	// Reading and finding.
	a.visit(anon, "resources with results", "/resources", http.StatusOK, "Resources")
	anon.wantText("#result-count", "1 resource")
	a.visit(anon, "resources searched", "/resources?q=missed&sort=most_reused", http.StatusOK, "Resources")
	a.visit(anon, "resources, no match", "/resources?q=zebra", http.StatusOK, "Resources")
	a.visit(anon, "resources with a bad filter", "/resources?q=bins&type=pigeon", http.StatusBadRequest, "Resources")
	anon.wantText(".govuk-error-summary", "There is a problem")
	a.visit(anon, "resource, not signed in", path, http.StatusOK, binTitle)
	anon.wantText("#use-info", "Sign in to say your organisation uses this")

	// A member of another signatory council says they use it, and reports it.
	reuser := e.newTab(t, "the Hammersmith & Fulham officer", true)
	e.signIn(reuser, hammersmithOfficer)
	a.visit(reuser, "resource, as a member who can mark use", path, http.StatusOK, binTitle)
	reuser.wantText("#use-button", "We use this")
	reuser.fill("#how", binHow)
	reuser.wantPage(reuser.click("#use-button"), http.StatusOK, binTitle, "1 organisation uses this resource")
	a.check(reuser, "resource, used by the member's organisation")
	reuser.step("open the report form", chromedp.Click(chromedp.CSS("#report summary"), chromedp.NodeVisible))
	reuser.wantPage(reuser.clickText("Send report"), http.StatusBadRequest, binTitle, "There is a problem")
	a.check(reuser, "resource, report with an error")
	reuser.fill("#report_reason", "The PDF names a resident.")
	reuser.wantPage(reuser.clickText("Send report"), http.StatusOK, binTitle, "Thank you for your report")
	a.visit(reuser, "organisation reusing a resource, as its member", "/organisations/hammersmith-and-fulham", http.StatusOK,
		"London Borough of Hammersmith & Fulham")
	reuser.wantText("#org-reused + ul", binTitle, "How: "+binHow)

	// A member of an organisation that has not signed reads, but cannot say they use it.
	adurOfficer := e.newTab(t, "the Adur officer", true)
	e.signIn(adurOfficer, "officer@adur-worthing.gov.uk")
	a.visit(adurOfficer, "resource, as a member of an unsigned organisation", path, http.StatusOK, binTitle)
	adurOfficer.wantText("#use-info", "Members of organisations that have signed")
	a.visit(adurOfficer, "resources, as a member of an unsigned organisation", "/resources", http.StatusOK, "Resources")

}

// auditResourceModeration checks the platform team's moderation of a resource: the queue
// with a report, hiding with and without a reason, and the hidden resource as each sees it.
// The resource and its report are set up through the store, so that this group runs beside
// auditResources rather than after it.
func auditResourceModeration(a *auditor, e *env) {
	t := a.t
	e.grant(platformTeam, model.RolePlatformAdmin)
	res := publishByStore(e, &model.Resource{Type: "service_pattern", Title: binTitle, Summary: binSummary,
		Link: "https://github.com/LBHackney-IT/missed-bins", Licence: "MIT", Principles: []int{1, 3},
		Services: []model.Service{{Code: 524}}, Organisations: []model.OrgRef{{ID: e.org("hackney").ID}}})
	if _, err := e.db.Report(context.Background(), store.Resources, model.Actor{Label: "set-up"}, res.ID,
		"The PDF names a resident."); err != nil {
		t.Fatalf("Report: %v", err)
	}
	path := "/resources/" + strconv.FormatInt(res.ID, 10)
	anon := e.newTab(t, "someone not signed in", true)
	officer := e.newTab(t, "the Hackney officer", true)
	e.signIn(officer, hackneyOfficer)

	admin := e.newTab(t, "the platform team", true)
	e.signIn(admin, platformTeam)
	a.visit(admin, "admin resources, with a report", "/admin/resources", http.StatusOK, "Resources to moderate")
	admin.wantText("#reports", binTitle, "The PDF names a resident.")
	admin.wantPage(admin.click(`#reports form[action$="/reports/dismiss"] button`), http.StatusOK, "Resources to moderate",
		"The reports have been dismissed", "There are no reports to look at.", "No resources are hidden.")
	a.check(admin, "admin resources, empty")
	a.visit(admin, "resource, as admin", path, http.StatusOK, binTitle)
	admin.wantPage(admin.clickText("Hide this resource"), http.StatusBadRequest, binTitle, "There is a problem")
	a.check(admin, "resource, hide without a reason")
	admin.fill("#reason", "It names a resident; publish it again without the name.")
	admin.wantPage(admin.clickText("Hide this resource"), http.StatusOK, binTitle, "The resource has been hidden")
	admin.wantText("#hidden-warning", "It names a resident")
	a.check(admin, "resource hidden, as admin")
	a.visit(admin, "admin resources, with a hidden resource", "/admin/resources", http.StatusOK, "Resources to moderate")
	admin.wantText("#hidden", binTitle, "It names a resident")
	a.visit(officer, "resource hidden, as its publisher", path, http.StatusOK, binTitle)
	officer.wantText("#hidden-warning", "It names a resident")
	anon.wantPage(anon.open(path), http.StatusNotFound, "Page not found")
	admin.open(path)
	admin.wantPage(admin.clickText("Show this resource again"), http.StatusOK, binTitle, "The resource is back in the library")
}

// auditCaseStudies checks the case study list, page and forms, their moderation, and the
// organisation pages that show resources, case studies and training take-up.
func auditCaseStudies(a *auditor, e *env) {
	t := a.t
	e.grant(hackneyOfficer, model.RoleOrgAdmin) // to add an event, for take-up
	e.grant(platformTeam, model.RolePlatformAdmin)

	// A resource Hackney shared and Hammersmith & Fulham reuses, and a case study made
	// through the store, with every kind of Markdown.
	res := publishByStore(e, &model.Resource{Type: "service_pattern", Title: binTitle, Summary: binSummary,
		Link: "https://github.com/LBHackney-IT/missed-bins", Licence: "MIT", Principles: []int{1, 3},
		Services: []model.Service{{Code: 524}}, Organisations: []model.OrgRef{{ID: e.org("hackney").ID}}})
	if _, err := e.db.UseResource(context.Background(), model.Actor{Label: "set-up"}, res.ID, e.org("hammersmith-and-fulham").ID, binHow); err != nil {
		t.Fatalf("UseResource: %v", err)
	}
	path := "/resources/" + strconv.FormatInt(res.ID, 10)
	cs := binCaseStudy(e, path)
	if err := e.db.CreateCaseStudy(context.Background(), model.Actor{Label: "set-up"}, cs); err != nil {
		t.Fatalf("CreateCaseStudy: %v", err)
	}
	csPath := "/case-studies/" + strconv.FormatInt(cs.ID, 10)

	anon := e.newTab(t, "someone not signed in", true)
	a.visit(anon, "case studies", "/case-studies", http.StatusOK, "Case studies")
	anon.wantText("#result-count", "1 case study")
	a.visit(anon, "case studies, no match", "/case-studies?q=zebra", http.StatusOK, "Case studies")
	a.visit(anon, "case studies with a bad filter", "/case-studies?q=bins&principle=9", http.StatusBadRequest, "Case studies")
	anon.wantText(".govuk-error-summary", "There is a problem")
	a.visit(anon, "case study", csPath, http.StatusOK, cs.Title)

	officer := e.newTab(t, "the Hackney officer", true)
	e.signIn(officer, hackneyOfficer)
	a.visit(officer, "case study, as its author", csPath, http.StatusOK, cs.Title)
	officer.wantText("main", "Change this case study")
	a.visit(officer, "case studies, as a member who can write", "/case-studies", http.StatusOK, "Case studies")
	a.visit(officer, "new case study", "/case-studies/new", http.StatusOK, "Write a case study")
	// The form's first button is a hidden copy of Publish, for Enter: press the visible one.
	officer.wantPage(officer.click(`button.govuk-button[value="save"]`), http.StatusBadRequest, "Write a case study", "There is a problem")
	a.check(officer, "new case study with errors")
	officer.fill("#services", "waste")
	officer.wantPage(officer.clickText("Search services"), http.StatusOK, "Write a case study", "Household waste collection")
	a.check(officer, "new case study after a service search")
	officer.chooseFile("#image", writePNG(t, "bins-chart.png"))
	officer.wantPage(officer.click(`button.govuk-button[value="upload-image"]`), http.StatusOK, "Write a case study",
		"Images you uploaded", "bins-chart.png", "![Describe the image](/case-study-images/")
	a.check(officer, "new case study after an image upload")
	officer.wantPage(officer.click(`button.govuk-button[value="upload-image"]`), http.StatusBadRequest, "Write a case study",
		"Select an image to upload")
	a.check(officer, "new case study, upload without an image")
	a.visit(officer, "change case study", csPath+"/edit", http.StatusOK, "Change your case study")
	officer.step("clear the title", chromedp.Clear(chromedp.CSS("#title")))
	officer.wantPage(officer.click(`button.govuk-button[value="save"]`), http.StatusBadRequest, "Change your case study", "There is a problem")
	a.check(officer, "change case study with errors")

	// Take-up: the officer adds an event and books a place on it.
	addEventByForm(officer, e, "Introduction to service patterns", 10)
	officer.wantPage(officer.clickText("Book a place"), http.StatusOK, "Introduction to service patterns", "You have a place on this event")

	// The organisation pages: what each shared, reuses, wrote and learned.
	a.visit(anon, "organisation with resources, case studies and take-up", "/organisations/hackney", http.StatusOK, "London Borough of Hackney")
	anon.wantText("#resources", "1 resource shared", binTitle, "Used by 1 organisation")
	anon.wantText("#case-studies + ul", cs.Title)
	anon.wantText("#take-up", "1 person has booked a place")
	a.visit(anon, "organisation reusing a resource", "/organisations/hammersmith-and-fulham", http.StatusOK, "London Borough of Hammersmith & Fulham")
	anon.wantText("#org-reused + ul", binTitle, "How: "+binHow)
	anon.wantText("#case-studies + ul", cs.Title)
	a.visit(officer, "organisation, as a member who can share", "/organisations/hackney", http.StatusOK, "London Borough of Hackney")
	officer.wantText("#resources", "Share a resource")
	a.visit(anon, "organisation with nothing shared", "/organisations/adur", http.StatusOK, "Adur District Council")

	// A member reports the case study, as resources are reported.
	officer.open(csPath)
	officer.step("open the case study's report form", chromedp.Click(chromedp.CSS("#report summary"), chromedp.NodeVisible))
	officer.wantPage(officer.clickText("Send report"), http.StatusBadRequest, cs.Title, "There is a problem")
	a.check(officer, "case study, report with an error")
	officer.fill("#report_reason", "The chart names a street.")
	officer.wantPage(officer.clickText("Send report"), http.StatusOK, cs.Title, "Thank you for your report")

	// The platform team sees the report, then hides the case study.
	admin := e.newTab(t, "the platform team", true)
	e.signIn(admin, platformTeam)
	a.visit(admin, "admin case studies, with a report", "/admin/case-studies", http.StatusOK, "Case studies to moderate")
	admin.wantText("#reports", cs.Title, "The chart names a street.")
	a.visit(admin, "case study, as admin", csPath, http.StatusOK, cs.Title)
	admin.wantPage(admin.clickText("Hide"), http.StatusBadRequest, cs.Title, "There is a problem")
	a.check(admin, "case study, hide without a reason")
	admin.fill("#reason", "It names a resident.")
	admin.wantPage(admin.clickText("Hide"), http.StatusOK, cs.Title)
	admin.wantText("#hidden-notice", "It names a resident.")
	a.check(admin, "case study hidden, as admin")
	a.visit(admin, "admin case studies, with a hidden case study", "/admin/case-studies", http.StatusOK, "Case studies to moderate")
	admin.wantText("#hidden", cs.Title, "It names a resident.")
	admin.wantText("main", "There are no reports to look at.")
	a.visit(officer, "case study hidden, as its author", csPath, http.StatusOK, cs.Title)
}
