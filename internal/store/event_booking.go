package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/localdigital/localdigital/internal/model"
)

// Errors a person may meet when booking.
var (
	ErrBookingClosed     = model.Errorf(model.ECONFLICT, "events.booking.errors.closed")
	ErrEventStarted      = model.Errorf(model.ECONFLICT, "events.booking.errors.started")
	ErrAlreadyBooked     = model.Errorf(model.ECONFLICT, "events.booking.errors.already_booked")
	ErrAlreadyWaiting    = model.Errorf(model.ECONFLICT, "events.booking.errors.already_waiting")
	ErrNotYourBooking    = model.Errorf(model.EFORBIDDEN, "events.booking.errors.not_yours")
	ErrBookingNotActive  = model.Errorf(model.ECONFLICT, "events.booking.errors.not_active")
	ErrCancelAfterStart  = model.Errorf(model.ECONFLICT, "events.booking.errors.cancel_after_start")
	errBookingNeedsLogin = model.Errorf(model.EUNAUTHORIZED, "events.booking.errors.sign_in")
)

const bookingColumns = `b.id, b.event_id, COALESCE(b.user_id, 0), COALESCE(u.email, ''), COALESCE(b.organisation_id, 0),
b.status, COALESCE(b.position, 0), b.created_at, b.updated_at, b.cancelled_at, b.reminded_at`

const bookingFrom = ` FROM event_bookings b LEFT JOIN users u ON u.id = b.user_id`

func scanBooking(sc interface{ Scan(...any) error }) (*model.Booking, error) {
	var b model.Booking
	var cancelled, reminded sql.NullTime
	err := sc.Scan(&b.ID, &b.EventID, &b.UserID, &b.UserEmail, &b.OrganisationID, &b.Status, &b.Position,
		&b.CreatedAt, &b.UpdatedAt, &cancelled, &reminded)
	if err != nil {
		return nil, err
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	b.CancelledAt, b.RemindedAt = timeOf(cancelled), timeOf(reminded)
	return &b, nil
}

func scanBookings(rows *sql.Rows, err error) ([]model.Booking, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *b)
	}
	return out, rows.Err()
}

const (
	selectBookingByID     = `SELECT ` + bookingColumns + bookingFrom + ` WHERE b.id = $1`
	selectActiveBooking   = `SELECT ` + bookingColumns + bookingFrom + ` WHERE b.event_id = $1 AND b.user_id = $2 AND b.status IN ('booked', 'waiting')`
	selectNextWaiting     = `SELECT ` + bookingColumns + bookingFrom + ` WHERE b.event_id = $1 AND b.status = 'waiting' ORDER BY b.position LIMIT 1`
	selectActiveBookings  = `SELECT ` + bookingColumns + bookingFrom + ` WHERE b.event_id = $1 AND b.status IN ('booked', 'waiting') ORDER BY b.id`
	selectWaitingPlace    = `SELECT COUNT(*) FROM event_bookings WHERE event_id = $1 AND status = 'waiting' AND position <= $2`
	selectNextPosition    = `SELECT COALESCE(MAX(position), 0) + 1 FROM event_bookings WHERE event_id = $1 AND status = 'waiting'`
	selectEventBookings   = `SELECT ` + bookingColumns + bookingFrom + ` WHERE b.event_id = $1 ORDER BY CASE b.status WHEN 'waiting' THEN 1 WHEN 'cancelled' THEN 2 ELSE 0 END, b.position, b.id`
	selectBookingsForUser = `SELECT ` + bookingColumns + bookingFrom + ` JOIN events e ON e.id = b.event_id WHERE b.user_id = $1 ORDER BY e.starts_at, b.id`
)

const insertBooking = `INSERT INTO event_bookings (event_id, user_id, organisation_id, status, position, created_at, updated_at, reminded_at)
VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id`

// BookEvent gives actor a place on the event if one is free, or else the next place in
// its waiting list, and queues the email that says which. The event's row is locked for
// the whole transaction (on SQLite the one write transaction serialises anyway), so
// places are counted and given out one booking at a time: capacity is never exceeded,
// and the waiting list is in the order people asked.
func (db *DB) BookEvent(ctx context.Context, actor model.Actor, eventID int64, notify EventNotifier) (*model.Booking, error) {
	return db.BookEventFor(ctx, actor, eventID, 0, notify)
}

// ErrNotYourOrganisation: a booking counts only for one of the person's organisations.
var ErrNotYourOrganisation = model.Errorf(model.EFORBIDDEN, "errors.not_your_organisation")

// BookEventFor is BookEvent for one of the person's organisations (orgID), whose
// take-up the booking counts towards; 0 means their first organisation, if any.
func (db *DB) BookEventFor(ctx context.Context, actor model.Actor, eventID, orgID int64, notify EventNotifier) (*model.Booking, error) {
	var b *model.Booking
	err := db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		switch {
		case e.Cancelled:
			return ErrEventIsCancelled
		case e.Started(tx.now):
			return ErrEventStarted
		case tx.now.After(e.BookingDeadline):
			return ErrBookingClosed
		}
		if err := tx.checkNotBooked(ctx, eventID, actor.UserID); err != nil {
			return err
		}
		u, err := tx.userWithMemberships(ctx, actor.UserID)
		if errors.Is(err, sql.ErrNoRows) {
			return errBookingNeedsLogin
		}
		if err != nil {
			return fmt.Errorf("store: book event %d: %w", eventID, err)
		}
		// Anyone waiting goes first, should a place have come free without them moving up.
		if err := tx.fillPlaces(ctx, actor, e, notify); err != nil {
			return err
		}
		// The booking counts towards the take-up of the organisation chosen, or of the
		// person's first one.
		if orgID != 0 && !u.IsMemberOf(orgID) {
			return ErrNotYourOrganisation
		}
		if ids := u.OrganisationIDs(); orgID == 0 && len(ids) > 0 {
			orgID = ids[0]
		}
		b = &model.Booking{EventID: eventID, UserID: u.ID, UserEmail: u.Email, OrganisationID: orgID,
			Status: model.BookingBooked, CreatedAt: tx.now, UpdatedAt: tx.now}
		if e.Full() {
			b.Status = model.BookingWaiting
			if err := tx.queryRow(ctx, selectNextPosition, eventID).Scan(&b.Position); err != nil {
				return fmt.Errorf("store: book event %d: %w", eventID, err)
			}
		}
		return tx.insertBooking(ctx, actor, e, b, notify)
	})
	return b, err
}

func (tx *Tx) checkNotBooked(ctx context.Context, eventID, userID int64) error {
	old, err := scanBooking(tx.queryRow(ctx, selectActiveBooking, eventID, userID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("store: booking of %d on %d: %w", userID, eventID, err)
	case old.Status == model.BookingWaiting:
		return ErrAlreadyWaiting
	}
	return ErrAlreadyBooked
}

func (tx *Tx) insertBooking(ctx context.Context, actor model.Actor, e *model.Event, b *model.Booking, notify EventNotifier) error {
	var position, reminded any
	if b.Status == model.BookingWaiting {
		position = b.Position
	} else if !tx.now.Before(model.ReminderAt(e.StartsAt)) {
		reminded, b.RemindedAt = tx.now, tx.now // the confirmation is the reminder
	}
	err := tx.queryRow(ctx, insertBooking, b.EventID, b.UserID, nullInt(b.OrganisationID), b.Status, position,
		tx.now, reminded).Scan(&b.ID)
	if err != nil {
		if tx.db.dialect.isUnique(err) {
			return ErrAlreadyBooked
		}
		return fmt.Errorf("store: book event %d: %w", b.EventID, err)
	}
	kind := NoticeBooked
	if b.Status == model.BookingWaiting {
		kind = NoticeWaiting
		e.Waiting++
		if err := tx.setPlace(ctx, b); err != nil {
			return err
		}
	} else {
		e.Booked++
	}
	if err := tx.audit(ctx, actor, "event.book", "event_booking", b.ID, nil, auditBooking(b)); err != nil {
		return err
	}
	return tx.notify(ctx, notify, kind, e, b)
}

const cancelBooking = `UPDATE event_bookings SET status = 'cancelled', position = NULL, cancelled_at = $1, updated_at = $1
WHERE id = $2 AND status IN ('booked', 'waiting')`

// CancelBooking cancels actor's own booking, until the event starts. A place given up
// goes at once, in the same transaction, to the first person waiting, who is emailed.
func (db *DB) CancelBooking(ctx context.Context, actor model.Actor, bookingID int64, notify EventNotifier) (*model.Booking, error) {
	var b *model.Booking
	err := db.inTx(ctx, func(tx *Tx) error {
		first, err := scanBooking(tx.queryRow(ctx, selectBookingByID, bookingID))
		if err != nil {
			return notFound(err, "errors.not_found.booking")
		}
		if first.UserID == 0 || first.UserID != actor.UserID {
			return ErrNotYourBooking
		}
		e, err := tx.lockEvent(ctx, first.EventID)
		if err != nil {
			return err
		}
		if b, err = tx.cancelBooking(ctx, actor, e, bookingID, notify); err != nil {
			return err
		}
		b.Event = e
		return nil
	})
	return b, err
}

// cancelBooking cancels a booking on the locked event e and moves people up.
func (tx *Tx) cancelBooking(ctx context.Context, actor model.Actor, e *model.Event, id int64, notify EventNotifier) (*model.Booking, error) {
	b, err := scanBooking(tx.queryRow(ctx, selectBookingByID, id)) // read again now that the event is locked
	if err != nil {
		return nil, notFound(err, "errors.not_found.booking")
	}
	switch {
	case !b.Active():
		return nil, ErrBookingNotActive
	case e.Started(tx.now):
		return nil, ErrCancelAfterStart
	}
	if _, err := tx.exec(ctx, cancelBooking, tx.now, id); err != nil {
		return nil, fmt.Errorf("store: cancel booking %d: %w", id, err)
	}
	before := auditBooking(b)
	hadPlace := b.Status == model.BookingBooked
	b.Status, b.Position, b.CancelledAt, b.UpdatedAt = model.BookingCancelled, 0, tx.now, tx.now
	if hadPlace {
		e.Booked--
	} else {
		e.Waiting--
	}
	if err := tx.audit(ctx, actor, "event.booking_cancel", "event_booking", id, before, auditBooking(b)); err != nil {
		return nil, err
	}
	if err := tx.notify(ctx, notify, NoticeBookingCancelled, e, b); err != nil {
		return nil, err
	}
	if e.Cancelled {
		return b, nil
	}
	return b, tx.fillPlaces(ctx, actor, e, notify)
}

const promoteBooking = `UPDATE event_bookings SET status = 'booked', position = NULL, updated_at = $1, reminded_at = $2
WHERE id = $3 AND status = 'waiting'`

// fillPlaces moves people up from the waiting list, first come first served, while the
// locked event e has free places, and emails each. It keeps the rule that nobody waits
// while a place is free, whatever freed the place (a cancellation, more places).
func (tx *Tx) fillPlaces(ctx context.Context, actor model.Actor, e *model.Event, notify EventNotifier) error {
	for !e.Cancelled && !e.Full() && e.Waiting > 0 && !e.Started(tx.now) {
		b, err := scanBooking(tx.queryRow(ctx, selectNextWaiting, e.ID))
		if errors.Is(err, sql.ErrNoRows) {
			e.Waiting = 0
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: waiting list of %d: %w", e.ID, err)
		}
		var reminded any
		if !tx.now.Before(model.ReminderAt(e.StartsAt)) {
			reminded, b.RemindedAt = tx.now, tx.now
		}
		if _, err := tx.exec(ctx, promoteBooking, tx.now, reminded, b.ID); err != nil {
			return fmt.Errorf("store: move up booking %d: %w", b.ID, err)
		}
		before := auditBooking(b)
		b.Status, b.Position, b.UpdatedAt = model.BookingBooked, 0, tx.now
		e.Booked++
		e.Waiting--
		if err := tx.audit(ctx, actor, "event.promote", "event_booking", b.ID, before, auditBooking(b)); err != nil {
			return err
		}
		if err := tx.notify(ctx, notify, NoticePromoted, e, b); err != nil {
			return err
		}
	}
	return nil
}

// LeaveEvents cancels every active booking the person has on events not yet started,
// moving others up, before they delete their account.
func (db *DB) LeaveEvents(ctx context.Context, actor model.Actor, userID int64, notify EventNotifier) error {
	bookings, err := db.BookingsForUser(ctx, userID)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for _, b := range bookings {
			if !b.Active() || b.Event.Started(tx.now) {
				continue
			}
			e, err := tx.lockEvent(ctx, b.EventID)
			if err != nil {
				return err
			}
			if _, err := tx.cancelBooking(ctx, actor, e, b.ID, notify); err != nil && !errors.Is(err, ErrBookingNotActive) {
				return err
			}
		}
		return nil
	})
}

const setAttendance = `UPDATE event_bookings SET status = $1, updated_at = $2 WHERE id = $3`

// MarkAttendance records, after the event has started, who came: the bookings in attended
// are marked attended, every other place-holder did not attend. An organiser may send
// the form again to correct it.
func (db *DB) MarkAttendance(ctx context.Context, actor model.Actor, eventID int64, attended []int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockOrganisedEvent(ctx, actor, eventID)
		if err != nil {
			return err
		}
		switch {
		case e.Cancelled:
			return ErrEventIsCancelled
		case !e.Started(tx.now):
			return ErrAttendanceTooSoon
		}
		all, err := scanBookings(tx.tx.QueryContext(ctx, selectEventBookings, eventID))
		if err != nil {
			return fmt.Errorf("store: bookings of %d: %w", eventID, err)
		}
		came, missed, known := []int64{}, []int64{}, map[int64]bool{}
		for _, b := range all {
			if !b.HasPlace() {
				continue
			}
			known[b.ID] = true
			status := model.BookingNoShow
			if slices.Contains(attended, b.ID) {
				status, came = model.BookingAttended, append(came, b.ID)
			} else {
				missed = append(missed, b.ID)
			}
			if status == b.Status {
				continue
			}
			if _, err := tx.exec(ctx, setAttendance, status, tx.now, b.ID); err != nil {
				return fmt.Errorf("store: attendance of booking %d: %w", b.ID, err)
			}
		}
		for _, id := range attended {
			if !known[id] {
				return model.InvalidField("attended", "events.attendance.errors.not_booked", "ID", id)
			}
		}
		return tx.audit(ctx, actor, "event.attendance", "event", eventID, nil,
			map[string]any{"attended": came, "no_show": missed})
	})
}

// Booking returns a booking with its event.
func (db *DB) Booking(ctx context.Context, id int64) (*model.Booking, error) {
	b, err := scanBooking(db.read.QueryRowContext(ctx, selectBookingByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.booking")
	}
	if b.Event, err = db.Event(ctx, b.EventID); err != nil {
		return nil, err
	}
	return b, db.fillPlace(ctx, b)
}

// ActiveBooking returns the person's booking or waiting list place on the event, or nil.
func (db *DB) ActiveBooking(ctx context.Context, eventID, userID int64) (*model.Booking, error) {
	b, err := scanBooking(db.read.QueryRowContext(ctx, selectActiveBooking, eventID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: booking of %d on %d: %w", userID, eventID, err)
	}
	return b, db.fillPlace(ctx, b)
}

// EventBookings lists everyone on an event, for its organisers: places first, then the
// waiting list in order, then cancellations.
func (db *DB) EventBookings(ctx context.Context, eventID int64) ([]model.Booking, error) {
	out, err := scanBookings(db.read.QueryContext(ctx, selectEventBookings, eventID))
	if err != nil {
		return nil, fmt.Errorf("store: bookings of %d: %w", eventID, err)
	}
	place := 0
	for i := range out {
		if out[i].Status == model.BookingWaiting {
			place++
			out[i].Place = place
		}
	}
	return out, nil
}

// BookingsForUser lists a person's bookings, with their events, soonest first.
func (db *DB) BookingsForUser(ctx context.Context, userID int64) ([]model.Booking, error) {
	out, err := scanBookings(db.read.QueryContext(ctx, selectBookingsForUser, userID))
	if err != nil {
		return nil, fmt.Errorf("store: bookings of user %d: %w", userID, err)
	}
	for i := range out {
		if out[i].Event, err = db.Event(ctx, out[i].EventID); err != nil {
			return nil, err
		}
		if err := db.fillPlace(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fillPlace works out where a waiting booking is in the list: 1 is next.
func (db *DB) fillPlace(ctx context.Context, b *model.Booking) error {
	if b.Status != model.BookingWaiting {
		return nil
	}
	if err := db.read.QueryRowContext(ctx, selectWaitingPlace, b.EventID, b.Position).Scan(&b.Place); err != nil {
		return fmt.Errorf("store: waiting list place of %d: %w", b.ID, err)
	}
	return nil
}

func (tx *Tx) setPlace(ctx context.Context, b *model.Booking) error {
	if err := tx.queryRow(ctx, selectWaitingPlace, b.EventID, b.Position).Scan(&b.Place); err != nil {
		return fmt.Errorf("store: waiting list place of %d: %w", b.ID, err)
	}
	return nil
}

// notify queues the emails notify makes of one notice.
func (tx *Tx) notify(ctx context.Context, notify EventNotifier, kind string, e *model.Event, b *model.Booking) error {
	if notify == nil || b.UserEmail == "" {
		return nil
	}
	for _, m := range notify(EventNotice{Kind: kind, Event: e, Booking: b}) {
		if err := tx.enqueue(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// notifyActive tells everyone booked or waiting on the event.
func (tx *Tx) notifyActive(ctx context.Context, notify EventNotifier, kind string, e *model.Event) error {
	if notify == nil {
		return nil
	}
	active, err := scanBookings(tx.tx.QueryContext(ctx, selectActiveBookings, e.ID))
	if err != nil {
		return fmt.Errorf("store: bookings of %d: %w", e.ID, err)
	}
	for i := range active {
		if err := tx.notify(ctx, notify, kind, e, &active[i]); err != nil {
			return err
		}
	}
	return nil
}

// auditBooking is what the audit log keeps of a booking: no email address, which the
// actor's entry already names.
func auditBooking(b *model.Booking) map[string]any {
	return map[string]any{"event_id": b.EventID, "user_id": b.UserID, "status": b.Status, "position": b.Position}
}
