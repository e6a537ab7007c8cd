package store

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// caseStudyListFrom is the list's filter: search words ($1 as typed, $2 in the engine's
// syntax), principle ($3), service ($4), organisation slug ($5) and language ($6). Hidden case studies
// are never listed. (hidden = FALSE, not NOT hidden, lets SQLite read the index in order.)
func caseStudyListFrom(d dialect) string {
	return ` FROM case_studies c
WHERE c.hidden = FALSE
  AND ($1 = '' OR ` + d.fullText("c", "case_studies", "$2") + `)
  AND ($6 = '' OR c.language = $6)` + caseStudyTags.listFilters("c", "$3", "$4", "$5")
}

// caseStudyOrder sorts the list. The page's ids are chosen first, from the index, and
// only those rows are read whole: sorting whole rows would read every case study's text.
var caseStudyOrder = map[string]string{
	model.SortNewest: ` ORDER BY c.created_at DESC, c.id DESC`,
	model.SortOldest: ` ORDER BY c.created_at, c.id`,
}

func caseStudyPageSQL(from string, p listPage) string {
	return `SELECT ` + caseStudyColumns + ` FROM case_studies c WHERE c.id IN (SELECT c.id` + from + p.order + p.limit + `)` + p.order
}

// ListCaseStudies returns a page of the case studies that match q, with their tags, and
// how many match in all.
func (db *DB) ListCaseStudies(ctx context.Context, q model.CaseStudyQuery) ([]*model.CaseStudy, int, error) {
	l := listSQL{what: "case studies", from: caseStudyListFrom(db.dialect), orders: caseStudyOrder, sort: q.Sort, def: model.SortNewest,
		args: []any{q.Q, db.dialect.fullTextQuery(q.Q), q.Principle, q.Service, q.Organisation, q.Language}}
	return readList(ctx, db, l, q.Page, q.PerPage, func(p listPage) ([]*model.CaseStudy, error) {
		return db.caseStudies(ctx, caseStudyPageSQL(l.from, p), p.args...)
	})
}

const selectCaseStudiesByOrg = `SELECT ` + caseStudyColumns + ` FROM case_studies c
JOIN case_study_organisations co ON co.case_study_id = c.id
WHERE co.organisation_id = $1 AND c.hidden = FALSE ORDER BY c.created_at DESC, c.id DESC`

// CaseStudiesByOrganisation lists the published (not hidden) case studies an
// organisation was involved in, as author or partner, newest first, for its page.
func (db *DB) CaseStudiesByOrganisation(ctx context.Context, orgID int64) ([]*model.CaseStudy, error) {
	return db.caseStudies(ctx, selectCaseStudiesByOrg, orgID)
}

func (db *DB) caseStudies(ctx context.Context, query string, args ...any) ([]*model.CaseStudy, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list case studies: %w", err)
	}
	var out []*model.CaseStudy
	for rows.Next() {
		cs, err := scanCaseStudy(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list case studies: %w", err)
		}
		out = append(out, cs)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list case studies: %w", err)
	}
	if err := loadCaseStudyTags(ctx, db.read, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CaseStudyServices lists the services that published case studies are tagged with, for
// the list's filter.
func (db *DB) CaseStudyServices(ctx context.Context) ([]model.Service, error) {
	return db.taggedServices(ctx, caseStudyTags)
}

// CaseStudyOrganisations lists the organisations involved in published case studies, for
// the list's filter.
func (db *DB) CaseStudyOrganisations(ctx context.Context) ([]model.OrgRef, error) {
	return db.taggedOrganisations(ctx, caseStudyTags)
}
