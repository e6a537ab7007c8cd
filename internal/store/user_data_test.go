package store

import (
	"strings"
	"testing"

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
	if err := db.StartSignature(ctx, model.Actor{UserID: u.ID, Label: email}, sig, []string{"h"}, nil); err != nil {
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
	for _, m := range msgs {
		if m.Email.To == email || strings.Contains(m.Email.Body, "secret link") {
			t.Errorf("outbox still holds the address or body: %+v", m)
		}
	}
	kept, err := db.Signature(ctx, sig.ID)
	if err != nil || kept.StartedBy != 0 || kept.Commitment.Title != "T" {
		t.Fatalf("the organisation's signature should stay, without its starter: %+v %v", kept, err)
	}
}
