package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const insertOutbox = `INSERT INTO outbox (to_addr, kind, subject, body, status, created_at, next_attempt_at, link, link_expires_at, link_removed, unsubscribe_url)
VALUES ($1, $2, $3, $4, 'queued', $5, $5, $6, $7, $8, $9)`

const selectUserLanguage = `SELECT language FROM users WHERE email = $1`

// enqueue writes an email to the outbox in the transaction of the change that caused it,
// noting the link it carries (if any), when that link expires and the words that stand
// for it once it is taken out.
// An email written for each reader (ForReader) is kept in the language of the account
// at its address, when there is one.
func (tx *Tx) enqueue(ctx context.Context, e model.Email) error {
	if e.ForReader != nil {
		var lang string
		switch err := tx.queryRow(ctx, selectUserLanguage, e.To).Scan(&lang); {
		case err == nil:
			e = e.ForLanguage(lang)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: queue %s email: reader's language: %w", e.Kind, err)
		}
	}
	var expires any
	if e.Link != "" {
		if e.LinkRemoved == "" {
			return fmt.Errorf("store: queue %s email: a link without the words that replace it", e.Kind)
		}
		expires = tx.now.Add(e.LinkTTL)
	}
	if _, err := tx.exec(ctx, insertOutbox, e.To, e.Kind, e.Subject, e.Body, tx.now, e.Link, expires, e.LinkRemoved, e.Unsubscribe); err != nil {
		return fmt.Errorf("store: queue %s email: %w", e.Kind, err)
	}
	return nil
}

const outboxColumns = `id, to_addr, kind, subject, body, status, attempts, last_error, created_at, next_attempt_at, sent_at, unsubscribe_url`

const selectOutbox = `SELECT ` + outboxColumns + ` FROM outbox ORDER BY id DESC LIMIT $1`

// ListOutbox returns the newest messages first.
func (db *DB) ListOutbox(ctx context.Context, limit int) ([]model.OutboxMessage, error) {
	rows, err := db.read.QueryContext(ctx, selectOutbox, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	return scanOutbox(rows)
}

type rowsScanner interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}

func scanOutbox(rows rowsScanner) ([]model.OutboxMessage, error) {
	defer rows.Close()
	var out []model.OutboxMessage
	for rows.Next() {
		var m model.OutboxMessage
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.Email.To, &m.Email.Kind, &m.Email.Subject, &m.Email.Body, &m.Status,
			&m.Attempts, &m.LastError, &m.CreatedAt, &m.NextAttemptAt, &sent, &m.Email.Unsubscribe); err != nil {
			return nil, fmt.Errorf("store: scan outbox: %w", err)
		}
		m.SentAt = timeOf(sent)
		out = append(out, m)
	}
	return out, rows.Err()
}

// claimDue picks the due messages; on PostgreSQL it skips rows another instance holds.
func (db *DB) claimDueSQL() string {
	return `SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1
ORDER BY next_attempt_at, id LIMIT $2` + db.dialect.skipLocked
}

const markClaimed = `UPDATE outbox SET status = 'sending', claimed_at = $1 WHERE id = $2`

const selectOutboxByID = `SELECT ` + outboxColumns + ` FROM outbox WHERE id = $1`

// ClaimDue marks up to limit due messages as being sent by this process and returns them.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, limit int) ([]model.OutboxMessage, error) {
	var out []model.OutboxMessage
	err := db.inTx(ctx, func(tx *Tx) error {
		ids, err := tx.ids(ctx, db.claimDueSQL(), now.UTC(), limit)
		if err != nil {
			return fmt.Errorf("store: claim outbox: %w", err)
		}
		for _, id := range ids {
			if _, err := tx.exec(ctx, markClaimed, tx.now, id); err != nil {
				return fmt.Errorf("store: claim outbox %d: %w", id, err)
			}
			rows, err := tx.tx.QueryContext(ctx, selectOutboxByID, id)
			if err != nil {
				return fmt.Errorf("store: claim outbox %d: %w", id, err)
			}
			ms, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, ms...)
		}
		return nil
	})
	return out, err
}

func (tx *Tx) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// withoutLink is the body with the row's link replaced by the words written for it.
const withoutLink = `CASE WHEN link = '' THEN body ELSE REPLACE(body, link, link_removed) END`

const markSent = `UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '',
body = ` + withoutLink + `, link = '' WHERE id = $2`

const markSentKeepLink = `UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`

// MarkSent records that a message went out and, unless keepLink is set (the log sender,
// whose emails are read from the outbox), takes its link out of the stored body, so
// that no backup holds a link that works.
func (db *DB) MarkSent(ctx context.Context, id int64, now time.Time, keepLink bool) error {
	if keepLink {
		return db.execWrite(ctx, "mark email sent", markSentKeepLink, now.UTC(), id)
	}
	return db.execWrite(ctx, "mark email sent", markSent, now.UTC(), id)
}

const markRetry = `UPDATE outbox SET status = 'queued', attempts = $1, next_attempt_at = $2, last_error = $3, claimed_at = NULL WHERE id = $4`

// MarkRetry puts a message back in the queue for another attempt at next.
func (db *DB) MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string) error {
	return db.execWrite(ctx, "retry email", markRetry, attempts, next.UTC(), lastErr, id)
}

const markFailed = `UPDATE outbox SET status = 'failed', attempts = $1, last_error = $2, claimed_at = NULL,
body = ` + withoutLink + `, link = '' WHERE id = $3`

// MarkFailed gives up on a message; it stays in the outbox with its last error, but not
// its link, which nobody will receive.
func (db *DB) MarkFailed(ctx context.Context, id int64, attempts int, lastErr string) error {
	return db.execWrite(ctx, "fail email", markFailed, attempts, lastErr, id)
}

const (
	removeExpiredLinks = `UPDATE outbox SET body = ` + withoutLink + `, link = ''
WHERE link <> '' AND link_expires_at < $1 AND status IN ('sent', 'failed')`
	deleteOldSent = `DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1`
)

// Tidy is the mail worker's housekeeping: it takes expired links out of the emails the
// log sender kept them in, deletes emails sent more than keepSent ago, and forgets
// rate-limit windows that ended more than a day ago. Each statement changes only rows
// its condition picks, so instances may run it at the same time, any number of times.
func (db *DB) Tidy(ctx context.Context, now time.Time, keepSent time.Duration) error {
	now = now.UTC()
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, removeExpiredLinks, now); err != nil {
			return fmt.Errorf("store: remove expired links: %w", err)
		}
		if _, err := tx.exec(ctx, deleteOldSent, now.Add(-keepSent)); err != nil {
			return fmt.Errorf("store: delete old sent emails: %w", err)
		}
		if _, err := tx.exec(ctx, deleteOldRateLimits, now.Add(-rateLimitKeep)); err != nil {
			return fmt.Errorf("store: delete old rate limits: %w", err)
		}
		return nil
	})
}

const releaseClaimed = `UPDATE outbox SET status = 'queued', claimed_at = NULL WHERE id = $1 AND status = 'sending'`

// ReleaseClaimed puts messages this process claimed but did not send back in the queue.
func (db *DB) ReleaseClaimed(ctx context.Context, ids []int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.exec(ctx, releaseClaimed, id); err != nil {
				return fmt.Errorf("store: release email %d: %w", id, err)
			}
		}
		return nil
	})
}

const releaseStale = `UPDATE outbox SET status = 'queued', claimed_at = NULL WHERE status = 'sending' AND claimed_at < $1`

// ReleaseStale re-queues messages claimed before cutoff by a process that died.
func (db *DB) ReleaseStale(ctx context.Context, cutoff time.Time) error {
	return db.execWrite(ctx, "release stale emails", releaseStale, cutoff.UTC())
}

const countOutboxByStatus = `SELECT status, COUNT(*) FROM outbox GROUP BY status`

// OutboxCounts returns how many messages are in each status.
func (db *DB) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, countOutboxByStatus)
	if err != nil {
		return nil, fmt.Errorf("store: count outbox: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("store: count outbox: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

func (db *DB) execWrite(ctx context.Context, what, q string, args ...any) error {
	res, err := db.write.ExecContext(ctx, q, args...)
	if err != nil {
		return db.noteWrite(fmt.Errorf("store: %s: %w", what, err))
	}
	if n, _ := res.RowsAffected(); n > 0 {
		db.noteWrite(nil) // rows were written: the disk takes writes
	}
	return nil
}
