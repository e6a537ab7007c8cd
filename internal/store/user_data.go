package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// UserData is everything the platform holds about one person, for them to download;
// User carries their memberships.
type UserData struct {
	User       model.User         `json:"user"`
	Signatures []UserSignature    `json:"signatures_started"`
	Emails     []UserEmail        `json:"emails_sent_to_you"`
	Audit      []model.AuditEntry `json:"changes_you_made"`
	Sessions   int                `json:"signed_in_sessions"`
	Bookings   []model.Booking    `json:"bookings"`
	// Follows are what the person follows, and Hearing how often they hear about them.
	Follows []model.Follow `json:"following"`
	Hearing string         `json:"emails_about_what_you_follow"`
	// Draft is the signing journey the person has not sent yet, as saved (JSON).
	Draft json.RawMessage `json:"signing_in_progress,omitempty"`
}

// UserSignature is a signature the person started.
type UserSignature struct {
	ID           int64            `json:"id"`
	Organisation string           `json:"organisation"`
	Status       string           `json:"status"`
	Commitment   model.Commitment `json:"commitment"`
	CreatedAt    time.Time        `json:"created_at"`
}

// UserEmail is an email sent to the person; its body is left out because it held
// single-use links.
type UserEmail struct {
	Subject   string    `json:"subject"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

const selectUserSignatures = `SELECT s.id, o.name, s.status, s.title, s.partners, s.mission, s.impact, s.language, s.created_at
FROM signatures s JOIN organisations o ON o.id = s.organisation_id WHERE s.started_by = $1 ORDER BY s.id`
const selectUserEmails = `SELECT subject, status, created_at FROM outbox WHERE to_addr = $1 ORDER BY id`
const selectUserAudit = `SELECT id, at, COALESCE(actor_id, 0), actor, action, entity, entity_id, before_json, after_json
FROM audit_log WHERE actor_id = $1 ORDER BY id`
const countUserSessions = `SELECT COUNT(*) FROM sessions WHERE user_id = $1`

// UserData gathers what the platform holds about user id.
func (db *DB) UserData(ctx context.Context, id int64) (*UserData, error) {
	u, err := db.User(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &UserData{User: *u}
	if err := db.read.QueryRowContext(ctx, countUserSessions, id).Scan(&d.Sessions); err != nil {
		return nil, fmt.Errorf("store: user data: %w", err)
	}
	rows, err := db.read.QueryContext(ctx, selectUserSignatures, id)
	if err != nil {
		return nil, fmt.Errorf("store: user data: %w", err)
	}
	for rows.Next() {
		var s UserSignature
		c := &s.Commitment
		if err := rows.Scan(&s.ID, &s.Organisation, &s.Status, &c.Title, &c.Partners, &c.Mission, &c.Impact, &c.Language, &s.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: user data: %w", err)
		}
		d.Signatures = append(d.Signatures, s)
	}
	rows.Close()
	if d.Emails, err = db.userEmails(ctx, u.Email); err != nil {
		return nil, err
	}
	if d.Audit, err = db.userAudit(ctx, id); err != nil {
		return nil, err
	}
	if d.Bookings, err = db.BookingsForUser(ctx, id); err != nil {
		return nil, err
	}
	if d.Follows, err = db.Following(ctx, id); err != nil {
		return nil, err
	}
	if d.Hearing, err = db.NotificationFrequency(ctx, id); err != nil {
		return nil, err
	}
	draft, err := db.SigningDraft(ctx, id)
	if err != nil {
		return nil, err
	}
	if json.Valid([]byte(draft)) {
		d.Draft = json.RawMessage(draft)
	}
	return d, nil
}

func (db *DB) userEmails(ctx context.Context, email string) ([]UserEmail, error) {
	rows, err := db.read.QueryContext(ctx, selectUserEmails, email)
	if err != nil {
		return nil, fmt.Errorf("store: user emails: %w", err)
	}
	defer rows.Close()
	var out []UserEmail
	for rows.Next() {
		var e UserEmail
		if err := rows.Scan(&e.Subject, &e.Status, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: user emails: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (db *DB) userAudit(ctx context.Context, id int64) ([]model.AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, selectUserAudit, id)
	if err != nil {
		return nil, fmt.Errorf("store: user audit: %w", err)
	}
	defer rows.Close()
	var out []model.AuditEntry
	for rows.Next() {
		var e model.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, fmt.Errorf("store: user audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// The statements that forget a person. The audit log keeps what they did under a
// pseudonym; emails to them keep their subject and status, not their address or body
// (and those not yet sent never will be); emails to others that name them (a senior
// signer's invitation names who asked) name the pseudonym instead. Rate-limit keys hold
// only hashes of addresses (see Hit).
const (
	pseudonymiseAudit = `UPDATE audit_log SET actor = CASE WHEN actor_id = $3 OR actor = $2 THEN $1 ELSE actor END,
before_json = REPLACE(before_json, $2, $1),
after_json = REPLACE(after_json, $2, $1) WHERE actor_id = $3 OR actor = $2 OR before_json LIKE $4 OR after_json LIKE $4`
	forgetEmails = `UPDATE outbox SET to_addr = $1, body = '', link = '', unsubscribe_url = '',
status = CASE WHEN status IN ('queued', 'sending') THEN 'failed' ELSE status END WHERE to_addr = $2`
	forgetInBodies     = `UPDATE outbox SET body = REPLACE(body, $2, $1) WHERE body LIKE $3`
	forgetTokens       = `DELETE FROM sign_in_tokens WHERE email = $1`
	forgetStarter      = `UPDATE signatures SET started_by = NULL WHERE started_by = $1`
	deleteUserSessions = `DELETE FROM sessions WHERE user_id = $1`
	deleteUserMembers  = `DELETE FROM memberships WHERE user_id = $1`
	// Follows, preferences and digest runs go with the account (ON DELETE CASCADE).
	deleteUser = `DELETE FROM users WHERE id = $1`
)

// Pseudonym is how a deleted person appears in the audit log.
func Pseudonym(id int64) string { return fmt.Sprintf("deleted-user-%d", id) }

// DeleteUser removes a person's account and the personal data tied to it, in one
// transaction, and records the deletion under their pseudonym.
func (db *DB) DeleteUser(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.queryRow(ctx, selectUserByID, id))
		if err != nil {
			return notFound(err, "errors.not_found.user")
		}
		p := Pseudonym(id)
		like := "%" + escapeLikeNone(u.Email) + "%"
		steps := []struct {
			q    string
			args []any
		}{
			{pseudonymiseAudit, []any{p, u.Email, id, like}},
			{forgetEmails, []any{p + "@deleted.invalid", u.Email}},
			{forgetInBodies, []any{p, u.Email, like}},
			{forgetTokens, []any{u.Email}},
			{forgetStarter, []any{id}},
			{deleteUserSessions, []any{id}},
			{deleteUserMembers, []any{id}},
			{deleteUser, []any{id}},
		}
		for _, s := range steps {
			if _, err := tx.exec(ctx, s.q, s.args...); err != nil {
				return fmt.Errorf("store: delete user %d: %w", id, err)
			}
		}
		return tx.audit(ctx, model.Actor{Label: p}, "user.delete", "user", id, map[string]any{"role": u.Role}, nil)
	})
}

// escapeLikeNone leaves an email as it is for LIKE: addresses hold no % and rarely _,
// and a stray _ only widens the match to rows that are then rewritten by REPLACE, which
// changes only exact occurrences.
func escapeLikeNone(s string) string { return strings.TrimSpace(s) }
