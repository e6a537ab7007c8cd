package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// EventNotifier composes the emails something that happened to a booking causes. The
// store calls it inside the transaction of the change, so that the emails are queued if
// and only if the change is committed.
type EventNotifier func(n EventNotice) []model.Email

// EventNotice is one thing a person booked on an event is told about.
type EventNotice struct {
	Kind    string
	Event   *model.Event
	Booking *model.Booking // with the person's email address
}

// Kinds of EventNotice.
const (
	NoticeBooked           = "booked"            // you have a place
	NoticeWaiting          = "waiting"           // you are on the waiting list
	NoticePromoted         = "promoted"          // a place came free and it is yours
	NoticeBookingCancelled = "booking_cancelled" // you cancelled your booking
	NoticeReminder         = "reminder"          // the event is tomorrow
	NoticeEventChanged     = "event_changed"     // the time or place changed
	NoticeEventCancelled   = "event_cancelled"   // the organiser cancelled the event
)

// Errors a person may meet when organising events.
var (
	ErrNotOrganiser      = model.Errorf(model.EFORBIDDEN, "events.errors.not_organiser")
	ErrEventIsCancelled  = model.Errorf(model.ECONFLICT, "events.errors.cancelled")
	ErrEventHasEnded     = model.Errorf(model.ECONFLICT, "events.errors.ended")
	ErrAttendanceTooSoon = model.Errorf(model.ECONFLICT, "events.errors.attendance_too_soon")
)

const eventColumns = `e.id, e.organisation_id, o.name, o.slug, COALESCE(e.created_by, 0), e.audience, e.format, e.title,
e.description, e.joining_link, e.address, e.starts_at, e.ends_at, e.capacity, e.booking_deadline, e.cancelled_at,
e.cancel_reason, e.created_at, e.updated_at, e.language,
(SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status IN ('booked', 'attended', 'no_show')),
(SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'waiting'),
(SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'attended')`

const eventFrom = ` FROM events e JOIN organisations o ON o.id = e.organisation_id`

func scanEvent(sc interface{ Scan(...any) error }) (*model.Event, error) {
	var e model.Event
	var cancelled sql.NullTime
	err := sc.Scan(&e.ID, &e.OrganisationID, &e.OrganisationName, &e.OrganisationSlug, &e.CreatedBy, &e.Audience,
		&e.Format, &e.Title, &e.Description, &e.JoiningLink, &e.Address, &e.StartsAt, &e.EndsAt, &e.Capacity,
		&e.BookingDeadline, &cancelled, &e.CancelReason, &e.CreatedAt, &e.UpdatedAt, &e.Language, &e.Booked, &e.Waiting, &e.Attended)
	if err != nil {
		return nil, err
	}
	e.CancelledAt, e.Cancelled = timeOf(cancelled), cancelled.Valid
	e.StartsAt, e.EndsAt, e.BookingDeadline = e.StartsAt.UTC(), e.EndsAt.UTC(), e.BookingDeadline.UTC()
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

const selectEventByID = `SELECT ` + eventColumns + eventFrom + ` WHERE e.id = $1`

// Event returns an event with its counts of places taken, people waiting and attended.
func (db *DB) Event(ctx context.Context, id int64) (*model.Event, error) {
	e, err := scanEvent(db.read.QueryRowContext(ctx, selectEventByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.event")
	}
	return e, nil
}

// eventWhere filters a list: $1 audience, $2 format, $3 when, $4 now, $5 organisation,
// $6 whether to include cancelled events, $7 language.
const eventWhere = ` WHERE ($1 = '' OR e.audience = $1) AND ($2 = '' OR e.format = $2)
AND ($3 = 'all' OR ($3 = 'upcoming' AND e.ends_at > $4) OR ($3 = 'past' AND e.ends_at <= $4))
AND ($5 = 0 OR e.organisation_id = $5) AND ($6 OR e.cancelled_at IS NULL) AND ($7 = '' OR e.language = $7)`

// Upcoming events come soonest first; past ones most recent first.
var eventOrder = map[string]string{
	model.EventsUpcoming: ` ORDER BY e.starts_at, e.id`,
	model.EventsPast:     ` ORDER BY e.starts_at DESC, e.id DESC`,
	model.EventsAll:      ` ORDER BY e.starts_at, e.id`,
}

// listEventsSQL picks the page's events first, so that their counts are worked out for
// that page alone rather than for every event before sorting.
func listEventsSQL(order string) string {
	return `SELECT ` + eventColumns + eventFrom + ` WHERE e.id IN (SELECT e.id FROM events e` + eventWhere + order +
		` LIMIT $8 OFFSET $9)` + order
}

const countEvents = `SELECT COUNT(*) FROM events e` + eventWhere

// ListEvents returns a page of events as q asks, and how many there are in all. An
// event is upcoming until it ends.
func (db *DB) ListEvents(ctx context.Context, q model.EventQuery) ([]model.Event, int, error) {
	order, ok := eventOrder[q.When]
	if !ok {
		return nil, 0, model.InvalidField("when", "events.query.when")
	}
	args := []any{q.Audience, q.Format, q.When, db.now(), q.OrganisationID, q.IncludeCancelled, q.Language}
	var total int
	if err := db.read.QueryRowContext(ctx, countEvents, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count events: %w", err)
	}
	rows, err := db.read.QueryContext(ctx, listEventsSQL(order), append(args, q.PerPage, q.Offset())...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list events: %w", err)
	}
	defer rows.Close()
	var out []model.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list events: %w", err)
		}
		out = append(out, *e)
	}
	return out, total, rows.Err()
}

const insertEvent = `INSERT INTO events (organisation_id, created_by, audience, format, title, description, joining_link,
address, starts_at, ends_at, capacity, booking_deadline, created_at, updated_at, language)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id`

const countOrgByID = `SELECT COUNT(*) FROM organisations WHERE id = $1`

// CreateEvent adds an event run by e.OrganisationID, created by actor, who must be one of
// its organisers.
func (db *DB) CreateEvent(ctx context.Context, actor model.Actor, e *model.Event) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, countOrgByID, e.OrganisationID).Scan(&n); err != nil {
			return fmt.Errorf("store: create event: %w", err)
		}
		if n == 0 {
			fe := &model.FieldErrors{}
			fe.Add("organisation", "events.form.organisation.missing")
			return fe
		}
		if err := tx.requireOrganiser(ctx, actor, e.OrganisationID); err != nil {
			return err
		}
		e.Language = model.WrittenIn(e.Language)
		err := tx.queryRow(ctx, insertEvent, e.OrganisationID, nullInt(actor.UserID), e.Audience, e.Format, e.Title,
			e.Description, e.JoiningLink, e.Address, e.StartsAt.UTC(), e.EndsAt.UTC(), e.Capacity,
			e.BookingDeadline.UTC(), tx.now, e.Language).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("store: create event: %w", err)
		}
		e.CreatedBy, e.CreatedAt, e.UpdatedAt = actor.UserID, tx.now, tx.now
		if err := tx.audit(ctx, actor, "event.create", "event", e.ID, nil, auditEvent(e)); err != nil {
			return err
		}
		return tx.recordEvent(ctx, actor, model.ActivityEventAnnounced, e)
	})
}

const updateEvent = `UPDATE events SET audience = $1, format = $2, title = $3, description = $4, joining_link = $5,
address = $6, starts_at = $7, ends_at = $8, capacity = $9, booking_deadline = $10, updated_at = $11, language = $13 WHERE id = $12`

// A new start resets reminders: people are reminded again before it, unless that moment
// has passed, when the email about the change does instead ($1 is NULL or now).
const resetReminders = `UPDATE event_bookings SET reminded_at = $1 WHERE event_id = $2 AND status = 'booked'`

// UpdateEvent changes an event's details (not its organisation). People booked or waiting
// are emailed when its time or place changes; more places move people up from the
// waiting list. Places cannot go below the number already taken.
func (db *DB) UpdateEvent(ctx context.Context, actor model.Actor, e *model.Event, notify EventNotifier) error {
	return db.inTx(ctx, func(tx *Tx) error {
		was, err := tx.lockOrganisedEvent(ctx, actor, e.ID)
		if err != nil {
			return err
		}
		switch {
		case was.Cancelled:
			return ErrEventIsCancelled
		case was.Ended(tx.now):
			return ErrEventHasEnded
		case e.Capacity < was.Booked:
			fe := &model.FieldErrors{}
			fe.Add("capacity", "events.form.capacity.below_booked", "Count", was.Booked)
			return fe
		}
		_, err = tx.exec(ctx, updateEvent, e.Audience, e.Format, e.Title, e.Description, e.JoiningLink, e.Address,
			e.StartsAt.UTC(), e.EndsAt.UTC(), e.Capacity, e.BookingDeadline.UTC(), tx.now, e.ID, model.WrittenIn(e.Language))
		if err != nil {
			return fmt.Errorf("store: update event %d: %w", e.ID, err)
		}
		if !e.StartsAt.Equal(was.StartsAt) {
			var reminded any
			if !tx.now.Before(model.ReminderAt(e.StartsAt)) {
				reminded = tx.now
			}
			if _, err := tx.exec(ctx, resetReminders, reminded, e.ID); err != nil {
				return fmt.Errorf("store: update event %d: reminders: %w", e.ID, err)
			}
		}
		now, err := tx.loadEvent(ctx, e.ID)
		if err != nil {
			return err
		}
		*e = *now
		if err := tx.audit(ctx, actor, "event.update", "event", e.ID, auditEvent(was), auditEvent(e)); err != nil {
			return err
		}
		if timeOrPlaceChanged(was, e) {
			if err := tx.notifyActive(ctx, notify, NoticeEventChanged, e); err != nil {
				return err
			}
		}
		return tx.fillPlaces(ctx, actor, e, notify)
	})
}

func timeOrPlaceChanged(a, b *model.Event) bool {
	return !a.StartsAt.Equal(b.StartsAt) || !a.EndsAt.Equal(b.EndsAt) || a.Format != b.Format ||
		a.Address != b.Address || a.JoiningLink != b.JoiningLink
}

const cancelEvent = `UPDATE events SET cancelled_at = $1, cancel_reason = $2, updated_at = $1 WHERE id = $3`

// CancelEvent cancels an event that has not ended and emails everyone booked or waiting,
// with the organiser's reason. Bookings keep their status, as a record of who had a place.
func (db *DB) CancelEvent(ctx context.Context, actor model.Actor, id int64, reason string, notify EventNotifier) (*model.Event, error) {
	var e *model.Event
	err := db.inTx(ctx, func(tx *Tx) error {
		was, err := tx.lockOrganisedEvent(ctx, actor, id)
		if err != nil {
			return err
		}
		switch {
		case was.Cancelled:
			return model.Errorf(model.ECONFLICT, "events.errors.already_cancelled")
		case was.Ended(tx.now):
			return ErrEventHasEnded
		}
		if _, err := tx.exec(ctx, cancelEvent, tx.now, reason, id); err != nil {
			return fmt.Errorf("store: cancel event %d: %w", id, err)
		}
		if e, err = tx.loadEvent(ctx, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, "event.cancel", "event", id, auditEvent(was), auditEvent(e)); err != nil {
			return err
		}
		if err := tx.recordEvent(ctx, actor, model.ActivityEventCancelled, e); err != nil {
			return err
		}
		return tx.notifyActive(ctx, notify, NoticeEventCancelled, e)
	})
	return e, err
}

const lockEventSQL = `SELECT id FROM events WHERE id = $1`

// lockEvent holds the event's row until the transaction ends, so that bookings and
// changes to the event take turns, and returns the event as it stands once locked. On
// SQLite the write transaction already holds the only write lock.
func (tx *Tx) lockEvent(ctx context.Context, id int64) (*model.Event, error) {
	var got int64
	if err := tx.queryRow(ctx, lockEventSQL+tx.db.dialect.lockRow, id).Scan(&got); err != nil {
		return nil, notFound(err, "errors.not_found.event")
	}
	return tx.loadEvent(ctx, id)
}

// lockOrganisedEvent locks the event (lockEvent) that actor is to change, who must
// organise it (requireOrganiser).
func (tx *Tx) lockOrganisedEvent(ctx context.Context, actor model.Actor, id int64) (*model.Event, error) {
	e, err := tx.lockEvent(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := tx.requireOrganiser(ctx, actor, e.OrganisationID); err != nil {
		return nil, err
	}
	return e, nil
}

func (tx *Tx) loadEvent(ctx context.Context, id int64) (*model.Event, error) {
	e, err := scanEvent(tx.queryRow(ctx, selectEventByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.event")
	}
	return e, nil
}

// requireOrganiser checks that actor may organise events for the organisation: a
// platform admin, or an admin of that organisation.
func (tx *Tx) requireOrganiser(ctx context.Context, actor model.Actor, orgID int64) error {
	if actor.UserID == 0 {
		return ErrNotOrganiser
	}
	u, err := tx.userWithMemberships(ctx, actor.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotOrganiser
	}
	if err != nil {
		return fmt.Errorf("store: read user %d: %w", actor.UserID, err)
	}
	if !u.CanAdminOrganisation(orgID) {
		return ErrNotOrganiser
	}
	return nil
}

// auditEvent is what the audit log keeps of an event: its details, not its counts.
func auditEvent(e *model.Event) map[string]any {
	return map[string]any{"organisation_id": e.OrganisationID, "title": e.Title, "audience": e.Audience,
		"format": e.Format, "description": e.Description, "joining_link": e.JoiningLink, "address": e.Address,
		"starts_at": e.StartsAt, "ends_at": e.EndsAt, "capacity": e.Capacity, "booking_deadline": e.BookingDeadline,
		"cancelled": e.Cancelled, "cancel_reason": e.CancelReason, "language": e.Language}
}

const selectOrganiserChoices = `SELECT id, name, slug FROM organisations ORDER BY name, id`

// OrganiserChoices lists every organisation by name, for a platform admin choosing who
// runs an event.
func (db *DB) OrganiserChoices(ctx context.Context) ([]model.Organisation, error) {
	rows, err := db.read.QueryContext(ctx, selectOrganiserChoices)
	if err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	defer rows.Close()
	var out []model.Organisation
	for rows.Next() {
		var o model.Organisation
		if err := rows.Scan(&o.ID, &o.Name, &o.Slug); err != nil {
			return nil, fmt.Errorf("store: organisations: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
