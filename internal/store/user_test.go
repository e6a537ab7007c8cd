package store

import (
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func signInEmail(to string) model.Email {
	return model.Email{To: to, Kind: "sign_in", Subject: "Sign in", Body: "https://example.test/sign-in/…"}
}

// requestSignIn stores a sign-in token for email and returns its hash.
func requestSignIn(t *testing.T, db *DB, email string) string {
	t.Helper()
	hash := newToken("sign-in")
	if err := db.RequestSignIn(t.Context(), hash, email, signInEmail(email)); err != nil {
		t.Fatalf("RequestSignIn: %v", err)
	}
	return hash
}

func TestRequestSignInQueuesEmail(t *testing.T) {
	db, _ := newTestDB(t)
	requestSignIn(t, db, "jo@adur.gov.uk")
	msgs, err := db.ListOutbox(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d outbox messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Email != signInEmail("jo@adur.gov.uk") || m.Status != model.MailQueued || m.Attempts != 0 ||
		!m.CreatedAt.Equal(t0) || !m.NextAttemptAt.Equal(t0) {
		t.Errorf("message = %+v", m)
	}
	// A token hash can only be stored once; the failed request queues nothing.
	var tokenHash string
	if err := db.read.QueryRowContext(t.Context(), `SELECT token_hash FROM sign_in_tokens`).Scan(&tokenHash); err != nil {
		t.Fatal(err)
	}
	if err := db.RequestSignIn(t.Context(), tokenHash, "jo@adur.gov.uk", signInEmail("jo@adur.gov.uk")); err == nil {
		t.Fatal("RequestSignIn with a used token hash succeeded")
	}
	if n := outboxCount(t, db); n != 1 {
		t.Errorf("%d outbox rows after a failed request, want 1", n)
	}
}

func TestSignInCreatesMemberAndSession(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur", "adur.gov.uk")
	hash := requestSignIn(t, db, "jo@adur.gov.uk")
	clk.Advance(time.Minute)

	u, err := db.SignIn(ctx, hash, "session-1", "csrf-1")
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	now := t0.Add(time.Minute)
	if u.ID == 0 || u.Email != "jo@adur.gov.uk" || !onlyMemberOf(u, adur.ID, model.SourceDomain) || u.Role != model.RoleMember ||
		!u.LastSignInAt.Equal(now) {
		t.Errorf("user = %+v", u)
	}
	stored, err := db.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Email != u.Email || !onlyMemberOf(stored, adur.ID, model.SourceDomain) || stored.Role != model.RoleMember ||
		!stored.CreatedAt.Equal(now) || !stored.LastSignInAt.Equal(now) {
		t.Errorf("stored user = %+v", stored)
	}
	s, su, err := db.Session(ctx, "session-1")
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if s.UserID != u.ID || s.CSRF != "csrf-1" || s.Data != "" || !s.ExpiresAt.Equal(now.Add(model.SessionTTL)) {
		t.Errorf("session = %+v", s)
	}
	if su.ID != u.ID || su.Email != u.Email || !onlyMemberOf(su, adur.ID, model.SourceDomain) {
		t.Errorf("session user = %+v", su)
	}
	if got := auditActions(t, db); got[len(got)-2] != "user.create" || got[len(got)-1] != "membership.add" {
		t.Errorf("audit = %v, want user.create then membership.add last", got)
	}

	// Signing in again finds the same user.
	clk.Advance(time.Hour)
	again, err := db.SignIn(ctx, requestSignIn(t, db, "jo@adur.gov.uk"), "session-2", "csrf-2")
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != u.ID || !again.LastSignInAt.Equal(now.Add(time.Hour)) || !again.CreatedAt.Equal(now) {
		t.Errorf("second sign-in user = %+v, want id %d", again, u.ID)
	}
	if stored, err = db.User(ctx, u.ID); err != nil || !stored.LastSignInAt.Equal(now.Add(time.Hour)) {
		t.Errorf("stored user after second sign-in = %+v (%v), want last sign-in %v", stored, err, now.Add(time.Hour))
	}
}

func TestSignInWithoutOrganisation(t *testing.T) {
	db, _ := newTestDB(t)
	makeOrg(t, db, "Adur", "adur.gov.uk")
	u, err := db.SignIn(t.Context(), requestSignIn(t, db, "sam@example.com"), "s", "c")
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Memberships) != 0 {
		t.Errorf("memberships = %+v, want none for an unknown domain", u.Memberships)
	}
}

func TestSignInLinkProblems(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, db *DB, clk *testClock) string // returns the token hash to use
		want    error
	}{
		{"unknown", func(t *testing.T, db *DB, clk *testClock) string { return "no-such-token" }, ErrLinkUnknown},
		{"used", func(t *testing.T, db *DB, clk *testClock) string {
			hash := requestSignIn(t, db, "jo@adur.gov.uk")
			if _, err := db.SignIn(t.Context(), hash, "first", "csrf"); err != nil {
				t.Fatal(err)
			}
			return hash
		}, ErrLinkUsed},
		{"expired after 31 minutes", func(t *testing.T, db *DB, clk *testClock) string {
			hash := requestSignIn(t, db, "jo@adur.gov.uk")
			clk.Advance(31 * time.Minute)
			return hash
		}, ErrLinkExpired},
		{"expired at exactly 30 minutes", func(t *testing.T, db *DB, clk *testClock) string {
			hash := requestSignIn(t, db, "jo@adur.gov.uk")
			clk.Advance(model.SignInLinkTTL)
			return hash
		}, ErrLinkExpired},
		{"still valid at 29 minutes", func(t *testing.T, db *DB, clk *testClock) string {
			hash := requestSignIn(t, db, "jo@adur.gov.uk")
			clk.Advance(29 * time.Minute)
			return hash
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, clk := newTestDB(t)
			makeOrg(t, db, "Adur", "adur.gov.uk")
			hash := tt.prepare(t, db, clk)
			u, err := db.SignIn(t.Context(), hash, "session", "csrf")
			if tt.want == nil {
				if err != nil || u == nil {
					t.Fatalf("SignIn = %v, %v, want a user", u, err)
				}
				return
			}
			wantErr(t, err, tt.want)
			if _, _, err := db.Session(t.Context(), "session"); model.ErrorCode(err) != model.ENOTFOUND {
				t.Errorf("a failed sign-in left a session (err %v)", err)
			}
		})
	}
}

func TestSessionLifetime(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	if _, err := db.SignIn(ctx, requestSignIn(t, db, "jo@adur.gov.uk"), "session", "csrf"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at    time.Time
		found bool
	}{
		{t0, true},
		{t0.Add(model.SessionTTL - time.Second), true},
		{t0.Add(model.SessionTTL), false},
		{t0.Add(model.SessionTTL + time.Hour), false},
	}
	for _, tt := range tests {
		clk.Set(tt.at)
		_, u, err := db.Session(ctx, "session")
		if tt.found && (err != nil || u.Email != "jo@adur.gov.uk") {
			t.Errorf("at %v: Session = %v, %v, want the session", tt.at, u, err)
		}
		if !tt.found && model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("at %v: err = %v, want not found", tt.at, err)
		}
	}
	clk.Set(t0.Add(model.SessionTTL))
	if err := db.DeleteExpired(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Set(t0)
	_, _, err := db.Session(ctx, "session")
	wantCode(t, err, model.ENOTFOUND)
}

func TestSessionDataAndDelete(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	if _, err := db.SignIn(ctx, requestSignIn(t, db, "jo@adur.gov.uk"), "session", "csrf"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignIn(ctx, requestSignIn(t, db, "jo@adur.gov.uk"), "other", "csrf2"); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{`{"title":"Open data","step":2}`, "", "ünïcode ✓"} {
		if err := db.SetSessionData(ctx, "session", data); err != nil {
			t.Fatal(err)
		}
		s, _, err := db.Session(ctx, "session")
		if err != nil {
			t.Fatal(err)
		}
		if s.Data != data {
			t.Errorf("data = %q, want %q", s.Data, data)
		}
	}
	if err := db.DeleteSession(ctx, "session"); err != nil {
		t.Fatal(err)
	}
	_, _, err := db.Session(ctx, "session")
	wantCode(t, err, model.ENOTFOUND)
	if _, _, err := db.Session(ctx, "other"); err != nil {
		t.Errorf("DeleteSession removed another session: %v", err)
	}
}

func TestGrantRole(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur", "adur.gov.uk")
	auditBefore := len(allAudit(t, db))

	u, err := db.GrantRole(ctx, admin, "boss@adur.gov.uk", model.RoleOrgAdmin)
	if err != nil {
		t.Fatalf("GrantRole: %v", err)
	}
	if u.ID == 0 || u.Role != model.RoleMember || !u.CanAdminOrganisation(adur.ID) || !onlyMemberOf(u, adur.ID, model.SourceDomain) {
		t.Errorf("user = %+v", u)
	}
	stored, err := db.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Role != model.RoleMember || !stored.CanAdminOrganisation(adur.ID) || !onlyMemberOf(stored, adur.ID, model.SourceDomain) {
		t.Errorf("stored user = %+v", stored)
	}
	entries := allAudit(t, db)
	if len(entries) != auditBefore+3 {
		t.Fatalf("%d new audit entries, want 3 (create, membership and role)", len(entries)-auditBefore)
	}
	e := entries[0]
	if e.Action != "user.role" || e.EntityID != u.ID || e.Actor != admin.Label ||
		e.Before != `{"role":"member"}` || e.After != `{"role":"org_admin"}` {
		t.Errorf("audit = %+v", e)
	}
	if entries[2].Action != "user.create" || entries[2].EntityID != u.ID {
		t.Errorf("audit = %+v, want user.create", entries[2])
	}

	// Granting again changes the same user.
	again, err := db.GrantRole(ctx, admin, "boss@adur.gov.uk", model.RolePlatformAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != u.ID || again.Role != model.RolePlatformAdmin {
		t.Errorf("second grant = %+v", again)
	}
	if e := allAudit(t, db)[0]; e.Before != `{"role":"member"}` || e.After != `{"role":"platform_admin"}` {
		t.Errorf("audit = %+v", e)
	}
	admins, err := db.ListAdmins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(admins) != 1 || admins[0].ID != u.ID {
		t.Errorf("ListAdmins = %+v", admins)
	}

	// The user signs in later and keeps the role.
	signedIn, err := db.SignIn(ctx, requestSignIn(t, db, "boss@adur.gov.uk"), "s", "c")
	if err != nil {
		t.Fatal(err)
	}
	if signedIn.ID != u.ID || signedIn.Role != model.RolePlatformAdmin {
		t.Errorf("signed-in user = %+v", signedIn)
	}
}

func TestGrantRoleInvalid(t *testing.T) {
	db, _ := newTestDB(t)
	for _, role := range []string{"", "owner", "Platform_Admin"} {
		_, err := db.GrantRole(t.Context(), admin, "x@adur.gov.uk", role)
		wantCode(t, err, model.EINVALID)
	}
	if n := len(allAudit(t, db)); n != 0 {
		t.Errorf("%d audit entries after invalid grants, want 0", n)
	}
	_, err := db.User(t.Context(), 1)
	wantCode(t, err, model.ENOTFOUND)
}

// onlyMemberOf reports whether u belongs to organisation id alone, from source.
func onlyMemberOf(u *model.User, id int64, source string) bool {
	return len(u.Memberships) == 1 && u.Memberships[0].OrganisationID == id && u.Memberships[0].Source == source
}
