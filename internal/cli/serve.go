package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/localdigital/localdigital/internal/mail"
	"github.com/localdigital/localdigital/internal/web"
)

// maxHeaderBytes caps a request's line and headers (net/http's default is 1 MB): enough
// for any browser's cookies, and little for a client that sends a long method or header.
const maxHeaderBytes = 64 << 10

// runServe starts the web server, the mail worker and the features' background jobs, and
// stops them gracefully when ctx
// is cancelled (SIGINT or SIGTERM): in-flight requests finish, the worker releases the
// emails it claimed.
func runServe(ctx context.Context, env Env, args []string) error {
	cfg, _, err := load(env, "serve", args, nil)
	if err != nil {
		return err
	}
	log := logger(env.Stderr)
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sender, err := mail.New(cfg.Mail, log)
	if err != nil {
		return err
	}
	worker := mail.NewWorker(db, sender, log, mail.WorkerOptions{})
	srv, err := web.New(db, log, web.Options{BaseURL: cfg.BaseURL, Secure: cfg.Secure(), Wake: worker.Wake,
		MetricsToken: cfg.MetricsToken, ClientIPHeader: cfg.ClientIPHeader, TrustedProxies: cfg.TrustedProxies,
		Mail: worker, FilesDir: cfg.FilesDir, MaxUploadMB: cfg.MaxUploadMB, ContactEmail: cfg.ContactEmail})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: maxHeaderBytes}
	workerCtx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone := make(chan struct{})
	go func() { defer close(workerDone); worker.Run(workerCtx) }()
	var jobs sync.WaitGroup // every feature's background work (web.Server.Jobs)
	for _, j := range srv.Jobs() {
		jobs.Go(func() { j.Run(workerCtx) })
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", cfg.BaseURL, "database", db.Engine(), "mail", cfg.Mail.Kind)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err = hs.Shutdown(shutdownCtx)
	}
	stopWorker()
	<-workerDone
	jobs.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
