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

// Send logs the recipient, subject, kind and body length. The body itself is left out
// because it may hold a sign-in link, and logs are read by more people than the database.
func (s *LogSender) Send(ctx context.Context, e model.Email) error {
	s.log.LogAttrs(ctx, slog.LevelInfo, "mail: email not sent (log sender)",
		slog.String("to", e.To),
		slog.String("subject", e.Subject),
		slog.String("kind", e.Kind),
		slog.Int("body_bytes", len(e.Body)),
	)
	return nil
}
