package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// A person's signing journey in progress is kept per person, not per session, so that a
// session that ends (or another browser) picks it up where it was left.

const selectDraft = `SELECT data FROM signing_drafts WHERE user_id = $1`

const upsertDraft = `INSERT INTO signing_drafts (user_id, data, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`

// SigningDraft returns the user's journey in progress (JSON), or "" if there is none.
func (db *DB) SigningDraft(ctx context.Context, userID int64) (string, error) {
	var data string
	err := db.read.QueryRowContext(ctx, selectDraft, userID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: signing draft of %d: %w", userID, err)
	}
	return data, nil
}

// SaveSigningDraft keeps the user's journey in progress between its pages and sessions.
func (db *DB) SaveSigningDraft(ctx context.Context, userID int64, data string) error {
	return db.execWrite(ctx, "save signing draft", upsertDraft, userID, data, db.now())
}
