package model

import "time"

// Outbox statuses.
const (
	MailQueued  = "queued"
	MailSending = "sending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// Email is a message to be sent. Kind names the template, so that a GOV.UK Notify
// template can be chosen per kind.
type Email struct {
	To      string
	Kind    string
	Subject string
	Body    string
}

// OutboxMessage is an email as stored in the outbox.
type OutboxMessage struct {
	ID            int64
	Email         Email
	Status        string
	Attempts      int
	LastError     string
	CreatedAt     time.Time
	NextAttemptAt time.Time
	SentAt        time.Time
}
