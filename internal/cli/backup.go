package cli

import (
	"context"
	"fmt"
)

// runBackup writes a consistent copy of a SQLite database, safe while the server runs.
func runBackup(ctx context.Context, env Env, args []string) error {
	cfg, fs, err := load(env, "backup", args, nil)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) != 1 {
		return fmt.Errorf("usage: localdigital backup FILE")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up to %s\n", rest[0])
	return nil
}
