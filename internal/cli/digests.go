package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/web"
)

// runDigests sends the follow emails due at a time (`digests send [--as-of TIME]`, TIME
// in RFC 3339), or now: what the server's digest job does every minute, for operators
// and tests. Running it again, or beside the server, sends nothing twice.
func runDigests(ctx context.Context, env Env, args []string) error {
	const usage = "usage: localdigital digests send [--as-of TIME] (TIME in RFC 3339, such as 2027-01-04T08:30:00Z)"
	if len(args) == 0 || args[0] != "send" {
		return fmt.Errorf("%s", usage)
	}
	var asOf string
	cfg, fs, err := load(env, "digests send", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&asOf, "as-of", "", "send what is due at this time (RFC 3339) instead of now")
	})
	if err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return fmt.Errorf("%s", usage)
	}
	when := time.Now()
	if asOf != "" {
		if when, err = time.Parse(time.RFC3339, asOf); err != nil {
			return fmt.Errorf("--as-of %q is not a time in RFC 3339, such as 2027-01-04T08:30:00Z", asOf)
		}
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := web.New(db, logger(env.Stderr), web.Options{BaseURL: cfg.BaseURL, ContactEmail: cfg.ContactEmail})
	if err != nil {
		return err
	}
	n, err := srv.SendDigests(ctx, when)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d follow emails queued as of %s\n", n, when.UTC().Format(time.RFC3339))
	return nil
}
