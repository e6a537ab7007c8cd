package browsertest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// The answers a Hackney officer gives, by field name.
var (
	hackneyCommitment = [][2]string{
		{"title", "Open housing repairs data"},
		{"partners", "London Borough of Hammersmith & Fulham"},
		{"mission", "Publish every housing repair request as open data, updated daily, within a year."},
		{"impact", "Tenants can see when their repair will be done without phoning the council."},
	}
	hackneySigners = [][2]string{
		{"ceo_name", "Dana Whitfield"}, {"ceo_role", "Chief Executive"}, {"ceo_email", "dana.whitfield@hackney.gov.uk"},
		{"leader_name", "Sam Okafor"}, {"leader_role", "Mayor of Hackney"}, {"leader_email", "sam.okafor@hackney.gov.uk"},
	}
)

// TestSigningJourney signs the Declaration in a real browser, once with JavaScript on and
// once with it off: the officer signs in from the email, writes the commitment, names the
// signers and sends; each signer confirms from their own link in a browser of their own;
// the platform team verifies; the council is then on the register.
func TestSigningJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			signingJourney(t, newEnv(t, b), js)
		})
	}
}

func signingJourney(t *testing.T, e *env, js bool) {
	const starter = "officer@hackney.gov.uk"
	officer := e.newTab(t, "the officer", js)

	// Home page, then sign in by typing the email address and following the emailed link.
	officer.wantPage(officer.open("/"), http.StatusOK, "The Local Digital Declaration", "How to sign")
	officer.wantScripts()
	officer.shot("home")
	officer.wantPage(officer.open("/sign-in"), http.StatusOK, "Sign in with your email address",
		"We will email you a link to sign in")
	officer.fill("#email", starter)
	officer.shot("journey-01-sign-in")
	officer.wantPage(officer.clickText("Email me a sign-in link"), http.StatusOK, "Check your email",
		"we have sent it a link to sign in")
	officer.shot("journey-02-check-email")
	officer.wantPage(officer.open(e.link(starter, signInLinkRE)), http.StatusOK, "Sign in to Local Digital")
	officer.shot("journey-03-sign-in-link")
	officer.wantPage(officer.clickText("Continue"), http.StatusOK, "Your account", starter, "London Borough of Hackney")
	officer.shot("journey-04-account")

	// Start signing for the council.
	officer.wantPage(officer.clickText("Sign the Declaration for London Borough of Hackney"), http.StatusOK,
		"Sign the Local Digital Declaration", "You are signing for London Borough of Hackney")
	officer.shot("journey-05-start")
	officer.wantPage(officer.clickText("Start now"), http.StatusOK, "Your commitment", "Up to 120 characters")
	officer.fillAll(hackneyCommitment)
	officer.shot("journey-06-commitment")
	officer.wantPage(officer.clickText("Continue"), http.StatusOK, "Your senior signers",
		"Chief executive", "Leader or lead member", "@hackney.gov.uk")
	officer.fillAll(hackneySigners)
	officer.shot("journey-07-signers")

	// Check your answers shows every answer.
	officer.wantPage(officer.clickText("Continue"), http.StatusOK, "Check your answers before signing",
		"Open housing repairs data", "London Borough of Hammersmith & Fulham",
		"Publish every housing repair request as open data", "Tenants can see when their repair will be done",
		"Dana Whitfield, Chief Executive, dana.whitfield@hackney.gov.uk",
		"Sam Okafor, Mayor of Hackney, sam.okafor@hackney.gov.uk")
	officer.shot("journey-08-check")
	officer.wantPage(officer.clickText("Accept and send"), http.StatusOK, "Signature sent to your senior signers",
		"We have emailed Dana Whitfield and Sam Okafor a personal link")
	sig := e.signature("hackney")
	ref := "LDD-" + strconv.FormatInt(sig.ID, 10)
	officer.wantText(".govuk-panel--confirmation", "Signature sent to your senior signers", ref)
	officer.shot("journey-09-confirmation")
	if sig.Status != model.SigAwaitingSigners {
		t.Fatalf("after sending, the signature is %s", sig.Status)
	}

	// Each senior signer opens their own link in a browser with no cookies and confirms.
	for i, sg := range []struct{ email, name, then string }{
		{"dana.whitfield@hackney.gov.uk", "Dana Whitfield", "We are waiting for the other senior signers to confirm."},
		{"sam.okafor@hackney.gov.uk", "Sam Okafor", "All senior signers have confirmed."},
	} {
		signer := e.newTab(t, sg.name, js)
		signer.wantPage(signer.open(e.link(sg.email, signerLinkRE)), http.StatusOK,
			"Confirm your organisation’s signature", sg.name, "Open housing repairs data",
			"Tenants can see when their repair will be done", "Do you sign the Declaration for London Borough of Hackney?")
		signer.wantNoText("header", "Your account") // not signed in
		if i == 0 {
			signer.shot("journey-10-signer")
		}
		signer.step("choose yes", clickLabel("Yes, I confirm and sign"))
		signer.wantPage(signer.clickText("Send"), http.StatusOK, "You have signed", sg.then)
		signer.wantText(".govuk-panel", "for London Borough of Hackney")
		if i == 1 {
			signer.shot("journey-11-signer-done")
		}
	}
	if got := e.signature("hackney").Status; got != model.SigAwaitingVerification {
		t.Fatalf("after both signers confirmed, the signature is %s", got)
	}

	// The platform team verifies it from the queue.
	const adminEmail = "platform.team@localdigital.gov.uk"
	e.grant(adminEmail, model.RolePlatformAdmin)
	admin := e.newTab(t, "the platform admin", js)
	e.signIn(admin, adminEmail)
	admin.wantPage(admin.clickText("Admin"), http.StatusOK, "Admin", "Signatures to verify")
	admin.wantText("#queue-count", "1")
	admin.wantPage(admin.clickText("Signatures to verify"), http.StatusOK, "Signatures to verify",
		ref, "London Borough of Hackney", "Open housing repairs data")
	admin.wantPath("/admin/signatures")
	admin.shot("admin-queue")
	admin.wantPage(admin.clickText(ref), http.StatusOK, "London Borough of Hackney",
		"dana.whitfield@hackney.gov.uk", "confirmed", "Verify and publish")
	admin.wantPage(admin.clickText("Verify and publish"), http.StatusOK, "Signatures to verify",
		"The signature has been verified and published on the register",
		"There are no signatures waiting to be verified.")
	admin.wantText(".govuk-notification-banner", "Success")

	// Anyone now finds the council on the register, signed.
	public := e.newTab(t, "a member of the public", js)
	public.wantPage(public.open("/signatories"), http.StatusOK, "Signatories", "1 organisation")
	public.wantText("table", "London Borough of Hackney", "London borough", "Signed")
	public.shot("register")
	public.wantPage(public.clickText("London Borough of Hackney"), http.StatusOK, "London Borough of Hackney",
		"Signed the Local Digital Declaration on", "E09000012", "Open housing repairs data",
		"Dana Whitfield", "Sam Okafor")
	public.wantPath("/organisations/hackney")
	public.wantText("main .govuk-tag", "Signed")
	public.wantNoText("main", "dana.whitfield@hackney.gov.uk") // signers' addresses are not published
	public.shot("organisation-signed")
}
