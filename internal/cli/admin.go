package cli

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// runAdmin grants roles from the command line: this is how the first platform admin is
// made.
func runAdmin(ctx context.Context, env Env, args []string) error {
	cfg, fs, err := load(env, "admin", args, nil)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) != 3 || rest[0] != "grant" {
		return fmt.Errorf("usage: localdigital admin grant EMAIL ROLE (ROLE is member, org_admin or platform_admin)")
	}
	email, ok := model.NormaliseEmail(rest[1])
	if !ok {
		return fmt.Errorf("%q is not an email address", rest[1])
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.GrantRole(ctx, model.Actor{Label: cliActor("admin")}, email, rest[2])
	if err != nil {
		return err
	}
	// member and org_admin are held in each of the person's organisations.
	fmt.Fprintf(env.Stdout, "%s is now %s.\n", u.Email, locale.English.Msg(model.RoleName(rest[2])))
	return nil
}
