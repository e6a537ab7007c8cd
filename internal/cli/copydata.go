package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/localdigital/localdigital/internal/store"
)

// runCopyData moves an installation from one database to another, typically SQLite to
// PostgreSQL when one machine is no longer enough. Stop the server first.
func runCopyData(ctx context.Context, env Env, args []string) error {
	var from, to string
	fs := flag.NewFlagSet("localdigital copy-data", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&from, "from", "", "source database URL, e.g. sqlite:data/localdigital.db")
	fs.StringVar(&to, "to", "", "target database URL, e.g. postgres://user@host/db; must be empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if from == "" || to == "" || fs.NArg() != 0 {
		return fmt.Errorf("usage: localdigital copy-data --from URL --to URL")
	}
	src, err := store.Open(ctx, from)
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.Migrate(ctx); err != nil {
		return err
	}
	dst, err := store.Open(ctx, to)
	if err != nil {
		return err
	}
	defer dst.Close()
	if _, err := dst.Migrate(ctx); err != nil {
		return err
	}
	res, err := store.CopyData(ctx, src, dst)
	tw := tabwriter.NewWriter(env.Stdout, 0, 2, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tsource rows\ttarget rows\t")
	for _, r := range res {
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", r.Table, r.From, r.To)
	}
	tw.Flush()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "Copied. Every table has the same number of rows in both databases.")
	return nil
}
