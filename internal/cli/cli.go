// Package cli is the localdigital command: one file per subcommand. The subcommand names
// are a stable contract; other tools drive the platform through them.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/localdigital/localdigital/internal/config"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Env is what a subcommand may use of the outside world, so tests can run it in-process.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// DefaultEnv is the process's own.
func DefaultEnv() Env { return Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv} }

type command struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server", runServe},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"import", "import organisations|services FILE.csv: load the local authority register or the LGSL", runImport},
		{"seed", "seed --demo: add demo councils, users and signatures", runSeed},
		{"admin", "admin grant EMAIL ROLE: give someone a role (member, org_admin, platform_admin)", runAdmin},
		{"mail", "mail list [--json]: show the outbox, newest first", runMail},
		{"backup", "backup FILE: write a consistent copy of the SQLite database", runBackup},
		{"copy-data", "copy-data --from URL --to URL: move every row to another (empty) database", runCopyData},
		{"digests", "digests send [--as-of TIME]: queue the follow emails due at TIME (RFC 3339) or now", runDigests},
	}
}

// errorText is err for an operator: a model error, which carries a catalog key, is
// written with its message in English, wherever it sits in err's text.
func errorText(err error) string {
	var me *model.Error
	if !errors.As(err, &me) {
		return err.Error()
	}
	return strings.Replace(err.Error(), me.Error(), me.Code+": "+locale.English.Msg(me), 1)
}

// Run runs the subcommand named in args[0] and returns the process exit code.
func Run(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		return 2
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if err := c.run(ctx, env, args[1:]); err != nil {
				if err == flag.ErrHelp {
					return 2
				}
				fmt.Fprintf(env.Stderr, "localdigital %s: %s\n", c.name, errorText(err))
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(env.Stderr, "localdigital: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: localdigital COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nSettings come from LD_* environment variables or flags; run `localdigital serve -h` to list them.")
}

// load parses settings and flags for a subcommand.
func load(env Env, name string, args []string, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("localdigital "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if extra != nil {
		extra(fs)
	}
	cfg, err := config.Load(fs, args, env.Getenv)
	return cfg, fs, err
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg config.Config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func cliActor(cmd string) string {
	u := os.Getenv("USER")
	if u == "" {
		u = "operator"
	}
	return "cli:" + cmd + ":" + strings.TrimSpace(u)
}
