package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	selectOrgForWelsh = `SELECT id, name, official_name, welsh_name FROM organisations WHERE gss_code = $1`
	setOrgWelshName   = `UPDATE organisations SET welsh_name = $1, name_search = $2, updated_at = $3 WHERE id = $4`
)

// SetWelshNames gives the organisations named by GSS code their Welsh names, and
// changes nothing else: all rows or, when a code names no organisation or a row's
// official name is not that organisation's, none (the error names every such row by its
// line). Each change is audited; search finds the Welsh name.
func (db *DB) SetWelshNames(ctx context.Context, actor model.Actor, names []model.WelshName) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx *Tx) error {
		var problems model.Lines
		for _, n := range names {
			var id int64
			var name, official, welsh string
			err := tx.queryRow(ctx, selectOrgForWelsh, n.GSSCode).Scan(&id, &name, &official, &welsh)
			switch {
			case err == sql.ErrNoRows:
				problems = append(problems, model.Msg{Key: "import.errors.welsh_names.no_organisation", Args: []any{"Line", n.Line, "Code", n.GSSCode}})
				continue
			case err != nil:
				return fmt.Errorf("store: organisation %s: %w", n.GSSCode, err)
			case n.OfficialName != "" && !strings.EqualFold(n.OfficialName, official) && !strings.EqualFold(n.OfficialName, name):
				problems = append(problems, model.Msg{Key: "import.errors.welsh_names.other_organisation",
					Args: []any{"Line", n.Line, "Code", n.GSSCode, "Name", official, "Given", n.OfficialName}})
				continue
			case len(problems) > 0 || welsh == n.WelshName:
				res.Unchanged++
				continue
			}
			if err := tx.setWelshName(ctx, actor, id, name, official, welsh, n.WelshName); err != nil {
				return err
			}
			res.Updated++
		}
		if len(problems) > 0 {
			return model.Errorf(model.EINVALID, "import.errors.welsh_names", "Problems", problems)
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// SetOrganisationWelshName sets organisation id's Welsh name ("" for none), as a
// platform admin does. Audited.
func (db *DB) SetOrganisationWelshName(ctx context.Context, actor model.Actor, id int64, welsh string) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.setWelsh(ctx, actor, id, welsh) })
}

func (tx *Tx) setWelsh(ctx context.Context, actor model.Actor, id int64, welsh string) error {
	welsh = model.CleanLine(welsh)
	var name, official, slug, old string
	if err := tx.queryRow(ctx, selectOrgNameForEdit, id).Scan(&name, &official, &slug, &old); err != nil {
		return notFound(err, "errors.not_found.organisation")
	}
	if old == welsh {
		return nil
	}
	return tx.setWelshName(ctx, actor, id, name, official, old, welsh)
}

// setWelshName writes organisation id's Welsh name and its search text, and audits it.
// name and official are its current name and official name (its search text holds them).
func (tx *Tx) setWelshName(ctx context.Context, actor model.Actor, id int64, name, official, old, welsh string) error {
	aliases, err := stringsOf(tx.tx.QueryContext(ctx, selectOrgAliases, id))
	if err != nil {
		return fmt.Errorf("store: aliases of %d: %w", id, err)
	}
	if _, err := tx.exec(ctx, setOrgWelshName, welsh, nameSearchOf(name, official, withWelsh(aliases, welsh)), tx.now, id); err != nil {
		return fmt.Errorf("store: Welsh name of %d: %w", id, err)
	}
	return tx.audit(ctx, actor, "organisation.welsh_name", "organisation", id,
		map[string]string{"welsh_name": old}, map[string]string{"welsh_name": welsh})
}
