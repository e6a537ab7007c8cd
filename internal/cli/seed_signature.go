package cli

import (
	"context"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// seedOne takes one demo signature through the real journey, at the demo's dates, as far
// as its status says.
func seedOne(ctx context.Context, db *store.DB, d demoSignature, admin model.Actor) error {
	org, err := db.OrganisationBySlug(ctx, d.slug)
	if err != nil {
		return err
	}
	at := func(t time.Time) { db.Now = func() time.Time { return t } }
	at(d.on.Add(-72 * time.Hour))
	starter, err := db.GrantRole(ctx, model.Actor{Label: cliActor("seed")}, d.starter, model.RoleMember)
	if err != nil {
		return err
	}
	domain := model.EmailDomain(d.starter)
	signers := []model.Signer{{Kind: model.SignerSenior, Name: "Alex Morgan", Role: "Chief Executive", Email: "chief.executive@" + domain}}
	if org.IsCouncil() {
		signers = []model.Signer{
			{Kind: model.SignerCEO, Name: "Alex Morgan", Role: "Chief Executive", Email: "chief.executive@" + domain},
			{Kind: model.SignerLeader, Name: "Sam Patel", Role: "Leader of the Council", Email: "leader@" + domain},
		}
	}
	tokens := make([]string, len(signers))
	hashes := make([]string, len(signers))
	for i := range signers {
		tokens[i] = auth.NewToken()
		hashes[i] = auth.Hash(tokens[i])
	}
	sig := &model.Signature{OrganisationID: org.ID, DeclarationVersion: model.CurrentDeclaration.Version,
		Commitment: model.Commitment{Title: d.title, Partners: d.partners, Mission: d.mission, Impact: d.impact}, Signers: signers}
	if err := db.StartSignature(ctx, model.Actor{UserID: starter.ID, Label: starter.Email}, sig, hashes, nil); err != nil {
		return err
	}
	return advanceDemo(ctx, db, d, sig.ID, hashes, admin, at)
}

func advanceDemo(ctx context.Context, db *store.DB, d demoSignature, id int64, hashes []string, admin model.Actor, at func(time.Time)) error {
	if d.status == model.SigAwaitingSigners {
		return nil
	}
	at(d.on.Add(-24 * time.Hour))
	if d.status == model.SigDeclined {
		_, err := db.RespondAsSigner(ctx, hashes[0], false, nil)
		return err
	}
	for _, h := range hashes {
		if _, err := db.RespondAsSigner(ctx, h, true, nil); err != nil {
			return err
		}
	}
	at(d.on)
	var err error
	switch d.status {
	case model.SigVerified, model.SigWithdrawn:
		_, err = db.VerifySignature(ctx, admin, id, nil)
	case model.SigRejected:
		_, err = db.RejectSignature(ctx, admin, id, "The leader's email address could not be confirmed.", nil)
	}
	if err != nil || d.status != model.SigWithdrawn {
		return err
	}
	at(d.withdrawnOn)
	_, err = db.WithdrawSignature(ctx, admin, id, "The council is reviewing its digital strategy and will sign again.", nil)
	return err
}
