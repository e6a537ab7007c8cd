package store

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated, Unchanged int
}

const selectOrgsForImport = `SELECT ` + orgColumns + ` FROM organisations o`

// ImportOrganisations upserts orgs keyed on GSS code (or local authority code where a row
// has none), all in one transaction. Existing slugs and edited email domains are kept, so
// that links and sign-ins survive a re-import.
func (db *DB) ImportOrganisations(ctx context.Context, actor model.Actor, orgs []model.Organisation) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx *Tx) error {
		existing, err := tx.orgsByKey(ctx)
		if err != nil {
			return err
		}
		for i := range orgs {
			o := &orgs[i]
			old, ok := existing[o.Key()]
			if !ok && o.LACode != "" {
				old, ok = existing["la:"+o.LACode]
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
			case sameImportedFields(old, o):
				res.Unchanged++
			default:
				o.ID, o.Slug, o.Domains = old.ID, old.Slug, nil
				if err := tx.updateOrganisation(ctx, o); err != nil {
					return err
				}
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
// local authority code, so that a row that gains a GSS code still matches.
func (tx *Tx) orgsByKey(ctx context.Context) (map[string]*model.Organisation, error) {
	rows, err := tx.tx.QueryContext(ctx, selectOrgsForImport)
	if err != nil {
		return nil, fmt.Errorf("store: load organisations: %w", err)
	}
	defer rows.Close()
	out := map[string]*model.Organisation{}
	for rows.Next() {
		o := &model.Organisation{}
		if err := scanOrg(rows, o); err != nil {
			return nil, fmt.Errorf("store: load organisations: %w", err)
		}
		out[o.Key()] = o
		if o.LACode != "" {
			out["la:"+o.LACode] = o
		}
	}
	return out, rows.Err()
}

func sameImportedFields(a, b *model.Organisation) bool {
	return a.Name == b.Name && a.OfficialName == b.OfficialName && a.TypeCode == b.TypeCode &&
		a.TypeName == b.TypeName && a.Nation == b.Nation && a.Region == b.Region && a.GSSCode == b.GSSCode &&
		a.LACode == b.LACode && a.Website == b.Website && a.Powers == b.Powers && a.CountyCode == b.CountyCode &&
		a.CombinedAuthorityCode == b.CombinedAuthorityCode
}
