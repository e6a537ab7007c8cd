package store

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func signInAs(t *testing.T, db *DB, email, session string) *model.User {
	t.Helper()
	u, err := db.SignIn(t.Context(), requestSignIn(t, db, email), session, "csrf-"+session)
	if err != nil {
		t.Fatalf("SignIn %s: %v", email, err)
	}
	return u
}

// membershipSummary is "org:role:source" for each of u's memberships, by organisation name.
func membershipSummary(u *model.User) []string {
	var out []string
	for _, m := range u.Memberships {
		out = append(out, m.OrganisationName+":"+m.Role+":"+m.Source)
	}
	return out
}

func TestSignInSharedDomainJoinsEveryOrganisation(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur District Council", "adur-worthing.gov.uk", "adur.gov.uk")
	worthing := makeOrg(t, db, "Worthing Borough Council", "adur-worthing.gov.uk")
	makeOrg(t, db, "Brighton", "brighton-hove.gov.uk")

	u := signInAs(t, db, "jo@adur-worthing.gov.uk", "s1")
	want := []string{"Adur District Council:member:domain", "Worthing Borough Council:member:domain"}
	if got := membershipSummary(u); !slices.Equal(got, want) {
		t.Fatalf("memberships at sign-in = %v, want %v", got, want)
	}
	if !u.IsMemberOf(adur.ID) || !u.IsMemberOf(worthing.ID) || u.CanAdminOrganisation(worthing.ID) {
		t.Errorf("IsMemberOf/CanAdmin wrong for %+v", u.Memberships)
	}
	_, su, err := db.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if got := membershipSummary(su); !slices.Equal(got, want) {
		t.Errorf("memberships with the session = %v, want %v", got, want)
	}
	members, err := db.Members(ctx, worthing.ID)
	if err != nil || len(members) != 1 || members[0].Email != "jo@adur-worthing.gov.uk" || members[0].Source != model.SourceDomain {
		t.Errorf("Members(worthing) = %+v, %v", members, err)
	}
	if n := countActions(t, db, "membership.add"); n != 2 {
		t.Errorf("%d membership.add audit entries, want 2", n)
	}
}

func TestSignInRechecksDomainMemberships(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur District Council", "adur-worthing.gov.uk")
	worthing := makeOrg(t, db, "Worthing Borough Council", "adur-worthing.gov.uk")
	hackney := makeOrg(t, db, "Hackney", "hackney.gov.uk")

	u := signInAs(t, db, "jo@adur-worthing.gov.uk", "s1")
	if _, err := db.AttachMember(ctx, admin, hackney.ID, "jo@adur-worthing.gov.uk", model.RoleOrgAdmin); err != nil {
		t.Fatalf("AttachMember: %v", err)
	}
	// Worthing moves to its own domain; Adur keeps the shared one.
	if err := db.SetOrganisationDomains(ctx, admin, worthing.ID, []string{"worthing.gov.uk"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	again := signInAs(t, db, "jo@adur-worthing.gov.uk", "s2")
	want := []string{"Adur District Council:member:domain", "Hackney:org_admin:manual"}
	if got := membershipSummary(again); !slices.Equal(got, want) {
		t.Fatalf("memberships after the re-check = %v, want %v", got, want)
	}
	if !again.CanAdminOrganisation(hackney.ID) || again.IsMemberOf(worthing.ID) || !again.IsMemberOf(adur.ID) {
		t.Errorf("memberships = %+v", again.Memberships)
	}
	e := allAudit(t, db)[0]
	if e.Action != "membership.remove" || e.EntityID != u.ID ||
		e.Before != `{"email":"jo@adur-worthing.gov.uk","organisation_id":`+itoa(worthing.ID)+`,"source":"domain"}` {
		t.Errorf("last audit = %+v, want the domain membership's removal", e)
	}
}

func TestMemberActions(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur District Council", "adur-worthing.gov.uk")
	u := signInAs(t, db, "jo@adur-worthing.gov.uk", "s1")

	if err := db.SetMemberRole(ctx, admin, adur.ID, u.ID, model.RoleOrgAdmin); err != nil {
		t.Fatalf("SetMemberRole: %v", err)
	}
	if got, _ := db.User(ctx, u.ID); !got.CanAdminOrganisation(adur.ID) {
		t.Errorf("after make admin: %+v", got.Memberships)
	}
	wantCode(t, db.SetMemberRole(ctx, admin, adur.ID, u.ID, model.RolePlatformAdmin), model.EINVALID)
	if err := db.RemoveMember(ctx, admin, adur.ID, u.ID); err != nil {
		t.Fatalf("RemoveMember: %v", err)
	}
	wantCode(t, db.RemoveMember(ctx, admin, adur.ID, u.ID), model.ENOTFOUND)
	// Removed by an admin: signing in again with the domain does not bring them back.
	if again := signInAs(t, db, "jo@adur-worthing.gov.uk", "s2"); len(again.Memberships) != 0 {
		t.Errorf("memberships after removal and sign-in = %v, want none", membershipSummary(again))
	}
	// A platform admin can attach them again, by hand; a new address gets an account.
	back, err := db.AttachMember(ctx, admin, adur.ID, "JO@adur-worthing.gov.uk", model.RoleMember)
	if err != nil || back.ID != u.ID || !slices.Equal(membershipSummary(back), []string{"Adur District Council:member:manual"}) {
		t.Errorf("AttachMember = %+v, %v", back, err)
	}
	outsider, err := db.AttachMember(ctx, admin, adur.ID, "consultant@example.com", model.RoleOrgAdmin)
	if err != nil || !outsider.CanAdminOrganisation(adur.ID) {
		t.Fatalf("AttachMember new person = %+v, %v", outsider, err)
	}
	// Manual memberships survive sign-in although the domain does not match.
	if got := signInAs(t, db, "consultant@example.com", "s3"); !got.CanAdminOrganisation(adur.ID) {
		t.Errorf("manual membership lost at sign-in: %v", membershipSummary(got))
	}
	_, err = db.AttachMember(ctx, admin, adur.ID, "not an address", model.RoleMember)
	wantCode(t, err, model.EINVALID)
	_, err = db.AttachMember(ctx, admin, 99999, "x@example.com", model.RoleMember)
	wantCode(t, err, model.ENOTFOUND)

	// Their data holds their memberships; deleting the account removes them.
	data, err := db.UserData(ctx, outsider.ID)
	if err != nil || len(data.User.Memberships) != 1 || data.User.Memberships[0].OrganisationID != adur.ID {
		t.Errorf("UserData memberships = %+v, %v", data, err)
	}
	if err := db.DeleteUser(ctx, outsider.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1`, outsider.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d memberships left after deleting the account (%v)", n, err)
	}
}

// TestMembershipMigration runs migration 0008 over users as the earlier schema kept
// them: an organisation and a role on the user row.
func TestMembershipMigration(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur", "adur-worthing.gov.uk")
	hackney := makeOrg(t, db, "Hackney", "hackney.gov.uk")
	for _, q := range []string{`DROP TABLE memberships`, `DELETE FROM schema_migrations WHERE version = 8`} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	insert := `INSERT INTO users (email, organisation_id, role, created_at) VALUES ($1, $2, $3, $4)`
	rows := []struct {
		email string
		org   any
		role  string
	}{
		{"boss@adur-worthing.gov.uk", adur.ID, "org_admin"},
		{"jo@adur-worthing.gov.uk", adur.ID, "member"},
		{"friend@example.com", hackney.ID, "member"}, // attached by hand
		{"team@communities.gov.uk", nil, "platform_admin"},
	}
	for _, r := range rows {
		if _, err := db.write.ExecContext(ctx, insert, r.email, r.org, r.role, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	want := map[string][]string{
		"boss@adur-worthing.gov.uk": {"Adur:org_admin:domain"},
		"jo@adur-worthing.gov.uk":   {"Adur:member:domain"},
		"friend@example.com":        {"Hackney:member:manual"},
		"team@communities.gov.uk":   nil,
	}
	for email, w := range want {
		var id int64
		if err := db.read.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
			t.Fatal(err)
		}
		u, err := db.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := membershipSummary(u); !slices.Equal(got, w) {
			t.Errorf("%s: memberships %v, want %v", email, got, w)
		}
		if wantRole := map[bool]string{true: model.RolePlatformAdmin, false: model.RoleMember}[email == "team@communities.gov.uk"]; u.Role != wantRole {
			t.Errorf("%s: user role %s, want %s", email, u.Role, wantRole)
		}
	}
}

func countActions(t *testing.T, db *DB, action string) int {
	t.Helper()
	n := 0
	for _, a := range auditActions(t, db) {
		if a == action {
			n++
		}
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestMembershipsSayWhoHasSigned: the signed-in person's memberships carry whether each
// organisation has signed (hasSigned), so that pages need no query of their own: signed
// once the signature is verified, not while it is in progress nor once it is withdrawn.
func TestMembershipsSayWhoHasSigned(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur District Council", "adur-worthing.gov.uk")
	worthing := makeOrg(t, db, "Worthing Borough Council", "adur-worthing.gov.uk")
	clk.Set(date(2024, 3, 1))
	signInAs(t, db, "jo@adur-worthing.gov.uk", "s1")
	signed := func() map[int64]bool {
		t.Helper()
		_, u, err := db.Session(ctx, "s1")
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for _, m := range u.Memberships {
			out[m.OrganisationID] = m.Signed
		}
		return out
	}
	if got := signed(); got[adur.ID] || got[worthing.ID] {
		t.Errorf("before signing: %v", got)
	}
	startSig(t, db, worthing.ID)
	if got := signed(); got[worthing.ID] {
		t.Errorf("while signing: %v", got)
	}
	sig := publish(t, db, clk, adur.ID, date(2024, 3, 2))
	if got := signed(); !got[adur.ID] || got[worthing.ID] {
		t.Errorf("Adur signed: %v", got)
	}
	withdraw(t, db, clk, sig.ID, date(2024, 3, 3))
	if got := signed(); got[adur.ID] {
		t.Errorf("Adur withdrew: %v", got)
	}
}
