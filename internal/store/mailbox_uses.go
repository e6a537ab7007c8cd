package store

import (
	"context"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// MailboxUse is one signature in which an address (or another spelling of its mailbox)
// appears, as a senior signer or as the person who started it.
type MailboxUse struct {
	SignatureID  int64
	Organisation string
	Slug         string
	Status       string
	CreatedAt    time.Time
	Email        string // as written in that signature
	As           string // a signer kind, or "starter"
}

// AsStarter marks a MailboxUse by the person who started the signature.
const AsStarter = "starter"

const selectMailboxUses = `SELECT s.id, o.name, o.slug, s.status, s.created_at, sg.email, sg.kind
FROM signers sg JOIN signatures s ON s.id = sg.signature_id JOIN organisations o ON o.id = s.organisation_id
WHERE sg.email LIKE $1 ESCAPE '\' AND s.id <> $2
UNION ALL
SELECT s.id, o.name, o.slug, s.status, s.created_at, u.email, 'starter'
FROM signatures s JOIN users u ON u.id = s.started_by JOIN organisations o ON o.id = s.organisation_id
WHERE u.email LIKE $1 ESCAPE '\' AND s.id <> $2
ORDER BY 1`

// MailboxUses lists the other signatures than except in which email's mailbox appears,
// compared as model.CanonicalMailbox does (case, +tags and dots set aside), oldest first,
// so that the platform team can see one person standing in for several.
func (db *DB) MailboxUses(ctx context.Context, email string, except int64) ([]MailboxUse, error) {
	want := model.CanonicalMailbox(email)
	domain := model.EmailDomain(want)
	rows, err := db.read.QueryContext(ctx, selectMailboxUses, "%@"+escapeLike(domain), except)
	if err != nil {
		return nil, fmt.Errorf("store: uses of a mailbox: %w", err)
	}
	defer rows.Close()
	var out []MailboxUse
	for rows.Next() {
		var m MailboxUse
		if err := rows.Scan(&m.SignatureID, &m.Organisation, &m.Slug, &m.Status, &m.CreatedAt, &m.Email, &m.As); err != nil {
			return nil, fmt.Errorf("store: uses of a mailbox: %w", err)
		}
		if model.CanonicalMailbox(m.Email) == want {
			out = append(out, m)
		}
	}
	return out, rows.Err()
}
