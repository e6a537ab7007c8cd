package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/localdigital/localdigital/internal/model"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated, Unchanged int
}

const selectOrgsForImport = `SELECT ` + orgColumns + `, o.name_corrected_at FROM organisations o`

// ImportOrganisations upserts orgs keyed on GSS code (or local authority code where a row
// has none), all in one transaction. Existing slugs and edited email domains are kept, so
// that links and sign-ins survive a re-import. Each organisation's import aliases are
// replaced by the row's (o.Aliases); a name a platform admin corrected is kept, and the
// row's name becomes an alias instead.
func (db *DB) ImportOrganisations(ctx context.Context, actor model.Actor, orgs []model.Organisation) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx *Tx) error {
		existing, corrected, err := tx.orgsByKey(ctx)
		if err != nil {
			return err
		}
		aliases, err := allAliases(ctx, tx.tx)
		if err != nil {
			return err
		}
		for i := range orgs {
			o := &orgs[i]
			o.Aliases = importAliases(o)
			old, ok := existing[o.Key()]
			if !ok && o.LACode != "" {
				old, ok = existing["la:"+o.LACode]
			}
			if ok && corrected[old.ID] {
				o.Aliases = importAliases(&model.Organisation{Name: old.Name, Aliases: append([]string{o.Name}, o.Aliases...)})
				o.Name = old.Name
			}
			switch {
			case !ok:
				if err := tx.insertOrganisation(ctx, o); err != nil {
					return fmt.Errorf("store: import %s: %w", o.Name, err)
				}
				if err := tx.audit(ctx, actor, "organisation.import", "organisation", o.ID, nil, o); err != nil {
					return err
				}
				res.Created++
			case sameImportedFields(old, o) && slices.Equal(sorted(aliasNames(aliases[old.ID], aliasImport)), sorted(o.Aliases)):
				res.Unchanged++
			default:
				old.Aliases = aliasNames(aliases[old.ID], aliasImport)
				o.ID, o.Slug, o.Domains, o.WelshName = old.ID, old.Slug, nil, old.WelshName
				if _, err := tx.exec(ctx, deleteImportAliases, o.ID); err != nil {
					return fmt.Errorf("store: import %s: %w", o.Name, err)
				}
				if err := tx.addAliases(ctx, o.ID, aliasImport, o.Aliases); err != nil {
					return err
				}
				// name_search holds the admin's aliases too.
				imported := o.Aliases
				o.Aliases = importAliases(&model.Organisation{Name: o.Name,
					Aliases: append(slices.Clone(o.Aliases), aliasNames(aliases[old.ID], aliasAdmin)...)})
				if err := tx.updateOrganisation(ctx, o); err != nil {
					return err
				}
				o.Aliases = imported
				if err := tx.audit(ctx, actor, "organisation.import", "organisation", o.ID, old, o); err != nil {
					return err
				}
				res.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// orgsByKey loads every organisation under its import key and, where it has one, its
// local authority code, so that a row that gains a GSS code still matches; and which
// organisations' names a platform admin corrected.
func (tx *Tx) orgsByKey(ctx context.Context) (map[string]*model.Organisation, map[int64]bool, error) {
	rows, err := tx.tx.QueryContext(ctx, selectOrgsForImport)
	if err != nil {
		return nil, nil, fmt.Errorf("store: load organisations: %w", err)
	}
	defer rows.Close()
	out := map[string]*model.Organisation{}
	corrected := map[int64]bool{}
	for rows.Next() {
		o := &model.Organisation{}
		var at sql.NullTime
		if err := scanOrg(rows, o, &at); err != nil {
			return nil, nil, fmt.Errorf("store: load organisations: %w", err)
		}
		out[o.Key()] = o
		if o.LACode != "" {
			out["la:"+o.LACode] = o
		}
		corrected[o.ID] = at.Valid
	}
	return out, corrected, rows.Err()
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func sameImportedFields(a, b *model.Organisation) bool {
	return a.Name == b.Name && a.OfficialName == b.OfficialName && a.TypeCode == b.TypeCode &&
		a.TypeName == b.TypeName && a.Nation == b.Nation && a.Region == b.Region && a.GSSCode == b.GSSCode &&
		a.LACode == b.LACode && a.Website == b.Website && a.Powers == b.Powers && a.CountyCode == b.CountyCode &&
		a.CombinedAuthorityCode == b.CombinedAuthorityCode
}
