package store

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const insertSession = `INSERT INTO sessions (id_hash, user_id, csrf, data, created_at, expires_at) VALUES ($1, $2, $3, '', $4, $5)`

func (tx *Tx) createSession(ctx context.Context, idHash string, userID int64, csrf string) error {
	if _, err := tx.exec(ctx, insertSession, idHash, userID, csrf, tx.now, tx.now.Add(model.SessionTTL)); err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

const selectSession = `SELECT s.user_id, s.csrf, s.data, s.expires_at, ` + userColumnsU + `
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2`

const userColumnsU = `u.id, u.email, u.role, u.created_at, u.last_sign_in_at, u.language, u.assessor`

// Session returns a live session and its user with their memberships. Sessions live in
// the database so that every instance behind a load balancer sees the same ones.
func (db *DB) Session(ctx context.Context, idHash string) (*model.Session, *model.User, error) {
	var s model.Session
	row, err := db.readRow(ctx, selectSession, idHash, db.now()) // on every signed-in request: prepared once
	if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", err)
	}
	u, err := scanUser(scanPrefix{row, []any{&s.UserID, &s.CSRF, &s.Data, &s.ExpiresAt}})
	if err != nil {
		return nil, nil, notFound(err, "errors.not_found.session")
	}
	if u.Memberships, err = memberships(ctx, db.read, u.ID); err != nil {
		return nil, nil, err
	}
	return &s, u, nil
}

// scanPrefix scans leading columns into prefix before handing the rest on.
type scanPrefix struct {
	sc     interface{ Scan(...any) error }
	prefix []any
}

func (p scanPrefix) Scan(dest ...any) error { return p.sc.Scan(append(p.prefix, dest...)...) }

const updateSessionData = `UPDATE sessions SET data = $1 WHERE id_hash = $2`

// SetSessionData keeps a journey's answers between its pages.
func (db *DB) SetSessionData(ctx context.Context, idHash, data string) error {
	return db.execWrite(ctx, "save session data", updateSessionData, data, idHash)
}

const deleteSession = `DELETE FROM sessions WHERE id_hash = $1`

// DeleteSession signs a browser out.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	return db.execWrite(ctx, "delete session", deleteSession, idHash)
}

const deleteExpired = `DELETE FROM sessions WHERE expires_at <= $1`
const deleteOldTokens = `DELETE FROM sign_in_tokens WHERE expires_at <= $1`

// DeleteExpired removes expired sessions and sign-in tokens.
func (db *DB) DeleteExpired(ctx context.Context) error {
	now := db.now()
	if err := db.execWrite(ctx, "delete expired sessions", deleteExpired, now); err != nil {
		return err
	}
	return db.execWrite(ctx, "delete expired sign-in tokens", deleteOldTokens, now.Add(-model.SessionTTL))
}
