package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	selectResourceHidden = `SELECT hidden FROM resources WHERE id = $1`
	insertResourceUse    = `INSERT INTO resource_uses (resource_id, organisation_id, how, user_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (organisation_id, resource_id) DO NOTHING`
	selectResourceUseHow = `SELECT how FROM resource_uses WHERE resource_id = $1 AND organisation_id = $2`
	updateResourceUse    = `UPDATE resource_uses SET how = $1, user_id = $2, updated_at = $3
WHERE resource_id = $4 AND organisation_id = $5`
	deleteResourceUse = `DELETE FROM resource_uses WHERE resource_id = $1 AND organisation_id = $2`
	// The count moves by one in the transaction that adds or removes the row, under the
	// row's lock, so that concurrent uses on PostgreSQL never lose a count.
	bumpResourceUses = `UPDATE resources SET use_count = use_count + $1 WHERE id = $2`
)

// UseResource puts an organisation on a resource's reuse register ("we use this"), with
// how it uses it, or updates how if it is there already. It reports whether the
// organisation was added. Only signatories join the register.
func (db *DB) UseResource(ctx context.Context, actor model.Actor, resourceID, orgID int64, how string) (bool, error) {
	added := false
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.visible(ctx, Resources, resourceID); err != nil {
			return err
		}
		if err := tx.requireSignatory(ctx, orgID, errNotSignatory); err != nil {
			return err
		}
		res, err := tx.exec(ctx, insertResourceUse, resourceID, orgID, how, nullInt(actor.UserID), tx.now)
		if err != nil {
			return fmt.Errorf("store: use resource %d: %w", resourceID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added = true
			if _, err := tx.exec(ctx, bumpResourceUses, 1, resourceID); err != nil {
				return fmt.Errorf("store: count uses of %d: %w", resourceID, err)
			}
			if err := tx.audit(ctx, actor, "resource.use", "resource", resourceID, nil,
				map[string]any{"organisation_id": orgID, "how": how}); err != nil {
				return err
			}
			return tx.recordResource(ctx, actor, model.ActivityResourceUsed, resourceID, orgID)
		}
		var old string
		if err := tx.queryRow(ctx, selectResourceUseHow, resourceID, orgID).Scan(&old); err != nil {
			return fmt.Errorf("store: use of %d: %w", resourceID, err)
		}
		if old == how {
			return nil
		}
		if _, err := tx.exec(ctx, updateResourceUse, how, nullInt(actor.UserID), tx.now, resourceID, orgID); err != nil {
			return fmt.Errorf("store: update use of %d: %w", resourceID, err)
		}
		return tx.audit(ctx, actor, "resource.use_update", "resource", resourceID,
			map[string]any{"organisation_id": orgID, "how": old}, map[string]any{"organisation_id": orgID, "how": how})
	})
	return added, err
}

// StopUsingResource takes an organisation off a resource's reuse register. It reports
// whether it was on it: asking twice is not an error.
func (db *DB) StopUsingResource(ctx context.Context, actor model.Actor, resourceID, orgID int64) (bool, error) {
	removed := false
	err := db.inTx(ctx, func(tx *Tx) error {
		var how string
		err := tx.queryRow(ctx, selectResourceUseHow, resourceID, orgID).Scan(&how)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: use of %d: %w", resourceID, err)
		}
		res, err := tx.exec(ctx, deleteResourceUse, resourceID, orgID)
		if err != nil {
			return fmt.Errorf("store: stop using %d: %w", resourceID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		removed = true
		if _, err := tx.exec(ctx, bumpResourceUses, -1, resourceID); err != nil {
			return fmt.Errorf("store: count uses of %d: %w", resourceID, err)
		}
		return tx.audit(ctx, actor, "resource.unuse", "resource", resourceID,
			map[string]any{"organisation_id": orgID, "how": how}, nil)
	})
	return removed, err
}
