package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Alias sources: a name from the register file, replaced by each import, or a name a
// platform admin corrected, kept for good.
const (
	aliasImport = "import"
	aliasAdmin  = "admin"
)

// nameSearchOf is what organisations.name_search holds: the name, the official name and
// every alias, in lower case, so that the register's search and /api/v1/organisations?q=
// find an organisation by any name it is known by.
func nameSearchOf(name, official string, aliases []string) string {
	parts := append([]string{name, official}, aliases...)
	return strings.ToLower(strings.Join(parts, " "))
}

// withWelsh is aliases and, when there is one, the Welsh name: search finds an
// organisation by either name.
func withWelsh(aliases []string, welsh string) []string {
	if welsh == "" {
		return aliases
	}
	return append(slices.Clone(aliases), welsh)
}

const (
	selectOrgAliases     = `SELECT name FROM organisation_aliases WHERE organisation_id = $1 ORDER BY name`
	selectAllOrgAliases  = `SELECT organisation_id, name, source FROM organisation_aliases ORDER BY organisation_id, name`
	insertOrgAlias       = `INSERT INTO organisation_aliases (organisation_id, name, source) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
	deleteImportAliases  = `DELETE FROM organisation_aliases WHERE organisation_id = $1 AND source = 'import'`
	deleteOrgAlias       = `DELETE FROM organisation_aliases WHERE organisation_id = $1 AND name = $2`
	updateOrgNameSearch  = `UPDATE organisations SET name_search = $1 WHERE id = $2`
	selectOrgNameForEdit = `SELECT name, official_name, slug, welsh_name FROM organisations WHERE id = $1`
	selectOwnOldSlug     = `SELECT COUNT(*) FROM organisation_slugs WHERE slug = $1 AND organisation_id = $2`
	setOrgSlug           = `UPDATE organisations SET slug = $1, updated_at = $2 WHERE id = $3`
	renameOrg            = `UPDATE organisations SET name = $1, name_search = $2, name_corrected_at = $3, updated_at = $3 WHERE id = $4`
	selectSlugRedirect   = `SELECT o.slug FROM organisation_slugs h JOIN organisations o ON o.id = h.organisation_id WHERE h.slug = $1`
	insertOldSlug        = `INSERT INTO organisation_slugs (slug, organisation_id, created_at) VALUES ($1, $2, $3)`
	deleteOldSlug        = `DELETE FROM organisation_slugs WHERE slug = $1`
	selectOldSlugTaken   = `SELECT COUNT(*) FROM organisation_slugs WHERE slug = $1`
	selectOrgsForMending = `SELECT id, slug, name, official_name FROM organisations ORDER BY id`
	setOrgSlugAndSearch  = `UPDATE organisations SET slug = $1, name_search = $2 WHERE id = $3`
)

// orgAlias is one row of organisation_aliases.
type orgAlias struct{ name, source string }

// allAliases loads every organisation's aliases, for an import.
func allAliases(ctx context.Context, q querier) (map[int64][]orgAlias, error) {
	rows, err := q.QueryContext(ctx, selectAllOrgAliases)
	if err != nil {
		return nil, fmt.Errorf("store: load aliases: %w", err)
	}
	defer rows.Close()
	out := map[int64][]orgAlias{}
	for rows.Next() {
		var id int64
		var a orgAlias
		if err := rows.Scan(&id, &a.name, &a.source); err != nil {
			return nil, fmt.Errorf("store: load aliases: %w", err)
		}
		out[id] = append(out[id], a)
	}
	return out, rows.Err()
}

// aliasNames are the names of aliases from source ("" for all).
func aliasNames(as []orgAlias, source string) []string {
	var out []string
	for _, a := range as {
		if source == "" || a.source == source {
			out = append(out, a.name)
		}
	}
	return out
}

// addAliases records names as aliases of organisation id from source, leaving out its
// name and any it already has.
func (tx *Tx) addAliases(ctx context.Context, id int64, source string, names []string) error {
	for _, n := range names {
		if _, err := tx.exec(ctx, insertOrgAlias, id, n, source); err != nil {
			return fmt.Errorf("store: alias %q of %d: %w", n, id, err)
		}
	}
	return nil
}

// OrganisationAliases lists the other names organisation id is known by.
func (db *DB) OrganisationAliases(ctx context.Context, id int64) ([]string, error) {
	out, err := stringsOf(db.read.QueryContext(ctx, selectOrgAliases, id))
	if err != nil {
		return nil, fmt.Errorf("store: aliases of %d: %w", id, err)
	}
	return out, nil
}

// RenameOrganisation corrects organisation id's name, as a platform admin does when the
// register's name is wrong or out of date. The old name becomes an alias, so search
// still finds it; later imports keep the corrected name (the register's name becomes an
// alias). With moveSlug the address follows the new name and the old address redirects;
// otherwise it stays. Audited.
func (db *DB) RenameOrganisation(ctx context.Context, actor model.Actor, id int64, name string, moveSlug bool) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.rename(ctx, actor, id, name, moveSlug) })
}

// NameOrganisation is the platform admin's name form: RenameOrganisation and, when welsh
// is not nil, SetOrganisationWelshName, in one transaction, so that either both are saved
// or neither.
func (db *DB) NameOrganisation(ctx context.Context, actor model.Actor, id int64, name string, moveSlug bool, welsh *string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.rename(ctx, actor, id, name, moveSlug); err != nil || welsh == nil {
			return err
		}
		return tx.setWelsh(ctx, actor, id, *welsh)
	})
}

func (tx *Tx) rename(ctx context.Context, actor model.Actor, id int64, name string, moveSlug bool) error {
	name = model.CleanLine(name)
	var old, official, slug, welsh string
	if err := tx.queryRow(ctx, selectOrgNameForEdit, id).Scan(&old, &official, &slug, &welsh); err != nil {
		return notFound(err, "errors.not_found.organisation")
	}
	if moveSlug {
		if err := tx.moveSlug(ctx, actor, id, slug, model.Slugify(name)); err != nil {
			return err
		}
	}
	if name == old {
		return nil
	}
	if _, err := tx.exec(ctx, deleteOrgAlias, id, name); err != nil {
		return fmt.Errorf("store: rename %d: %w", id, err)
	}
	if err := tx.addAliases(ctx, id, aliasAdmin, []string{old}); err != nil {
		return err
	}
	aliases, err := stringsOf(tx.tx.QueryContext(ctx, selectOrgAliases, id))
	if err != nil {
		return fmt.Errorf("store: rename %d: %w", id, err)
	}
	if _, err := tx.exec(ctx, renameOrg, name, nameSearchOf(name, official, withWelsh(aliases, welsh)), tx.now, id); err != nil {
		return fmt.Errorf("store: rename %d: %w", id, err)
	}
	return tx.audit(ctx, actor, "organisation.rename", "organisation", id,
		map[string]string{"name": old}, map[string]string{"name": name})
}

// moveSlug gives organisation id the slug base (or base-2, … if taken), keeping its
// current slug in organisation_slugs so that old links redirect. One of its own old slugs
// may be taken back.
func (tx *Tx) moveSlug(ctx context.Context, actor model.Actor, id int64, current, base string) error {
	if base == "" || base == current {
		return nil
	}
	var own int
	if err := tx.queryRow(ctx, selectOwnOldSlug, base, id).Scan(&own); err != nil {
		return fmt.Errorf("store: slug of %d: %w", id, err)
	}
	if own > 0 {
		if _, err := tx.exec(ctx, deleteOldSlug, base); err != nil {
			return fmt.Errorf("store: slug of %d: %w", id, err)
		}
	}
	slug, err := tx.freeSlug(ctx, &model.Organisation{Slug: base})
	if err != nil {
		return err
	}
	if slug == current {
		return nil
	}
	if _, err := tx.exec(ctx, insertOldSlug, current, id, tx.now); err != nil {
		return fmt.Errorf("store: keep old slug %s: %w", current, err)
	}
	if _, err := tx.exec(ctx, setOrgSlug, slug, tx.now, id); err != nil {
		return fmt.Errorf("store: slug of %d: %w", id, err)
	}
	return tx.audit(ctx, actor, "organisation.slug", "organisation", id,
		map[string]string{"slug": current}, map[string]string{"slug": slug})
}

// SlugRedirect returns the current slug of the organisation that had slug before, or ""
// when no organisation ever did. Its pages answer the old address with a 301 to the new.
func (db *DB) SlugRedirect(ctx context.Context, slug string) (string, error) {
	var current string
	err := db.read.QueryRowContext(ctx, selectSlugRedirect, slug).Scan(&current)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: old slug %s: %w", slug, err)
	}
	return current, nil
}

// mendOrganisationNames is the Go step of migration 0010, in its transaction: it writes
// name_search with every alias, and mends slugs made before accented letters were
// transliterated ("ynys-m-n" becomes "ynys-mon", "ynys-m-n-2" becomes "ynys-mon-2"),
// recording each old slug in organisation_slugs so that its links redirect.
func mendOrganisationNames(ctx context.Context, tx *sql.Tx, now time.Time) error {
	aliases, err := allAliases(ctx, tx)
	if err != nil {
		return err
	}
	type org struct {
		id                   int64
		slug, name, official string
	}
	var orgs []org
	taken := map[string]bool{}
	rows, err := tx.QueryContext(ctx, selectOrgsForMending)
	if err != nil {
		return fmt.Errorf("store: mend organisations: %w", err)
	}
	for rows.Next() {
		var o org
		if err := rows.Scan(&o.id, &o.slug, &o.name, &o.official); err != nil {
			rows.Close()
			return fmt.Errorf("store: mend organisations: %w", err)
		}
		orgs = append(orgs, o)
		taken[o.slug] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: mend organisations: %w", err)
	}
	for _, o := range orgs {
		names := aliasNames(aliases[o.id], "")
		slug := mendedSlug(o.slug, append([]string{o.name, o.official}, names...), taken)
		if slug != o.slug {
			if _, err := tx.ExecContext(ctx, insertOldSlug, o.slug, o.id, now); err != nil {
				return fmt.Errorf("store: keep old slug %s: %w", o.slug, err)
			}
			taken[slug] = true
		}
		if _, err := tx.ExecContext(ctx, setOrgSlugAndSearch, slug, nameSearchOf(o.name, o.official, names), o.id); err != nil {
			return fmt.Errorf("store: mend organisation %d: %w", o.id, err)
		}
	}
	return nil
}

// mendedSlug returns the slug an organisation should have instead of slug, made from one
// of its names by the old, accent-dropping Slugify, or slug itself. A suffix the old slug
// had ("-2", "-e06000001") is kept; a taken result gets a number.
func mendedSlug(slug string, names []string, taken map[string]bool) string {
	for _, n := range names {
		legacy, fixed := model.LegacySlugify(n), model.Slugify(n)
		if legacy == "" || legacy == fixed || (slug != legacy && !strings.HasPrefix(slug, legacy+"-")) {
			continue
		}
		base := fixed + slug[len(legacy):]
		out := base
		for i := 2; taken[out]; i++ {
			out = fmt.Sprintf("%s-%d", base, i)
		}
		return out
	}
	return slug
}

// importAliases are the names from the register row that are not the name itself.
func importAliases(o *model.Organisation) []string {
	var out []string
	for _, a := range o.Aliases {
		if a != "" && !strings.EqualFold(a, o.Name) && !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, a) }) {
			out = append(out, a)
		}
	}
	return out
}
