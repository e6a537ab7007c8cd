package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const orgColumns = `o.id, o.slug, o.name, o.official_name, o.type_code, o.type_name, o.nation, o.region,
COALESCE(o.gss_code, ''), COALESCE(o.la_code, ''), o.website, o.powers, o.county_code, o.combined_authority_code,
o.created_at, o.updated_at, o.welsh_name`

func scanOrg(sc interface{ Scan(...any) error }, o *model.Organisation, extra ...any) error {
	dest := []any{&o.ID, &o.Slug, &o.Name, &o.OfficialName, &o.TypeCode, &o.TypeName, &o.Nation, &o.Region,
		&o.GSSCode, &o.LACode, &o.Website, &o.Powers, &o.CountyCode, &o.CombinedAuthorityCode,
		&o.CreatedAt, &o.UpdatedAt, &o.WelshName}
	return sc.Scan(append(dest, extra...)...)
}

const selectOrgBySlug = `SELECT ` + orgColumns + ` FROM organisations o WHERE o.slug = $1`
const selectOrgByID = `SELECT ` + orgColumns + ` FROM organisations o WHERE o.id = $1`
const selectOrgDomains = `SELECT domain FROM organisation_domains WHERE organisation_id = $1 ORDER BY domain`

// OrganisationBySlug returns the organisation with its email domains.
func (db *DB) OrganisationBySlug(ctx context.Context, slug string) (*model.Organisation, error) {
	return db.organisation(ctx, selectOrgBySlug, slug)
}

// Organisation returns the organisation with id and its email domains.
func (db *DB) Organisation(ctx context.Context, id int64) (*model.Organisation, error) {
	return db.organisation(ctx, selectOrgByID, id)
}

func (db *DB) organisation(ctx context.Context, q string, arg any) (*model.Organisation, error) {
	var o model.Organisation
	if err := scanOrg(db.read.QueryRowContext(ctx, q, arg), &o); err != nil {
		return nil, notFound(err, "errors.not_found.organisation")
	}
	domains, err := stringsOf(db.read.QueryContext(ctx, selectOrgDomains, o.ID))
	if err != nil {
		return nil, fmt.Errorf("store: domains of %s: %w", o.Slug, err)
	}
	o.Domains = domains
	if o.Aliases, err = stringsOf(db.read.QueryContext(ctx, selectOrgAliases, o.ID)); err != nil {
		return nil, fmt.Errorf("store: aliases of %s: %w", o.Slug, err)
	}
	return &o, nil
}

func stringsOf(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

const selectOrgsByDomain = `SELECT organisation_id FROM organisation_domains WHERE domain = $1 ORDER BY organisation_id`

// OrganisationIDsByDomain returns the organisations whose staff use an email domain.
// Some councils share one (Adur and Worthing), so there may be several.
func (db *DB) OrganisationIDsByDomain(ctx context.Context, domain string) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, selectOrgsByDomain, domain)
	if err != nil {
		return nil, fmt.Errorf("store: organisations of %s: %w", domain, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: organisations of %s: %w", domain, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

const insertOrg = `INSERT INTO organisations (slug, name, official_name, name_search, type_code, type_name, nation, region,
gss_code, la_code, website, powers, county_code, combined_authority_code, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`

const updateOrg = `UPDATE organisations SET name = $1, official_name = $2, name_search = $3, type_code = $4, type_name = $5,
nation = $6, region = $7, gss_code = $8, la_code = $9, website = $10, powers = $11, county_code = $12,
combined_authority_code = $13, updated_at = $14 WHERE id = $15`

const insertDomain = `INSERT INTO organisation_domains (organisation_id, domain) VALUES ($1, $2)`
const deleteDomains = `DELETE FROM organisation_domains WHERE organisation_id = $1`
const selectSlugTaken = `SELECT COUNT(*) FROM organisations WHERE slug = $1`

func nameSearch(o *model.Organisation) string {
	return nameSearchOf(o.Name, o.OfficialName, withWelsh(o.Aliases, o.WelshName))
}

// insertOrganisation adds o with its domains, choosing a free slug.
func (tx *Tx) insertOrganisation(ctx context.Context, o *model.Organisation) error {
	slug, err := tx.freeSlug(ctx, o)
	if err != nil {
		return err
	}
	o.Slug = slug
	err = tx.queryRow(ctx, insertOrg, o.Slug, o.Name, o.OfficialName, nameSearch(o), o.TypeCode, o.TypeName,
		o.Nation, o.Region, nullString(o.GSSCode), nullString(o.LACode), o.Website, o.Powers, o.CountyCode,
		o.CombinedAuthorityCode, tx.now).Scan(&o.ID)
	if err != nil {
		if tx.db.dialect.isUnique(err) {
			return model.Errorf(model.ECONFLICT, "admin.organisation.errors.code_exists")
		}
		return fmt.Errorf("store: insert organisation %s: %w", o.Slug, err)
	}
	o.CreatedAt, o.UpdatedAt = tx.now, tx.now
	if err := tx.addAliases(ctx, o.ID, aliasImport, o.Aliases); err != nil {
		return err
	}
	return tx.setDomains(ctx, o.ID, o.Domains)
}

func (tx *Tx) freeSlug(ctx context.Context, o *model.Organisation) (string, error) {
	base := o.Slug
	if base == "" {
		base = model.Slugify(o.Name)
	}
	if base == "" {
		base = "organisation"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		var n, old int
		if err := tx.queryRow(ctx, selectSlugTaken, slug).Scan(&n); err != nil {
			return "", fmt.Errorf("store: check slug %s: %w", slug, err)
		}
		// An organisation's old slug redirects to it, so it is not given to another.
		if err := tx.queryRow(ctx, selectOldSlugTaken, slug).Scan(&old); err != nil {
			return "", fmt.Errorf("store: check slug %s: %w", slug, err)
		}
		if n == 0 && old == 0 {
			return slug, nil
		}
	}
}

func (tx *Tx) setDomains(ctx context.Context, id int64, domains []string) error {
	if _, err := tx.exec(ctx, deleteDomains, id); err != nil {
		return fmt.Errorf("store: clear domains of %d: %w", id, err)
	}
	for _, d := range domains {
		if _, err := tx.exec(ctx, insertDomain, id, d); err != nil {
			return fmt.Errorf("store: add domain %s to %d: %w", d, id, err)
		}
	}
	return nil
}

func (tx *Tx) updateOrganisation(ctx context.Context, o *model.Organisation) error {
	_, err := tx.exec(ctx, updateOrg, o.Name, o.OfficialName, nameSearch(o), o.TypeCode, o.TypeName, o.Nation,
		o.Region, nullString(o.GSSCode), nullString(o.LACode), o.Website, o.Powers, o.CountyCode,
		o.CombinedAuthorityCode, tx.now, o.ID)
	if err != nil {
		return fmt.Errorf("store: update organisation %s: %w", o.Slug, err)
	}
	return nil
}

// CreateOrganisation adds an organisation a platform admin entered by hand.
func (db *DB) CreateOrganisation(ctx context.Context, actor model.Actor, o *model.Organisation) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.insertOrganisation(ctx, o); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "organisation.create", "organisation", o.ID, nil, o)
	})
}

// SetOrganisationDomains replaces the email domains whose users belong to organisation id.
func (db *DB) SetOrganisationDomains(ctx context.Context, actor model.Actor, id int64, domains []string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, selectOrgExists, id).Scan(&n); err != nil {
			return fmt.Errorf("store: organisation %d: %w", id, err)
		}
		if n == 0 {
			return errNotFound("errors.not_found.organisation")
		}
		before, err := stringsOf(tx.tx.QueryContext(ctx, selectOrgDomains, id))
		if err != nil {
			return fmt.Errorf("store: domains of %d: %w", id, err)
		}
		if err := tx.setDomains(ctx, id, domains); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "organisation.domains", "organisation", id,
			map[string]any{"domains": before}, map[string]any{"domains": domains})
	})
}

const selectOrgExists = `SELECT COUNT(*) FROM organisations WHERE id = $1`

const countOrgs = `SELECT COUNT(*) FROM organisations`

// CountOrganisations returns how many organisations there are.
func (db *DB) CountOrganisations(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, countOrgs).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count organisations: %w", err)
	}
	return n, nil
}
