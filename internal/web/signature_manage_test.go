package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const ceoAddr, leaderAddr = "dana.whitfield@hackney.gov.uk", "sam.okafor@hackney.gov.uk"

// startedHackney has the officer send Hackney's signature to its senior signers and
// returns the officer's browser and the signature's path.
func startedHackney(e *env) (*client, string) {
	e.t.Helper()
	officer := e.signIn("officer@hackney.gov.uk")
	officer.submit(hackneyCommitment(), hackneySigners())
	return officer, "/signatures/" + strconv.FormatInt(e.signatures("hackney")[0].ID, 10)
}

// TestCancelPendingSignature: the officer who started signing sees the signature in
// progress with its actions, confirms on a page, and cancels; the signers still asked
// are told and Hackney can start again. Another member of Hackney may not.
func TestCancelPendingSignature(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer, path := startedHackney(e)
	r := officer.get("/sign")
	wantBody(t, r, `href="`+path+`/cancel">Cancel the signature in progress`, `href="`+path+`/signers/ceo">Change`,
		`action="`+path+`/signers/leader/resend"`)
	r = officer.get("/organisations/hackney")
	wantBody(t, r, `href="`+path+`/cancel">Cancel the signature in progress`)

	colleague := e.signIn("colleague@hackney.gov.uk")
	wantNoBody(t, colleague.get("/organisations/hackney"), path+"/cancel")
	before := e.state()
	wantStatus(t, colleague.get(path+"/cancel"), http.StatusForbidden)
	r = colleague.post(path+"/cancel", url.Values{})
	wantStatus(t, r, http.StatusForbidden)
	wantBody(t, r, "Only the person who started signing, or an admin of London Borough of Hackney, can change this signature.")
	if e.state() != before {
		t.Fatal("a refused cancellation changed the database")
	}

	r = officer.get(path + "/cancel")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Are you sure you want to cancel the signature in progress?", `action="`+path+`/cancel"`)
	r = officer.post(path+"/cancel", url.Values{})
	wantRedirect(t, r, "/organisations/hackney")
	wantBody(t, officer.get(r.Location()), "The signature has been cancelled")
	if s := e.signature("hackney"); s.Status != model.SigCancelled {
		t.Errorf("status = %s", s.Status)
	}
	if acts := e.auditActions(); acts[len(acts)-1] != "signature.cancelled" {
		t.Errorf("last audit action = %s", acts[len(acts)-1])
	}
	if got := e.lastEmail("officer@hackney.gov.uk").Subject; got != "Signing has been cancelled: Local Digital" {
		t.Errorf("last email to the officer: %q", got)
	}
	for _, addr := range []string{ceoAddr, leaderAddr} {
		if got := leadSubject(e.lastEmail(addr).Subject); got != "You no longer need to sign for London Borough of Hackney: Local Digital" {
			t.Errorf("last email to %s: %q", addr, got)
		}
	}
	// Cancelled is not live: a second cancel is refused, and Hackney may start again.
	wantStatus(t, officer.post(path+"/cancel", url.Values{}), http.StatusConflict)
	wantBody(t, officer.get("/sign"), "You are signing for")
	officer.submit(with(hackneyCommitment(), "title", "Second attempt"), hackneySigners())
}

// TestOrgAdminCancelsAndPlatformAdminCancelsWithReason: an organisation admin who did
// not start it can cancel; the platform team must give a reason, which the starter is sent.
func TestOrgAdminCancelsAndPlatformAdminCancelsWithReason(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, path := startedHackney(e)
	lead := e.signInAs("digital.lead@hackney.gov.uk", model.RoleOrgAdmin)
	wantBody(t, lead.get("/organisations/hackney"), `href="`+path+`/cancel"`)
	// The old withdraw link for a signature in progress leads to the cancel page.
	wantRedirect(t, lead.get("/organisations/hackney/withdraw"), path+"/cancel")
	wantRedirect(t, lead.post(path+"/cancel", url.Values{}), "/organisations/hackney")

	_, path = startedHackney(e)
	id := strings.TrimPrefix(path, "/signatures/")
	admin := e.admin()
	r := admin.get("/admin/signatures/" + id)
	wantBody(t, r, `action="/admin/signatures/`+id+`/cancel"`)
	before := e.state()
	r = admin.post("/admin/signatures/"+id+"/cancel", url.Values{"cancel_reason": {" "}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "cancel_reason")
	wantBody(t, r, "Enter the reason for cancelling this signature")
	if e.state() != before {
		t.Fatal("a cancellation without a reason changed the database")
	}
	r = admin.post("/admin/signatures/"+id+"/cancel", url.Values{"cancel_reason": {"The chief executive's address belongs to the officer."}})
	wantRedirect(t, r, "/admin/signatures")
	m := e.lastEmail("officer@hackney.gov.uk")
	if m.Subject != "Signing has been cancelled: Local Digital" || !strings.Contains(m.Body, "Reason: The chief executive's address belongs to the officer.") {
		t.Errorf("email to the officer = %q\n%s", m.Subject, m.Body)
	}
	wantBody(t, admin.get("/admin/signatures/"+id), "The chief executive&#39;s address belongs to the officer.")
}

// TestChangeSigner corrects the leader's mistyped address: the old link stops working at
// once, the new address gets a new link, the old one is told, and the change is audited.
// The change form refuses the same self-signing addresses as the journey.
func TestChangeSigner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer, path := startedHackney(e)
	oldLink := e.linkIn(e.lastEmail(leaderAddr), signerLinkRE)
	r := officer.get(path + "/signers/leader")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `value="sam.okafor@hackney.gov.uk"`, `name="leader_email"`)

	before := e.state()
	for _, bad := range []struct{ email, want string }{
		{"Officer+leader@hackney.gov.uk", "Enter the leader’s own email address, not yours: you cannot also be a senior signer"},
		{"dana.whitfield+x@hackney.gov.uk", "Enter the leader’s own email address, not the chief executive’s"},
		{"sam@gmail.com", "Enter the leader’s email address at hackney.gov.uk"},
	} {
		r = officer.post(path+"/signers/leader", url.Values{"leader_name": {"Sam Okafor"}, "leader_role": {"Mayor"}, "leader_email": {bad.email}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "leader_email")
		wantBody(t, r, bad.want)
	}
	if e.state() != before {
		t.Fatal("a refused change changed the database")
	}

	r = officer.post(path+"/signers/leader", url.Values{"leader_name": {"Sam Okafor"}, "leader_role": {"Mayor of Hackney"},
		"leader_email": {"mayor@hackney.gov.uk"}})
	wantRedirect(t, r, "/organisations/hackney")
	wantBody(t, officer.get(r.Location()), "The senior signer has been changed and sent a new link")
	r = e.newClient().get(oldLink)
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, "This link is not valid")
	if got := leadSubject(e.lastEmail(leaderAddr).Subject); got != "You no longer need to sign for London Borough of Hackney: Local Digital" {
		t.Errorf("last email to the old address: %q", got)
	}
	if got := e.lastEmail("officer@hackney.gov.uk").Subject; got != "A senior signer has been changed: Local Digital" {
		t.Errorf("last email to the officer: %q", got)
	}
	wantStatus(t, e.respond("mayor@hackney.gov.uk", "confirm"), http.StatusOK)
	if acts := e.auditActions(); !strings.Contains(strings.Join(acts, " "), "signer.change") {
		t.Errorf("audit = %v", acts)
	}
	// A signer who answered can no longer be changed.
	wantStatus(t, officer.get(path+"/signers/leader"), http.StatusConflict)
	// Someone else's signature cannot be changed.
	wantStatus(t, e.signIn("colleague@hackney.gov.uk").post(path+"/signers/ceo",
		url.Values{"ceo_name": {"X"}, "ceo_role": {"Y"}, "ceo_email": {"x@hackney.gov.uk"}}), http.StatusForbidden)
}

// TestResendSignerLink sends the chief executive a new link three times; the fourth time
// in a day gets a clear message, and the latest link still works.
func TestResendSignerLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer, path := startedHackney(e)
	previous := e.linkIn(e.lastEmail(ceoAddr), signerLinkRE)
	for i := range model.MaxSignerResends {
		e.clock.Advance(time.Hour)
		r := officer.post(path+"/signers/ceo/resend", url.Values{})
		wantRedirect(t, r, "/organisations/hackney")
		link := e.linkIn(e.lastEmail(ceoAddr), signerLinkRE)
		if link == previous {
			t.Fatalf("resend %d sent the same link", i+1)
		}
		wantStatus(t, e.newClient().get(previous), http.StatusBadRequest)
		previous = link
	}
	before := e.state()
	r := officer.post(path+"/signers/ceo/resend", url.Values{})
	wantStatus(t, r, http.StatusTooManyRequests)
	wantBody(t, r, "You cannot resend this link yet",
		"You have sent the chief executive’s link again 3 times in the last 24 hours. You can send it again from 11:00am on 16 March 2024.")
	if e.state() != before {
		t.Error("a refused resend changed the database")
	}
	wantStatus(t, e.newClient().get(previous), http.StatusOK)
	// The leader has their own allowance.
	wantRedirect(t, officer.post(path+"/signers/leader/resend", url.Values{}), "/organisations/hackney")
}

// TestSignersErrorsNameTheSigner: with both addresses at the wrong domain, the error
// summary says which signer each message is about.
func TestSignersErrorsNameTheSigner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	wantRedirect(t, officer.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
	r := officer.post("/sign/signers", with(hackneySigners(), "ceo_email", "dana@gmail.com", "leader_email", "sam@gmail.com"))
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, `<a href="#ceo_email">Enter the chief executive’s email address at hackney.gov.uk</a>`,
		`<a href="#leader_email">Enter the leader’s email address at hackney.gov.uk</a>`)
	wantNoBody(t, r, "Enter an email address at")
}

// TestSigningDraftSurvivesTheSession: someone whose session ends mid-journey signs in
// again and /sign takes them back to the step they reached, with their answers.
func TestSigningDraftSurvivesTheSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.signIn("officer@hackney.gov.uk")
	wantRedirect(t, first.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
	wantRedirect(t, first.post("/sign-out", url.Values{}), "/sign-in")

	again := e.signIn("officer@hackney.gov.uk")
	wantRedirect(t, again.get("/sign"), "/sign/signers")
	wantBody(t, again.get("/sign/commitment"), "Open housing repairs data")
	wantRedirect(t, again.post("/sign/signers", hackneySigners()), "/sign/check")

	third := e.signIn("officer@hackney.gov.uk") // another browser, or a later day
	wantRedirect(t, third.get("/sign"), "/sign/check")
	wantBody(t, third.get("/sign/check"), "Open housing repairs data", "Dana Whitfield", "sam.okafor@hackney.gov.uk")
	wantRedirect(t, third.post("/sign/check", url.Values{}), "/sign/confirmation")
	// Sent: /sign shows the signature, not the journey.
	wantBody(t, third.get("/sign"), "Awaiting senior signers")
	// Someone else at Hackney starts with nothing.
	wantBody(t, e.signIn("colleague@hackney.gov.uk").get("/sign"), "Awaiting senior signers")
}

// TestAdminSeesSignerAddressHistory: the verification page says whether each signer's
// address is new, and lists the other signatures its mailbox appears in.
func TestAdminSeesSignerAddressHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer, path := startedHackney(e)
	wantRedirect(t, officer.post(path+"/cancel", url.Values{}), "/organisations/hackney")
	first := strings.TrimPrefix(path, "/signatures/")
	officer.submit(hackneyCommitment(), with(hackneySigners(), "leader_email", "Sam.Okafor+2@hackney.gov.uk", "ceo_email", "new.ceo@hackney.gov.uk"))
	second := strconv.FormatInt(e.signatures("hackney")[0].ID, 10)
	r := e.admin().get("/admin/signatures/" + second)
	wantStatus(t, r, http.StatusOK)
	block := r.Body[strings.Index(r.Body, `id="signer-addresses"`):]
	ceoPart, leaderPart, _ := strings.Cut(block, "Leader or lead member")
	if !strings.Contains(ceoPart, "First seen in this signature.") || !strings.Contains(ceoPart, "Not used in any other signature.") {
		t.Errorf("chief executive's address: %s", ceoPart)
	}
	if !strings.Contains(leaderPart, "Seen before") || !strings.Contains(leaderPart, `href="/admin/signatures/`+first+`">LDD-`+first+`</a>`) ||
		!strings.Contains(leaderPart, "as leader or lead member (sam.okafor@hackney.gov.uk)") {
		t.Errorf("leader's address: %s", leaderPart)
	}
}

// TestOrganisationHistory: after withdrawing and signing again, the earlier signature and
// its withdrawal stay on the organisation's page.
func TestOrganisationHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.publish("hackney", "Open housing repairs data")
	e.clock.Advance(40 * 24 * time.Hour)
	if _, err := e.db.WithdrawSignature(t.Context(), model.Actor{Label: "test"}, first.ID, "Merging teams.", nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(300 * 24 * time.Hour)
	e.publish("hackney", "Shared repairs platform")
	r := e.newClient().get("/organisations/hackney")
	wantBody(t, r, "Shared repairs platform", `<h2 class="govuk-heading-m">History</h2>`, "Open housing repairs data",
		"15 March 2024", "24 April 2024", "Reason: Merging teams.")
}
