package store

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func TestUserDataAndDeletion(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	if _, err := db.ImportOrganisations(ctx, admin, []model.Organisation{orgSpec("London Borough of Hackney", "LBO", "hackney.gov.uk")}); err != nil {
		t.Fatal(err)
	}
	email := "officer@hackney.gov.uk"
	if err := db.RequestSignIn(ctx, "tok", email, model.Email{To: email, Kind: "sign_in", Subject: "Sign in", Body: "secret link"}); err != nil {
		t.Fatal(err)
	}
	u, err := db.SignIn(ctx, "tok", "sess", "csrf")
	if err != nil {
		t.Fatal(err)
	}
	org, _ := db.OrganisationBySlug(ctx, "london-borough-of-hackney")
	sig := &model.Signature{OrganisationID: org.ID, DeclarationVersion: 1, Commitment: model.Commitment{Title: "T", Mission: "M", Impact: "I"},
		Signers: []model.Signer{{Kind: model.SignerCEO, Name: "A", Role: "CEO", Email: "ceo@hackney.gov.uk"}}, StartedByEmail: email}
	invite := model.Email{To: "ceo@hackney.gov.uk", Kind: "signer_invite", Subject: "Confirm",
		Body: "Dear A,\n\n" + email + " has asked you to sign."}
	if err := db.StartSignature(ctx, model.Actor{UserID: u.ID, Label: email}, sig, []string{"h"}, []model.Email{invite}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Hit(ctx, "signin-email:"+email, 15*time.Minute); err != nil {
		t.Fatal(err)
	}
	d, err := db.UserData(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.User.Email != email || len(d.Signatures) != 1 || d.Signatures[0].Commitment.Title != "T" || len(d.Emails) != 1 || len(d.Audit) < 2 || d.Sessions != 1 {
		t.Fatalf("user data = %+v", d)
	}
	if err := db.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.User(ctx, u.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("user still there: %v", err)
	}
	if _, _, err := db.Session(ctx, "sess"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("session still there: %v", err)
	}
	entries, _, err := db.ListAudit(ctx, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sawDelete bool
	for _, e := range entries {
		if strings.Contains(e.Actor+e.Before+e.After, email) {
			t.Errorf("audit entry %d still names %s: %+v", e.ID, email, e)
		}
		sawDelete = sawDelete || (e.Action == "user.delete" && e.Actor == Pseudonym(u.ID))
	}
	if !sawDelete {
		t.Error("no user.delete entry under the pseudonym")
	}
	msgs, _ := db.ListOutbox(ctx, 100)
	var sawInvite bool
	for _, m := range msgs {
		if m.Email.To == email || strings.Contains(m.Email.Body, "secret link") || strings.Contains(m.Email.Body, email) {
			t.Errorf("outbox still holds the address or body: %+v", m)
		}
		if m.Email.To != "ceo@hackney.gov.uk" && m.Status == model.MailQueued {
			t.Errorf("an email to the deleted person is still queued to go: %+v", m)
		}
		sawInvite = sawInvite || (m.Email.To == "ceo@hackney.gov.uk" && strings.Contains(m.Email.Body, Pseudonym(u.ID)+" has asked you"))
	}
	if !sawInvite {
		t.Errorf("the senior signer's invitation should stay, naming the pseudonym: %+v", msgs)
	}
	var keys []string
	eachRow(ctx, db.read, `SELECT key FROM rate_limits`, nil, func(r *sql.Rows) error {
		var k string
		keys = append(keys, k)
		return r.Scan(&keys[len(keys)-1])
	})
	for _, k := range keys {
		if strings.Contains(k, "@") || strings.Contains(k, "hackney") {
			t.Errorf("rate-limit key %q holds the address", k)
		}
	}
	if len(keys) == 0 {
		t.Error("no rate-limit key found to check")
	}
	kept, err := db.Signature(ctx, sig.ID)
	if err != nil || kept.StartedBy != 0 || kept.Commitment.Title != "T" {
		t.Fatalf("the organisation's signature should stay, without its starter: %+v %v", kept, err)
	}
}
