package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// resourceListFrom is the library's filter: search words ($1 as typed, $2 in the engine's
// syntax), type ($3), principle ($4), service ($5), licence ($6), organisation slug
// ($7) and language ($8). Hidden resources are never listed.
func resourceListFrom(d dialect) string {
	return ` FROM resources r
WHERE r.hidden = FALSE
  AND ($1 = '' OR ` + d.fullText("r", "resources", "$2") + `)
  AND ($3 = '' OR r.type = $3)
  AND ($6 = '' OR r.licence = $6)
  AND ($8 = '' OR r.language = $8)` + resourceTags.listFilters("r", "$4", "$5", "$7")
}

// resourceOrder follows the indexes on (hidden, created_at) and (hidden, use_count,
// created_at), so that a page is read in order without sorting the library.
var resourceOrder = map[string]string{
	model.SortResourcesNewest: ` ORDER BY r.created_at DESC, r.id DESC`,
	model.SortResourcesReused: ` ORDER BY r.use_count DESC, r.created_at DESC, r.id DESC`,
}

// ListResources returns a page of the visible resources that match q, with their
// organisations (and, when full, every tag, file and use, as open data needs), and how
// many match in all.
func (db *DB) ListResources(ctx context.Context, q model.ResourceQuery, full bool) ([]*model.Resource, int, error) {
	l := listSQL{what: "resources", from: resourceListFrom(db.dialect), orders: resourceOrder, sort: q.Sort, def: model.SortResourcesNewest,
		args: []any{q.Q, db.dialect.fullTextQuery(q.Q), q.Type, q.Principle, q.Service, q.Licence, q.Organisation, q.Language}}
	what := tagsOrgs
	if full {
		what = tagsAll
	}
	return readList(ctx, db, l, q.Page, q.PerPage, func(p listPage) ([]*model.Resource, error) {
		return db.resources(ctx, what, `SELECT `+resourceColumns+l.from+p.order+p.limit, p.args...)
	})
}

const selectResourcesByOrg = `SELECT ` + resourceColumns + ` FROM resources r
JOIN resource_organisations ro ON ro.resource_id = r.id
WHERE ro.organisation_id = $1 AND r.hidden = FALSE ORDER BY r.created_at DESC, r.id DESC`

// ResourcesByOrganisation lists the published (not hidden) resources an organisation
// made, alone or with others, newest first, for its page.
func (db *DB) ResourcesByOrganisation(ctx context.Context, orgID int64) ([]*model.Resource, error) {
	return db.resources(ctx, tagsOrgs, selectResourcesByOrg, orgID)
}

const selectReusedByOrg = `SELECT ` + resourceColumns + `, u.how, u.created_at FROM resource_uses u
JOIN resources r ON r.id = u.resource_id
WHERE u.organisation_id = $1 AND r.hidden = FALSE ORDER BY u.created_at DESC, u.id DESC`

// ReusedByOrganisation lists the visible resources an organisation says it uses, with
// how, most recent first, for its page.
func (db *DB) ReusedByOrganisation(ctx context.Context, orgID int64) ([]model.ReusedResource, error) {
	var out []model.ReusedResource
	err := eachRow(ctx, db.read, selectReusedByOrg, []any{orgID}, func(rows *sql.Rows) error {
		var u model.ReusedResource
		if err := scanResource(rows, &u.Resource, &u.How, &u.Since); err != nil {
			return err
		}
		u.Since = u.Since.UTC()
		out = append(out, u)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: resources used by %d: %w", orgID, err)
	}
	list := make([]*model.Resource, len(out))
	for i := range out {
		list[i] = &out[i].Resource
	}
	if err := loadResourceTags(ctx, db.read, list, tagsOrgs); err != nil {
		return nil, err
	}
	return out, nil
}

const selectHiddenResources = `SELECT ` + resourceColumns + ` FROM resources r
WHERE r.hidden = TRUE ORDER BY r.hidden_at DESC, r.id DESC`

// HiddenResources lists the resources the platform team has hidden, most recent first.
func (db *DB) HiddenResources(ctx context.Context) ([]*model.Resource, error) {
	return db.resources(ctx, tagsOrgs, selectHiddenResources)
}

// ResourceOrganisations lists the organisations that made a visible resource, by name,
// for the library's filter.
func (db *DB) ResourceOrganisations(ctx context.Context) ([]model.OrgRef, error) {
	return db.taggedOrganisations(ctx, resourceTags)
}

// ResourceServices lists the services that visible resources are tagged with, by label,
// for the library's filter.
func (db *DB) ResourceServices(ctx context.Context) ([]model.Service, error) {
	return db.taggedServices(ctx, resourceTags)
}
