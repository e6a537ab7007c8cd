package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// ProjectNotifier composes the emails something that happened to a project causes. The
// store calls it inside the transaction of the change, so that the emails are queued if
// and only if the change is committed.
type ProjectNotifier func(n ProjectNotice) []model.Email

// ProjectNotice is one thing a person is told about a project.
type ProjectNotice struct {
	Kind    string
	To      string
	Project *model.Project
	Request *model.ProjectJoinRequest // for the join notices
}

// Kinds of ProjectNotice.
const (
	NoticeJoinAsked    = "join_asked"    // to the lead's members
	NoticeJoinApproved = "join_approved" // to the person who asked
	NoticeJoinDeclined = "join_declined" // to the person who asked
	NoticeGoneQuiet    = "gone_quiet"    // to the lead's members, once after 60 days without an update
)

// Refusals of requests to join.
var (
	ErrJoinOwnProject  = model.InvalidField("organisation", "projects.join.errors.own_project")
	ErrJoinAlready     = model.InvalidField("organisation", "projects.join.errors.already_partner")
	ErrJoinPending     = &model.Error{Code: model.ECONFLICT, Key: "projects.join.errors.pending", Field: "organisation"}
	ErrJoinRetired     = model.Errorf(model.ECONFLICT, "projects.join.errors.retired")
	ErrJoinNotPending  = model.Errorf(model.ECONFLICT, "projects.join.errors.not_pending")
	errJoinNotMemberOf = model.InvalidField("organisation", "projects.join.errors.not_member")
)

const (
	insertJoinRequest = `INSERT INTO project_join_requests (project_id, organisation_id, asked_by, message, status, created_at)
VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id`
	countPendingJoin = `SELECT COUNT(*) FROM project_join_requests WHERE project_id = $1 AND organisation_id = $2 AND status = 'pending'`
	joinColumns      = `r.id, r.project_id, o.id, o.slug, o.name, COALESCE(r.asked_by, 0), COALESCE(u.email, ''), r.message,
r.status, r.created_at, r.decided_at`
	joinFrom = ` FROM project_join_requests r JOIN organisations o ON o.id = r.organisation_id
LEFT JOIN users u ON u.id = r.asked_by`
	selectJoinRequest   = `SELECT ` + joinColumns + joinFrom + ` WHERE r.id = $1`
	selectPendingJoins  = `SELECT ` + joinColumns + joinFrom + ` WHERE r.project_id = $1 AND r.status = 'pending' ORDER BY r.created_at, r.id`
	decideJoinRequest   = `UPDATE project_join_requests SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'pending'`
	insertProjectOrg    = `INSERT INTO project_organisations (project_id, organisation_id, position) VALUES ($1, $2, $3)`
	selectMemberEmails  = `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 AND m.removed_at IS NULL ORDER BY u.email`
	touchProjectUpdated = `UPDATE projects SET updated_at = $1 WHERE id = $2`
)

func scanJoinRequest(sc interface{ Scan(...any) error }) (*model.ProjectJoinRequest, error) {
	var r model.ProjectJoinRequest
	var decided sql.NullTime
	if err := sc.Scan(&r.ID, &r.ProjectID, &r.Organisation.ID, &r.Organisation.Slug, &r.Organisation.Name, &r.AskedBy,
		&r.AskedByEmail, &r.Message, &r.Status, &r.CreatedAt, &decided); err != nil {
		return nil, err
	}
	r.CreatedAt, r.DecidedAt = r.CreatedAt.UTC(), timeOf(decided)
	return &r, nil
}

// AskToJoin records orgID's request to join project projectID as a partner, made by a
// member of orgID who is not a member of the lead, and tells the lead's members. Asking
// again while a request is pending, asking for a project the organisation is in, and
// asking to join a retired project are refused.
func (db *DB) AskToJoin(ctx context.Context, actor model.Actor, projectID, orgID int64, message string, notify ProjectNotifier) (*model.ProjectJoinRequest, error) {
	var req *model.ProjectJoinRequest
	err := db.inTx(ctx, func(tx *Tx) error {
		p, err := tx.lockProject(ctx, projectID)
		if err != nil {
			return err
		}
		if _, _, err := tx.liveMembership(ctx, actor.UserID, p.Lead().ID); err == nil {
			return ErrJoinOwnProject
		} else if err != ErrNotMember {
			return err
		}
		if _, _, err := tx.liveMembership(ctx, actor.UserID, orgID); err != nil {
			return orNot(err, errJoinNotMemberOf)
		}
		switch {
		case p.Involves(orgID):
			return ErrJoinAlready
		case p.Phase == model.PhaseRetired:
			return ErrJoinRetired
		}
		var n int
		if err := tx.queryRow(ctx, countPendingJoin, projectID, orgID).Scan(&n); err != nil {
			return fmt.Errorf("store: pending requests to join %d: %w", projectID, err)
		}
		if n > 0 {
			return ErrJoinPending
		}
		var id int64
		if err := tx.queryRow(ctx, insertJoinRequest, projectID, orgID, nullInt(actor.UserID), message, tx.now).Scan(&id); err != nil {
			if tx.db.dialect.isUnique(err) {
				return ErrJoinPending
			}
			return fmt.Errorf("store: ask to join %d: %w", projectID, err)
		}
		if req, err = scanJoinRequest(tx.queryRow(ctx, selectJoinRequest, id)); err != nil {
			return fmt.Errorf("store: request to join %d: %w", id, err)
		}
		req.ProjectTitle = p.Title
		if err := tx.audit(ctx, actor, "project.join_asked", "project", projectID, nil,
			map[string]any{"organisation_id": orgID, "message": message}); err != nil {
			return err
		}
		return tx.notifyMembers(ctx, notify, NoticeJoinAsked, p.Lead().ID, p, req)
	})
	return req, err
}

// DecideJoin approves or declines a pending request to join: only members of the lead
// may. An approved organisation becomes a partner, after those already there. The person
// who asked is told either way.
func (db *DB) DecideJoin(ctx context.Context, actor model.Actor, projectID, requestID int64, approve bool, notify ProjectNotifier) (*model.ProjectJoinRequest, error) {
	var req *model.ProjectJoinRequest
	err := db.inTx(ctx, func(tx *Tx) error {
		p, err := tx.lockProject(ctx, projectID)
		if err != nil {
			return err
		}
		if _, _, err := tx.liveMembership(ctx, actor.UserID, p.Lead().ID); err != nil {
			return orNot(err, ErrNotProjectLead)
		}
		req, err = scanJoinRequest(tx.queryRow(ctx, selectJoinRequest, requestID))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && req.ProjectID != projectID) {
			return errNotFound("errors.not_found.join_request")
		}
		if err != nil {
			return fmt.Errorf("store: request to join %d: %w", requestID, err)
		}
		status, action, kind := model.JoinDeclined, "project.join_declined", NoticeJoinDeclined
		if approve {
			status, action, kind = model.JoinApproved, "project.join_approved", NoticeJoinApproved
		}
		res, err := tx.exec(ctx, decideJoinRequest, status, nullInt(actor.UserID), tx.now, requestID)
		if err != nil {
			return fmt.Errorf("store: decide request to join %d: %w", requestID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrJoinNotPending
		}
		req.Status, req.DecidedAt, req.ProjectTitle = status, tx.now, p.Title
		if approve {
			if _, err := tx.exec(ctx, insertProjectOrg, projectID, req.Organisation.ID, len(p.Organisations)); err != nil {
				return fmt.Errorf("store: add partner to %d: %w", projectID, err)
			}
			p.Organisations = append(p.Organisations, req.Organisation)
			if _, err := tx.exec(ctx, touchProjectUpdated, tx.now, projectID); err != nil {
				return fmt.Errorf("store: project %d: %w", projectID, err)
			}
		}
		if err := tx.audit(ctx, actor, action, "project", projectID, nil,
			map[string]any{"organisation_id": req.Organisation.ID, "request_id": requestID}); err != nil {
			return err
		}
		if approve {
			if err := tx.recordProject(ctx, actor, model.ActivityProjectPartnerJoined, projectID); err != nil {
				return err
			}
		}
		if notify == nil || req.AskedByEmail == "" {
			return nil
		}
		return tx.enqueueAll(ctx, notify(ProjectNotice{Kind: kind, To: req.AskedByEmail, Project: p, Request: req}))
	})
	return req, err
}

// PendingJoinRequests lists the requests to join a project not yet decided, oldest first.
func (db *DB) PendingJoinRequests(ctx context.Context, projectID int64) ([]*model.ProjectJoinRequest, error) {
	var out []*model.ProjectJoinRequest
	err := eachRow(ctx, db.read, selectPendingJoins, []any{projectID}, func(rows *sql.Rows) error {
		r, err := scanJoinRequest(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: requests to join %d: %w", projectID, err)
	}
	return out, nil
}

// notifyMembers queues notice kind about p for each member of organisation orgID.
func (tx *Tx) notifyMembers(ctx context.Context, notify ProjectNotifier, kind string, orgID int64, p *model.Project, req *model.ProjectJoinRequest) error {
	if notify == nil {
		return nil
	}
	emails, err := tx.stringsOf(ctx, selectMemberEmails, orgID)
	if err != nil {
		return fmt.Errorf("store: members of %d: %w", orgID, err)
	}
	for _, to := range emails {
		if err := tx.enqueueAll(ctx, notify(ProjectNotice{Kind: kind, To: to, Project: p, Request: req})); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) enqueueAll(ctx context.Context, emails []model.Email) error {
	for _, e := range emails {
		if err := tx.enqueue(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// stringsOf runs a query of one text column in the transaction.
func (tx *Tx) stringsOf(ctx context.Context, q string, args ...any) ([]string, error) {
	var out []string
	err := eachRow(ctx, tx.tx, q, args, func(rows *sql.Rows) error {
		var s string
		out = append(out, s)
		return rows.Scan(&out[len(out)-1])
	})
	return out, err
}
