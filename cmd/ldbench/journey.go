package main

import (
	"context"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// signOne takes one council through the journey at realistic times: an officer starts
// three days before publication, both senior signers confirm the day before, the
// platform team verifies on the day, and a withdrawal follows about seven months later.
func signOne(ctx context.Context, db *store.DB, org *model.Organisation, i int, at time.Time, withdraw bool, admin model.Actor) error {
	setClock(db, at.Add(-72*time.Hour))
	domain := emailDomain(org)
	starter, err := db.GrantRole(ctx, actor, "digital@"+domain, model.RoleMember)
	if err != nil {
		return err
	}
	sig := &model.Signature{OrganisationID: org.ID, DeclarationVersion: model.CurrentDeclaration.Version,
		Commitment: commitmentFor(i, org), Signers: councilSigners(i, domain)}
	hashes := make([]string, len(sig.Signers))
	for j := range hashes {
		hashes[j] = auth.Hash(auth.NewToken())
	}
	if err := db.StartSignature(ctx, model.Actor{UserID: starter.ID, Label: starter.Email}, sig, hashes, nil); err != nil {
		return err
	}
	setClock(db, at.Add(-24*time.Hour))
	for _, h := range hashes {
		if _, err := db.RespondAsSigner(ctx, h, true, nil); err != nil {
			return fmt.Errorf("signer confirms: %w", err)
		}
	}
	setClock(db, at)
	if _, err := db.VerifySignature(ctx, admin, sig.ID, nil); err != nil || !withdraw {
		return err
	}
	setClock(db, at.AddDate(0, 7, 0))
	_, err = db.WithdrawSignature(ctx, admin, sig.ID, "Benchmark data: the council withdrew.", nil)
	return err
}

func setClock(db *store.DB, t time.Time) { db.Now = func() time.Time { return t } }
