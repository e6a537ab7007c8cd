package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/model"
)

// runImport loads a register CSV: all rows or, if any row is bad, none.
func runImport(ctx context.Context, env Env, args []string) error {
	cfg, fs, err := load(env, "import", args, nil)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) != 2 || rest[0] != "organisations" {
		return fmt.Errorf("usage: localdigital import organisations FILE.csv")
	}
	f, err := os.Open(rest[1])
	if err != nil {
		return err
	}
	defer f.Close()
	orgs, err := importer.ParseOrganisations(f)
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
	res, err := db.ImportOrganisations(ctx, model.Actor{Label: cliActor("import")}, orgs)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d created, %d updated, %d unchanged\n", res.Created, res.Updated, res.Unchanged)
	return nil
}
