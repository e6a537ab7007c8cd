package store

import (
	"context"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// maxRemindersAtOnce bounds one run; the next run takes the rest.
const maxRemindersAtOnce = 500

// claimReminders picks people with a place, not yet reminded, on events that go ahead and
// start soon enough for their reminder to be due ($1 now, $2 now + the lookahead). On
// PostgreSQL another instance's claims are skipped, not waited for.
func (db *DB) claimRemindersSQL() string {
	return `SELECT b.id FROM event_bookings b JOIN events e ON e.id = b.event_id
WHERE b.status = 'booked' AND b.reminded_at IS NULL AND e.cancelled_at IS NULL
AND e.starts_at > $1 AND e.starts_at <= $2
ORDER BY b.id LIMIT $3` + db.dialect.skipLockedOf("b")
}

const markReminded = `UPDATE event_bookings SET reminded_at = $1 WHERE id = $2 AND status = 'booked' AND reminded_at IS NULL`

// SendEventReminders queues a reminder for everyone with a place whose reminder is due
// (model.ReminderAt: 9am London time the day before the start) and marks them reminded,
// in one transaction, so that nobody is reminded twice however many instances run it.
// It returns how many reminders it queued.
func (db *DB) SendEventReminders(ctx context.Context, notify EventNotifier) (int, error) {
	sent := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		sent = 0
		ids, err := tx.ids(ctx, db.claimRemindersSQL(), tx.now, tx.now.Add(model.ReminderLookahead), maxRemindersAtOnce)
		if err != nil {
			return fmt.Errorf("store: claim reminders: %w", err)
		}
		events := map[int64]*model.Event{}
		for _, id := range ids {
			b, err := scanBooking(tx.queryRow(ctx, selectBookingByID, id))
			if err != nil {
				return fmt.Errorf("store: reminder for booking %d: %w", id, err)
			}
			e := events[b.EventID]
			if e == nil {
				if e, err = tx.loadEvent(ctx, b.EventID); err != nil {
					return err
				}
				events[b.EventID] = e
			}
			if tx.now.Before(model.ReminderAt(e.StartsAt)) {
				continue
			}
			res, err := tx.exec(ctx, markReminded, tx.now, id)
			if err != nil {
				return fmt.Errorf("store: mark booking %d reminded: %w", id, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				continue
			}
			b.RemindedAt = tx.now
			if err := tx.notify(ctx, notify, NoticeReminder, e, b); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}

const countEventMoments = `SELECT COUNT(*) FROM events WHERE (starts_at > $1 AND starts_at <= $2)
OR (ends_at > $1 AND ends_at <= $2) OR (booking_deadline > $1 AND booking_deadline <= $2)`

// PassEventMoments marks public data as changed when an event's booking deadline, start
// or end has passed since the last call (since), because pages show booking as open or
// closed and events as upcoming or past: the data version, which cached pages are keyed
// on, is bumped. It returns the time to pass as since next time.
func (db *DB) PassEventMoments(ctx context.Context, since time.Time) (time.Time, error) {
	return db.passMoments(ctx, since, "event", countEventMoments)
}

// passMoments bumps the data version when count (given since and now) finds a moment
// that has passed since the last call, and returns the time to pass as since next time.
func (db *DB) passMoments(ctx context.Context, since time.Time, what, count string) (time.Time, error) {
	now := db.now()
	var n int
	if err := db.read.QueryRowContext(ctx, count, since.UTC(), now).Scan(&n); err != nil {
		return since, fmt.Errorf("store: %s moments: %w", what, err)
	}
	if n == 0 {
		return now, nil
	}
	err := db.inTx(ctx, func(tx *Tx) error { return tx.bumpVersion(ctx) })
	if err != nil {
		return since, err
	}
	return now, nil
}
