package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// ownWordsForm is one of the forms where people write their own words: a signed-in
// client on its page, a valid form, how it is sent, and the language its words were
// saved in after a successful send.
type ownWordsForm struct {
	name  string
	path  string
	setUp func(t *testing.T) *client
	form  func(c *client) url.Values
	send  func(c *client, path string, form url.Values) *response
	saved func(t *testing.T, c *client, r *response) string
}

func postForm(c *client, path string, form url.Values) *response { return c.post(path, form) }

// idIn is the number at the end of a redirect's address.
func idIn(t *testing.T, r *response) int64 {
	t.Helper()
	m := regexp.MustCompile(`/(\d+)$`).FindStringSubmatch(r.Location())
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("%s %s: %d to %q\n%s", r.Method, r.Path, r.Status, r.Location(), snippet(r.Body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

var ownWordsForms = []ownWordsForm{
	{name: "commitment", path: "/sign/commitment",
		setUp: func(t *testing.T) *client { return newEnv(t).signIn("officer@hackney.gov.uk") },
		form:  func(*client) url.Values { return hackneyCommitment() },
		send:  postForm,
		saved: func(t *testing.T, c *client, r *response) string {
			wantRedirect(t, r, "/sign/signers")
			// The draft keeps the language: the form shows it chosen, on a page in either language.
			for _, lang := range []string{"en", "cy"} {
				if p := c.get("/sign/commitment"); strings.Contains(p.Body, radio(lang)+" checked") {
					return lang
				}
			}
			return ""
		}},
	{name: "resource", path: "/resources/new",
		setUp: func(t *testing.T) *client { return newLibraryEnv(t).signIn("officer@hackney.gov.uk") },
		form:  func(*client) url.Values { return wasteApp() },
		send:  func(c *client, path string, form url.Values) *response { return c.postMultipart(path, form, nil) },
		saved: func(t *testing.T, c *client, r *response) string {
			res, err := c.e.db.Resource(t.Context(), idIn(t, r))
			if err != nil {
				t.Fatal(err)
			}
			return res.Language
		}},
	{name: "case study", path: "/case-studies/new",
		setUp: func(t *testing.T) *client { return caseStudyEnv(t).signIn("officer@hackney.gov.uk") },
		form:  func(c *client) url.Values { return c.e.hackneyCaseStudy() },
		send:  postForm,
		saved: func(t *testing.T, c *client, r *response) string {
			cs, err := c.e.db.CaseStudy(t.Context(), idIn(t, r))
			if err != nil {
				t.Fatal(err)
			}
			return cs.Language
		}},
	{name: "event", path: "/events/new",
		setUp: func(t *testing.T) *client { return newEnv(t).signInAs("officer@hackney.gov.uk", model.RoleOrgAdmin) },
		form:  func(*client) url.Values { return eventForm() },
		send:  postForm,
		saved: func(t *testing.T, c *client, r *response) string {
			ev, err := c.e.db.Event(t.Context(), idIn(t, r))
			if err != nil {
				t.Fatal(err)
			}
			return ev.Language
		}},
}

// radio is the language question's radio for lang, as the page writes it.
func radio(lang string) string { return `name="language" type="radio" value="` + lang + `"` }

// Each form asks which language the words are written in, with the page's language
// chosen at first; a language other than en or cy is an error next to the question with
// everything typed kept, in the page's language; the language chosen is saved, on either
// page.
func TestOwnWordsLanguageQuestion(t *testing.T) {
	for _, f := range ownWordsForms {
		t.Run(f.name, func(t *testing.T) {
			c := f.setUp(t)
			for page, want := range map[string]string{f.path: "en", "/cy" + f.path: "cy"} {
				r := c.get(page)
				wantStatus(t, r, http.StatusOK)
				other := map[string]string{"en": "cy", "cy": "en"}[want]
				wantBody(t, r, radio(want)+" checked", radio(other)+">")
				if page == f.path {
					wantBody(t, r, "Which language is this written in?", ">English</label>", ">Welsh</label>")
				} else {
					wantBody(t, r, esc("Ym mha iaith mae hwn wedi'i ysgrifennu?"), ">Saesneg</label>", ">Cymraeg</label>")
				}
			}

			form := f.form(c)
			form.Set("language", "fr")
			r := f.send(c, f.path, form)
			wantStatus(t, r, http.StatusBadRequest)
			wantFieldError(t, r, "language")
			wantBody(t, r, "Select the language this is written in")
			wantNoBody(t, r, radio("en")+" checked", radio("cy")+" checked")
			wantKept(t, r, url.Values{"title": {form.Get("title")}})
			if r := f.send(c, "/cy"+f.path, form); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Dewiswch yr iaith") {
				t.Errorf("on the Welsh page: %d, no Welsh message next to the question", r.Status)
			} else {
				wantFieldError(t, r, "language")
			}

			form.Set("language", "cy")
			if got := f.saved(t, c, f.send(c, f.path, form)); got != "cy" {
				t.Errorf("saved in %q, want cy", got)
			}
		})
	}
}

// Pages mark people's words with lang where their language is not the page's: a Welsh
// event on an English page, an English one on a Welsh page; nothing where they agree.
func TestOwnWordsMarkedWithLang(t *testing.T) {
	e := newEnv(t)
	cy := e.addEvent(10, func(ev *model.Event) { ev.Title, ev.Language = "Cyflwyniad i ymchwil defnyddwyr", model.LanguageWelsh })
	en := e.addEvent(10)
	c := e.newClient()
	tests := []struct {
		path   string
		want   []string
		unwant []string
	}{
		{evPath(cy), []string{`<h1 class="govuk-heading-xl" lang="cy">Cyflwyniad`, `id="event-description" lang="cy">`}, nil},
		{"/cy" + evPath(cy), []string{`<h1 class="govuk-heading-xl">Cyflwyniad`}, []string{` lang="cy">`}},
		{evPath(en), []string{`<h1 class="govuk-heading-xl">Introduction`}, []string{` lang="cy">`, ` lang="en">`}},
		{"/cy" + evPath(en), []string{`<h1 class="govuk-heading-xl" lang="en">Introduction`, `id="event-description" lang="en">`}, nil},
		{"/events", []string{fmt.Sprintf(`href="/events/%d" lang="cy">`, cy.ID), fmt.Sprintf(`href="/events/%d">`, en.ID)}, nil},
		{"/cy/events", []string{fmt.Sprintf(`href="/cy/events/%d">`, cy.ID), fmt.Sprintf(`href="/cy/events/%d" lang="en">`, en.ID)}, nil},
		// A commitment written in English, on the organisation's Welsh page.
		{"/organisations/hackney", []string{`<dd class="govuk-summary-list__value">Open housing repairs data</dd>`}, nil},
		{"/cy/organisations/hackney", []string{`<dd class="govuk-summary-list__value" lang="en">Open housing repairs data</dd>`}, nil},
	}
	e.publish("hackney", "Open housing repairs data")
	for _, tt := range tests {
		r := c.get(tt.path)
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, tt.want...)
		wantNoBody(t, r, tt.unwant...)
	}
}

// The lists of resources, case studies and events filter by language, keep the filter
// in their open data links, and refuse another language next to the filter with a 400,
// in the page's language.
func TestOwnWordsLanguageFilter(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	welsh := withRes(wasteApp(), "title", "Canfod diwrnod casglu biniau", "language", "cy")
	c.publishResource(welsh, nil)
	c.publishResource(withRes(wasteApp(), "language", "en"), nil)
	e.addEvent(10, func(ev *model.Event) { ev.Title, ev.Language = "Cyflwyniad i ymchwil defnyddwyr", model.LanguageWelsh })
	e.addEvent(10)
	lists := []struct {
		path, welsh, english string
	}{
		{"/resources", "Canfod diwrnod casglu biniau", "Bin collection day finder"},
		{"/events", "Cyflwyniad i ymchwil defnyddwyr", "Introduction to user research"},
		{"/case-studies", "", ""},
	}
	for _, l := range lists {
		r := c.get(l.path + "?language=cy")
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, `<select class="govuk-select" id="language" name="language">`, `<option value="cy" selected>Welsh</option>`,
			`href="/api/v1`+l.path+`?language=cy"`)
		if l.welsh != "" {
			wantBody(t, r, l.welsh)
			wantNoBody(t, r, l.english)
			wantBody(t, c.get(l.path+"?language=en"), l.english)
			wantNoBody(t, c.get(l.path+"?language=en"), l.welsh)
		}
		r = c.get(l.path + "?language=fr")
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "language")
		r = c.get("/cy" + l.path + "?language=fr")
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "language")
		wantBody(t, r, "Iaith")
	}
}

// Checking the answers of the signing journey shows the commitment's language, with a
// link to change it, and marks the commitment's words with it.
func TestOwnWordsCheckAnswers(t *testing.T) {
	c := newEnv(t).signIn("officer@hackney.gov.uk")
	commitment := hackneyCommitment()
	commitment.Set("language", "cy")
	wantRedirect(t, c.post("/sign/commitment", commitment), "/sign/signers")
	wantRedirect(t, c.post("/sign/signers", hackneySigners()), "/sign/check")
	r := c.get("/sign/check")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `<dt class="govuk-summary-list__key">Language</dt>`, `ld-commitment">Welsh</dd>`, `href="/sign/commitment#language"`,
		`ld-commitment" lang="cy">Open housing repairs data</dd>`)
	wantBody(t, c.get("/cy/sign/check"), `<dt class="govuk-summary-list__key">Iaith</dt>`, `ld-commitment">Cymraeg</dd>`,
		`ld-commitment">Open housing repairs data</dd>`)
}
