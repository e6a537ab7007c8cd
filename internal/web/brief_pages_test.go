package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

func briefForm(cosigners ...int64) url.Values {
	v := url.Values{"title": {"Shared revenues and benefits system"}, "category": {"revenues_benefits"},
		"background": {"Our contracts end together."}, "outcome": {"One system bought once."},
		"end_users": {"Residents claiming support."}, "phase": {"alpha"}, "location": {"London"},
		"start_date": {"2027-04-01"}, "contract_length": {"2 years"}, "technical_weighting": {"60"},
		"cultural_weighting": {"10"}, "price_weighting": {"20"}, "social_value_weighting": {"10"},
		"questions_deadline": {"2027-02-01"}, "language": {"en"}}
	for _, id := range cosigners {
		v.Add("organisations", itoa64(id))
	}
	return v
}

// TestBriefPages: a member writes a joint brief, its co-signers' admins answer, a decline
// returns it to draft with the reason, the last confirmation publishes it, and then it is
// public as a page, a printable page, JSON in the Digital Marketplace's names and Atom.
func TestBriefPages(t *testing.T) {
	e := newEnv(t)
	lead := e.signIn("officer@hackney.gov.uk")
	adurAdmin := e.signInAs("admin@adur-worthing.gov.uk", model.RoleOrgAdmin)
	hfAdmin := e.signInAs("admin@lbhf.gov.uk", model.RoleOrgAdmin)
	adurMember := e.signIn("someone@adur-worthing.gov.uk")
	anon := e.newClient()
	adur, hf, mhclg := e.org("adur").ID, e.org("hammersmith-and-fulham").ID, e.org("mhclg").ID

	wantBody(t, lead.get("/briefs/new?organisation=hackney&category=revenues_benefits"), `<option value="revenues_benefits" selected>`)
	bad := briefForm()
	bad.Set("price_weighting", "21")
	r := lead.post("/briefs/new", bad)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisations")
	wantFieldError(t, r, "technical_weighting")
	wantBody(t, r, "The weightings must add up to 100, not 101")
	r = lead.post("/briefs/new", briefForm(adur, mhclg))
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, esc("Ministry of Housing, Communities and Local Government has no admin on Local Digital"))
	r = lead.post("/briefs/new", briefForm(adur, hf))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/briefs/") {
		t.Fatalf("create: %d %s\n%s", r.Status, r.Location(), snippet(r.Body))
	}
	path := r.Location()
	id := strings.TrimPrefix(path, "/briefs/")

	wantStatus(t, anon.get(path), http.StatusNotFound)
	wantStatus(t, anon.get("/api/v1/briefs/"+id), http.StatusNotFound)
	wantStatus(t, adurMember.get(path), http.StatusOK)
	wantStatus(t, adurMember.post(path+"/edit", briefForm(adur)), http.StatusNotFound)
	wantStatus(t, adurAdmin.post(path+"/answer", url.Values{"decision": {"confirm"}}), http.StatusNotFound) // a draft awaits nobody

	wantRedirect(t, lead.post(path+"/send", url.Values{}), path)
	if m := e.lastEmail("admin@adur-worthing.gov.uk"); !strings.Contains(m.Subject, "Co-sign the joint brief: Shared revenues and benefits system") ||
		!strings.Contains(m.Body, path) {
		t.Errorf("Adur's admin was emailed %q:\n%s", m.Subject, m.Body)
	}
	wantStatus(t, lead.post(path+"/edit", briefForm(adur)), http.StatusConflict)
	r = adurAdmin.post(path+"/answer", url.Values{"decision": {"decline"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "reason")
	wantRedirect(t, adurAdmin.post(path+"/answer", url.Values{"decision": {"decline"}, "reason": {"Our contract ends in 2029"}}), path)
	r = lead.get(path)
	wantBody(t, r, "Adur District Council declined this brief:", "Our contract ends in 2029", ">Draft<")

	wantRedirect(t, lead.post(path+"/send", url.Values{}), path)
	wantRedirect(t, adurAdmin.post(path+"/answer", url.Values{"decision": {"confirm"}}), path)
	wantBody(t, lead.get(path), "Awaiting co-signers")
	wantStatus(t, anon.get(path), http.StatusNotFound)
	wantRedirect(t, hfAdmin.post(path+"/answer", url.Values{"decision": {"confirm"}}), path)

	r = anon.get(path)
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Shared revenues and benefits system", "Published", "London Borough of Hackney, Adur District Council, London Borough of Hammersmith &amp; Fulham")
	wantBody(t, anon.get(path+"/print"), "Technical competence 60%, cultural fit 10%, price 20%, social value 10%")
	wantBody(t, adurMember.get(path), `name="kind" value="brief"`)
	r = anon.get("/api/v1/briefs/" + id)
	var b map[string]any
	if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"title": "Shared revenues and benefits system", "lot": "digital-outcomes",
		"backgroundInformation": "Our contracts end together.", "endUsers": "Residents claiming support.", "phase": "alpha",
		"startDate": "2027-04-01", "technicalWeighting": 60.0, "clarificationQuestionsClosedAt": "2027-02-01", "status": "published"} {
		if b[k] != want {
			t.Errorf("JSON %s = %v, want %v", k, b[k], want)
		}
	}
	wantBody(t, anon.get("/api/v1/briefs"), `"total":1`)
	wantBody(t, anon.get("/feeds/briefs.atom"), "<title>Shared revenues and benefits system</title>")
	wantBody(t, anon.get("/briefs"), "Shared revenues and benefits system")
	wantStatus(t, adurAdmin.post(path+"/close", url.Values{}), http.StatusNotFound)
	wantRedirect(t, lead.post(path+"/close", url.Values{}), path)
	wantBody(t, anon.get(path), "Closed")
}
