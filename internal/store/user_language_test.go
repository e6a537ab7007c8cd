package store

import (
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// userLanguage reads the language stored for the account at email.
func userLanguage(t *testing.T, db *DB, email string) string {
	t.Helper()
	var lang string
	if err := db.read.QueryRowContext(t.Context(), selectUserLanguage, email).Scan(&lang); err != nil {
		t.Fatalf("language of %s: %v", email, err)
	}
	return lang
}

// A sign-in link asked for in a language makes it the person's: the account its first
// sign-in creates reads it, and a later request in another language changes it, in the
// request's transaction.
func TestSignInRequestSetsTheLanguage(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	makeOrg(t, db, "Adur", "adur.gov.uk")
	ask := func(email, lang string) string {
		t.Helper()
		hash := newToken("sign-in")
		msg := signInEmail(email)
		msg.Lang = lang
		if err := db.RequestSignIn(ctx, hash, email, msg); err != nil {
			t.Fatalf("RequestSignIn: %v", err)
		}
		return hash
	}
	u, err := db.SignIn(ctx, ask("jo@adur.gov.uk", "cy"), "s1", "c1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Language != "cy" || userLanguage(t, db, "jo@adur.gov.uk") != "cy" {
		t.Errorf("first sign-in from Welsh: user language %q, stored %q", u.Language, userLanguage(t, db, "jo@adur.gov.uk"))
	}
	ask("jo@adur.gov.uk", "en")
	if got := userLanguage(t, db, "jo@adur.gov.uk"); got != "en" {
		t.Errorf("after an English request: %q, want en", got)
	}
	// No language given is the default one.
	u2, err := db.SignIn(ctx, ask("al@adur.gov.uk", ""), "s2", "c2")
	if err != nil {
		t.Fatal(err)
	}
	if u2.Language != "en" {
		t.Errorf("language %q, want en", u2.Language)
	}
	// The session's user carries it.
	if _, su, err := db.Session(ctx, "s1"); err != nil || su.Language != "en" {
		t.Errorf("session user: %v %+v", err, su)
	}
}

// signedInAtAdur is a new database where jo@adur.gov.uk has signed in.
func signedInAtAdur(t *testing.T) (*DB, *model.User) {
	t.Helper()
	db, _ := newTestDB(t)
	makeOrg(t, db, "Adur", "adur.gov.uk")
	u, err := db.SignIn(t.Context(), requestSignIn(t, db, "jo@adur.gov.uk"), "s1", "c1")
	if err != nil {
		t.Fatal(err)
	}
	return db, u
}

func TestSetLanguage(t *testing.T) {
	db, u := signedInAtAdur(t)
	ctx := t.Context()
	actor := model.Actor{UserID: u.ID, Label: u.Email}
	before := len(allAudit(t, db))
	if err := db.SetLanguage(ctx, actor, u.ID, "cy"); err != nil {
		t.Fatalf("SetLanguage: %v", err)
	}
	if got := userLanguage(t, db, u.Email); got != "cy" {
		t.Errorf("language %q, want cy", got)
	}
	entries := allAudit(t, db)
	if len(entries) != before+1 || entries[0].Action != "user.language" {
		t.Errorf("audit after SetLanguage: %d entries (was %d), newest %+v", len(entries), before, entries[0])
	}
	// The same language again changes nothing and audits nothing.
	if err := db.SetLanguage(ctx, actor, u.ID, "cy"); err != nil || len(allAudit(t, db)) != before+1 {
		t.Errorf("SetLanguage again: %v, %d audit entries", err, len(allAudit(t, db)))
	}
	wantCode(t, db.SetLanguage(ctx, actor, u.ID, "fr"), model.EINVALID)
	if got := userLanguage(t, db, u.Email); got != "cy" {
		t.Errorf("language after a refused change %q, want cy", got)
	}
}

// An email written for each reader is kept in the language of the account at its
// address; an address with no account gets the email itself.
func TestEnqueueKeepsTheReadersVersion(t *testing.T) {
	db, u := signedInAtAdur(t)
	ctx := t.Context()
	if err := db.SetLanguage(ctx, model.Actor{UserID: u.ID}, u.ID, "cy"); err != nil {
		t.Fatal(err)
	}
	letter := func(to string) model.Email {
		return model.Email{To: to, Kind: "test", Subject: "Both", Body: "Cymraeg\n---\nEnglish", Lang: "cy",
			ForReader: &model.EmailVersions{
				"en": {To: to, Kind: "test", Subject: "English", Body: "English", Lang: "en"},
				"cy": {To: to, Kind: "test", Subject: "Cymraeg", Body: "Cymraeg", Lang: "cy"},
			}}
	}
	for _, to := range []string{"jo@adur.gov.uk", "new@adur.gov.uk"} {
		if err := db.inTx(ctx, func(tx *Tx) error { return tx.enqueue(ctx, letter(to)) }); err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := db.ListOutbox(ctx, 2)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("ListOutbox: %v, %d", err, len(msgs))
	}
	if m := msgs[1].Email; m.To != "jo@adur.gov.uk" || m.Subject != "Cymraeg" || m.Body != "Cymraeg" {
		t.Errorf("to the Welsh reader: %+v", m)
	}
	if m := msgs[0].Email; m.To != "new@adur.gov.uk" || m.Subject != "Both" || m.Body != "Cymraeg\n---\nEnglish" {
		t.Errorf("to an address without an account: %+v", m)
	}
}
