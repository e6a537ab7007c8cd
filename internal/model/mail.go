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
	// Link is the secret part of Body, if any: a sign-in or senior signer's link. Once
	// the email is sent, the outbox keeps Body with LinkRemoved in its place (words
	// written with the email, in its language), so that no copy of the database holds a
	// link that works. LinkTTL is how long the link works from when the email is queued;
	// after that even the log sender's copy loses it.
	Link        string
	LinkRemoved string
	LinkTTL     time.Duration
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
