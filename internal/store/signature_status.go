package store

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const respondSigner = `UPDATE signers SET status = $1, responded_at = $2 WHERE id = $3 AND status = 'pending'`

// RespondAsSigner records a senior signer's confirmation or refusal. When the last signer
// confirms, the signature moves to the platform team's queue; a refusal ends it.
func (db *DB) RespondAsSigner(ctx context.Context, hash string, confirm bool, notify Notifier) (*model.Signature, error) {
	var out *model.Signature
	err := db.inTx(ctx, func(tx *Tx) error {
		signer, sig, err := signerByToken(ctx, tx.tx, hash, tx.now)
		if err != nil {
			return err
		}
		if err := checkCanRespond(signer, sig); err != nil {
			return err
		}
		status := model.SignerDeclined
		if confirm {
			status = model.SignerConfirmed
		}
		res, err := tx.exec(ctx, respondSigner, status, tx.now, signer.ID)
		if err != nil {
			return fmt.Errorf("store: signer %d responds: %w", signer.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return model.Errorf(model.ECONFLICT, "signing.errors.already_responded")
		}
		actor := model.Actor{Label: "signer:" + signer.Email}
		if err := tx.audit(ctx, actor, "signer."+status, "signer", signer.ID,
			map[string]string{"status": signer.Status}, map[string]string{"status": status}); err != nil {
			return err
		}
		event, next := signerOutcome(sig, signer.ID, confirm)
		if next != "" {
			if err := tx.setStatus(ctx, actor, sig, []string{model.SigAwaitingSigners}, next, ""); err != nil {
				return err
			}
		}
		out, err = tx.notifyAfter(ctx, sig.ID, event, notify)
		return err
	})
	return out, err
}

func checkCanRespond(signer *model.Signer, sig *model.Signature) error {
	switch {
	case signer.Status == model.SignerConfirmed:
		return model.Errorf(model.ECONFLICT, "signing.errors.already_confirmed")
	case signer.Status == model.SignerDeclined:
		return model.Errorf(model.ECONFLICT, "signing.errors.already_declined")
	case sig.Status != model.SigAwaitingSigners:
		return model.Errorf(model.ECONFLICT, "signing.errors.no_longer_awaiting_signers",
			"Status", model.SignatureStatusInSentence(sig.Status))
	}
	return nil
}

// signerOutcome decides the event and any new signature status after signer responds.
func signerOutcome(sig *model.Signature, signerID int64, confirm bool) (event, next string) {
	if !confirm {
		return EventDeclined, model.SigDeclined
	}
	for _, s := range sig.Signers {
		if s.ID != signerID && s.Status != model.SignerConfirmed {
			return EventSignerConfirmed, ""
		}
	}
	return EventAllConfirmed, model.SigAwaitingVerification
}

const setSigStatus = `UPDATE signatures SET status = $1, updated_at = $2,
verified_at = CASE WHEN $1 = 'verified' THEN $2 ELSE verified_at END,
withdrawn_at = CASE WHEN $1 = 'withdrawn' THEN $2 ELSE withdrawn_at END,
cancelled_at = CASE WHEN $1 = 'cancelled' THEN $2 ELSE cancelled_at END,
rejected_reason = CASE WHEN $1 = 'rejected' THEN $3 ELSE rejected_reason END,
withdrawn_reason = CASE WHEN $1 = 'withdrawn' THEN $3 ELSE withdrawn_reason END,
cancelled_reason = CASE WHEN $1 = 'cancelled' THEN $3 ELSE cancelled_reason END
WHERE id = $4 AND status = $5`

const setPublished = `UPDATE organisations SET published_signature_id = $1, updated_at = $2 WHERE id = $3`

// setStatus moves sig from one of the from statuses to to, or fails with ECONFLICT if
// someone else moved it first.
func (tx *Tx) setStatus(ctx context.Context, actor model.Actor, sig *model.Signature, from []string, to, reason string) error {
	if !model.Contains(from, sig.Status) {
		return model.Errorf(model.ECONFLICT, "signing.errors.wrong_status",
			"Status", model.SignatureStatusInSentence(sig.Status), "To", model.SignatureStatusInSentence(to))
	}
	res, err := tx.exec(ctx, setSigStatus, to, tx.now, reason, sig.ID, sig.Status)
	if err != nil {
		return fmt.Errorf("store: signature %d to %s: %w", sig.ID, to, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return model.Errorf(model.ECONFLICT, "signing.errors.changed_by_someone_else")
	}
	if to == model.SigVerified {
		if _, err := tx.exec(ctx, setPublished, sig.ID, tx.now, sig.OrganisationID); err != nil {
			return fmt.Errorf("store: publish signature %d: %w", sig.ID, err)
		}
		if _, err := tx.startCommitment(ctx, sig.ID, sig.OrganisationID, tx.now); err != nil {
			return err
		}
	}
	after := map[string]string{"status": to}
	if reason != "" {
		after["reason"] = reason
	}
	if err := tx.audit(ctx, actor, "signature."+to, "signature", sig.ID, map[string]string{"status": sig.Status}, after); err != nil {
		return err
	}
	switch to {
	case model.SigVerified:
		return tx.recordOrganisation(ctx, actor, model.ActivitySignaturePublished, sig.OrganisationID)
	case model.SigWithdrawn:
		return tx.recordOrganisation(ctx, actor, model.ActivitySignatureWithdrawn, sig.OrganisationID)
	}
	return nil
}

// notifyAfter reloads the signature inside the transaction and queues the emails its
// event causes.
func (tx *Tx) notifyAfter(ctx context.Context, id int64, event string, notify Notifier) (*model.Signature, error) {
	sig, err := loadSignature(ctx, tx.tx, id)
	if err != nil {
		return nil, err
	}
	if notify == nil {
		return sig, nil
	}
	for _, e := range notify(sig, event) {
		if err := tx.enqueue(ctx, e); err != nil {
			return nil, err
		}
	}
	return sig, nil
}

func (db *DB) changeStatus(ctx context.Context, actor model.Actor, id int64, from []string, to, reason, event string, notify Notifier) (*model.Signature, error) {
	var out *model.Signature
	err := db.inTx(ctx, func(tx *Tx) error {
		sig, err := loadSignature(ctx, tx.tx, id)
		if err != nil {
			return err
		}
		if err := tx.setStatus(ctx, actor, sig, from, to, reason); err != nil {
			return err
		}
		out, err = tx.notifyAfter(ctx, id, event, notify)
		return err
	})
	return out, err
}

// VerifySignature publishes a signature on the register: the platform team has checked it.
func (db *DB) VerifySignature(ctx context.Context, actor model.Actor, id int64, notify Notifier) (*model.Signature, error) {
	return db.changeStatus(ctx, actor, id, []string{model.SigAwaitingVerification}, model.SigVerified, "", EventVerified, notify)
}

// RejectSignature turns a signature down with a reason the organisation is told.
func (db *DB) RejectSignature(ctx context.Context, actor model.Actor, id int64, reason string, notify Notifier) (*model.Signature, error) {
	return db.changeStatus(ctx, actor, id, []string{model.SigAwaitingVerification}, model.SigRejected, reason, EventRejected, notify)
}

// WithdrawSignature ends a published signature, for the reason given; the register shows
// it as withdrawn with the date and the reason, and the organisation may sign again. A
// signature still in progress is cancelled instead (CancelSignature).
func (db *DB) WithdrawSignature(ctx context.Context, actor model.Actor, id int64, reason string, notify Notifier) (*model.Signature, error) {
	return db.changeStatus(ctx, actor, id, []string{model.SigVerified}, model.SigWithdrawn, reason, EventWithdrawn, notify)
}

// CancelSignature stops a signature that is still in progress (awaiting senior signers or
// verification): its signers' links then only say so, and the organisation may start
// again. reason is optional for the starter and organisation admins; the platform team
// gives one.
func (db *DB) CancelSignature(ctx context.Context, actor model.Actor, id int64, reason string, notify Notifier) (*model.Signature, error) {
	from := []string{model.SigAwaitingSigners, model.SigAwaitingVerification}
	return db.changeStatus(ctx, actor, id, from, model.SigCancelled, reason, EventCancelled, notify)
}

const selectSigsByStatus = `SELECT ` + sigColumns + sigFrom + ` WHERE s.status = $1 ORDER BY s.updated_at, s.id`
const selectSigsByOrg = `SELECT ` + sigColumns + sigFrom + ` WHERE s.organisation_id = $1 ORDER BY s.created_at DESC, s.id DESC`

// SignaturesByStatus lists signatures in a status, oldest change first (the admin queue).
func (db *DB) SignaturesByStatus(ctx context.Context, status string) ([]*model.Signature, error) {
	return db.signatures(ctx, selectSigsByStatus, status)
}

// SignaturesForOrganisation lists an organisation's signatures, newest first.
func (db *DB) SignaturesForOrganisation(ctx context.Context, orgID int64) ([]*model.Signature, error) {
	return db.signatures(ctx, selectSigsByOrg, orgID)
}

func (db *DB) signatures(ctx context.Context, q string, arg any) ([]*model.Signature, error) {
	rows, err := db.read.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, fmt.Errorf("store: list signatures: %w", err)
	}
	var ids []int64
	for rows.Next() {
		s, err := scanSignature(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list signatures: %w", err)
		}
		ids = append(ids, s.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list signatures: %w", err)
	}
	out := make([]*model.Signature, 0, len(ids))
	for _, id := range ids {
		s, err := loadSignature(ctx, db.read, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
