package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// Case studies: one row each in case_studies, with the organisations involved, principle
// and service tags and links in their own tables. The Markdown is rendered when saved
// (ADR 0005); search_text gathers what full-text search reads.

const caseStudyColumns = `c.id, c.title, c.summary, c.problem, c.approach, c.outcomes, c.lessons,
c.problem_html, c.approach_html, c.outcomes_html, c.lessons_html, c.render_version,
COALESCE(c.created_by, 0), c.created_at, c.updated_at, c.hidden, c.hidden_reason, c.hidden_at, c.language`

func scanCaseStudy(sc interface{ Scan(...any) error }) (*model.CaseStudy, error) {
	var c model.CaseStudy
	var hiddenAt sql.NullTime
	h := &c.HTML
	err := sc.Scan(&c.ID, &c.Title, &c.Summary, &c.Problem, &c.Approach, &c.Outcomes, &c.Lessons,
		&h.Problem, &h.Approach, &h.Outcomes, &h.Lessons, &c.RenderVersion,
		&c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.Hidden, &c.HiddenReason, &hiddenAt, &c.Language)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt, c.HiddenAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC(), timeOf(hiddenAt)
	if c.RenderVersion < model.MarkdownVersion {
		c.Render() // stored under older rules: show it under today's
	}
	return &c, nil
}

const insertCaseStudy = `INSERT INTO case_studies (title, summary, problem, approach, outcomes, lessons,
problem_html, approach_html, outcomes_html, lessons_html, render_version, author_organisation_id, created_by,
created_at, updated_at, search_text, language)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16) RETURNING id`

const updateCaseStudy = `UPDATE case_studies SET title = $1, summary = $2, problem = $3, approach = $4, outcomes = $5,
lessons = $6, problem_html = $7, approach_html = $8, outcomes_html = $9, lessons_html = $10, render_version = $11,
updated_at = $12, search_text = $13, language = $15 WHERE id = $14`

const selectCaseStudyByID = `SELECT ` + caseStudyColumns + ` FROM case_studies c WHERE c.id = $1`

// errNotCaseStudyWriter refuses a case study from an organisation that has not signed.
var errNotCaseStudyWriter = model.Errorf(model.EFORBIDDEN,
	"case_studies.errors.not_signatory")

// CreateCaseStudy validates, renders and stores a case study written by a member of
// cs.Organisations[0], which must be a signatory (IsSignatory), and audits it in the same
// transaction. A *model.FieldErrors comes back for bad input, unknown services and
// organisations included.
func (db *DB) CreateCaseStudy(ctx context.Context, actor model.Actor, cs *model.CaseStudy) error {
	if fe := cs.Validate(); fe.Any() {
		return fe
	}
	cs.Render()
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.requireSignatory(ctx, cs.AuthorOrgID(), errNotCaseStudyWriter); err != nil {
			return err
		}
		if err := tx.resolveTags(ctx, caseStudyTagsOf(cs)); err != nil {
			return err
		}
		cs.CreatedBy, cs.CreatedAt, cs.UpdatedAt = actor.UserID, tx.now, tx.now
		cs.Hidden, cs.HiddenReason, cs.HiddenAt = false, "", time.Time{}
		h := cs.HTML
		err := tx.queryRow(ctx, insertCaseStudy, cs.Title, cs.Summary, cs.Problem, cs.Approach, cs.Outcomes, cs.Lessons,
			h.Problem, h.Approach, h.Outcomes, h.Lessons, cs.RenderVersion, cs.AuthorOrgID(), nullInt(actor.UserID),
			tx.now, caseStudySearchText(cs), cs.Language).Scan(&cs.ID)
		if err != nil {
			return fmt.Errorf("store: insert case study: %w", err)
		}
		if err := tx.writeCaseStudyTags(ctx, cs); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, "case_study.create", "case_study", cs.ID, nil, caseStudyAuditOf(cs)); err != nil {
			return err
		}
		return tx.recordCaseStudy(ctx, actor, model.ActivityCaseStudyPublished, cs.ID)
	})
}

// UpdateCaseStudy replaces a case study's text, tags and links. Only members of the
// author organisation may (editorOrgID is the editor's organisation); the author stays
// first whatever the form sent. Hiding is left as it was.
func (db *DB) UpdateCaseStudy(ctx context.Context, actor model.Actor, editorOrgID int64, cs *model.CaseStudy) error {
	return db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.caseStudy(ctx, cs.ID)
		if err != nil {
			return err
		}
		if editorOrgID == 0 || old.AuthorOrgID() != editorOrgID {
			return model.Errorf(model.EFORBIDDEN, "case_studies.errors.not_author")
		}
		cs.Organisations = append([]model.OrgRef{old.Organisations[0]}, cs.Organisations...)
		if fe := cs.Validate(); fe.Any() {
			return fe
		}
		cs.Render()
		if err := tx.resolveTags(ctx, caseStudyTagsOf(cs)); err != nil {
			return err
		}
		cs.CreatedBy, cs.CreatedAt, cs.UpdatedAt = old.CreatedBy, old.CreatedAt, tx.now
		cs.Hidden, cs.HiddenReason, cs.HiddenAt = old.Hidden, old.HiddenReason, old.HiddenAt
		h := cs.HTML
		if _, err := tx.exec(ctx, updateCaseStudy, cs.Title, cs.Summary, cs.Problem, cs.Approach, cs.Outcomes, cs.Lessons,
			h.Problem, h.Approach, h.Outcomes, h.Lessons, cs.RenderVersion, tx.now, caseStudySearchText(cs), cs.ID,
			cs.Language); err != nil {
			return fmt.Errorf("store: update case study %d: %w", cs.ID, err)
		}
		if err := tx.clearCaseStudyTags(ctx, cs.ID); err != nil {
			return err
		}
		if err := tx.writeCaseStudyTags(ctx, cs); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "case_study.update", "case_study", cs.ID, caseStudyAuditOf(old), caseStudyAuditOf(cs))
	})
}

const selectUserEmail = `SELECT email FROM users WHERE id = $1`

// CaseStudy returns a case study with its organisations, tags and links, hidden or not:
// the caller decides who may see a hidden one.
func (db *DB) CaseStudy(ctx context.Context, id int64) (*model.CaseStudy, error) {
	cs, err := scanCaseStudy(db.read.QueryRowContext(ctx, selectCaseStudyByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.case_study")
	}
	if err := loadCaseStudyTags(ctx, db.read, []*model.CaseStudy{cs}); err != nil {
		return nil, err
	}
	return cs, nil
}

const lockCaseStudy = `UPDATE case_studies SET id = id WHERE id = $1`

// caseStudy reads a case study to change it, holding its row until the transaction ends,
// so that two changes at once take turns (PostgreSQL) as they do on SQLite's one writer.
func (tx *Tx) caseStudy(ctx context.Context, id int64) (*model.CaseStudy, error) {
	if _, err := tx.exec(ctx, lockCaseStudy, id); err != nil {
		return nil, fmt.Errorf("store: lock case study %d: %w", id, err)
	}
	cs, err := scanCaseStudy(tx.queryRow(ctx, selectCaseStudyByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.case_study")
	}
	if err := loadCaseStudyTags(ctx, tx.tx, []*model.CaseStudy{cs}); err != nil {
		return nil, err
	}
	return cs, nil
}

// caseStudyAudit is what the audit log keeps of a case study: the words and the tags,
// not the HTML made from them.
type caseStudyAudit struct {
	Title    string `json:"title"`
	Summary  string `json:"summary"`
	Problem  string `json:"problem"`
	Approach string `json:"approach"`
	Outcomes string `json:"outcomes"`
	Lessons  string `json:"lessons"`
	Language string `json:"language"`
	tagsAudit
	Links []model.CaseStudyLink `json:"links"`
}

func caseStudyAuditOf(cs *model.CaseStudy) caseStudyAudit {
	return caseStudyAudit{Title: cs.Title, Summary: cs.Summary, Problem: cs.Problem, Approach: cs.Approach,
		Outcomes: cs.Outcomes, Lessons: cs.Lessons, Language: cs.Language, tagsAudit: caseStudyTagsOf(cs).audit(), Links: cs.Links}
}

// caseStudySearchText is what search reads: the words, the organisations' names, the
// principles, the services and the titles of links.
func caseStudySearchText(cs *model.CaseStudy) string {
	parts := []string{cs.Title, cs.Summary, cs.Problem, cs.Approach, cs.Outcomes, cs.Lessons}
	for _, o := range cs.Organisations {
		parts = append(parts, o.Name)
	}
	for _, p := range cs.PrincipleNames() {
		parts = append(parts, locale.English.Msg(p)) // search reads the English words
	}
	for _, s := range cs.Services {
		parts = append(parts, s.Label)
	}
	for _, l := range cs.Links {
		parts = append(parts, l.Title)
	}
	return strings.Join(parts, "\n")
}

// A case study's links, which it has besides its tags.
const (
	insertCaseStudyLink    = `INSERT INTO case_study_links (case_study_id, position, title, url, resource_id) VALUES ($1, $2, $3, $4, $5)`
	deleteCaseStudyLinks   = `DELETE FROM case_study_links WHERE case_study_id = $1`
	selectCaseStudiesLinks = `SELECT case_study_id, title, url, COALESCE(resource_id, 0) FROM case_study_links
WHERE case_study_id IN (%s) ORDER BY case_study_id, position`
)

func (tx *Tx) writeCaseStudyTags(ctx context.Context, cs *model.CaseStudy) error {
	if err := tx.writeTags(ctx, caseStudyTags, caseStudyTagsOf(cs)); err != nil {
		return err
	}
	for i, l := range cs.Links {
		if _, err := tx.exec(ctx, insertCaseStudyLink, cs.ID, i, l.Title, l.URL, nullInt(l.ResourceID)); err != nil {
			return fmt.Errorf("store: case study %d link %d: %w", cs.ID, i, err)
		}
	}
	return nil
}

// clearCaseStudyTags deletes a case study's tags and links before an update writes them again.
func (tx *Tx) clearCaseStudyTags(ctx context.Context, id int64) error {
	if err := tx.clearTags(ctx, caseStudyTags, id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, deleteCaseStudyLinks, id); err != nil {
		return fmt.Errorf("store: clear case study %d links: %w", id, err)
	}
	return nil
}

// loadCaseStudyTags fills the organisations, principles, services and links of a page
// of case studies with one query each.
func loadCaseStudyTags(ctx context.Context, q querier, list []*model.CaseStudy) error {
	byID := make(map[int64]*model.CaseStudy, len(list))
	tagged := make(map[int64]tags, len(list))
	ids := make([]int64, len(list))
	for i, cs := range list {
		byID[cs.ID], tagged[cs.ID], ids[i] = cs, caseStudyTagsOf(cs), cs.ID
	}
	links := batchQuery{selectCaseStudiesLinks, func(rows *sql.Rows) error {
		var id int64
		var l model.CaseStudyLink
		if err := rows.Scan(&id, &l.Title, &l.URL, &l.ResourceID); err != nil {
			return err
		}
		byID[id].Links = append(byID[id].Links, l)
		return nil
	}}
	return loadBatches(ctx, q, caseStudyTags.kind, ids, append(caseStudyTags.tagQueries(tagged, tagsTags), links))
}
