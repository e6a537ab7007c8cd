package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"
)

type outboxJSON struct {
	ID        int64     `json:"id"`
	To        string    `json:"to"`
	Kind      string    `json:"kind"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// runMail lists the outbox, newest first. With the default `log` sender this is where a
// developer reads sign-in links.
func runMail(ctx context.Context, env Env, args []string) error {
	var asJSON bool
	var limit int
	cfg, fs, err := load(env, "mail", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print JSON")
		fs.IntVar(&limit, "limit", 50, "how many messages")
	})
	if err != nil {
		return err
	}
	if rest := fs.Args(); len(rest) != 1 || rest[0] != "list" {
		return fmt.Errorf("usage: localdigital mail list [--json] [--limit N]")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	msgs, err := db.ListOutbox(ctx, limit)
	if err != nil {
		return err
	}
	out := make([]outboxJSON, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, outboxJSON{ID: m.ID, To: m.Email.To, Kind: m.Email.Kind, Subject: m.Email.Subject,
			Body: m.Email.Body, Status: m.Status, Attempts: m.Attempts, LastError: m.LastError, CreatedAt: m.CreatedAt})
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, m := range out {
		tw := tabwriter.NewWriter(env.Stdout, 0, 2, 1, ' ', 0)
		fmt.Fprintf(tw, "#%d\t%s\t%s\n", m.ID, m.Status, m.CreatedAt.Format(time.RFC3339))
		fmt.Fprintf(tw, "To:\t%s\nSubject:\t%s\n", m.To, m.Subject)
		tw.Flush()
		fmt.Fprintf(env.Stdout, "\n%s\n%s\n", m.Body, "----")
	}
	return nil
}
