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

// visibleResource fails with ENOTFOUND unless resource id exists and is not hidden.
func (tx *Tx) visibleResource(ctx context.Context, id int64) error {
	var hidden bool
	if err := tx.queryRow(ctx, selectResourceHidden, id).Scan(&hidden); err != nil {
		return notFound(err, "resource")
	}
	if hidden {
		return errNotFound("resource")
	}
	return nil
}

// UseResource puts an organisation on a resource's reuse register ("we use this"), with
// how it uses it, or updates how if it is there already. It reports whether the
// organisation was added. Only signatories join the register.
func (db *DB) UseResource(ctx context.Context, actor model.Actor, resourceID, orgID int64, how string) (bool, error) {
	added := false
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.visibleResource(ctx, resourceID); err != nil {
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
			return tx.audit(ctx, actor, "resource.use", "resource", resourceID, nil,
				map[string]any{"organisation_id": orgID, "how": how})
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

const (
	insertResourceReport = `INSERT INTO resource_reports (resource_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id`
	selectOpenReports    = `SELECT rr.id, rr.resource_id, r.title, r.hidden, rr.reason, rr.created_at FROM resource_reports rr
JOIN resources r ON r.id = rr.resource_id WHERE rr.resolved_at IS NULL ORDER BY rr.created_at, rr.id`
	resolveResourceReports = `UPDATE resource_reports SET resolved_at = $1 WHERE resource_id = $2 AND resolved_at IS NULL`
)

// ReportResource records a member's report that a resource should not be on the
// platform, for the platform team to look at.
func (db *DB) ReportResource(ctx context.Context, actor model.Actor, resourceID int64, reason string) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.visibleResource(ctx, resourceID); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, insertResourceReport, resourceID, nullInt(actor.UserID), reason, tx.now).Scan(&id); err != nil {
			return fmt.Errorf("store: report resource %d: %w", resourceID, err)
		}
		return tx.audit(ctx, actor, "resource.report", "resource", resourceID, nil,
			map[string]any{"report_id": id, "reason": reason})
	})
	return id, err
}

// OpenResourceReports lists the reports nobody has dealt with yet, oldest first.
func (db *DB) OpenResourceReports(ctx context.Context) ([]model.ResourceReport, error) {
	var out []model.ResourceReport
	err := eachRow(ctx, db.read, selectOpenReports, nil, func(rows *sql.Rows) error {
		var r model.ResourceReport
		if err := rows.Scan(&r.ID, &r.ResourceID, &r.Title, &r.Hidden, &r.Reason, &r.CreatedAt); err != nil {
			return err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: open resource reports: %w", err)
	}
	return out, nil
}

// DismissResourceReports closes a resource's open reports without hiding it. It returns
// how many it closed.
func (db *DB) DismissResourceReports(ctx context.Context, actor model.Actor, resourceID int64) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, resolveResourceReports, tx.now, resourceID)
		if err != nil {
			return fmt.Errorf("store: dismiss reports of %d: %w", resourceID, err)
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.audit(ctx, actor, "resource.reports_dismiss", "resource", resourceID, nil, map[string]any{"reports": n})
	})
	return int(n), err
}

// ResourceNotifier writes the emails that tell a resource's authors it was hidden; to
// lists their addresses.
type ResourceNotifier func(r *model.Resource, to []string) []model.Email

const (
	hideResource = `UPDATE resources SET hidden = TRUE, hidden_reason = $1, hidden_at = $2, updated_at = $2
WHERE id = $3 AND hidden = FALSE`
	unhideResource = `UPDATE resources SET hidden = FALSE, hidden_reason = '', hidden_at = NULL, updated_at = $1
WHERE id = $2 AND hidden = TRUE`
	// The authors told of a hiding: whoever published the resource or uploaded a file to
	// it, while they are still members of one of the organisations that made it.
	selectResourceAuthors = `SELECT DISTINCT u.email FROM users u
WHERE (u.id IN (SELECT published_by FROM resources WHERE id = $1)
    OR u.id IN (SELECT v.uploaded_by FROM resource_file_versions v JOIN resource_files f ON f.id = v.file_id WHERE f.resource_id = $1))
  AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.removed_at IS NULL
    AND m.organisation_id IN (SELECT organisation_id FROM resource_organisations WHERE resource_id = $1))
ORDER BY u.email`
)

// HideResource takes a resource out of the library, the API and the feeds, with the
// reason, closes its reports, and emails its authors through the outbox, all in one
// transaction.
func (db *DB) HideResource(ctx context.Context, actor model.Actor, id int64, reason string, notify ResourceNotifier) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, hideResource, reason, tx.now, id)
		if err != nil {
			return fmt.Errorf("store: hide resource %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var hidden bool
			if err := tx.queryRow(ctx, selectResourceHidden, id).Scan(&hidden); err != nil {
				return notFound(err, "resource")
			}
			return model.Errorf(model.ECONFLICT, "This resource is already hidden")
		}
		if _, err := tx.exec(ctx, resolveResourceReports, tx.now, id); err != nil {
			return fmt.Errorf("store: close reports of %d: %w", id, err)
		}
		if err := tx.audit(ctx, actor, "resource.hide", "resource", id, map[string]any{"hidden": false},
			map[string]any{"hidden": true, "reason": reason}); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		var r model.Resource
		if err := scanResource(tx.queryRow(ctx, selectResourceByID, id), &r); err != nil {
			return fmt.Errorf("store: hidden resource %d: %w", id, err)
		}
		to, err := stringsOf(tx.tx.QueryContext(ctx, selectResourceAuthors, id))
		if err != nil {
			return fmt.Errorf("store: authors of %d: %w", id, err)
		}
		if len(to) == 0 {
			return nil
		}
		for _, e := range notify(&r, to) {
			if err := tx.enqueue(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// UnhideResource puts a hidden resource back in the library.
func (db *DB) UnhideResource(ctx context.Context, actor model.Actor, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, unhideResource, tx.now, id)
		if err != nil {
			return fmt.Errorf("store: unhide resource %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var hidden bool
			if err := tx.queryRow(ctx, selectResourceHidden, id).Scan(&hidden); err != nil {
				return notFound(err, "resource")
			}
			return model.Errorf(model.ECONFLICT, "This resource is not hidden")
		}
		return tx.audit(ctx, actor, "resource.unhide", "resource", id, map[string]any{"hidden": true},
			map[string]any{"hidden": false})
	})
}
