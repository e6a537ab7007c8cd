package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// signatoriesJSON is the part of GET /api/v1/signatories the tests read.
type signatoriesJSON struct {
	Total int `json:"total"`
	Data  []struct {
		Name      string `json:"name"`
		Slug      string `json:"slug"`
		GSSCode   string `json:"gss_code"`
		TypeCode  string `json:"type_code"`
		Signature struct {
			Status          string  `json:"status"`
			SignedOn        string  `json:"signed_on"`
			WithdrawnOn     *string `json:"withdrawn_on"`
			WithdrawnReason *string `json:"withdrawn_reason"`
			CommitmentTitle string  `json:"commitment_title"`
		} `json:"signature"`
	} `json:"data"`
}

func (c *client) signatoriesJSON() signatoriesJSON {
	c.e.t.Helper()
	r := c.get("/api/v1/signatories")
	wantStatus(c.e.t, r, http.StatusOK)
	var out signatoriesJSON
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		c.e.t.Fatalf("GET /api/v1/signatories: %v\n%s", err, r.Body)
	}
	return out
}

// TestSigningJourney drives the whole signing of the Declaration over HTTP, as a council
// officer, its two senior signers and the platform team would, and checks that the council
// then appears everywhere the register is published.
func TestSigningJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const starter = "officer@hackney.gov.uk"
	commitment, signers := hackneyCommitment(), hackneySigners()

	// The officer signs in with the link emailed to them.
	officer := e.signIn(starter)
	if got := subjects(e.emailsTo(starter)); !slices.Equal(got, []string{"Sign in to Local Digital"}) {
		t.Fatalf("emails to the officer after sign-in = %q", got)
	}
	r := officer.follow(officer.get("/account"))
	wantBody(t, r, esc(starter), "London Borough of Hackney")

	// They start signing for their council.
	r = officer.get("/sign")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "You are signing for <strong>London Borough of Hackney</strong>", `href="/sign/commitment"`)

	r = officer.get("/sign/commitment")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `name="title"`, `name="partners"`, `name="mission"`, `name="impact"`, "Up to 120 characters")

	wantRedirect(t, officer.post("/sign/commitment", commitment), "/sign/signers")
	r = officer.get("/sign/signers")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Chief executive", "Leader or lead member", "@hackney.gov.uk")
	wantRedirect(t, officer.post("/sign/signers", signers), "/sign/check")

	// Check your answers shows every answer with a link to change it.
	r = officer.get("/sign/check")
	wantStatus(t, r, http.StatusOK)
	for _, f := range []string{"title", "partners", "mission", "impact"} {
		wantBody(t, r, esc(commitment.Get(f)), `href="/sign/commitment#`+f+`">Change`)
	}
	wantBody(t, r, "Dana Whitfield, Chief Executive, dana.whitfield@hackney.gov.uk",
		"Sam Okafor, Mayor of Hackney, sam.okafor@hackney.gov.uk", `href="/sign/signers">Change`)
	if len(e.signatures("hackney")) != 0 {
		t.Fatal("a signature was saved before the officer sent it")
	}

	r = officer.post("/sign/check", url.Values{})
	wantRedirect(t, r, "/sign/confirmation")
	r = officer.get("/sign/confirmation")
	wantStatus(t, r, http.StatusOK)
	sig := e.signature("hackney")
	wantBody(t, r, `class="govuk-panel govuk-panel--confirmation"`, "Signature sent to your senior signers",
		"LDD-"+strconv.FormatInt(sig.ID, 10), "Dana Whitfield and Sam Okafor")
	if sig.Status != model.SigAwaitingSigners || sig.StartedByEmail != starter {
		t.Fatalf("signature after sending: status %s, started by %q", sig.Status, sig.StartedByEmail)
	}

	// Each senior signer opens their own link, with no session, and confirms.
	for i, sg := range []struct{ email, name, role string }{
		{"dana.whitfield@hackney.gov.uk", "Dana Whitfield", "Chief Executive"},
		{"sam.okafor@hackney.gov.uk", "Sam Okafor", "Mayor of Hackney"},
	} {
		mail := e.lastEmail(sg.email)
		if !strings.Contains(mail.Body, "Dear "+sg.name) || !strings.Contains(mail.Body, commitment.Get("title")) {
			t.Errorf("invitation to %s:\n%s", sg.email, mail.Body)
		}
		link := e.linkIn(mail, signerLinkRE)
		browser := e.newClient()
		before := e.state()
		r = browser.get(link)
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, esc(commitment.Get("title")), esc(commitment.Get("mission")), esc(commitment.Get("impact")),
			esc(commitment.Get("partners")), esc(sg.name), `action="`+link+`"`, `value="confirm"`, `value="decline"`)
		if after := e.state(); after != before {
			t.Fatalf("GET %s changed the database:\nbefore %s\nafter  %s", link, before, after)
		}
		r = browser.post(link, url.Values{"decision": {"confirm"}})
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "You have signed")
		if i == 0 {
			wantBody(t, r, "waiting for the other senior signers")
		} else {
			wantBody(t, r, "All senior signers have confirmed")
		}
	}
	if got := e.signature("hackney").Status; got != model.SigAwaitingVerification {
		t.Fatalf("after both signers confirmed the signature is %s", got)
	}

	// The platform team sees it in the queue and verifies it.
	admin := e.admin()
	r = admin.get("/admin/signatures")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `href="/admin/signatures/`+strconv.FormatInt(sig.ID, 10)+`"`, "London Borough of Hackney",
		esc(commitment.Get("title")))
	r = admin.get("/admin/signatures/" + strconv.FormatInt(sig.ID, 10))
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Verify and publish", "dana.whitfield@hackney.gov.uk", "confirmed")
	r = admin.post("/admin/signatures/"+strconv.FormatInt(sig.ID, 10)+"/verify", url.Values{})
	wantRedirect(t, r, "/admin/signatures")
	r = admin.get(r.Location())
	wantBody(t, r, "The signature has been verified and published on the register", `id="queue-empty"`)

	// The council is on the register the same minute, in every form.
	public := e.newClient()
	api := public.signatoriesJSON()
	if api.Total != 1 || len(api.Data) != 1 {
		t.Fatalf("API lists %d signatories, want 1", api.Total)
	}
	got := api.Data[0]
	if got.Name != "London Borough of Hackney" || got.GSSCode != "E09000012" || got.Slug != "hackney" ||
		got.Signature.Status != model.SigVerified || got.Signature.SignedOn != "2024-03-15" ||
		got.Signature.CommitmentTitle != commitment.Get("title") || got.Signature.WithdrawnOn != nil {
		t.Errorf("API entry = %+v", got)
	}

	r = public.get("/api/v1/signatories.csv")
	wantStatus(t, r, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV: %d rows, err %v\n%s", len(rows), err, r.Body)
	}
	if row := strings.Join(rows[1], "|"); !strings.Contains(row, "London Borough of Hackney|hackney|LBO") ||
		!strings.Contains(row, "E09000012") || !strings.Contains(row, "verified|2024-03-15") {
		t.Errorf("CSV row = %q", row)
	}

	r = public.get("/feeds/signatories.atom")
	wantStatus(t, r, http.StatusOK)
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &feed); err != nil {
		t.Fatalf("Atom feed: %v", err)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != "London Borough of Hackney signed the Local Digital Declaration" {
		t.Errorf("Atom entries = %+v", feed.Entries)
	}

	r = public.get("/signatories")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `<a class="govuk-link" href="/organisations/hackney">London Borough of Hackney</a>`, "15 March 2024",
		`govuk-tag--green">Signed</strong>`, `<strong class="ld-count">1</strong> organisation`)

	r = public.get("/organisations/hackney")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `govuk-tag--green">Signed</strong>`, "Signed the Local Digital Declaration on 15 March 2024",
		"E09000012", esc(commitment.Get("title")), esc(commitment.Get("mission")),
		`<td class="govuk-table__cell">Dana Whitfield</td><td class="govuk-table__cell">Chief Executive</td>`,
		`<td class="govuk-table__cell">Sam Okafor</td><td class="govuk-table__cell">Mayor of Hackney</td>`)
	wantNoBody(t, r, "dana.whitfield@hackney.gov.uk") // signers' addresses are not published

	// Every change is in the audit log, in order.
	r = admin.get("/admin/audit")
	wantStatus(t, r, http.StatusOK)
	for _, action := range []string{"signature.start", "signer.confirmed", "signature.awaiting_verification", "signature.verified"} {
		wantBody(t, r, action+" ")
	}
	want := []string{"signature.start", "signer.confirmed", "signer.confirmed", "signature.awaiting_verification", "signature.verified"}
	var sigActions []string
	for _, a := range e.auditActions() {
		if strings.HasPrefix(a, "signature.") || strings.HasPrefix(a, "signer.") {
			sigActions = append(sigActions, a)
		}
	}
	if !slices.Equal(sigActions, want) {
		t.Errorf("audit of the signature = %q, want %q", sigActions, want)
	}

	// The officer was told at each step.
	wantSubjects := []string{"Sign in to Local Digital", "A senior signer has confirmed: Local Digital",
		"Your senior signers have confirmed: Local Digital", "Your signature is published: Local Digital"}
	if got := subjects(e.emailsTo(starter)); !slices.Equal(got, wantSubjects) {
		t.Errorf("emails to the officer = %q, want %q", got, wantSubjects)
	}
	if m := e.lastEmail(starter); !strings.Contains(m.Body, baseURL+"/organisations/hackney") {
		t.Errorf("published email has no link to the organisation's page:\n%s", m.Body)
	}
}

// TestSigningJourneyOneSeniorSigner is the same journey for a body that is not a council:
// it names one senior signer, whose confirmation alone sends it to the platform team.
func TestSigningJourneyOneSeniorSigner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const starter = "digital.lead@communities.gov.uk"
	commitment := url.Values{
		"title":    {"Shared planning data standard"},
		"partners": {""},
		"mission":  {"Agree and publish a planning application data standard with councils."},
		"impact":   {"Planning officers get applications they can process without re-keying."},
	}
	signer := url.Values{"ceo_name": {"Priya Natarajan"}, "ceo_role": {"Permanent Secretary"},
		"ceo_email": {"priya.natarajan@communities.gov.uk"}}

	officer := e.signIn(starter)
	wantBody(t, officer.get("/sign"), "You are signing for <strong>Ministry of Housing, Communities and Local Government</strong>")
	wantRedirect(t, officer.post("/sign/commitment", commitment), "/sign/signers")

	r := officer.get("/sign/signers")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Senior signer", `name="ceo_name"`, `name="ceo_role"`, `name="ceo_email"`)
	wantNoBody(t, r, `name="leader_name"`, `name="leader_email"`, "Leader or lead member")
	wantRedirect(t, officer.post("/sign/signers", signer), "/sign/check")

	r = officer.get("/sign/check")
	wantBody(t, r, "Priya Natarajan, Permanent Secretary, priya.natarajan@communities.gov.uk", "None")
	wantNoBody(t, r, "Leader or lead member")
	wantRedirect(t, officer.post("/sign/check", url.Values{}), "/sign/confirmation")
	wantBody(t, officer.get("/sign/confirmation"), "govuk-panel--confirmation", "We have emailed Priya Natarajan a personal link")

	sig := e.signature("mhclg")
	if len(sig.Signers) != 1 || sig.Signers[0].Kind != model.SignerSenior {
		t.Fatalf("signers = %+v, want one senior signer", sig.Signers)
	}

	link := e.linkIn(e.lastEmail("priya.natarajan@communities.gov.uk"), signerLinkRE)
	browser := e.newClient()
	before := e.state()
	wantBody(t, browser.get(link), esc(commitment.Get("title")), "as Senior signer of Ministry of Housing")
	if after := e.state(); after != before {
		t.Fatalf("GET %s changed the database:\nbefore %s\nafter  %s", link, before, after)
	}
	r = browser.post(link, url.Values{"decision": {"confirm"}})
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "You have signed", "All senior signers have confirmed")

	admin := e.admin()
	wantBody(t, admin.get("/admin/signatures"), "Ministry of Housing, Communities and Local Government")
	wantRedirect(t, admin.post("/admin/signatures/"+strconv.FormatInt(sig.ID, 10)+"/verify", url.Values{}), "/admin/signatures")

	public := e.newClient()
	api := public.signatoriesJSON()
	if len(api.Data) != 1 || api.Data[0].Slug != "mhclg" || api.Data[0].TypeCode != "DEPT" || api.Data[0].Signature.Status != model.SigVerified {
		t.Fatalf("API = %+v", api)
	}
	wantBody(t, public.get("/api/v1/signatories.csv"), "Ministry of Housing")
	wantBody(t, public.get("/feeds/signatories.atom"), "Ministry of Housing, Communities and Local Government signed")
	wantBody(t, public.get("/signatories"), `href="/organisations/mhclg"`)
	r = public.get("/organisations/mhclg")
	wantBody(t, r, "Central government department", `govuk-tag--green">Signed</strong>`,
		`<td class="govuk-table__cell">Priya Natarajan</td><td class="govuk-table__cell">Permanent Secretary</td><td class="govuk-table__cell">Senior signer</td>`)

	wantBody(t, admin.get("/admin/audit"), "signature.start ", "signer.confirmed ", "signature.awaiting_verification ", "signature.verified ")
	wantSubjects := []string{"Sign in to Local Digital", "Your senior signers have confirmed: Local Digital",
		"Your signature is published: Local Digital"}
	if got := subjects(e.emailsTo(starter)); !slices.Equal(got, wantSubjects) {
		t.Errorf("emails to the officer = %q, want %q", got, wantSubjects)
	}
}
