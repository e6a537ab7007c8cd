package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const insertAudit = `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before_json, after_json)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`

// audit writes an entry in the transaction of the change it describes. before and after
// are marshalled to JSON; nil means "did not exist".
func (tx *Tx) audit(ctx context.Context, a model.Actor, action, entity string, id int64, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	af, err := auditJSON(after)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, insertAudit, tx.now, nullInt(a.UserID), a.Label, action, entity, id, b, af); err != nil {
		return fmt.Errorf("store: audit %s %s %d: %w", action, entity, id, err)
	}
	return tx.bumpVersion(ctx)
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: audit: %w", err)
	}
	return string(b), nil
}

const selectAudit = `SELECT id, at, COALESCE(actor_id, 0), actor, action, entity, entity_id, before_json, after_json
FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2`

const countAudit = `SELECT COUNT(*) FROM audit_log`

// ListAudit returns a page of the audit log, newest first, and the total count.
func (db *DB) ListAudit(ctx context.Context, limit, offset int) ([]model.AuditEntry, int, error) {
	var total int
	if err := db.read.QueryRowContext(ctx, countAudit).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit: %w", err)
	}
	rows, err := db.read.QueryContext(ctx, selectAudit, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out []model.AuditEntry
	for rows.Next() {
		var e model.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, 0, fmt.Errorf("store: list audit: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
