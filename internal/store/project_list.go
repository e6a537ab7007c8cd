package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// projectListFrom is the list's filter: search words ($1 as typed, $2 in the engine's
// syntax), principle ($3), service ($4), organisation slug ($5), phase ($6),
// collaboration level ($7), funding band ($8), the lead's region ($9), whether dormant
// projects are included ($10, 1 or 0, dormant being no update since $11) and updated
// since ($12).
func projectListFrom(d dialect) string {
	return ` FROM projects pj
WHERE pj.hidden = FALSE
  AND ($1 = '' OR ` + d.fullText("pj", "projects", "$2") + `)
  AND ($6 = '' OR pj.phase = $6)
  AND ($7 = '' OR pj.collaboration = $7)
  AND ($8 = '' OR pj.funding = $8)
  AND ($9 = '' OR EXISTS (SELECT 1 FROM organisations lo WHERE lo.id = pj.lead_organisation_id AND lo.region = $9))
  AND ($10 = 1 OR pj.last_update_at > $11 OR pj.phase = 'retired')
  AND pj.last_update_at >= $12` + projectTags.listFilters("pj", "$3", "$4", "$5")
}

var projectOrder = map[string]string{
	model.SortUpdated: ` ORDER BY pj.last_update_at DESC, pj.id DESC`,
	model.SortNewest:  ` ORDER BY pj.created_at DESC, pj.id DESC`,
}

func (db *DB) projectListSQL(q model.ProjectQuery) listSQL {
	dormant := 0
	if q.Dormant {
		dormant = 1
	}
	since := q.UpdatedSince
	if since.IsZero() {
		since = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return listSQL{what: "projects", from: projectListFrom(db.dialect), orders: projectOrder, sort: q.Sort, def: model.SortUpdated,
		args: []any{q.Q, db.dialect.fullTextQuery(q.Q), q.Principle, q.Service, q.Organisation, q.Phase, q.Collaboration,
			q.Funding, q.Region, dormant, db.now().Add(-model.ProjectDormantAfter), since}}
}

// ListProjects returns a page of the projects that match q, with their tags, and how
// many match in all.
func (db *DB) ListProjects(ctx context.Context, q model.ProjectQuery) ([]*model.Project, int, error) {
	l := db.projectListSQL(q)
	return readList(ctx, db, l, q.Page, q.PerPage, func(p listPage) ([]*model.Project, error) {
		return db.projects(ctx, `SELECT `+projectColumns+l.from+p.order+p.limit, p.args...)
	})
}

// CountProjectsByPhase counts the projects that match q (its page aside) in each phase,
// in the phases' order, for the list's chart.
func (db *DB) CountProjectsByPhase(ctx context.Context, q model.ProjectQuery) (map[string]int, error) {
	l := db.projectListSQL(q)
	out := map[string]int{}
	err := eachRow(ctx, db.read, `SELECT pj.phase, COUNT(*)`+l.from+` GROUP BY pj.phase`, l.args, func(rows *sql.Rows) error {
		var phase string
		var n int
		if err := rows.Scan(&phase, &n); err != nil {
			return err
		}
		out[phase] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: count projects by phase: %w", err)
	}
	return out, nil
}

const selectProjectsByOrg = `SELECT ` + projectColumns + ` FROM projects pj
JOIN project_organisations po ON po.project_id = pj.id
WHERE po.organisation_id = $1 AND pj.hidden = FALSE ORDER BY pj.last_update_at DESC, pj.id DESC`

// ProjectsByOrganisation lists the projects an organisation leads or is a partner in,
// last updated first, for its page.
func (db *DB) ProjectsByOrganisation(ctx context.Context, orgID int64) ([]*model.Project, error) {
	return db.projects(ctx, selectProjectsByOrg, orgID)
}

func (db *DB) projects(ctx context.Context, query string, args ...any) ([]*model.Project, error) {
	var out []*model.Project
	err := eachRow(ctx, db.read, query, args, func(rows *sql.Rows) error {
		p, err := scanProject(rows)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: list projects: %w", err)
	}
	if err := loadProjectTags(ctx, db.read, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ProjectServices lists the services projects are tagged with, for the list's filter.
func (db *DB) ProjectServices(ctx context.Context) ([]model.Service, error) {
	return db.taggedServices(ctx, projectTags)
}

// ProjectOrganisations lists the organisations leading or in projects, for the list's filter.
func (db *DB) ProjectOrganisations(ctx context.Context) ([]model.OrgRef, error) {
	return db.taggedOrganisations(ctx, projectTags)
}
