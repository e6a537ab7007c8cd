package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// TestAdminReject turns a signature down: a reason is required, the officer is told it,
// and the signature never reaches the register.
func TestAdminReject(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sig := e.hackneyAwaitingVerification()
	admin := e.admin()
	path := "/admin/signatures/" + itoa64(sig.ID) + "/reject"

	before := e.state()
	for _, reason := range []string{"", "   \n  "} {
		r := admin.post(path, url.Values{"reason": {reason}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "reason")
		wantBody(t, r, "Enter the reason for rejecting this signature", "Verify and publish")
		wantKept(t, r, url.Values{"reason": {reason}})
	}
	long := strings.Repeat("r", 1001)
	r := admin.post(path, url.Values{"reason": {long}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "reason")
	wantKept(t, r, url.Values{"reason": {long}})
	if after := e.state(); after != before {
		t.Fatalf("refused rejections changed the database:\nbefore %s\nafter  %s", before, after)
	}

	reason := "The leader’s email address is not a council address we recognise."
	r = admin.post(path, url.Values{"reason": {reason}})
	wantRedirect(t, r, "/admin/signatures")
	wantBody(t, admin.get(r.Location()), "The signature has been rejected and the organisation has been told why")

	got := e.signature("hackney")
	if got.Status != model.SigRejected || got.RejectedReason != reason {
		t.Errorf("after rejecting: status %s, reason %q", got.Status, got.RejectedReason)
	}
	m := e.lastEmail("officer@hackney.gov.uk")
	if m.Subject != "Your signature was not accepted: Local Digital" || !strings.Contains(m.Body, "Reason: "+reason) {
		t.Errorf("email to the officer: %q\n%s", m.Subject, m.Body)
	}
	wantBody(t, admin.get("/admin/signatures/"+itoa64(sig.ID)), "Reason rejected", esc(reason))
	if !slices.Contains(e.auditActions(), "signature.rejected") {
		t.Error("no signature.rejected in the audit log")
	}

	// It is no longer in the queue, cannot now be verified, and is not on the register.
	wantBody(t, admin.get("/admin/signatures"), `id="queue-empty"`)
	r = admin.post("/admin/signatures/"+itoa64(sig.ID)+"/verify", url.Values{})
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "This signature is rejected, so it cannot be signed")
	if api := e.newClient().signatoriesJSON(); api.Total != 0 {
		t.Errorf("a rejected signature is on the register: %+v", api.Data)
	}
	wantStatus(t, admin.post("/admin/signatures/999999/verify", url.Values{}), http.StatusNotFound)
	wantStatus(t, admin.post("/admin/signatures/nope/verify", url.Values{}), http.StatusNotFound)
}

// TestAdminVerifyTwice verifies a signature from two tabs: the second is told it is done.
func TestAdminVerifyTwice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sig := e.hackneyAwaitingVerification()
	admin := e.admin()
	path := "/admin/signatures/" + itoa64(sig.ID) + "/verify"
	wantRedirect(t, admin.post(path, url.Values{}), "/admin/signatures")
	before := e.state()
	r := admin.post(path, url.Values{})
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "This has already been done")
	if e.state() != before {
		t.Error("verifying twice changed the database")
	}
}

// TestAdminAddOrganisation adds a body that is not a council, with bad answers first.
func TestAdminAddOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.admin()
	wantStatus(t, admin.get("/admin/organisations/new"), http.StatusOK)
	good := url.Values{"name": {"Local Government Association"}, "type": {"SECTOR"}, "nation": {"England"},
		"website": {"https://www.local.gov.uk/"}, "domains": {"local.gov.uk"}}

	tests := []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"bad domain", with(good, "domains", "local.gov.uk, not_a_domain"), "domains", esc("“not_a_domain” is not an email domain")},
		{"domain without a dot", with(good, "domains", "localhost"), "domains", "is not an email domain"},
		{"no name", with(good, "name", " "), "name", "Enter the organisation"},
		{"no type", with(good, "type", ""), "type", "Select the type of organisation"},
		{"a council", with(good, "type", "LBO"), "type", "Councils are added by importing the local authority register"},
		{"bad website", with(good, "website", "javascript:alert(1)"), "website", "Enter a website address starting with https://"},
		{"bad nation", with(good, "nation", "Atlantis"), "nation", "Select a nation from the list"},
	}
	before := e.state()
	for _, tc := range tests {
		r := admin.post("/admin/organisations/new", tc.form)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, tc.field)
		wantBody(t, r, tc.want)
		wantKept(t, r, url.Values{"name": tc.form["name"], "website": tc.form["website"], "domains": tc.form["domains"]})
	}
	if after := e.state(); after != before {
		t.Fatalf("refused organisations changed the database:\nbefore %s\nafter  %s", before, after)
	}

	r := admin.post("/admin/organisations/new", good)
	wantRedirect(t, r, "/organisations/local-government-association")
	r = admin.get(r.Location())
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "The organisation has been added", "Local Government Association", "Sector body")
	org, err := e.db.OrganisationBySlug(t.Context(), "local-government-association")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(org.Domains, []string{"local.gov.uk"}) || org.TypeCode != "SECTOR" {
		t.Errorf("stored organisation: %+v", org)
	}

	// Its staff are members when they sign in, and sign with one senior signer.
	staff := e.signIn("policy@local.gov.uk")
	wantBody(t, staff.get("/sign"), "You are signing for <strong>Local Government Association</strong>")
	wantRedirect(t, staff.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
	wantNoBody(t, staff.get("/sign/signers"), `name="leader_name"`)
}

// TestAdminEditDomains changes which email addresses belong to Hackney.
func TestAdminEditDomains(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.admin()
	path := "/admin/organisations/hackney/domains"
	r := admin.get(path)
	wantStatus(t, r, http.StatusOK)
	if v, _ := fieldValue(r.Body, "domains"); v != "hackney.gov.uk" {
		t.Errorf("domains field shows %q", v)
	}
	wantBody(t, admin.get("/organisations/hackney"), `href="/admin/organisations/hackney/domains"`)

	before := e.state()
	bad := "hackney.gov.uk\n@@nope"
	r = admin.post(path, url.Values{"domains": {bad}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "domains")
	wantBody(t, r, esc("“@nope” is not an email domain"))
	wantKept(t, r, url.Values{"domains": {bad}})
	if after := e.state(); after != before {
		t.Fatalf("a refused edit changed the database")
	}
	wantStatus(t, admin.post("/admin/organisations/atlantis/domains", url.Values{"domains": {"x.gov.uk"}}), http.StatusNotFound)

	r = admin.post(path, url.Values{"domains": {"Hackney.gov.uk\n@learningtrust.co.uk, hackney.gov.uk"}})
	wantRedirect(t, r, "/organisations/hackney")
	wantBody(t, admin.get(r.Location()), "The email domains have been saved")
	org, err := e.db.OrganisationBySlug(t.Context(), "hackney")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(org.Domains, []string{"hackney.gov.uk", "learningtrust.co.uk"}) {
		t.Errorf("domains = %q", org.Domains)
	}
	if !slices.Contains(e.auditActions(), "organisation.domains") {
		t.Error("no organisation.domains in the audit log")
	}

	// Someone at the new domain is a member of Hackney, and may name signers there.
	staff := e.signIn("head.of.digital@learningtrust.co.uk")
	wantBody(t, staff.get("/account"), `href="/organisations/hackney">London Borough of Hackney</a>`)
	wantRedirect(t, staff.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
	wantRedirect(t, staff.post("/sign/signers", with(hackneySigners(), "leader_email", "chair@learningtrust.co.uk")), "/sign/check")
}

// TestAdminGrantRole makes an officer the organisation admin of their council.
func TestAdminGrantRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.admin()
	r := admin.post("/admin/users", url.Values{"email": {"not an email"}, "role": {"emperor"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "email")
	wantFieldError(t, r, "role")
	wantKept(t, r, url.Values{"email": {"not an email"}})

	r = admin.post("/admin/users", url.Values{"email": {"Digital.Lead@hackney.gov.uk"}, "role": {model.RoleOrgAdmin}})
	wantRedirect(t, r, "/admin/users")
	wantBody(t, admin.get("/admin/users"), "The role has been granted", "digital.lead@hackney.gov.uk", "Organisation admin")
	e.publish("hackney", "Open housing repairs data")
	lead := e.signIn("digital.lead@hackney.gov.uk")
	wantBody(t, lead.get("/organisations/hackney"), `href="/organisations/hackney/withdraw">Withdraw this signature`)
}

// TestAdminCorrectsOrganisationName: a platform admin corrects a name; the old name is
// shown as another name and search still finds it; with the address moved, the old
// address and its sub-pages redirect permanently to the new one.
func TestAdminCorrectsOrganisationName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.admin()
	r := admin.get("/admin/organisations/hackney/name")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `value="London Borough of Hackney"`)

	for _, tc := range []struct{ name, want string }{
		{"  ", "Enter the organisation’s name"},
		{strings.Repeat("a", 201), "Name must be 200 characters or fewer"},
	} {
		r := admin.post("/admin/organisations/hackney/name", url.Values{"name": {tc.name}, "move_slug": {"yes"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "name")
		wantBody(t, r, tc.want, `value="yes" checked`)
	}

	r = admin.post("/admin/organisations/hackney/name", url.Values{"name": {"Hackney Council"}, "move_slug": {"yes"}})
	wantRedirect(t, r, "/organisations/hackney-council")
	page := admin.get("/organisations/hackney-council")
	wantBody(t, page, "<h1 class=\"govuk-heading-xl\">Hackney Council</h1>", "Also known as", "London Borough of Hackney",
		"The organisation’s name has been saved")

	anon := e.newClient()
	for path, want := range map[string]string{
		"/organisations/hackney":          "/organisations/hackney-council",
		"/organisations/hackney?x=1":      "/organisations/hackney-council?x=1",
		"/organisations/hackney/withdraw": "/organisations/hackney-council/withdraw",
	} {
		r := anon.get(path)
		wantStatus(t, r, http.StatusMovedPermanently)
		if r.Location() != want {
			t.Errorf("GET %s redirects to %q, want %q", path, r.Location(), want)
		}
	}
	r = e.signIn("officer@hackney.gov.uk").post("/organisations/hackney/withdraw", url.Values{})
	wantStatus(t, r, http.StatusPermanentRedirect)
	if r.Location() != "/organisations/hackney-council/withdraw" {
		t.Errorf("POST redirects to %q", r.Location())
	}
	// Search finds the old name.
	wantBody(t, anon.get("/api/v1/organisations?q=london+borough+of+hackney"), `"slug":"hackney-council"`)
	wantStatus(t, anon.get("/organisations/no-such-place"), http.StatusNotFound)
}
