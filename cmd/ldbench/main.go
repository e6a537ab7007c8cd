// Command ldbench fills a database for the benchmark (scripts/bench.sh): published and
// withdrawn signatures for real councils, each taken through the signing journey by the
// store's own public API, and synthetic organisations for the scale run.
//
//	LD_DATABASE_URL=sqlite:bench.db ldbench -signatures 300 -withdrawn 5 -synthetic 100000
//
// Import the real register first (localdigital import organisations FILE.csv): signatures
// go to the first councils by name that have none.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// actor is who the audit log names for everything ldbench does.
var actor = model.Actor{Label: "cli:ldbench"}

type options struct {
	databaseURL          string
	published, withdrawn int
	synthetic            int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ldbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	opts, err := parseFlags(args)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, opts.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if n := opts.published + opts.withdrawn; n > 0 {
		start := time.Now()
		if err := seedSignatures(ctx, db, opts.published, opts.withdrawn); err != nil {
			return err
		}
		fmt.Printf("%d signatures published, %d of them then withdrawn, in %s\n", n, opts.withdrawn, since(start))
	}
	if opts.synthetic > 0 {
		start := time.Now()
		res, err := addSynthetic(ctx, db, opts.synthetic)
		if err != nil {
			return err
		}
		fmt.Printf("synthetic organisations: %d created, %d updated, %d unchanged, in %s\n",
			res.Created, res.Updated, res.Unchanged, since(start))
	}
	return nil
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("ldbench", flag.ContinueOnError)
	fs.StringVar(&o.databaseURL, "database-url", os.Getenv("LD_DATABASE_URL"), "database `URL` (default $LD_DATABASE_URL)")
	fs.IntVar(&o.published, "signatures", 300, "signatures to publish, one per council")
	fs.IntVar(&o.withdrawn, "withdrawn", 5, "further signatures to publish and then withdraw")
	fs.IntVar(&o.synthetic, "synthetic", 0, "synthetic organisations to add (at most 999999)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.databaseURL == "":
		return o, fmt.Errorf("set LD_DATABASE_URL or -database-url")
	case o.published < 0 || o.withdrawn < 0 || o.synthetic < 0 || o.synthetic > maxSynthetic:
		return o, fmt.Errorf("counts must be between 0 and %d", maxSynthetic)
	}
	return o, nil
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }
