package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// A project's updates (sprint notes), and the "gone quiet" reminder when none come.

const (
	insertProjectUpdate = `INSERT INTO project_updates (project_id, organisation_id, author_id, body, body_html, render_version, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
	markProjectUpdated = `UPDATE projects SET last_update_at = $1, updated_at = $1, reminded_at = NULL WHERE id = $2`
	updateColumns      = `u.id, u.project_id, o.id, o.slug, o.name, COALESCE(u.author_id, 0), COALESCE(us.email, ''),
u.body, u.body_html, u.render_version, u.created_at`
	updateFrom = ` FROM project_updates u JOIN organisations o ON o.id = u.organisation_id
LEFT JOIN users us ON us.id = u.author_id`
	selectProjectUpdates = `SELECT ` + updateColumns + updateFrom + ` WHERE u.project_id = $1 ORDER BY u.created_at DESC, u.id DESC LIMIT $2`
	selectRecentUpdates  = `SELECT ` + updateColumns + updateFrom + ` JOIN projects p ON p.id = u.project_id
WHERE p.hidden = FALSE ORDER BY u.created_at DESC, u.id DESC LIMIT $1`
)

func scanProjectUpdate(sc interface{ Scan(...any) error }) (*model.ProjectUpdate, error) {
	var u model.ProjectUpdate
	if err := sc.Scan(&u.ID, &u.ProjectID, &u.Organisation.ID, &u.Organisation.Slug, &u.Organisation.Name, &u.AuthorID,
		&u.AuthorEmail, &u.Body, &u.HTML, &u.RenderVersion, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	if u.RenderVersion < model.MarkdownVersion {
		u.HTML, u.RenderVersion = model.RenderMarkdown(u.Body), model.MarkdownVersion
	}
	return &u, nil
}

// PostProjectUpdate adds an update to a project, written by a member of organisation
// orgID, which must lead the project or be a partner. It restarts the "gone quiet" count.
func (db *DB) PostProjectUpdate(ctx context.Context, actor model.Actor, orgID int64, u *model.ProjectUpdate) error {
	if fe := u.Validate(); fe.Any() {
		return fe
	}
	return db.inTx(ctx, func(tx *Tx) error {
		p, err := tx.lockProject(ctx, u.ProjectID)
		if err != nil {
			return err
		}
		if !p.Involves(orgID) {
			return ErrNotProjectMember
		}
		if _, _, err := tx.liveMembership(ctx, actor.UserID, orgID); err != nil {
			return orNot(err, ErrNotProjectMember)
		}
		u.AuthorID, u.CreatedAt = actor.UserID, tx.now
		if err := tx.queryRow(ctx, insertProjectUpdate, u.ProjectID, orgID, nullInt(actor.UserID), u.Body, u.HTML,
			u.RenderVersion, tx.now).Scan(&u.ID); err != nil {
			return fmt.Errorf("store: post update to project %d: %w", u.ProjectID, err)
		}
		if _, err := tx.exec(ctx, markProjectUpdated, tx.now, u.ProjectID); err != nil {
			return fmt.Errorf("store: project %d updated: %w", u.ProjectID, err)
		}
		if err := tx.audit(ctx, actor, "project.update_posted", "project", u.ProjectID, nil,
			map[string]any{"update_id": u.ID, "organisation_id": orgID, "body": u.Body}); err != nil {
			return err
		}
		return tx.recordProject(ctx, actor, model.ActivityProjectUpdatePosted, u.ProjectID)
	})
}

// ProjectUpdates lists a project's newest updates, newest first, up to limit.
func (db *DB) ProjectUpdates(ctx context.Context, projectID int64, limit int) ([]*model.ProjectUpdate, error) {
	return db.projectUpdates(ctx, selectProjectUpdates, projectID, limit)
}

// RecentProjectUpdates lists the newest updates of every project, up to limit.
func (db *DB) RecentProjectUpdates(ctx context.Context, limit int) ([]*model.ProjectUpdate, error) {
	return db.projectUpdates(ctx, selectRecentUpdates, limit)
}

func (db *DB) projectUpdates(ctx context.Context, q string, args ...any) ([]*model.ProjectUpdate, error) {
	var out []*model.ProjectUpdate
	err := eachRow(ctx, db.read, q, args, func(rows *sql.Rows) error {
		u, err := scanProjectUpdate(rows)
		out = append(out, u)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: project updates: %w", err)
	}
	return out, nil
}

// maxQuietAtOnce bounds one run of the reminder job; the next run takes the rest.
const maxQuietAtOnce = 200

// claimQuietSQL picks projects not yet reminded, with no update since $1. On PostgreSQL
// another instance's claims are skipped, not waited for.
func (db *DB) claimQuietSQL() string {
	return `SELECT pj.id FROM projects pj WHERE pj.reminded_at IS NULL AND pj.hidden = FALSE AND pj.phase <> 'retired'
AND pj.last_update_at <= $1 ORDER BY pj.id LIMIT $2` + db.dialect.skipLocked
}

const markProjectReminded = `UPDATE projects SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL`

// SendProjectReminders tells the lead's members of each project with no update for
// model.ProjectReminderAfter, once, and marks it reminded in the same transaction, so
// that however many instances run it nobody is reminded twice. It returns how many
// projects it reminded about.
func (db *DB) SendProjectReminders(ctx context.Context, notify ProjectNotifier) (int, error) {
	sent := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		sent = 0
		ids, err := tx.ids(ctx, db.claimQuietSQL(), tx.now.Add(-model.ProjectReminderAfter), maxQuietAtOnce)
		if err != nil {
			return fmt.Errorf("store: claim quiet projects: %w", err)
		}
		for _, id := range ids {
			res, err := tx.exec(ctx, markProjectReminded, tx.now, id)
			if err != nil {
				return fmt.Errorf("store: mark project %d reminded: %w", id, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				continue
			}
			p, err := readProject(ctx, tx.tx, id)
			if err != nil {
				return fmt.Errorf("store: quiet project %d: %w", id, err)
			}
			if err := tx.notifyMembers(ctx, notify, NoticeGoneQuiet, p.Lead().ID, p, nil); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}

const countNewlyDormant = `SELECT COUNT(*) FROM projects WHERE phase <> 'retired' AND last_update_at > $1 AND last_update_at <= $2`

// PassProjectDormancy marks public data as changed when a project became dormant since
// the last call (since), because lists hide dormant projects and pages say so: the data
// version, which cached pages are keyed on, is bumped. It returns the time to pass as
// since next time.
func (db *DB) PassProjectDormancy(ctx context.Context, since time.Time) (time.Time, error) {
	now := db.now()
	var n int
	if err := db.read.QueryRowContext(ctx, countNewlyDormant, since.UTC().Add(-model.ProjectDormantAfter),
		now.Add(-model.ProjectDormantAfter)).Scan(&n); err != nil {
		return since, fmt.Errorf("store: dormant projects: %w", err)
	}
	if n == 0 {
		return now, nil
	}
	if err := db.inTx(ctx, func(tx *Tx) error { return tx.bumpVersion(ctx) }); err != nil {
		return since, err
	}
	return now, nil
}
