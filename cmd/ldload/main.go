// Command ldload drives a running localdigital server on 127.0.0.1 for the benchmark
// (scripts/bench.sh). It is a client only: it never touches the server's process.
//
//	ldload write -base http://127.0.0.1:PORT [-c 50] [-d 10s]
//	    50 clients ask for sign-in links for 10 s, then 50 signed-in clients save
//	    commitments for 10 s. LD_DATABASE_URL must name the server's database, where
//	    the sign-in links for the clients' sessions are read from the outbox.
//	ldload latency -base http://127.0.0.1:PORT [-n 500] [-max-time 30s] [-cookie] PATH...
//	    one client requests each path n times in a row (or for 30 s), for unloaded percentiles;
//	    with -cookie it carries a cookie, which bypasses the server's page cache; with
//	    -session it signs in as an officer first (LD_DATABASE_URL as for write) and
//	    carries that session; with -fresh each request adds a parameter of its own
//	    (_fresh=N), so that no cache can answer it and every page is built afresh.
//	ldload session -base http://127.0.0.1:PORT
//	    signs in as a new officer (LD_DATABASE_URL as for write) and prints the Cookie
//	    header value of that session, for wrk -H.
//
// Each measurement ends with a tab-separated line starting RESULT, for the script.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ldload:", err)
		os.Exit(1)
	}
}

// options are the flags of both subcommands.
type options struct {
	base, databaseURL string
	clients           int
	duration, maxTime time.Duration
	requests          int
	cookie            bool
	session, fresh    bool
}

const defaultDuration = 10 * time.Second

const usage = "usage: ldload write -base URL [-c N] [-d DURATION] | ldload latency -base URL [-n N] [-cookie] [-session] [-fresh] PATH [PATH ...]"

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("ldload "+args[0], flag.ContinueOnError)
	var o options
	fs.StringVar(&o.base, "base", "", "server `URL`, on 127.0.0.1")
	fs.StringVar(&o.databaseURL, "database-url", os.Getenv("LD_DATABASE_URL"), "the server's database (write only)")
	fs.IntVar(&o.clients, "c", 50, "concurrent clients (write)")
	fs.DurationVar(&o.duration, "d", defaultDuration, "how long each write phase runs")
	fs.IntVar(&o.requests, "n", 500, "requests per path (latency)")
	fs.DurationVar(&o.maxTime, "max-time", 30*time.Second, "stop a path's requests after this long (latency)")
	fs.BoolVar(&o.cookie, "cookie", false, "send a cookie, which bypasses the page cache (latency)")
	fs.BoolVar(&o.session, "session", false, "sign in as an officer first and send that session (latency)")
	fs.BoolVar(&o.fresh, "fresh", false, "add a parameter of its own to each request, so that no cache answers it (latency)")
	cpuProfile := fs.String("cpuprofile", "", "write this client's CPU profile to `file`")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := checkLocal(o.base); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stopProfile, err := startProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	switch args[0] {
	case "write":
		return runWrite(ctx, o)
	case "latency":
		return runLatency(ctx, o, fs.Args())
	case "session":
		c, err := signedInClient(ctx, o)
		if err != nil {
			return err
		}
		u, _ := url.Parse(o.base)
		for _, ck := range c.Jar.Cookies(u) {
			fmt.Printf("%s=%s\n", ck.Name, ck.Value)
		}
		return nil
	}
	return errors.New(usage)
}

// checkLocal keeps every request on this machine.
func checkLocal(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" {
		return fmt.Errorf("-base must be http://127.0.0.1:PORT (got %q)", base)
	}
	return nil
}

func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
