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
