package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// runImport loads a reference CSV, organisations (the register, or a file of Welsh names:
// gss_code and welsh_name), services (the Local Government Service List), marketplace
// (the Digital Marketplace's opportunities export), or an organisation's contracts
// (`import contracts ORG-SLUG FILE.csv`): all rows or, if any row is bad, none.
func runImport(ctx context.Context, env Env, args []string) error {
	cfg, fs, err := load(env, "import", args, nil)
	if err != nil {
		return err
	}
	rest := fs.Args()
	orgSlug := ""
	if len(rest) == 3 && rest[0] == "contracts" {
		orgSlug, rest = rest[1], []string{rest[0], rest[2]}
	} else if len(rest) != 2 || (rest[0] != "organisations" && rest[0] != "services" && rest[0] != "marketplace") {
		return fmt.Errorf("usage: localdigital import organisations|services|marketplace FILE.csv, or import contracts ORG-SLUG FILE.csv")
	}
	f, err := os.Open(rest[1])
	if err != nil {
		return err
	}
	defer f.Close()
	var save func(db *store.DB) (store.ImportResult, error)
	actor := model.Actor{Label: cliActor("import")}
	welsh := false
	if rest[0] == "organisations" {
		header, herr := importer.Header(f)
		welsh = herr == nil && importer.IsWelshNames(header)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
	}
	var marketplace model.MarketplaceResult
	if rest[0] == "marketplace" {
		rows, perr := importer.ParseMarketplace(f)
		err = perr
		save = func(db *store.DB) (store.ImportResult, error) {
			var err error
			marketplace, err = db.ImportMarketplace(ctx, actor, rows)
			return store.ImportResult{}, err
		}
	} else if welsh {
		// A file of Welsh names: only those organisations' Welsh names change.
		names, perr := importer.ParseWelshNames(f)
		err = perr
		save = func(db *store.DB) (store.ImportResult, error) { return db.SetWelshNames(ctx, actor, names) }
	} else if rest[0] == "contracts" {
		contracts, perr := importer.ParseContracts(f)
		err = perr
		save = func(db *store.DB) (store.ImportResult, error) {
			org, err := db.OrganisationBySlug(ctx, orgSlug)
			if err != nil {
				return store.ImportResult{}, err
			}
			err = db.AddContracts(ctx, actor, org.ID, contracts)
			return store.ImportResult{Created: len(contracts)}, err
		}
	} else if rest[0] == "organisations" {
		orgs, perr := importer.ParseOrganisations(f)
		err = perr
		save = func(db *store.DB) (store.ImportResult, error) { return db.ImportOrganisations(ctx, actor, orgs) }
	} else {
		services, _, perr := importer.ParseServices(f)
		err = perr
		save = func(db *store.DB) (store.ImportResult, error) { return db.ImportServices(ctx, actor, services) }
	}
	if err != nil {
		var ie *importer.ImportError
		if errors.As(err, &ie) {
			fmt.Fprintf(env.Stderr, "Nothing was imported. Fix these rows of %s and try again:\n%v\n", rest[1], err)
			return fmt.Errorf("%d problems found", len(ie.Rows))
		}
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := save(db)
	if err != nil {
		return err
	}
	if rest[0] == "marketplace" {
		m := marketplace
		fmt.Fprintf(env.Stdout, "%d rows: %d new, %d already imported; %d matched, %d for review, %d ignored; %d new buyers, %d of them for review at /admin/marketplace\n",
			m.Rows, m.New, m.Unchanged, m.Matched, m.Queued, m.Ignored, m.NewBuyers, m.NewQueued)
		return nil
	}
	fmt.Fprintf(env.Stdout, "%d created, %d updated, %d unchanged\n", res.Created, res.Updated, res.Unchanged)
	return nil
}
