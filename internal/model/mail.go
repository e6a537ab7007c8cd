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
	// the email is sent, the outbox keeps Body with LinkRemoved in its place, so that no
	// copy of the database holds a link that works. LinkTTL is how long the link works
	// from when the email is queued; after that even the log sender's copy loses it.
	Link    string
	LinkTTL time.Duration
}

// LinkRemoved stands in a sent email's stored body for the link it carried.
const LinkRemoved = "[link removed after sending]"

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
