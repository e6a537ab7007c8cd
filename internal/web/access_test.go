package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// TestAccess asks for pages as people who may not see them.
func TestAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sig := e.publish("hackney", "Open housing repairs data")
	anonymous := e.newClient()
	member := e.signIn("officer@hackney.gov.uk")
	before := e.state()

	// Not signed in: pages send people to sign in and back; forms say the session ended.
	for _, path := range []string{"/sign/commitment", "/sign/signers", "/sign/check", "/account", "/admin", "/admin/audit"} {
		wantRedirect(t, anonymous.get(path), "/sign-in?next="+url.QueryEscape(path))
	}
	for _, path := range []string{"/sign/commitment", "/sign/check", "/admin/signatures/" + itoa64(sig.ID) + "/verify",
		"/admin/signatures/1/reject", "/organisations/hackney/withdraw", "/admin/users"} {
		r := anonymous.post(path, url.Values{"reason": {"x"}})
		wantStatus(t, r, http.StatusUnauthorized)
		wantBody(t, r, "You need to sign in", "Your session has ended. Sign in and try again.")
	}

	// A member is not the platform team.
	for _, path := range []string{"/admin", "/admin/signatures", "/admin/audit", "/admin/users", "/admin/organisations/new",
		"/admin/organisations/hackney/domains"} {
		r := member.get(path)
		wantStatus(t, r, http.StatusForbidden)
		wantBody(t, r, "You cannot do that", "Only the platform team can see this page.")
	}
	for _, path := range []string{"/admin/signatures/" + itoa64(sig.ID) + "/reject", "/admin/organisations/new",
		"/admin/organisations/hackney/domains"} {
		wantStatus(t, member.post(path, url.Values{"reason": {"x"}, "name": {"x"}, "domains": {"evil.example"}}), http.StatusForbidden)
	}
	// Nor an organisation admin, even of their own organisation.
	wantStatus(t, member.post("/admin/users", url.Values{"email": {"officer@hackney.gov.uk"}, "role": {"platform_admin"}}),
		http.StatusForbidden)
	wantStatus(t, member.post("/organisations/hackney/withdraw", url.Values{}), http.StatusForbidden)
	wantNoBody(t, member.get("/organisations/hackney"), "/withdraw")

	if after := e.state(); after != before {
		t.Errorf("refused requests changed the database:\nbefore %s\nafter  %s", before, after)
	}
	admins, err := e.db.ListAdmins(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range admins {
		if a.Email == "officer@hackney.gov.uk" {
			t.Errorf("the member now has the role %s", a.Role)
		}
	}
}

// TestWithdraw has an organisation admin of another council try to withdraw Hackney's
// signature, then Hackney's own admin withdraw it: the register then shows it withdrawn
// with the date.
func TestWithdraw(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.publish("hackney", "Open housing repairs data")
	e.clock.Advance(40 * 24 * time.Hour) // 40 days later: 24 April 2024

	other := e.signInAs("digital.lead@lbhf.gov.uk", model.RoleOrgAdmin)
	before := e.state()
	r := other.get("/organisations/hackney/withdraw")
	wantStatus(t, r, http.StatusForbidden)
	wantBody(t, r, "Only an admin of London Borough of Hackney can withdraw its signature.")
	wantStatus(t, other.post("/organisations/hackney/withdraw", url.Values{}), http.StatusForbidden)
	if after := e.state(); after != before {
		t.Fatalf("a refused withdrawal changed the database:\nbefore %s\nafter  %s", before, after)
	}

	lead := e.signInAs("digital.lead@hackney.gov.uk", model.RoleOrgAdmin)
	r = lead.get("/organisations/hackney")
	wantBody(t, r, `href="/organisations/hackney/withdraw">Withdraw this signature`)
	r = lead.get("/organisations/hackney/withdraw")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Are you sure you want to withdraw your signature?", "signed on 15 March 2024")
	wantBody(t, r, `name="reason"`)
	// The reason is required: without one, nothing changes and the field says so.
	before = e.state()
	r = lead.post("/organisations/hackney/withdraw", url.Values{"reason": {"  \n "}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "reason")
	wantBody(t, r, "Enter the reason for withdrawing the signature")
	if after := e.state(); after != before {
		t.Fatalf("a withdrawal without a reason changed the database:\nbefore %s\nafter  %s", before, after)
	}
	r = lead.post("/organisations/hackney/withdraw", url.Values{"reason": {strings.Repeat("r", model.MaxReason+1)}})
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, "Reason must be 1000 characters or fewer")
	r = lead.post("/organisations/hackney/withdraw", url.Values{"reason": {"We are merging with <b>Islington</b>."}})
	wantRedirect(t, r, "/organisations/hackney")
	wantBody(t, lead.get(r.Location()), "The signature has been withdrawn")

	public := e.newClient()
	r = public.get("/organisations/hackney")
	wantBody(t, r, `govuk-tag--grey">Withdrawn</strong>`, "Signed the Local Digital Declaration on 15 March 2024. Withdrew on 24 April 2024.",
		"Reason for withdrawing: We are merging with &lt;b&gt;Islington&lt;/b&gt;.")
	// The register lists organisations that have signed; withdrawn ones only under
	// status=withdrawn, which says so.
	r = public.get("/signatories")
	wantBody(t, r, `<strong class="ld-count">0</strong> organisations`)
	wantNoBody(t, r, `href="/organisations/hackney"`)
	r = public.get("/signatories?status=withdrawn")
	wantBody(t, r, "Organisations that have withdrawn", `<strong class="ld-count">1</strong> organisation has withdrawn`,
		`govuk-tag--grey">Withdrawn</strong><br><span class="govuk-body-s">24 April 2024</span>`)
	api := public.signatoriesJSON()
	if len(api.Data) != 1 || api.Data[0].Signature.Status != model.SigWithdrawn || api.Data[0].Signature.WithdrawnOn == nil ||
		*api.Data[0].Signature.WithdrawnOn != "2024-04-24" || api.Data[0].Signature.SignedOn != "2024-03-15" {
		t.Errorf("API after withdrawal = %+v", api.Data)
	}
	wantBody(t, public.get("/feeds/signatories.atom"), "London Borough of Hackney withdrew from the Local Digital Declaration")
	if got := e.lastEmail("digital.lead@hackney.gov.uk"); got.Subject != "Sign in to Local Digital" {
		t.Errorf("unexpected email to the withdrawing admin: %q", got.Subject)
	}
	if api.Data[0].Signature.WithdrawnReason == nil || *api.Data[0].Signature.WithdrawnReason != "We are merging with <b>Islington</b>." {
		t.Errorf("API withdrawn_reason = %v", api.Data[0].Signature.WithdrawnReason)
	}
	// The chief executive and the leader who signed are told, with the reason.
	for _, addr := range []string{"ceo@hackney.gov.uk", "leader@hackney.gov.uk"} {
		m := e.lastEmail(addr)
		if leadSubject(m.Subject) != "London Borough of Hackney has withdrawn its signature: Local Digital" ||
			!strings.Contains(m.Body, "Reason: We are merging with <b>Islington</b>.") || !strings.Contains(m.Body, "on 15 March 2024") {
			t.Errorf("email to %s = %q\n%s", addr, m.Subject, m.Body)
		}
	}

	// Withdrawn is not live: there is nothing left to withdraw, and Hackney may sign again.
	wantStatus(t, lead.post("/organisations/hackney/withdraw", url.Values{"reason": {"again"}}), http.StatusNotFound)
	wantBody(t, lead.get("/sign"), "You are signing for")
}
