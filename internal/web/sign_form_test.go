package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// with returns a copy of v with the given field values changed.
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

const script = `<script>alert(1)</script>`

// TestSigningFormsBadInput sends each kind of bad answer to the commitment and senior
// signer pages: each is re-rendered with a 400, the GOV.UK error summary linked to the
// field, the message beside the field, what was typed kept, and nothing saved.
func TestSigningFormsBadInput(t *testing.T) {
	t.Parallel()
	blank := url.Values{"title": {""}, "partners": {""}, "mission": {""}, "impact": {""}}
	tests := []struct {
		name       string
		path       string
		form       url.Values
		wantErrors []string // fields with an error, in page order
		wantText   string   // part of a message
	}{
		{"empty commitment", "/sign/commitment", blank, []string{"title", "mission", "impact"},
			"Enter a title for your commitment"},
		{"only spaces", "/sign/commitment", with(hackneyCommitment(), "title", "   ", "impact", "\t \n"),
			[]string{"title", "impact"}, "Enter how specific users will benefit"},
		{"title too long", "/sign/commitment", with(hackneyCommitment(), "title", strings.Repeat("x", model.MaxTitle+1)),
			[]string{"title"}, "Title must be 120 characters or fewer"},
		{"mission too long", "/sign/commitment", with(hackneyCommitment(), "mission", strings.Repeat("é", model.MaxMission+1)),
			[]string{"mission"}, "Mission must be 1200 characters or fewer"},
		{"partners too long", "/sign/commitment", with(hackneyCommitment(), "partners", strings.Repeat("p", model.MaxPartners+1)),
			[]string{"partners"}, "Partners must be 500 characters or fewer"},
		{"script in a field", "/sign/commitment", with(hackneyCommitment(), "title", script, "mission", "", "impact", `"><img src=x onerror=alert(2)>`),
			[]string{"mission"}, "Enter what you will deliver within a year"},
		{"empty signers", "/sign/signers", url.Values{"ceo_name": {""}, "ceo_role": {""}, "ceo_email": {""},
			"leader_name": {""}, "leader_role": {""}, "leader_email": {""}},
			[]string{"ceo_name", "ceo_role", "ceo_email", "leader_name", "leader_role", "leader_email"},
			"Enter the full name of the chief executive"},
		{"name too long", "/sign/signers", with(hackneySigners(), "leader_name", strings.Repeat("n", model.MaxName+1)),
			[]string{"leader_name"}, "Name must be 100 characters or fewer"},
		{"malformed email", "/sign/signers", with(hackneySigners(), "ceo_email", "dana.whitfield at hackney.gov.uk"),
			[]string{"ceo_email"}, "Enter the chief executive’s email address in the correct format"},
		{"email with a display name", "/sign/signers", with(hackneySigners(), "ceo_email", "Dana <dana@hackney.gov.uk>"),
			[]string{"ceo_email"}, "Enter the chief executive’s email address in the correct format"},
		{"email not at the council", "/sign/signers", with(hackneySigners(), "leader_email", "sam.okafor@gmail.com"),
			[]string{"leader_email"}, "Enter the leader’s email address at hackney.gov.uk"},
		{"email at a lookalike domain", "/sign/signers", with(hackneySigners(), "ceo_email", "dana@hackney.gov.uk.evil.example"),
			[]string{"ceo_email"}, "Enter the chief executive’s email address at hackney.gov.uk"},
		{"same email for both signers", "/sign/signers", with(hackneySigners(), "leader_email", "Dana.Whitfield@hackney.gov.uk"),
			[]string{"leader_email"}, "Enter the leader’s own email address, not the chief executive’s"},
		{"the other signer with a +tag and no dots", "/sign/signers", with(hackneySigners(), "leader_email", "DanaWhitfield+leader@hackney.gov.uk"),
			[]string{"leader_email"}, "Enter the leader’s own email address, not the chief executive’s"},
		{"the starter as chief executive", "/sign/signers", with(hackneySigners(), "ceo_email", "Officer@Hackney.gov.uk"),
			[]string{"ceo_email"}, "Enter the chief executive’s own email address, not yours: you cannot also be a senior signer"},
		{"the starter with +tags as both", "/sign/signers", with(hackneySigners(), "ceo_email", "officer+ceo@hackney.gov.uk", "leader_email", "of.ficer+leader@hackney.gov.uk"),
			[]string{"ceo_email", "leader_email"}, "Enter the leader’s own email address, not yours: you cannot also be a senior signer"},
		{"script in a signer's name", "/sign/signers", with(hackneySigners(), "ceo_name", script, "ceo_role", ""),
			[]string{"ceo_role"}, "Enter the job title or role of the chief executive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			officer := e.signIn("officer@hackney.gov.uk")
			if tc.path == "/sign/signers" {
				wantRedirect(t, officer.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
			}
			r := officer.post(tc.path, tc.form)
			wantStatus(t, r, http.StatusBadRequest)
			for _, f := range tc.wantErrors {
				wantFieldError(t, r, f)
			}
			if n := strings.Count(r.Body, `class="govuk-error-message"`); n != len(tc.wantErrors) {
				t.Errorf("%d error messages on the page, want %d", n, len(tc.wantErrors))
			}
			wantBody(t, r, tc.wantText)
			wantKept(t, r, tc.form)
			wantNoBody(t, r, script, "<img src=x")
			if strings.Contains(tc.form.Encode(), url.QueryEscape(script)) {
				wantBody(t, r, "&lt;script&gt;alert(1)&lt;/script&gt;")
			}
			if n := len(e.signatures("hackney")); n != 0 {
				t.Errorf("%d signatures saved after bad input", n)
			}
			// The bad answers went nowhere: the journey's next page is not open yet.
			if tc.path == "/sign/commitment" {
				wantRedirect(t, officer.get("/sign/signers"), "/sign/commitment")
			} else {
				wantRedirect(t, officer.get("/sign/check"), "/sign/commitment")
			}
		})
	}
}

// TestScriptIsShownAsText follows HTML typed into the commitment to every page that shows
// it: it is always text, never markup.
func TestScriptIsShownAsText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	commitment := with(hackneyCommitment(), "title", "Repairs "+script, "mission", `Deliver <b onmouseover="x()">bold</b> things & more`)
	signers := with(hackneySigners(), "ceo_name", `Dana <i>Whitfield</i>`)
	officer.submit(commitment, signers)
	escaped := []string{"Repairs &lt;script&gt;alert(1)&lt;/script&gt;", "Deliver &lt;b onmouseover=&#34;x()&#34;&gt;bold&lt;/b&gt; things &amp; more"}

	pages := map[string]*response{"check": nil}
	pages["confirmation"] = officer.get("/sign/confirmation")
	link := e.linkIn(e.lastEmail("dana.whitfield@hackney.gov.uk"), signerLinkRE)
	pages["signer"] = e.newClient().get(link)
	for _, addr := range []string{"dana.whitfield@hackney.gov.uk", "sam.okafor@hackney.gov.uk"} {
		wantStatus(t, e.respond(addr, "confirm"), http.StatusOK)
	}
	admin := e.admin()
	sig := e.signature("hackney")
	pages["admin"] = admin.get("/admin/signatures/" + itoa64(sig.ID))
	pages["queue"] = admin.get("/admin/signatures")
	wantRedirect(t, admin.post("/admin/signatures/"+itoa64(sig.ID)+"/verify", url.Values{}), "/admin/signatures")
	pages["organisation"] = e.newClient().get("/organisations/hackney")
	pages["register"] = e.newClient().get("/signatories")
	delete(pages, "check")

	for name, r := range pages {
		wantStatus(t, r, http.StatusOK)
		if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<b onmouseover") || strings.Contains(r.Body, "<i>Whitfield") {
			t.Errorf("%s page shows typed HTML as markup", name)
		}
	}
	wantBody(t, pages["signer"], escaped...)
	wantBody(t, pages["admin"], escaped...)
	wantBody(t, pages["organisation"], append(escaped, "Dana &lt;i&gt;Whitfield&lt;/i&gt;")...)
	wantBody(t, pages["queue"], escaped[0])
	if got := e.signature("hackney").Commitment.Title; got != "Repairs "+script {
		t.Errorf("stored title = %q: the text must be kept as typed", got)
	}
}

// TestSubmitTwice sends the check-your-answers form twice, as a double click or the back
// button would: one signature, and the second submit shows the first's confirmation.
func TestSubmitTwice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	officer.submit(hackneyCommitment(), hackneySigners())
	wantRedirect(t, officer.post("/sign/check", url.Values{}), "/sign/confirmation")
	wantBody(t, officer.get("/sign/confirmation"), "govuk-panel--confirmation", "LDD-"+itoa64(e.signature("hackney").ID))
	for _, addr := range []string{"dana.whitfield@hackney.gov.uk", "sam.okafor@hackney.gov.uk"} {
		if n := len(e.emailsTo(addr)); n != 1 {
			t.Errorf("%d invitations to %s, want 1", n, addr)
		}
	}
}

// TestOneLiveSignaturePerOrganisation has a second officer of the same council try to sign
// while the first's signature is in progress.
func TestOneLiveSignaturePerOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.signIn("officer@hackney.gov.uk")
	second := e.signIn("another.officer@hackney.gov.uk")

	// The second officer has answered everything, but not yet sent it.
	wantRedirect(t, second.post("/sign/commitment", with(hackneyCommitment(), "title", "A different project")), "/sign/signers")
	wantRedirect(t, second.post("/sign/signers", hackneySigners()), "/sign/check")

	first.submit(hackneyCommitment(), hackneySigners())
	before := e.state()

	r := second.get("/sign")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "London Borough of Hackney has a signature for this version of the Declaration",
		"Awaiting senior signers", "by officer@hackney.gov.uk")
	wantNoBody(t, r, `href="/sign/commitment"`)

	wantRedirect(t, second.post("/sign/check", url.Values{}), "/sign")
	wantRedirect(t, second.get("/sign/commitment"), "/sign")
	wantRedirect(t, second.post("/sign/commitment", hackneyCommitment()), "/sign")
	if after := e.state(); after != before {
		t.Errorf("the second officer's attempts changed the database:\nbefore %s\nafter  %s", before, after)
	}
	if sigs := e.signatures("hackney"); len(sigs) != 1 || sigs[0].Commitment.Title != "Open housing repairs data" {
		t.Errorf("Hackney has %d signatures, want only the first officer's", len(sigs))
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
