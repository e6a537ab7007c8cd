package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// Projects: one row each in projects, tagged through the shared tag store (organisations
// in order, the lead first, then the partners that joined), with links to resources in
// project_links. search_text gathers what full-text search reads.

var projectTags = newTagTable(tagTable{kind: "project", content: "projects", key: "project_id",
	orgs: "project_organisations", principles: "project_principles", services: "project_services"})

func projectTagsOf(p *model.Project) tags {
	return tags{p.ID, &p.Organisations, &p.Principles, &p.Services}
}

const projectColumns = `pj.id, pj.title, pj.summary, pj.problem, pj.users, pj.phase, pj.collaboration, pj.funding,
pj.starts_on, pj.ends_on, pj.assessment_on, pj.system_category, pj.language, COALESCE(pj.signature_id, 0), COALESCE(pj.bid_id, 0),
COALESCE(pj.created_by, 0), pj.created_at, pj.updated_at, pj.last_update_at`

func scanProject(sc interface{ Scan(...any) error }) (*model.Project, error) {
	var p model.Project
	var assessment sql.NullTime
	err := sc.Scan(&p.ID, &p.Title, &p.Summary, &p.Problem, &p.Users, &p.Phase, &p.Collaboration, &p.Funding,
		&p.StartsOn, &p.EndsOn, &assessment, &p.System, &p.Language, &p.SignatureID, &p.BidID, &p.CreatedBy,
		&p.CreatedAt, &p.UpdatedAt, &p.LastUpdateAt)
	if err != nil {
		return nil, err
	}
	p.StartsOn, p.EndsOn, p.AssessmentOn = p.StartsOn.UTC(), p.EndsOn.UTC(), timeOf(assessment)
	p.CreatedAt, p.UpdatedAt, p.LastUpdateAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.LastUpdateAt.UTC()
	return &p, nil
}

const insertProject = `INSERT INTO projects (title, summary, problem, users, phase, collaboration, funding,
starts_on, ends_on, assessment_on, language, lead_organisation_id, signature_id, created_by,
created_at, updated_at, last_update_at, search_text, system_category, bid_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15, $16, $17, $18) RETURNING id`

const updateProject = `UPDATE projects SET title = $1, summary = $2, problem = $3, users = $4, phase = $5,
collaboration = $6, funding = $7, starts_on = $8, ends_on = $9, assessment_on = $10, language = $11,
updated_at = $12, search_text = $13, system_category = $15 WHERE id = $14`

const selectProjectByID = `SELECT ` + projectColumns + ` FROM projects pj WHERE pj.id = $1`

const selectSignatureForProject = `SELECT organisation_id FROM signatures WHERE id = $1`

// Errors of adding and changing projects.
var (
	ErrNotProjectMember = model.Errorf(model.EFORBIDDEN, "projects.errors.not_member")
	ErrNotProjectLead   = model.Errorf(model.EFORBIDDEN, "projects.errors.not_lead")
)

// CreateProject stores a project led by leadOrgID, of which the actor must be a member,
// with its tags and links, and audits it in the same transaction. A signature named by
// p.SignatureID must be the lead's. Services that do not exist are a *model.FieldErrors.
func (db *DB) CreateProject(ctx context.Context, actor model.Actor, leadOrgID int64, p *model.Project) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, _, err := tx.liveMembership(ctx, actor.UserID, leadOrgID); err != nil {
			return orNot(err, ErrNotProjectMember)
		}
		if p.SignatureID != 0 {
			var org int64
			if err := tx.queryRow(ctx, selectSignatureForProject, p.SignatureID).Scan(&org); err != nil || org != leadOrgID {
				return model.Errorf(model.EFORBIDDEN, "projects.errors.not_your_signature")
			}
		}
		p.Organisations = []model.OrgRef{{ID: leadOrgID}}
		return tx.createProject(ctx, actor, p)
	})
}

// createProject stores project p, led by p.Organisations[0] with the others its
// partners, with its tags and links, its audit entry and its activity, in the caller's
// transaction. Who may add it is the caller's to check.
func (tx *Tx) createProject(ctx context.Context, actor model.Actor, p *model.Project) error {
	if err := tx.resolveTags(ctx, projectTagsOf(p)); err != nil {
		return err
	}
	p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.LastUpdateAt = actor.UserID, tx.now, tx.now, tx.now
	err := tx.queryRow(ctx, insertProject, p.Title, p.Summary, p.Problem, p.Users, p.Phase, p.Collaboration, p.Funding,
		p.StartsOn, p.EndsOn, nullTime(p.AssessmentOn), p.Language, p.Lead().ID, nullInt(p.SignatureID),
		nullInt(actor.UserID), tx.now, projectSearchText(p), p.System, nullInt(p.BidID)).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("store: insert project: %w", err)
	}
	if err := tx.writeProjectTags(ctx, p); err != nil {
		return err
	}
	if err := tx.audit(ctx, actor, "project.create", "project", p.ID, nil, projectAuditOf(p)); err != nil {
		return err
	}
	if err := tx.recordProject(ctx, actor, model.ActivityProjectAdded, p.ID); err != nil {
		return err
	}
	return tx.recordProjectLikeYours(ctx, actor, p)
}

// UpdateProject replaces a project's words, tags and links. Only members of the lead may;
// the lead and partners stay as they were.
func (db *DB) UpdateProject(ctx context.Context, actor model.Actor, p *model.Project) error {
	return db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.lockProject(ctx, p.ID)
		if err != nil {
			return err
		}
		if _, _, err := tx.liveMembership(ctx, actor.UserID, old.Lead().ID); err != nil {
			return orNot(err, ErrNotProjectLead)
		}
		p.Organisations = old.Organisations
		if err := tx.resolveTags(ctx, projectTagsOf(p)); err != nil {
			return err
		}
		p.SignatureID, p.BidID, p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.LastUpdateAt = old.SignatureID, old.BidID, old.CreatedBy, old.CreatedAt, tx.now, old.LastUpdateAt
		if _, err := tx.exec(ctx, updateProject, p.Title, p.Summary, p.Problem, p.Users, p.Phase, p.Collaboration, p.Funding,
			p.StartsOn, p.EndsOn, nullTime(p.AssessmentOn), p.Language, tx.now, projectSearchText(p), p.ID, p.System); err != nil {
			return fmt.Errorf("store: update project %d: %w", p.ID, err)
		}
		if err := tx.clearTags(ctx, projectTags, p.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, deleteProjectLinks, p.ID); err != nil {
			return fmt.Errorf("store: clear project %d links: %w", p.ID, err)
		}
		if err := tx.writeProjectTags(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "project.update", "project", p.ID, projectAuditOf(old), projectAuditOf(p))
	})
}

// orNot is want when err is ErrNotMember, else err.
func orNot(err, want error) error {
	if err == ErrNotMember {
		return want
	}
	return err
}

func nullTime(t interface{ IsZero() bool }) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// Project returns a project with its organisations, tags and links.
func (db *DB) Project(ctx context.Context, id int64) (*model.Project, error) {
	return readProject(ctx, db.read, id)
}

func readProject(ctx context.Context, q querier, id int64) (*model.Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, selectProjectByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.project")
	}
	return p, loadProjectTags(ctx, q, []*model.Project{p})
}

const lockProjectSQL = `UPDATE projects SET id = id WHERE id = $1`

// lockProject reads a project to change it, holding its row until the transaction ends.
func (tx *Tx) lockProject(ctx context.Context, id int64) (*model.Project, error) {
	if _, err := tx.exec(ctx, lockProjectSQL, id); err != nil {
		return nil, fmt.Errorf("store: lock project %d: %w", id, err)
	}
	return readProject(ctx, tx.tx, id)
}

// projectAudit is what the audit log keeps of a project.
type projectAudit struct {
	Title         string `json:"title"`
	Summary       string `json:"summary"`
	Problem       string `json:"problem"`
	Users         string `json:"users"`
	Phase         string `json:"phase"`
	Collaboration string `json:"collaboration"`
	Funding       string `json:"funding"`
	StartsOn      string `json:"starts_on"`
	EndsOn        string `json:"ends_on"`
	AssessmentOn  string `json:"assessment_on,omitempty"`
	System        string `json:"system,omitempty"`
	Language      string `json:"language"`
	SignatureID   int64  `json:"signature_id,omitempty"`
	BidID         int64  `json:"bid_id,omitempty"`
	tagsAudit
	Links []model.CaseStudyLink `json:"links"`
}

func projectAuditOf(p *model.Project) projectAudit {
	a := projectAudit{Title: p.Title, Summary: p.Summary, Problem: p.Problem, Users: p.Users, Phase: p.Phase,
		Collaboration: p.Collaboration, Funding: p.Funding, StartsOn: p.StartsOn.Format("2006-01-02"),
		EndsOn: p.EndsOn.Format("2006-01-02"), Language: p.Language, System: p.System, SignatureID: p.SignatureID, BidID: p.BidID,
		tagsAudit: projectTagsOf(p).audit(), Links: p.Links}
	if !p.AssessmentOn.IsZero() {
		a.AssessmentOn = p.AssessmentOn.Format("2006-01-02")
	}
	return a
}

// projectSearchText is what search reads: the words, the organisations' names, the
// principles, the services and the titles of links.
func projectSearchText(p *model.Project) string {
	return searchText([]string{p.Title, p.Summary, p.Problem, p.Users}, projectTagsOf(p), p.Links)
}

const (
	insertProjectLink  = `INSERT INTO project_links (project_id, position, title, url, resource_id) VALUES ($1, $2, $3, $4, $5)`
	deleteProjectLinks = `DELETE FROM project_links WHERE project_id = $1`
	selectProjectLinks = `SELECT project_id, title, url, COALESCE(resource_id, 0) FROM project_links
WHERE project_id IN (%s) ORDER BY project_id, position`
)

func (tx *Tx) writeProjectTags(ctx context.Context, p *model.Project) error {
	if err := tx.writeTags(ctx, projectTags, projectTagsOf(p)); err != nil {
		return err
	}
	return tx.writeLinks(ctx, projectTags, insertProjectLink, p.ID, p.Links)
}

// loadProjectTags fills the organisations, principles, services and links of a page of
// projects with one query each.
func loadProjectTags(ctx context.Context, q querier, list []*model.Project) error {
	return loadTagsAndLinks(ctx, q, projectTags, list, projectTagsOf, selectProjectLinks,
		func(p *model.Project) *[]model.CaseStudyLink { return &p.Links })
}
