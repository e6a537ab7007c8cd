package mail

import (
	"context"
	"log/slog"

	"github.com/localdigital/localdigital/internal/model"
)

// LogSender is the default Sender: it sends nothing and only logs that an email was
// due. The full message stays readable in the outbox table, which is enough for
// development and for a service that has not yet got a Notify key.
type LogSender struct {
	log *slog.Logger
}

// NewLogSender returns a LogSender writing to log.
func NewLogSender(log *slog.Logger) *LogSender {
	return &LogSender{log: log}
}

// Send logs the outbox reference, subject, kind and body length. The recipient is left
// out (logs hold no addresses), and so is the body, which may hold a sign-in link:
// logs are read by more people than the database. The outbox row, found by the
// reference, holds the message.
func (s *LogSender) Send(ctx context.Context, e model.Email) error {
	ref, _ := ctx.Value(referenceKey{}).(string)
	s.log.LogAttrs(ctx, slog.LevelInfo, "mail: email not sent (log sender)",
		slog.String("ref", ref),
		slog.String("subject", e.Subject),
		slog.String("kind", e.Kind),
		slog.Int("body_bytes", len(e.Body)),
	)
	return nil
}

// KeepsLinks tells the Worker to leave links in the emails this sender "sends": they
// are read from the outbox (`localdigital mail list`) until the links expire.
func (s *LogSender) KeepsLinks() bool { return true }
