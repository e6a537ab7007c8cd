package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Problems changing or resending a senior signer's link.
var (
	ErrSignerNotPending  = model.Errorf(model.ECONFLICT, "signing.errors.signer_not_pending")
	ErrNotAwaitingSigner = model.Errorf(model.ECONFLICT, "signing.errors.not_awaiting_signers")
	ErrNoSuchSigner      = model.Errorf(model.ENOTFOUND, "signing.errors.no_such_signer")
)

// ResendLimitError says a signer's link was resent model.MaxSignerResends times within
// model.SignerResendWindow; Next is when it may be resent again.
type ResendLimitError struct {
	Next time.Time
}

func (e *ResendLimitError) Error() string {
	return fmt.Sprintf("store: resend limit reached until %s", e.Next.Format(time.RFC3339))
}

// Unwrap gives the error its code, so that model.ErrorCode reports a conflict.
func (e *ResendLimitError) Unwrap() error {
	return model.Errorf(model.ECONFLICT, "signing.errors.resent_too_often")
}

const changeSigner = `UPDATE signers SET name = $1, role = $2, email = $3, token_hash = $4, token_expires_at = $5
WHERE id = $6 AND status = 'pending'
  AND signature_id IN (SELECT id FROM signatures WHERE id = $7 AND status = 'awaiting_signers')`

const renewSignerLink = `UPDATE signers SET token_hash = $1, token_expires_at = $2
WHERE id = $3 AND status = 'pending'
  AND signature_id IN (SELECT id FROM signatures WHERE id = $4 AND status = 'awaiting_signers')`

const selectResends = `SELECT at FROM audit_log WHERE entity = 'signer' AND entity_id = $1 AND action = 'signer.resend'
AND at > $2 ORDER BY at`

// pendingSigner loads the signature and its signer of kind, which must still be waiting
// for that signer's answer.
func (tx *Tx) pendingSigner(ctx context.Context, sigID int64, kind string) (*model.Signature, *model.Signer, error) {
	sig, err := loadSignature(ctx, tx.tx, sigID)
	if err != nil {
		return nil, nil, err
	}
	var signer *model.Signer
	for i := range sig.Signers {
		if sig.Signers[i].Kind == kind {
			signer = &sig.Signers[i]
		}
	}
	switch {
	case signer == nil:
		return nil, nil, ErrNoSuchSigner
	case sig.Status != model.SigAwaitingSigners:
		return nil, nil, ErrNotAwaitingSigner
	case signer.Status != model.SignerPending:
		return nil, nil, ErrSignerNotPending
	}
	return sig, signer, nil
}

type signerAudit struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Email string `json:"email"`
}

// ChangeSigner corrects a pending senior signer's name, role or email address (to, of
// to.Kind, already validated): the old link stops working at once, hash is the new
// link's, and emails (the new invitation, any notices) are queued with the change, its
// audit entry and the notifier's emails for EventSignerChanged.
func (db *DB) ChangeSigner(ctx context.Context, actor model.Actor, sigID int64, to model.Signer, hash string, emails []model.Email, notify Notifier) (*model.Signature, error) {
	var out *model.Signature
	err := db.inTx(ctx, func(tx *Tx) error {
		_, signer, err := tx.pendingSigner(ctx, sigID, to.Kind)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, changeSigner, to.Name, to.Role, to.Email, hash, tx.now.Add(model.SignerLinkTTL), signer.ID, sigID)
		if err != nil {
			return fmt.Errorf("store: change signer %d: %w", signer.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return model.Errorf(model.ECONFLICT, "signing.errors.changed_by_someone_else")
		}
		if err := tx.audit(ctx, actor, "signer.change", "signer", signer.ID,
			signerAudit{signer.Name, signer.Role, signer.Email}, signerAudit{to.Name, to.Role, to.Email}); err != nil {
			return err
		}
		for _, e := range emails {
			if err := tx.enqueue(ctx, e); err != nil {
				return err
			}
		}
		out, err = tx.notifyAfter(ctx, sigID, EventSignerChanged, notify)
		return err
	})
	return out, err
}

// ResendSignerLink gives a pending senior signer a new link (hash; the old one stops
// working) and queues the emails carrying it, at most model.MaxSignerResends times in
// model.SignerResendWindow per signer; beyond that it returns a *ResendLimitError. The
// resends are counted from the audit log, which records each in the same transaction.
func (db *DB) ResendSignerLink(ctx context.Context, actor model.Actor, sigID int64, kind, hash string, emails func(*model.Signature, *model.Signer) []model.Email) (*model.Signature, error) {
	var out *model.Signature
	err := db.inTx(ctx, func(tx *Tx) error {
		sig, signer, err := tx.pendingSigner(ctx, sigID, kind)
		if err != nil {
			return err
		}
		if err := tx.checkResends(ctx, signer.ID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, renewSignerLink, hash, tx.now.Add(model.SignerLinkTTL), signer.ID, sigID)
		if err != nil {
			return fmt.Errorf("store: resend link of signer %d: %w", signer.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return model.Errorf(model.ECONFLICT, "signing.errors.changed_by_someone_else")
		}
		if err := tx.audit(ctx, actor, "signer.resend", "signer", signer.ID, nil, map[string]string{"email": signer.Email}); err != nil {
			return err
		}
		if emails != nil {
			for _, e := range emails(sig, signer) {
				if err := tx.enqueue(ctx, e); err != nil {
					return err
				}
			}
		}
		out = sig
		return nil
	})
	return out, err
}

func (tx *Tx) checkResends(ctx context.Context, signerID int64) error {
	rows, err := tx.tx.QueryContext(ctx, selectResends, signerID, tx.now.Add(-model.SignerResendWindow))
	if err != nil {
		return fmt.Errorf("store: count resends of signer %d: %w", signerID, err)
	}
	defer rows.Close()
	var times []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return fmt.Errorf("store: count resends of signer %d: %w", signerID, err)
		}
		times = append(times, at)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: count resends of signer %d: %w", signerID, err)
	}
	if len(times) >= model.MaxSignerResends {
		return &ResendLimitError{Next: times[len(times)-model.MaxSignerResends].Add(model.SignerResendWindow)}
	}
	return nil
}

// IsResendLimit reports whether err is a *ResendLimitError, and returns it.
func IsResendLimit(err error) (*ResendLimitError, bool) {
	var rl *ResendLimitError
	ok := errors.As(err, &rl)
	return rl, ok
}
