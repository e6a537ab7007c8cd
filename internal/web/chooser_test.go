package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// chooserResults is how many matches a chooser lists (web's chooserResults), the same for
// every form.
const chooserResults = 20

// suggestion is one match /choose/{kind} returns.
type suggestion struct {
	Value string `json:"value"`
	Text  string `json:"text"`
	Hint  string `json:"hint"`
}

// TestChooserWithoutJavaScript: the resource and case study forms choose services and
// organisations with the one chooser: its search button sends the form back and the page
// lists up to chooserResults matches as checkboxes with the same markup, keeping what was
// typed and ticked, and never offers the form's own organisation as a partner.
func TestChooserWithoutJavaScript(t *testing.T) {
	e := newLibraryEnv(t)
	var many []model.Service
	for i := range chooserResults + 5 {
		many = append(many, model.Service{Code: 2000 + i, Label: fmt.Sprintf("Waste round %02d", i)})
	}
	if _, err := e.db.ImportServices(t.Context(), model.Actor{Label: "import"}, many); err != nil {
		t.Fatal(err)
	}
	officer := e.signIn("officer@hackney.gov.uk")
	hackney := strconv.FormatInt(e.org("hackney").ID, 10)
	hammersmith := strconv.FormatInt(e.org("hammersmith-and-fulham").ID, 10)
	for _, f := range []struct {
		name, path string
		form       url.Values
	}{
		{"resource", "/resources/new", wasteApp()},
		{"case study", "/case-studies/new", e.hackneyCaseStudy()},
	} {
		t.Run(f.name, func(t *testing.T) {
			r := officer.postMultipart(f.path, withRes(f.form, "services", "", "organisations", "", "action", "find-services", "service_q", "waste round"), nil)
			wantStatus(t, r, http.StatusOK)
			wantNoBody(t, r, "govuk-error-summary")
			if n := strings.Count(r.Body, `name="services" type="checkbox"`); n != chooserResults {
				t.Errorf("%d services listed, want %d", n, chooserResults)
			}
			wantBody(t, r, `<input class="govuk-checkboxes__input" id="service-2000" name="services" type="checkbox" value="2000" aria-describedby="service-2000-item-hint">`,
				`<div id="service-2000-item-hint" class="govuk-hint govuk-checkboxes__hint">LGSL 2000</div>`,
				`id="services" name="service_q" type="search" value="waste round"`, `data-source="/choose/services"`)
			wantKept(t, r, url.Values{"title": f.form["title"], "summary": f.form["summary"]})

			r = officer.postMultipart(f.path, withRes(f.form, "services", "2003", "action", "find-services", "service_q", "zeppelin"), nil)
			wantBody(t, r, `id="service-2003" name="services" type="checkbox" value="2003" checked`, "No services match “zeppelin”")

			r = officer.postMultipart(f.path, withRes(f.form, "organisations", "", "action", "find-organisations", "org_q", "London Borough"), nil)
			wantStatus(t, r, http.StatusOK)
			wantBody(t, r, `id="organisation-`+hammersmith+`" name="organisations" type="checkbox" value="`+hammersmith+`">`)
			wantNoBody(t, r, `id="organisation-`+hackney+`"`)
		})
	}
}

// TestChooserSuggestions: what chooser.js asks for as someone types: up to
// chooserResults services or organisations matching q, as JSON, to anyone.
func TestChooserSuggestions(t *testing.T) {
	e := newLibraryEnv(t)
	anon := e.newClient()
	adur := strconv.FormatInt(e.org("adur").ID, 10)
	for _, tt := range []struct {
		path string
		want []suggestion
	}{
		{"/choose/services?q=waste", []suggestion{{Value: "524", Text: "Household waste collection", Hint: "LGSL 524"}}},
		{"/choose/services?q=372", []suggestion{{Value: "372", Text: "Abandoned vehicles", Hint: "LGSL 372"}}},
		{"/choose/services?q=", []suggestion{}},
		{"/choose/services?q=zeppelin", []suggestion{}},
		{"/choose/organisations?q=adur", []suggestion{{Value: adur, Text: "Adur District Council"}}},
		{"/choose/organisations", []suggestion{}},
	} {
		r := anon.get(tt.path)
		wantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q", tt.path, ct)
		}
		var got []suggestion
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil || got == nil {
			t.Fatalf("%s: %v in %s", tt.path, err, r.Body)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s = %+v, want %+v", tt.path, got, tt.want)
		}
	}
}
