// Package mail sends the platform's email: a Sender per delivery route (a log for
// development, SMTP, GOV.UK Notify) and a Worker that drains the outbox table.
//
// Email is never sent inside a request. A change and the email it causes are written to
// the outbox in one transaction; the Worker sends later, retrying what can be retried.
// That is why senders must say whether a failure is permanent.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// Sender delivers one email. It returns a *PermanentError when retrying cannot help,
// so that the Worker gives up at once instead of retrying for hours.
type Sender interface {
	Send(ctx context.Context, e model.Email) error
}

// Sender kinds accepted in Config.Kind.
const (
	KindLog    = "log"
	KindSMTP   = "smtp"
	KindNotify = "notify"
)

// Config chooses and configures a Sender. It is filled in by internal/config and
// checked once by New, so that a bad setting stops the service at start-up rather
// than failing every email later.
type Config struct {
	// Kind is "log" (the default), "smtp" or "notify".
	Kind string
	// From is the sender address for SMTP, e.g. "Local Digital <noreply@example.gov.uk>".
	// Notify ignores it: the reply-to address is set in the Notify service.
	From   string
	SMTP   SMTPConfig
	Notify NotifyConfig
}

// New returns the Sender that cfg asks for, or an error naming the bad setting.
func New(cfg Config, log *slog.Logger) (Sender, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	switch strings.ToLower(strings.TrimSpace(cfg.Kind)) {
	case "", KindLog:
		return NewLogSender(log), nil
	case KindSMTP:
		return NewSMTPSender(cfg.From, cfg.SMTP)
	case KindNotify:
		return NewNotifySender(cfg.Notify)
	default:
		return nil, fmt.Errorf("mail: unknown sender kind %q (want log, smtp or notify)", cfg.Kind)
	}
}

// PermanentError marks a failure that sending again cannot fix: the recipient does not
// exist, the message was refused, or the request itself is invalid.
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// permanent wraps err as a *PermanentError; nil stays nil.
func permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent reports whether err, or any error it wraps, is a *PermanentError.
// Any other error is treated as temporary and retried.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Kinds of send failure, as the Worker counts them (a label of the /metrics counter)
// and as /readyz reports the ones that stop all mail.
const (
	// FailAuth: the provider refused our credentials (a wrong SMTP password, a revoked
	// Notify key). Every message would fail the same way: they stay queued.
	FailAuth = "auth"
	// FailConnection: the provider could not be reached or answered with a server error.
	FailConnection = "connection"
	// FailConfig: the provider refused a setting of ours (the sender address, a template).
	FailConfig = "config"
	// FailRejected: the provider refused this one message (a bad address); it is failed
	// for good. The same as a *PermanentError.
	FailRejected = "rejected"
	// FailTemporary: this message may go later (a mailbox busy, a rate limit); it is
	// retried up to WorkerOptions.MaxAttempts.
	FailTemporary = "temporary"
)

// ServiceError marks a failure of the mail service as a whole rather than of one
// message: authentication, connection or configuration (Kind is FailAuth,
// FailConnection or FailConfig). The Worker keeps such messages queued, retrying with
// back-off for as long as it takes an operator to mend the setting, and reports the
// service degraded.
type ServiceError struct {
	Kind string
	Err  error
}

func (e *ServiceError) Error() string { return e.Err.Error() }
func (e *ServiceError) Unwrap() error { return e.Err }

// serviceFailure wraps err as a *ServiceError of kind; nil stays nil.
func serviceFailure(kind string, err error) error {
	if err == nil {
		return nil
	}
	return &ServiceError{Kind: kind, Err: err}
}

// FailureKind sorts a send error into one of the Fail… kinds. A permanent error wins
// over a service error; an error that is neither is temporary.
func FailureKind(err error) string {
	var se *ServiceError
	switch {
	case IsPermanent(err):
		return FailRejected
	case errors.As(err, &se):
		return se.Kind
	}
	return FailTemporary
}

// IsServiceFailure reports whether err stops all mail, not just one message.
func IsServiceFailure(err error) bool {
	switch FailureKind(err) {
	case FailAuth, FailConnection, FailConfig:
		return true
	}
	return false
}

// parseAddress parses a single address, refusing CR and LF outright so that no value
// can smuggle an extra header into a message.
func parseAddress(field, s string) (*mail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("%s address contains a line break", field)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("%s address %q: %w", field, s, err)
	}
	return a, nil
}

// isLoopback reports whether host names this machine. Secrets may travel unencrypted
// only to such a host (a local relay or a test server), never across a network.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
