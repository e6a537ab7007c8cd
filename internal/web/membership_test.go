package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
)

// worthing shares its email domain with Adur, as the real councils do.
var worthing = model.Organisation{Slug: "worthing", Name: "Worthing Borough Council", OfficialName: "Worthing Borough Council",
	TypeCode: "NMD", TypeName: "Non-metropolitan district", Nation: "England", Region: "South East",
	GSSCode: "E07000229", LACode: "WOT", Website: "https://www.adur-worthing.gov.uk/"}

// addWorthing adds Worthing beside Adur, both at adur-worthing.gov.uk.
func (e *env) addWorthing() *model.Organisation {
	e.t.Helper()
	o := worthing
	o.Domains = []string{"adur-worthing.gov.uk"}
	if _, err := e.db.ImportOrganisations(e.t.Context(), model.Actor{Label: "import"}, []model.Organisation{o}); err != nil {
		e.t.Fatalf("ImportOrganisations: %v", err)
	}
	got, err := e.db.OrganisationBySlug(e.t.Context(), "worthing")
	if err != nil {
		e.t.Fatal(err)
	}
	e.orgs["worthing"] = got
	return got
}

func id(o *model.Organisation) string { return strconv.FormatInt(o.ID, 10) }

func worthingSigners() url.Values {
	return url.Values{
		"ceo_name": {"Catherine Howe"}, "ceo_role": {"Chief Executive"}, "ceo_email": {"catherine.howe@adur-worthing.gov.uk"},
		"leader_name": {"Rita Garner"}, "leader_role": {"Leader of Worthing Borough Council"}, "leader_email": {"rita.garner@adur-worthing.gov.uk"},
	}
}

func TestSignForEitherCouncilOfASharedDomain(t *testing.T) {
	e := newEnv(t)
	w := e.addWorthing()
	officer := e.signIn("officer@adur-worthing.gov.uk")

	start := officer.get("/sign")
	wantStatus(t, start, http.StatusOK)
	wantBody(t, start, "Which organisation are you signing for?", `name="organisation" type="radio" value="`+id(e.org("adur"))+`"`,
		`name="organisation" type="radio" value="`+id(w)+`"`, "Worthing Borough Council", "Adur District Council")
	// The journey does not guess which council.
	wantRedirect(t, officer.get("/sign/commitment"), "/sign")

	r := officer.post("/sign", url.Values{})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	wantBody(t, r, "Select the organisation you are signing for")
	r = officer.post("/sign", url.Values{"organisation": {id(e.org("hackney"))}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	wantBody(t, r, "Select one of your organisations")

	wantRedirect(t, officer.post("/sign", url.Values{"organisation": {id(w)}}), "/sign/commitment")
	wantBody(t, officer.get("/sign/commitment"), "Worthing Borough Council")
	wantRedirect(t, officer.post("/sign/commitment", hackneyCommitment()), "/sign/signers")
	wantRedirect(t, officer.post("/sign/signers", worthingSigners()), "/sign/check")
	check := officer.get("/sign/check")
	wantBody(t, check, "Signing for", "Worthing Borough Council", `href="/sign"`)
	wantRedirect(t, officer.post("/sign/check", url.Values{}), "/sign/confirmation")

	if sig := e.signature("worthing"); sig.Status != model.SigAwaitingSigners || sig.StartedByEmail != "officer@adur-worthing.gov.uk" {
		t.Errorf("Worthing's signature = %+v", sig)
	}
	if sigs := e.signatures("adur"); len(sigs) != 0 {
		t.Errorf("Adur has %d signatures, want none", len(sigs))
	}
	// Only Adur is left to sign for: no question, and Worthing is listed as signing.
	again := officer.get("/sign")
	wantBody(t, again, "You are signing for <strong>Adur District Council</strong>", "Your organisations that have signed")
	wantNoBody(t, again, "Which organisation are you signing for?")
}

func TestOrganisationPageInvitesMembersToSign(t *testing.T) {
	e := newEnv(t)
	w := e.addWorthing()
	button := "Sign the Declaration for Worthing Borough Council"
	invite := `Work here? <a class="govuk-link" href="/sign-in?next=%2Forganisations%2Fworthing">Sign in with your work email to sign for it</a>`

	anon := e.newClient()
	r := anon.get("/organisations/worthing")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, invite)
	wantNoBody(t, r, button)

	member := e.signIn("officer@adur-worthing.gov.uk")
	r = member.get("/organisations/worthing")
	wantBody(t, r, button, `href="/sign?organisation=`+id(w)+`"`)
	wantNoBody(t, r, "Work here?")
	// The button leads to the journey with Worthing chosen.
	wantBody(t, member.get("/sign?organisation="+id(w)), `value="`+id(w)+`" checked`)

	other := e.signIn("officer@hackney.gov.uk")
	r = other.get("/organisations/worthing")
	wantBody(t, r, invite)
	wantNoBody(t, r, button)

	// The anonymous copy comes from the page cache: the member's button never reaches it.
	r = e.newClient().get("/organisations/worthing")
	wantBody(t, r, invite)
	wantNoBody(t, r, button)

	// An organisation that has signed invites nobody.
	e.publish("hackney", "Open housing repairs data")
	for _, c := range []*client{anon, other} {
		wantNoBody(t, c.get("/organisations/hackney"), "Work here?", "Sign the Declaration for London Borough of Hackney")
	}
}

func TestMembersPage(t *testing.T) {
	e := newEnv(t)
	lead := e.signInAs("digital.lead@hackney.gov.uk", model.RoleOrgAdmin)
	member := e.signIn("jo@hackney.gov.uk")
	outsider := e.signInAs("officer@adur-worthing.gov.uk", model.RoleOrgAdmin)
	hackneyID := e.org("hackney").ID

	list := lead.get("/organisations/hackney/members")
	wantStatus(t, list, http.StatusOK)
	wantBody(t, list, "digital.lead@hackney.gov.uk", "jo@hackney.gov.uk", "Organisation admin", "Email address at the organisation’s domain")
	wantNoBody(t, list, "Add a person") // the platform team's form
	wantBody(t, lead.get("/organisations/hackney"), `href="/organisations/hackney/members"`)

	for _, c := range []*client{member, outsider} {
		wantStatus(t, c.get("/organisations/hackney/members"), http.StatusForbidden)
		wantStatus(t, c.post("/organisations/hackney/members", url.Values{"user": {"1"}, "action": {"remove"}}), http.StatusForbidden)
	}
	wantStatus(t, lead.post("/organisations/hackney/members/add", url.Values{"email": {"x@example.com"}, "role": {"member"}}), http.StatusForbidden)

	jo := e.userID("jo@hackney.gov.uk")
	wantRedirect(t, lead.post("/organisations/hackney/members", url.Values{"user": {jo}, "action": {"make_admin"}}), "/organisations/hackney/members")
	wantBody(t, lead.get("/organisations/hackney/members"), "The member’s role has been changed")
	wantStatus(t, member.get("/organisations/hackney/members"), http.StatusOK) // now an admin
	wantRedirect(t, lead.post("/organisations/hackney/members", url.Values{"user": {jo}, "action": {"make_member"}}), "/organisations/hackney/members")
	wantStatus(t, member.get("/organisations/hackney/members"), http.StatusForbidden)
	wantStatus(t, lead.post("/organisations/hackney/members", url.Values{"user": {jo}, "action": {"promote"}}), http.StatusBadRequest)
	wantRedirect(t, lead.post("/organisations/hackney/members", url.Values{"user": {jo}, "action": {"remove"}}), "/organisations/hackney/members")
	r := lead.get("/organisations/hackney/members")
	wantBody(t, r, "The member has been removed from the organisation")
	wantNoBody(t, r, "jo@hackney.gov.uk")
	wantStatus(t, lead.post("/organisations/hackney/members", url.Values{"user": {jo}, "action": {"remove"}}), http.StatusNotFound)
	// Signing in again does not bring a removed member back.
	if u := e.signInUser("jo@hackney.gov.uk"); u.IsMemberOf(hackneyID) {
		t.Errorf("removed member is back after signing in: %+v", u.Memberships)
	}
	acts := strings.Join(e.auditActions(), " ")
	if !strings.Contains(acts, "membership.role membership.role membership.remove") {
		t.Errorf("audit = %s, want two role changes and a removal", acts)
	}

	// The platform team attaches a person from elsewhere, by hand.
	admin := e.admin()
	page := admin.get("/organisations/hackney/members")
	wantBody(t, page, "Add a person")
	r = admin.post("/organisations/hackney/members/add", url.Values{"email": {"not an address"}, "role": {"org_admin"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "email")
	wantKept(t, r, url.Values{"email": {"not an address"}})
	wantRedirect(t, admin.post("/organisations/hackney/members/add", url.Values{"email": {"Consultant@Example.com"}, "role": {"org_admin"}}),
		"/organisations/hackney/members")
	wantBody(t, admin.get("/organisations/hackney/members"), "The person has been added to the organisation",
		"consultant@example.com", "Added by the Local Digital team")
	consultant := e.signIn("consultant@example.com")
	wantStatus(t, consultant.get("/organisations/hackney/members"), http.StatusOK)
}

func TestPublishResourceForSecondOrganisation(t *testing.T) {
	e := newLibraryEnv(t)
	w := e.addWorthing()
	e.publish("adur", "Shared planning portal")
	e.publish("worthing", "Seafront wifi")
	c := e.signIn("officer@adur-worthing.gov.uk")

	form := c.get("/resources/new")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, "Which organisation are you publishing for?", `value="`+id(w)+`"`, `value="`+id(e.org("adur"))+`"`)

	r := c.postMultipart("/resources/new", wasteApp(), nil)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	wantBody(t, r, "Select the organisation you are publishing for")
	r = c.postMultipart("/resources/new", withRes(wasteApp(), "organisation", id(e.org("hackney"))), nil)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")

	resID := c.publishResource(withRes(wasteApp(), "organisation", id(w)), nil)
	res, err := e.db.Resource(t.Context(), resID)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Organisations) != 1 || res.Organisations[0].ID != w.ID {
		t.Errorf("resource made by %+v, want Worthing only", res.Organisations)
	}

	// "We use this" asks which organisation too, and records the one chosen.
	show := c.get("/resources/" + strconv.FormatInt(resID, 10))
	wantBody(t, show, "Which of your organisations uses it?")
	r = c.post("/resources/"+strconv.FormatInt(resID, 10)+"/use", url.Values{"how": {"Weekly"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	wantRedirect(t, c.post("/resources/"+strconv.FormatInt(resID, 10)+"/use", url.Values{"organisation": {id(e.org("adur"))}}),
		"/resources/"+strconv.FormatInt(resID, 10)+"#reuse")
	wantBody(t, c.get("/resources/"+strconv.FormatInt(resID, 10)), "Adur District Council uses this resource.")
}

// userID is the id of the user with email, as a form sends it.
func (e *env) userID(email string) string {
	e.t.Helper()
	u := e.signInUser(email)
	return strconv.FormatInt(u.ID, 10)
}

// signInUser signs email in and returns the user with their memberships.
func (e *env) signInUser(email string) *model.User {
	e.t.Helper()
	c := e.signIn(email)
	_, u, err := e.db.Session(e.t.Context(), auth.Hash(c.sessionCookie()))
	if err != nil {
		e.t.Fatalf("Session: %v", err)
	}
	return u
}

func TestActForSecondOrganisation(t *testing.T) {
	e := newEnv(t)
	w := e.addWorthing()
	e.publish("adur", "Shared planning portal")
	e.publish("worthing", "Seafront wifi")
	officer := e.signInAs("officer@adur-worthing.gov.uk", model.RoleOrgAdmin) // admin of both

	// An event: the admin of two councils says which runs it.
	r := officer.get("/events/new")
	wantBody(t, r, `name="organisation"`, "Worthing Borough Council", "Adur District Council")
	r = officer.post("/events/new", eventForm())
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	r = officer.post("/events/new", withRes(eventForm(), "organisation", id(e.org("hackney"))))
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	r = officer.post("/events/new", withRes(eventForm(), "organisation", id(w)))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("POST /events/new for Worthing: %d\n%s", r.Status, snippet(r.Body))
	}
	evID, _ := strconv.ParseInt(strings.TrimPrefix(r.Location(), "/events/"), 10, 64)
	if ev, err := e.db.Event(t.Context(), evID); err != nil || ev.OrganisationID != w.ID {
		t.Errorf("event = %+v, %v; want run by Worthing", ev, err)
	}

	// A booking counts towards the take-up of the council chosen.
	evPath := "/events/" + strconv.FormatInt(evID, 10)
	wantBody(t, officer.get(evPath), "Which organisation are you booking for?")
	r = officer.post(evPath+"/book", url.Values{})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	wantRedirect(t, officer.post(evPath+"/book", url.Values{"organisation": {id(e.org("adur"))}}), evPath)
	u := e.signInUser("officer@adur-worthing.gov.uk")
	if b, err := e.db.ActiveBooking(t.Context(), evID, u.ID); err != nil || b == nil || b.OrganisationID != e.org("adur").ID {
		t.Errorf("booking = %+v, %v; want one for Adur", b, err)
	}

	// A case study: which council is writing it.
	wantBody(t, officer.get("/case-studies/new"), "Which organisation is writing this case study?")
	r = officer.post("/case-studies/new", url.Values{"title": {"x"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")

	// The account page lists both councils.
	wantBody(t, officer.get("/account"), "Adur District Council", "Worthing Borough Council", "Organisations")
}

func TestSignStartWhenEveryOrganisationHasSigned(t *testing.T) {
	e := newEnv(t)
	e.addWorthing()
	e.publish("adur", "Shared planning portal")
	e.publish("worthing", "Seafront wifi")
	r := e.signIn("officer@adur-worthing.gov.uk").get("/sign")
	wantBody(t, r, "Each of your organisations has a signature", "Adur District Council", "Worthing Borough Council")
	wantNoBody(t, r, "does not belong to an organisation", "Which organisation are you signing for?")
}
