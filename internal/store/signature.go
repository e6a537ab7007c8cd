package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Notifier composes the emails a signature event causes. The store calls it inside the
// transaction of the change, with the signature as it now stands, so that the emails are
// queued if and only if the change is committed.
type Notifier func(sig *model.Signature, event string) []model.Email

// Signature events passed to a Notifier.
const (
	EventSignerConfirmed = "signer_confirmed"
	EventAllConfirmed    = "all_confirmed"
	EventDeclined        = "declined"
	EventVerified        = "verified"
	EventRejected        = "rejected"
	EventWithdrawn       = "withdrawn"
	EventCancelled       = "cancelled"
	EventSignerChanged   = "signer_changed"
	EventLinkResent      = "link_resent"
)

const sigColumns = `s.id, s.organisation_id, s.declaration_version, s.status, s.title, s.partners, s.mission, s.impact,
COALESCE(s.started_by, 0), COALESCE(u.email, ''), s.created_at, s.verified_at, s.withdrawn_at, s.rejected_reason,
s.withdrawn_reason, s.cancelled_at, s.cancelled_reason, s.language`

const sigFrom = ` FROM signatures s LEFT JOIN users u ON u.id = s.started_by`

func scanSignature(sc interface{ Scan(...any) error }) (*model.Signature, error) {
	var s model.Signature
	var verified, withdrawn, cancelled sql.NullTime
	c := &s.Commitment
	err := sc.Scan(&s.ID, &s.OrganisationID, &s.DeclarationVersion, &s.Status, &c.Title, &c.Partners, &c.Mission,
		&c.Impact, &s.StartedBy, &s.StartedByEmail, &s.CreatedAt, &verified, &withdrawn, &s.RejectedReason,
		&s.WithdrawnReason, &cancelled, &s.CancelledReason, &c.Language)
	if err != nil {
		return nil, err
	}
	s.VerifiedAt, s.WithdrawnAt, s.CancelledAt = timeOf(verified), timeOf(withdrawn), timeOf(cancelled)
	return &s, nil
}

const insertSignature = `INSERT INTO signatures (organisation_id, declaration_version, status, title, partners, mission, impact,
started_by, created_at, updated_at, language) VALUES ($1, $2, 'awaiting_signers', $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id`

const insertSigner = `INSERT INTO signers (signature_id, kind, name, role, email, token_hash, token_expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`

// ErrAlreadySigning is returned when the organisation already has a live signature for
// the version: the partial unique index signatures_one_live holds this, so two people
// starting at once cannot both succeed.
var ErrAlreadySigning = model.Errorf(model.ECONFLICT,
	"signing.errors.already_started")

// StartSignature records a signature awaiting its senior signers, their hashed link
// tokens (in the order of sig.Signers), the emails that carry the links, and the audit
// entry, in one transaction.
func (db *DB) StartSignature(ctx context.Context, actor model.Actor, sig *model.Signature, tokenHashes []string, emails []model.Email) error {
	if len(tokenHashes) != len(sig.Signers) {
		return fmt.Errorf("store: start signature: %d tokens for %d signers", len(tokenHashes), len(sig.Signers))
	}
	return db.inTx(ctx, func(tx *Tx) error {
		c := &sig.Commitment
		c.Language = model.WrittenIn(c.Language)
		err := tx.queryRow(ctx, insertSignature, sig.OrganisationID, sig.DeclarationVersion, c.Title, c.Partners,
			c.Mission, c.Impact, nullInt(actor.UserID), tx.now, c.Language).Scan(&sig.ID)
		if err != nil {
			if tx.db.dialect.isUnique(err) {
				return ErrAlreadySigning
			}
			return fmt.Errorf("store: start signature for %d: %w", sig.OrganisationID, err)
		}
		sig.Status, sig.CreatedAt, sig.StartedBy = model.SigAwaitingSigners, tx.now, actor.UserID
		for i := range sig.Signers {
			if err := tx.insertSigner(ctx, sig.ID, &sig.Signers[i], tokenHashes[i]); err != nil {
				return err
			}
		}
		for _, e := range emails {
			if err := tx.enqueue(ctx, e); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "signature.start", "signature", sig.ID, nil, sig)
	})
}

func (tx *Tx) insertSigner(ctx context.Context, sigID int64, s *model.Signer, hash string) error {
	s.SignatureID, s.Status = sigID, model.SignerPending
	err := tx.queryRow(ctx, insertSigner, sigID, s.Kind, s.Name, s.Role, s.Email, hash,
		tx.now.Add(model.SignerLinkTTL)).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("store: add signer to signature %d: %w", sigID, err)
	}
	return nil
}

const selectSignatureByID = `SELECT ` + sigColumns + sigFrom + ` WHERE s.id = $1`
const selectSigners = `SELECT id, signature_id, kind, name, role, email, status, responded_at FROM signers
WHERE signature_id = $1 ORDER BY id`

type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// Signature returns a signature with its signers and organisation.
func (db *DB) Signature(ctx context.Context, id int64) (*model.Signature, error) {
	return loadSignature(ctx, db.read, id)
}

func loadSignature(ctx context.Context, q querier, id int64) (*model.Signature, error) {
	s, err := scanSignature(q.QueryRowContext(ctx, selectSignatureByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.signature")
	}
	if s.Signers, err = loadSigners(ctx, q, id); err != nil {
		return nil, err
	}
	var o model.Organisation
	if err := scanOrg(q.QueryRowContext(ctx, selectOrgByID, s.OrganisationID), &o); err != nil {
		return nil, fmt.Errorf("store: organisation of signature %d: %w", id, err)
	}
	s.Organisation = &o
	return s, nil
}

func loadSigners(ctx context.Context, q querier, sigID int64) ([]model.Signer, error) {
	rows, err := q.QueryContext(ctx, selectSigners, sigID)
	if err != nil {
		return nil, fmt.Errorf("store: signers of %d: %w", sigID, err)
	}
	defer rows.Close()
	var out []model.Signer
	for rows.Next() {
		var s model.Signer
		var responded sql.NullTime
		if err := rows.Scan(&s.ID, &s.SignatureID, &s.Kind, &s.Name, &s.Role, &s.Email, &s.Status, &responded); err != nil {
			return nil, fmt.Errorf("store: signers of %d: %w", sigID, err)
		}
		s.RespondedAt = timeOf(responded)
		out = append(out, s)
	}
	return out, rows.Err()
}

const selectSignerByToken = `SELECT id, signature_id, token_expires_at FROM signers WHERE token_hash = $1`

// Senior signer link problems.
var (
	ErrSignerLinkUnknown = model.Errorf(model.ENOTFOUND, "signing.signer_link.unknown")
	ErrSignerLinkExpired = model.Errorf(model.EUNAUTHORIZED, "signing.signer_link.expired")
)

// SignerByToken returns the signer a personal link belongs to and their signature. A
// link past its expiry is refused (ErrSignerLinkExpired) only while its signer could
// still answer; afterwards it goes on showing what happened.
func (db *DB) SignerByToken(ctx context.Context, hash string) (*model.Signer, *model.Signature, error) {
	return signerByToken(ctx, db.read, hash, db.now())
}

func signerByToken(ctx context.Context, q querier, hash string, now time.Time) (*model.Signer, *model.Signature, error) {
	var id, sigID int64
	var expires time.Time
	if err := q.QueryRowContext(ctx, selectSignerByToken, hash).Scan(&id, &sigID, &expires); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, ErrSignerLinkUnknown
		}
		return nil, nil, fmt.Errorf("store: signer link: %w", err)
	}
	sig, err := loadSignature(ctx, q, sigID)
	if err != nil {
		return nil, nil, err
	}
	for i := range sig.Signers {
		if sig.Signers[i].ID != id {
			continue
		}
		// An expired link still says what happened once there is nothing left to answer.
		if !now.Before(expires) && sig.Signers[i].Status == model.SignerPending && sig.Status == model.SigAwaitingSigners {
			return nil, nil, ErrSignerLinkExpired
		}
		return &sig.Signers[i], sig, nil
	}
	return nil, nil, fmt.Errorf("store: signer %d missing from signature %d", id, sigID)
}
