// Command localdigital runs the Local Digital platform. See `localdigital help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/localdigital/localdigital/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, cli.DefaultEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
