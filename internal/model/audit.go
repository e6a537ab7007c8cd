package model

import "time"

// AuditEntry records a change made by a person: who, what, when, before and after. It is
// written in the same transaction as the change and never edited.
type AuditEntry struct {
	ID       int64
	At       time.Time
	ActorID  int64  // 0 for the system or an unauthenticated senior signer
	Actor    string // email or a label such as "signer:<email>"
	Action   string // e.g. "signature.start"
	Entity   string // e.g. "signature"
	EntityID int64
	Before   string // JSON, "" when created
	After    string // JSON, "" when deleted
}

// Actor identifies who makes a change, for the audit log.
type Actor struct {
	UserID int64
	Label  string
}
