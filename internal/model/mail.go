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
	// Lang is the language the email is written in (a bilingual one: the language it
	// leads with). A sign-in email's language becomes its reader's.
	Lang string
	// ForReader is the same email written for one reader, by language. When To has an
	// account, the outbox keeps the version in the account's language; otherwise (or
	// when ForReader is empty) the email itself, written for a reader whose language is
	// not known. (A pointer keeps Email comparable.)
	ForReader *EmailVersions
	// Unsubscribe is the address at which the reader stops this kind of email in one
	// click: set on follow emails only (digests), it becomes the List-Unsubscribe headers
	// (RFC 8058) in SMTP and the "unsubscribe_url" of the Notify template's
	// personalisation. Transactional emails leave it empty.
	Unsubscribe string
}

// EmailVersions are an email's versions, by the language of the reader they are for.
type EmailVersions map[string]Email

// ForLanguage is the version of e for a reader of lang: ForReader's, or e itself.
func (e Email) ForLanguage(lang string) Email {
	if e.ForReader != nil {
		if v, ok := (*e.ForReader)[lang]; ok {
			return v
		}
	}
	return e
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
