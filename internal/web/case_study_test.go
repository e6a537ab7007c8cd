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

// caseStudyEnv has the services, Hackney on the register (its officer writes case
// studies) and Adur not signed.
func caseStudyEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	if _, err := e.db.ImportServices(t.Context(), model.Actor{Label: "import"}, []model.Service{
		{Code: 524, Label: "Household waste collection"},
		{Code: 372, Label: "Abandoned vehicles"},
		{Code: 1120, Label: "Bulky waste collection"},
	}); err != nil {
		t.Fatal(err)
	}
	e.publish("hackney", "Open housing repairs data")
	return e
}

// hackneyCaseStudy is a complete form: Markdown with a table, an image with alt text,
// and the things that must come out inert.
func (e *env) hackneyCaseStudy() url.Values {
	return url.Values{
		"action":        {"save"},
		"title":         {"Missed bins: from phone calls to a service"},
		"summary":       {"Residents report a missed bin online & see when it will be collected."},
		"problem":       {"Residents phoned **every day** about missed bins.\n\n<script>alert('x')</script>"},
		"approach":      {"# Discovery\n\n1. We listened to calls\n2. We mapped the rounds\n   - with crews\n\n[Click me](javascript:alert(1))"},
		"outcomes":      {"| Year | Calls |\n|---|--:|\n| 2022 | 12,000 |\n| 2023 | 7,200 |\n\n![Chart of calls falling by 40%](" + testImage + ")"},
		"lessons":       {"Start with the calls. <img src=x onerror=alert(1)>"},
		"principles":    {"1", "2"},
		"services":      {"524"},
		"organisations": {strconv.FormatInt(e.org("hammersmith-and-fulham").ID, 10)},
		"links":         {"Business case " + baseURL + "/resources/12\nhttps://github.com/LBHackney-IT/bins"},
	}
}

// testImage is an address of this site's images (no file behind it).
const testImage = "/case-study-images/0123456789abcdef0123456789abcdef"

var caseStudyLocationRE = regexp.MustCompile(`^/case-studies/([0-9]+)$`)

// publishCaseStudy sends the form and returns the new case study's path.
func (c *client) publishCaseStudy(form url.Values) string {
	t := c.e.t
	t.Helper()
	r := c.post("/case-studies/new", form)
	if r.Status != http.StatusSeeOther || !caseStudyLocationRE.MatchString(r.Location()) {
		t.Fatalf("publish: %d to %q\n%s", r.Status, r.Location(), snippet(r.Body))
	}
	return r.Location()
}

func TestCaseStudyPublishAndRead(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	anon := e.newClient()
	before := anon.get("/case-studies") // cached for anonymous visitors from here on
	wantStatus(t, before, http.StatusOK)
	wantBody(t, before, `<strong class="ld-count">0</strong> case studies`)
	wantNoBody(t, before, `href="/case-studies/new"`)

	officer := e.signIn("officer@hackney.gov.uk")
	list := officer.get("/case-studies")
	wantBody(t, list, `href="/case-studies/new"`)
	form := officer.get("/case-studies/new")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, "Write a case study", "London Borough of Hackney", `name="problem"`, `id="principles"`, `name="service_q"`)

	path := officer.publishCaseStudy(e.hackneyCaseStudy())
	page := officer.get(path)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page,
		"Your case study has been published",
		"<h1 class=\"govuk-heading-xl\">Missed bins: from phone calls to a service</h1>",
		esc("Residents report a missed bin online & see when it will be collected."),
		`<p class="govuk-body">Residents phoned <strong>every day</strong> about missed bins.</p>`,
		`<h3 class="govuk-heading-m">Discovery</h3>`,
		`<ol class="govuk-list govuk-list--number">`,
		`<ul class="govuk-list govuk-list--bullet">`,
		`<table class="govuk-table">`, `<th class="govuk-table__header" scope="col">Year</th>`, `<td class="govuk-table__cell">12,000</td>`,
		`<img src="`+testImage+`" alt="Chart of calls falling by 40%">`,
		`By <a class="govuk-link" href="/organisations/hackney">London Borough of Hackney</a>, with <a class="govuk-link" href="/organisations/hammersmith-and-fulham">`,
		`href="/case-studies?principle=1">Redesign services around the needs of the people using them</a>`,
		`href="/case-studies?service=524">Household waste collection</a>`,
		`<a class="govuk-link" href="/resources/12">Business case</a>`,
		`href="https://github.com/LBHackney-IT/bins" rel="external nofollow">https://github.com/LBHackney-IT/bins</a>`,
		`href="`+path+`/edit">Change this case study</a>`,
	)
	// What a person typed never runs: no script, no javascript: address, no event attribute,
	// no data: image.
	main := page.Body[strings.Index(page.Body, `id="main-content"`):]
	for _, bad := range []string{"<script>alert", "javascript:", "onerror", "data:image", `<img src="x"`} {
		if strings.Contains(main, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	wantBody(t, page, "Click me", "Start with the calls.")

	// Anonymous visitors see it at once, though the list was cached.
	after := anon.get("/case-studies")
	wantBody(t, after, `<strong class="ld-count">1</strong> case study`, `href="`+path+`">Missed bins: from phone calls to a service</a>`)
	wantStatus(t, anon.get(path), http.StatusOK)
	wantNoBody(t, anon.get(path), "Change this case study", "Hide this case study")
	if acts := e.auditActions(); acts[len(acts)-1] != "case_study.create" {
		t.Errorf("audit ends %v", acts[len(acts)-3:])
	}
}

func TestCaseStudyFormErrorsKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	state := e.state()

	empty := url.Values{"action": {"save"}, "title": {"  "}, "summary": {""}, "problem": {""}, "approach": {"Did it"},
		"outcomes": {""}, "lessons": {""}, "links": {"not a link"}, "service_q": {"bins"}, "org_q": {""}}
	r := officer.post("/case-studies/new", empty)
	wantStatus(t, r, http.StatusBadRequest)
	for _, f := range []string{"title", "summary", "problem", "outcomes", "lessons", "principles", "links"} {
		wantFieldError(t, r, f)
	}
	wantBody(t, r, "Enter a title for the case study", "Select at least one principle of the Declaration",
		"Line 1 of links must end with a web address")
	wantKept(t, r, url.Values{"approach": {"Did it"}, "links": {"not a link"}, "service_q": {"bins"}})
	if got := errorSummary(r.Body); strings.Index(got, "#title") > strings.Index(got, "#links") {
		t.Errorf("error summary not in page order: %s", got)
	}

	tests := []struct {
		name   string
		change func(url.Values)
		field  string
		msg    string
	}{
		{"image without alt text", func(v url.Values) { v.Set("outcomes", "Calls fell.\n\n![]("+testImage+")") },
			"outcomes", "Add alt text to every image in outcomes"},
		{"image from another website", func(v url.Values) { v.Set("approach", "We drew ![a map](https://www.hackney.gov.uk/map.png)") },
			"approach", "Images must be uploaded to this site: https://www.hackney.gov.uk/map.png is on another website"},
		{"image in a data address", func(v url.Values) { v.Set("lessons", "Start with the calls. ![x](data:image/png;base64,AAAA)") },
			"lessons", "data:image/png;base64,AAAA is on another website"},
		{"unknown service", func(v url.Values) { v["services"] = []string{"524", "999999"} }, "services",
			"There is no service with the code 999999"},
		{"service that is not a number", func(v url.Values) { v["services"] = []string{"bins"} }, "services", "There is no service"},
		{"unknown organisation", func(v url.Values) { v["organisations"] = []string{"987654"} }, "organisations", "Select organisations from the list"},
		{"principle out of range", func(v url.Values) { v["principles"] = []string{"9"} }, "principles", "Select principles from the list"},
		{"title too long", func(v url.Values) { v.Set("title", strings.Repeat("a", model.MaxCaseStudyTitle+1)) }, "title", "150 characters or fewer"},
		{"link not on the web", func(v url.Values) { v.Set("links", "https://ok.example.org\nftp://files.example.org/x") }, "links", "Line 2 of links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := e.hackneyCaseStudy()
			tt.change(form)
			r := officer.post("/case-studies/new", form)
			wantStatus(t, r, http.StatusBadRequest)
			wantFieldError(t, r, tt.field)
			wantBody(t, r, esc(tt.msg))
			keep := url.Values{}
			for _, f := range []string{"title", "summary", "problem", "approach", "outcomes", "lessons", "links"} {
				keep.Set(f, form.Get(f))
			}
			wantKept(t, r, keep)
			if tt.field != "principles" {
				wantBody(t, r, `value="1" checked`, `value="2" checked`)
			}
		})
	}
	if got := e.state(); got != state {
		t.Errorf("a refused form changed something: %s, was %s", got, state)
	}
	if list := officer.get("/case-studies"); !strings.Contains(list.Body, `<strong class="ld-count">0</strong>`) {
		t.Error("a refused case study is listed")
	}
}

// The service and organisation lists are searched by sending the form: it works without
// JavaScript and keeps everything typed and ticked.
func TestCaseStudySearchableLists(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	form := e.hackneyCaseStudy()
	form.Set("action", "find-services")
	form.Set("service_q", "waste")
	r := officer.post("/case-studies/new", form)
	wantStatus(t, r, http.StatusOK)
	wantNoBody(t, r, `class="govuk-error-summary"`)
	wantBody(t, r,
		`id="service-524" name="services" type="checkbox" value="524" checked`,
		`id="service-1120" name="services" type="checkbox" value="1120" aria-describedby="service-1120-item-hint">`,
		"Bulky waste collection", "LGSL 1120")
	wantNoBody(t, r, "Abandoned vehicles")
	wantKept(t, r, url.Values{"title": form["title"], "problem": form["problem"], "service_q": {"waste"}})

	form.Set("action", "find-services")
	form.Set("service_q", "372")
	wantBody(t, officer.post("/case-studies/new", form), "Abandoned vehicles", "LGSL 372")
	form.Set("service_q", "zeppelin")
	wantBody(t, officer.post("/case-studies/new", form), "No services match “zeppelin”")

	form.Set("action", "find-organisations")
	form.Set("org_q", "adur")
	r = officer.post("/case-studies/new", form)
	adur := strconv.FormatInt(e.org("adur").ID, 10)
	wantBody(t, r, `id="organisation-`+adur+`" name="organisations" type="checkbox" value="`+adur+`">`,
		`name="organisations" type="checkbox" value="`+strconv.FormatInt(e.org("hammersmith-and-fulham").ID, 10)+`" checked`)

	// Ticking Adur and the bulky waste service, then saving, keeps both.
	form.Set("action", "save")
	form["organisations"] = append(form["organisations"], adur)
	form["services"] = []string{"524", "1120"}
	page := officer.get(officer.publishCaseStudy(form))
	wantBody(t, page, `>Bulky waste collection</a>`, `href="/organisations/adur">Adur District Council</a>`)
}

func TestCaseStudyOnlySignatoriesWrite(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	wantRedirect(t, e.newClient().get("/case-studies/new"), "/sign-in?next=%2Fcase-studies%2Fnew")
	adur := e.signIn("someone@adur-worthing.gov.uk") // Adur has not signed
	r := adur.get("/case-studies/new")
	wantStatus(t, r, http.StatusForbidden)
	wantBody(t, r, "Only members of organisations that have signed the Local Digital Declaration can publish case studies")
	wantNoBody(t, adur.get("/case-studies"), `href="/case-studies/new"`)
	state := e.state()
	wantStatus(t, adur.post("/case-studies/new", e.hackneyCaseStudy()), http.StatusForbidden)
	if e.state() != state {
		t.Error("a refused case study was saved")
	}
}

func TestCaseStudyEdit(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	path := officer.publishCaseStudy(e.hackneyCaseStudy())
	e.clock.Advance(48 * time.Hour)

	colleague := e.signIn("colleague@hackney.gov.uk")
	form := colleague.get(path + "/edit")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, "Change your case study", `action="`+path+`/edit"`, `value="524" checked`, `value="1" checked`)
	orig := e.hackneyCaseStudy()
	wantKept(t, form, url.Values{"title": orig["title"], "outcomes": orig["outcomes"],
		"links": {"Business case /resources/12\nhttps://github.com/LBHackney-IT/bins"}})

	edit := e.hackneyCaseStudy()
	edit.Set("title", "Missed bins, a year on")
	edit.Set("outcomes", "Calls fell by **55%**.")
	edit["principles"] = []string{"3"}
	edit.Del("organisations")
	bad := url.Values{}
	for k, v := range edit {
		bad[k] = v
	}
	bad.Set("summary", "")
	r := colleague.post(path+"/edit", bad)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "summary")
	wantKept(t, r, url.Values{"title": {"Missed bins, a year on"}})

	wantRedirect(t, colleague.post(path+"/edit", edit), path)
	page := colleague.get(path)
	wantBody(t, page, "Your changes have been saved", "Missed bins, a year on", "<strong>55%</strong>",
		"Published on 15 March 2024. Last updated on 17 March 2024.", ">Share information safely and securely</a>")
	wantNoBody(t, page, "Hammersmith")

	// Another organisation cannot edit, even one that has signed.
	e.publish("hammersmith-and-fulham", "Parking")
	other := e.signIn("someone@lbhf.gov.uk")
	wantStatus(t, other.get(path+"/edit"), http.StatusForbidden)
	wantStatus(t, other.post(path+"/edit", edit), http.StatusForbidden)
	wantNoBody(t, other.get(path), "Change this case study")
	wantStatus(t, officer.get("/case-studies/999999/edit"), http.StatusNotFound)
	wantStatus(t, officer.get("/case-studies/x1"), http.StatusNotFound)
}

func TestCaseStudyHide(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	path := officer.publishCaseStudy(e.hackneyCaseStudy())
	admin := e.admin()
	page := admin.get(path)
	wantBody(t, page, "Hide this case study", `action="`+path+`/hide"`)

	r := admin.post(path+"/hide", url.Values{"reason": {"  "}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "reason")
	wantBody(t, r, "Enter the reason for hiding this case study")

	wantRedirect(t, admin.post(path+"/hide", url.Values{"reason": {"It names a resident"}}), path)
	wantBody(t, admin.get(path), "The case study has been hidden and its author has been told why", "Show this case study again")
	anon := e.newClient()
	wantStatus(t, anon.get(path), http.StatusNotFound)
	wantBody(t, anon.get("/case-studies"), `<strong class="ld-count">0</strong>`)
	own := officer.get(path)
	wantStatus(t, own, http.StatusOK)
	wantBody(t, own, "This case study is hidden from the public", "Reason: It names a resident")
	m := e.lastEmail("officer@hackney.gov.uk")
	if m.Subject != "Your case study has been hidden: Local Digital" || !strings.Contains(m.Body, "Reason: It names a resident") ||
		!strings.Contains(m.Body, baseURL+path) {
		t.Errorf("email = %+v", m)
	}
	wantStatus(t, admin.post(path+"/hide", url.Values{"reason": {"again"}}), http.StatusConflict)

	wantRedirect(t, admin.post(path+"/unhide", url.Values{}), path)
	wantStatus(t, anon.get(path), http.StatusOK)
	acts := e.auditActions()
	if strings.Join(acts[len(acts)-2:], " ") != "case_study.hide case_study.unhide" {
		t.Errorf("audit ends %v", acts[len(acts)-3:])
	}
}

// TestCaseStudyReport: members report a case study through the moderation flow that
// resources use; the platform team sees the reports on /admin/case-studies, dismisses
// them or hides the case study (which closes them); hidden case studies cannot be
// reported, and each step is audited.
func TestCaseStudyReport(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	path := e.signIn("officer@hackney.gov.uk").publishCaseStudy(e.hackneyCaseStudy())
	wantNoBody(t, e.newClient().get(path), "Report this case study")
	reporter := e.signIn("officer@adur-worthing.gov.uk")
	wantBody(t, reporter.get(path), "Report this case study", `action="`+path+`/report"`)

	r := reporter.post(path+"/report", url.Values{"report_reason": {"  "}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "report_reason")
	wantBody(t, r, `id="report" open`, "Enter what is wrong with this case study")
	wantRedirect(t, reporter.post(path+"/report", url.Values{"report_reason": {"It names a resident's street"}}), path)
	wantBody(t, reporter.get(path), "Thank you for your report")

	admin := e.admin()
	r = admin.get("/admin/case-studies")
	wantBody(t, r, "Case studies to moderate", "It names a resident&#39;s street", `href="`+path+`#moderate"`,
		`action="`+path+`/reports/dismiss"`, "No case studies are hidden.")
	wantBody(t, admin.get(path), `id="moderate"`)
	wantRedirect(t, admin.post(path+"/reports/dismiss", url.Values{}), "/admin/case-studies")
	wantBody(t, admin.follow(admin.get("/admin/case-studies")), "The reports have been dismissed", "There are no reports to look at.")

	wantRedirect(t, reporter.post(path+"/report", url.Values{"report_reason": {"Still wrong"}}), path)
	wantRedirect(t, admin.post(path+"/hide", url.Values{"reason": {"It names a resident"}}), path)
	r = admin.get("/admin/case-studies")
	wantBody(t, r, "There are no reports to look at.", "Hidden case studies", "It names a resident")
	wantNoBody(t, r, "Still wrong")
	wantStatus(t, reporter.post(path+"/report", url.Values{"report_reason": {"x"}}), http.StatusNotFound)
	wantStatus(t, reporter.post(path+"/reports/dismiss", url.Values{}), http.StatusForbidden)

	var moderation []string
	for _, a := range e.auditActions() {
		if strings.HasPrefix(a, "case_study.") && a != "case_study.create" {
			moderation = append(moderation, a)
		}
	}
	if got := strings.Join(moderation, " "); got != "case_study.report case_study.reports_dismiss case_study.report case_study.hide" {
		t.Errorf("moderation audited: %s", got)
	}
}

func TestCaseStudyListFiltersAndPages(t *testing.T) {
	t.Parallel()
	e := caseStudyEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	for i := range 23 {
		form := e.hackneyCaseStudy()
		form.Set("title", "Case study number "+strconv.Itoa(i))
		form["principles"] = []string{strconv.Itoa(i%5 + 1)}
		if i%2 == 0 {
			form["services"] = []string{"372"}
		}
		if i == 7 {
			form.Set("problem", "Zeppelins blocked the bin lorries.")
		}
		officer.publishCaseStudy(form)
		e.clock.Advance(time.Hour)
	}
	c := e.newClient()
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{`<strong class="ld-count">23</strong> case studies`, "Case study number 22", `href="/case-studies?page=2"`}},
		{"page=2", []string{"Case study number 2<", `rel="prev"`}},
		{"q=zeppelins", []string{`<strong class="ld-count">1</strong> case study<`, "Case study number 7"}},
		{"principle=3", []string{`<strong class="ld-count">5</strong> case studies`, `<option value="3" selected>`}},
		{"service=372", []string{`<strong class="ld-count">12</strong>`, `<option value="372" selected>Abandoned vehicles</option>`}},
		{"organisation=hammersmith-and-fulham&sort=oldest", []string{`<strong class="ld-count">23</strong>`, `<option value="oldest" selected>`}},
		{"organisation=adur", []string{`<strong class="ld-count">0</strong>`, "No case studies match your search"}},
		{"q=bins&principle=1", []string{"/api/v1/case-studies?principle=1&amp;q=bins", "/feeds/case-studies.atom?principle=1&amp;q=bins"}},
	}
	for _, tt := range tests {
		r := c.get("/case-studies?" + tt.query)
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, tt.want...)
	}
	for _, bad := range []struct{ query, field string }{{"principle=8", "principle"}, {"sort=name", "sort"}, {"organisation=Not%20a%20slug", "organisation"}} {
		r := c.get("/case-studies?" + bad.query)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, bad.field)
	}
}
