package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// hackneyProject is a complete project form.
func hackneyProject() url.Values {
	return url.Values{
		"action": {"save"}, "title": {"Missed bins online"}, "summary": {"Report a missed bin & see when it comes."},
		"problem": {"Residents phone every day."}, "users": {"Residents and crews."}, "phase": {"discovery"},
		"collaboration": {"seeking-partners"}, "funding": {"50k-100k"},
		"starts-day": {"1"}, "starts-month": {"4"}, "starts-year": {"2024"},
		"ends-day": {"31"}, "ends-month": {"3"}, "ends-year": {"2025"},
		"principles": {"1", "2"}, "services": {"524"}, "links": {"Guide " + baseURL + "/resources/12"}, "language": {"en"},
	}
}

var projectLocationRE = regexp.MustCompile(`^/projects/([0-9]+)$`)

// TestProjectJourney runs a project through its pages on one database: Hackney's officer
// adds it (after fixing the form), Adur's asks to join and is approved by Hackney, an
// outsider cannot decide or edit, Adur posts an update, and the list, the organisation
// pages, the open data and the feeds show it all.
func TestProjectJourney(t *testing.T) {
	e := caseStudyEnv(t) // services; Hackney signed
	lead := e.signIn("officer@hackney.gov.uk")
	adurOfficer := e.signIn("officer@adur-worthing.gov.uk")
	outsider := e.signIn("someone@lbhf.gov.uk")
	var path string
	t.Run("add", func(t *testing.T) {
		bad := hackneyProject()
		bad.Set("ends-year", "2023")
		bad.Set("phase", "finished")
		r := lead.post("/projects/new", bad)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "ends-day")
		wantFieldError(t, r, "phase")
		wantBody(t, r, "Expected end date must be the same as or after the start date", "Select the phase of the project")
		wantKept(t, r, url.Values{"title": bad["title"], "ends-year": {"2023"}})
		r = lead.post("/projects/new", hackneyProject())
		if r.Status != http.StatusSeeOther || !projectLocationRE.MatchString(r.Location()) {
			t.Fatalf("add: %d to %q\n%s", r.Status, r.Location(), snippet(r.Body))
		}
		path = r.Location()
		page := lead.follow(r)
		wantBody(t, page, "Project added", "Missed bins online", "Household waste collection", "Change the project",
			`href="/resources/12"`, "Discovery", "Seeking partners")
		wantNoBody(t, page, "Ask to join as a partner")
		// Followed from its page: adurOfficer follows it, and hears of partners and updates.
		wantBody(t, page, `name="kind" value="project"`)
		id := projectLocationRE.FindStringSubmatch(path)[1]
		r = adurOfficer.post("/follow", url.Values{"kind": {"project"}, "id": {id}, "next": {path}})
		wantRedirect(t, r, path)
		wantBody(t, adurOfficer.get(path), "Stop following")
	})
	var requestID string
	t.Run("join", func(t *testing.T) {
		page := adurOfficer.get(path)
		wantBody(t, page, "Ask to join as a partner")
		wantNoBody(t, page, "Change the project")
		r := adurOfficer.post(path+"/join", url.Values{"message": {""}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "message")
		wantRedirect(t, adurOfficer.post(path+"/join", url.Values{"message": {"We do bins too."}}), path)
		r = adurOfficer.post(path+"/join", url.Values{"message": {"Again"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, esc("Your organisation has already asked to join: the lead organisation has not answered yet"))
		wantStatus(t, lead.post(path+"/join", url.Values{"message": {"x"}}), http.StatusBadRequest)
		if m := e.lastEmail("officer@hackney.gov.uk"); !strings.Contains(m.Subject, "Adur District Council asks to join") {
			t.Errorf("the lead was told: %q", m.Subject)
		}
		page = lead.get(path)
		wantBody(t, page, "Requests to join", "We do bins too.")
		requestID = regexp.MustCompile(`/requests/([0-9]+)"`).FindStringSubmatch(page.Body)[1]
		wantStatus(t, outsider.post(path+"/requests/"+requestID, url.Values{"decision": {"approve"}}), http.StatusForbidden)
		wantStatus(t, adurOfficer.post(path+"/requests/"+requestID, url.Values{"decision": {"approve"}}), http.StatusForbidden)
		wantRedirect(t, lead.post(path+"/requests/"+requestID, url.Values{"decision": {"approve"}}), path)
		if m := e.lastEmail("officer@adur-worthing.gov.uk"); !strings.Contains(m.Subject, "You are now a partner in Missed bins online") {
			t.Errorf("the asker was told: %q", m.Subject)
		}
		wantBody(t, adurOfficer.get(path), "Adur District Council</a>.", "Post an update")
		for _, slug := range []string{"hackney", "adur"} {
			wantBody(t, e.newClient().get("/organisations/"+slug), `href="`+path+`"`)
		}
	})
	t.Run("edit by the lead only", func(t *testing.T) {
		wantStatus(t, adurOfficer.get(path+"/edit"), http.StatusForbidden)
		wantStatus(t, outsider.post(path+"/edit", hackneyProject()), http.StatusForbidden)
		form := hackneyProject()
		form.Set("title", "Missed bins, reported online")
		wantRedirect(t, lead.post(path+"/edit", form), path)
		wantBody(t, lead.get(path), "Missed bins, reported online", "Adur District Council")
	})
	t.Run("updates", func(t *testing.T) {
		wantStatus(t, outsider.post(path+"/updates", url.Values{"body": {"hi"}}), http.StatusForbidden)
		e.clock.Advance(time.Hour)
		r := adurOfficer.post(path+"/updates", url.Values{"body": {"We **tested** with 5 residents. <script>x</script>"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("post update: %d\n%s", r.Status, snippet(r.Body))
		}
		page := e.newClient().get(path)
		wantBody(t, page, "<strong>tested</strong>", "Adur District Council, ")
		wantNoBody(t, page, "<script>x")
		feed := e.newClient().get(path + "/updates.atom")
		wantStatus(t, feed, http.StatusOK)
		wantBody(t, feed, "Missed bins, reported online: update of", "&lt;strong&gt;tested&lt;/strong&gt;")
		wantBody(t, e.newClient().get("/feeds/projects.atom"), "Missed bins, reported online: update of")
	})
	t.Run("from a commitment", func(t *testing.T) {
		sig := e.signature("hackney")
		page := lead.get("/organisations/hackney")
		wantBody(t, page, `href="/projects/new?signature=`+strconv.FormatInt(sig.ID, 10)+`"`)
		form := lead.get("/projects/new?signature=" + strconv.FormatInt(sig.ID, 10))
		wantBody(t, form, `name="signature" value="`+strconv.FormatInt(sig.ID, 10)+`"`, esc(sig.Commitment.Title))
		f := hackneyProject()
		f.Set("signature", strconv.FormatInt(sig.ID, 10))
		r := lead.post("/projects/new", f)
		wantStatus(t, r, http.StatusSeeOther)
		wantBody(t, lead.get(r.Location()), `id="from-commitment"`)
		// Another organisation's signature is not kept.
		r = adurOfficer.post("/projects/new", f)
		wantStatus(t, r, http.StatusSeeOther)
		wantNoBody(t, adurOfficer.get(r.Location()), `id="from-commitment"`)
	})
	t.Run("list and open data", func(t *testing.T) {
		anon := e.newClient()
		wantBody(t, anon.get("/projects"), "Missed bins, reported online", `id="projects-by-phase"`, `<svg class="ld-chart__svg"`)
		wantNoBody(t, anon.get("/projects?phase=alpha"), `href="`+path+`"`)
		r := anon.get("/projects?phase=finished")
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "phase")
		r = anon.get("/api/v1/projects?organisation=adur")
		wantStatus(t, r, http.StatusOK)
		var got struct {
			Total int
			Data  []struct {
				Title         string
				Organisations []struct{ Slug, Role string }
			}
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil || got.Total != 2 { // Adur leads one, is a partner in the other
			t.Fatalf("JSON %v: %s", err, snippet(r.Body))
		}
		for _, p := range got.Data {
			if p.Title == "Missed bins, reported online" && (len(p.Organisations) != 2 || p.Organisations[1].Role != "partner") {
				t.Errorf("organisations %+v", p.Organisations)
			}
		}
		csv := anon.get("/api/v1/projects.csv")
		wantBody(t, csv, "id,title,summary,phase", "Missed bins, reported online", "London Borough of Hackney")
		wantStatus(t, anon.get("/api/v1/projects?funding=lots"), http.StatusBadRequest)
		// 120 days without an update: dormant, and hidden from the list unless asked for.
		e.clock.Advance(model.ProjectDormantAfter)
		wantNoBody(t, anon.get("/projects?q=bins"), `href="`+path+`"`)
		wantBody(t, anon.get("/projects?q=bins&dormant=yes"), `href="`+path+`"`, "Dormant")
	})
}
