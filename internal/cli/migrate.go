package cli

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/store"
)

func runMigrate(ctx context.Context, env Env, args []string) error {
	cfg, _, err := load(env, "migrate", args, nil)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(env.Stdout, "The database is up to date.")
		return nil
	}
	fmt.Fprintf(env.Stdout, "Applied migrations %v.\n", applied)
	return nil
}
