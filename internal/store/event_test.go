package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// eventWorld is a database with two councils, an organiser at each, a platform admin and
// a clock at t0.
type eventWorld struct {
	db       *DB
	clk      *testClock
	adur     *model.Organisation
	hackney  *model.Organisation
	organise model.Actor // org admin at Adur
	platform model.Actor
}

func newEventWorld(t *testing.T) *eventWorld {
	t.Helper()
	db, clk := newTestDB(t)
	w := &eventWorld{db: db, clk: clk,
		adur: makeOrg(t, db, "Adur District Council", "adur.gov.uk"), hackney: makeOrg(t, db, "Hackney", "hackney.gov.uk")}
	w.organise = w.user(t, "organiser@adur.gov.uk", model.RoleOrgAdmin)
	w.platform = w.user(t, "team@communities.gov.uk", model.RolePlatformAdmin)
	return w
}

// user makes an account with a role and returns it as an actor.
func (w *eventWorld) user(t *testing.T, email, role string) model.Actor {
	t.Helper()
	u, err := w.db.GrantRole(t.Context(), admin, email, role)
	if err != nil {
		t.Fatalf("GrantRole %s: %v", email, err)
	}
	return model.Actor{UserID: u.ID, Label: u.Email}
}

// people makes n members at Hackney.
func (w *eventWorld) people(t *testing.T, n int) []model.Actor {
	t.Helper()
	out := make([]model.Actor, n)
	for i := range out {
		out[i] = w.user(t, fmt.Sprintf("person%02d@hackney.gov.uk", i), model.RoleMember)
	}
	return out
}

// event adds an Adur event a week after t0, for two hours, with the given places.
func (w *eventWorld) event(t *testing.T, capacity int, change ...func(*model.Event)) *model.Event {
	t.Helper()
	start := t0.Add(7 * 24 * time.Hour)
	e := &model.Event{OrganisationID: w.adur.ID, Audience: model.AudienceDoers, Format: model.FormatOnline,
		Title: "Introduction to user research", Description: "How to plan and run user research.",
		JoiningLink: "https://meet.example.com/abc", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Capacity: capacity, BookingDeadline: start}
	for _, c := range change {
		c(e)
	}
	if err := w.db.CreateEvent(t.Context(), w.organise, e); err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	return e
}

func (w *eventWorld) book(t *testing.T, who model.Actor, eventID int64) *model.Booking {
	t.Helper()
	b, err := w.db.BookEvent(t.Context(), who, eventID, testNotify)
	if err != nil {
		t.Fatalf("BookEvent by %s: %v", who.Label, err)
	}
	return b
}

func (w *eventWorld) reload(t *testing.T, id int64) *model.Event {
	t.Helper()
	e, err := w.db.Event(t.Context(), id)
	if err != nil {
		t.Fatalf("Event %d: %v", id, err)
	}
	return e
}

// testNotify makes one email per notice, its kind in the subject.
func testNotify(n EventNotice) []model.Email {
	return []model.Email{{To: n.Booking.UserEmail, Kind: "event_" + n.Kind, Subject: n.Kind + ": " + n.Event.Title,
		Body: "booking " + fmt.Sprint(n.Booking.ID)}}
}

// mail lists "to kind" for every queued email, oldest first.
func mail(t *testing.T, db *DB) []string {
	t.Helper()
	msgs, err := db.ListOutbox(t.Context(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range slices.Backward(msgs) {
		if strings.HasPrefix(m.Email.Kind, "event_") {
			out = append(out, m.Email.To+" "+strings.TrimPrefix(m.Email.Kind, "event_"))
		}
	}
	return out
}

func statuses(t *testing.T, db *DB, eventID int64) []string {
	t.Helper()
	bs, err := db.EventBookings(t.Context(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		s := b.UserEmail + "=" + b.Status
		if b.Status == model.BookingWaiting {
			s += fmt.Sprintf("#%d", b.Place)
		}
		out = append(out, s)
	}
	return out
}

func TestCreateEventOnlyByOrganisers(t *testing.T) {
	w := newEventWorld(t)
	hackneyAdmin := w.user(t, "admin@hackney.gov.uk", model.RoleOrgAdmin)
	member := w.user(t, "member@adur.gov.uk", model.RoleMember)
	tests := []struct {
		name  string
		actor model.Actor
		org   int64
		code  string
	}{
		{"org admin of the organisation", w.organise, w.adur.ID, ""},
		{"platform admin for any organisation", w.platform, w.hackney.ID, ""},
		{"org admin of another organisation", hackneyAdmin, w.adur.ID, model.EFORBIDDEN},
		{"member of the organisation", member, w.adur.ID, model.EFORBIDDEN},
		{"nobody signed in", model.Actor{Label: "anonymous"}, w.adur.ID, model.EFORBIDDEN},
		{"unknown organisation", w.platform, 99999, model.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &model.Event{OrganisationID: tt.org, Audience: model.AudienceLeaders, Format: model.FormatInPerson,
				Title: "Leading digital change", Description: "A day for leaders.", Address: "1 High Street",
				StartsAt: t0.Add(48 * time.Hour), EndsAt: t0.Add(50 * time.Hour), Capacity: 10, BookingDeadline: t0.Add(24 * time.Hour)}
			before := len(auditActions(t, w.db))
			err := w.db.CreateEvent(t.Context(), tt.actor, e)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("CreateEvent: %v", err)
				}
				got := w.reload(t, e.ID)
				if got.Title != e.Title || !got.StartsAt.Equal(e.StartsAt) || got.CreatedBy != tt.actor.UserID || got.Cancelled {
					t.Errorf("stored %+v", got)
				}
				if a := auditActions(t, w.db); a[len(a)-1] != "event.create" {
					t.Errorf("last audit action %q, want event.create", a[len(a)-1])
				}
				return
			}
			var fe *model.FieldErrors
			if tt.code == model.EINVALID && !errors.As(err, &fe) {
				t.Fatalf("err = %v, want form errors", err)
			} else if tt.code != model.EINVALID {
				wantCode(t, err, tt.code)
			}
			if after := len(auditActions(t, w.db)); after != before {
				t.Errorf("audit grew from %d to %d on a refused change", before, after)
			}
		})
	}
}

func TestBookEventFillsPlacesThenWaitingList(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 2)
	ps := w.people(t, 4)
	var got []*model.Booking
	for _, p := range ps {
		got = append(got, w.book(t, p, e.ID))
	}
	wantStrings(t, "statuses", []string{got[0].Status, got[1].Status, got[2].Status, got[3].Status},
		[]string{model.BookingBooked, model.BookingBooked, model.BookingWaiting, model.BookingWaiting})
	if got[2].Position != 1 || got[3].Position != 2 || got[2].Place != 1 || got[3].Place != 2 {
		t.Errorf("waiting positions %d, %d and places %d, %d; want 1, 2", got[2].Position, got[3].Position, got[2].Place, got[3].Place)
	}
	ev := w.reload(t, e.ID)
	if ev.Booked != 2 || ev.Waiting != 2 || ev.PlacesLeft() != 0 || !ev.Full() {
		t.Errorf("event counts booked %d waiting %d, want 2 and 2", ev.Booked, ev.Waiting)
	}
	wantStrings(t, "emails", mail(t, w.db), []string{"person00@hackney.gov.uk booked", "person01@hackney.gov.uk booked",
		"person02@hackney.gov.uk waiting", "person03@hackney.gov.uk waiting"})
	b, err := w.db.ActiveBooking(t.Context(), e.ID, ps[3].UserID)
	if err != nil || b == nil || b.Place != 2 {
		t.Fatalf("ActiveBooking = %+v, %v; want waiting place 2", b, err)
	}
	if b.OrganisationID != w.hackney.ID {
		t.Errorf("booking organisation %d, want Hackney %d", b.OrganisationID, w.hackney.ID)
	}
	if n := strings.Count(strings.Join(auditActions(t, w.db), " "), "event.book"); n != 4 {
		t.Errorf("%d event.book audit entries, want 4", n)
	}
}

// The bad input of the issue: booking a past or cancelled event, after the deadline,
// twice. Each is refused with a clear conflict, and nothing is written.
func TestBookEventRefusals(t *testing.T) {
	w := newEventWorld(t)
	p := w.people(t, 2)
	open := w.event(t, 1)
	w.book(t, p[0], open.ID)
	w.book(t, p[1], open.ID) // waiting
	cancelled := w.event(t, 5)
	if _, err := w.db.CancelEvent(t.Context(), w.organise, cancelled.ID, "", nil); err != nil {
		t.Fatal(err)
	}
	past := w.event(t, 5, func(e *model.Event) {
		e.StartsAt, e.EndsAt, e.BookingDeadline = t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(time.Hour)
	})
	closed := w.event(t, 5, func(e *model.Event) { e.BookingDeadline = t0.Add(time.Hour) })
	w.clk.Set(t0.Add(90 * time.Minute)) // past's start and closed's deadline have passed
	tests := []struct {
		name    string
		who     model.Actor
		eventID int64
		want    error
		code    string
	}{
		{"twice", p[0], open.ID, ErrAlreadyBooked, model.ECONFLICT},
		{"twice while waiting", p[1], open.ID, ErrAlreadyWaiting, model.ECONFLICT},
		{"a cancelled event", p[0], cancelled.ID, ErrEventIsCancelled, model.ECONFLICT},
		{"an event that has started", p[0], past.ID, ErrEventStarted, model.ECONFLICT},
		{"after the deadline", p[0], closed.ID, ErrBookingClosed, model.ECONFLICT},
		{"no such event", p[0], 99999, nil, model.ENOTFOUND},
		{"nobody signed in", model.Actor{Label: "anonymous"}, closed.ID, ErrBookingClosed, model.ECONFLICT},
		{"nobody signed in, open event", model.Actor{Label: "anonymous"}, w.event(t, 5).ID, errBookingNeedsLogin, model.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			audit, outbox := len(auditActions(t, w.db)), outboxCount(t, w.db)
			_, err := w.db.BookEvent(t.Context(), tt.who, tt.eventID, testNotify)
			wantCode(t, err, tt.code)
			if tt.want != nil {
				wantErr(t, err, tt.want)
			}
			if locale.English.Error(err) == "" || strings.HasPrefix(locale.English.Error(err), "Sorry") {
				t.Errorf("message %q is not clear", locale.English.Error(err))
			}
			if len(auditActions(t, w.db)) != audit || outboxCount(t, w.db) != outbox {
				t.Errorf("a refused booking wrote to the audit log or the outbox")
			}
		})
	}
}

func TestCancelBookingMovesFirstWaitingUp(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 1)
	p := w.people(t, 4)
	a, _, c, d := w.book(t, p[0], e.ID), w.book(t, p[1], e.ID), w.book(t, p[2], e.ID), w.book(t, p[3], e.ID)

	// Someone else's booking: refused, nothing changes.
	_, err := w.db.CancelBooking(t.Context(), p[1], a.ID, testNotify)
	wantErr(t, err, ErrNotYourBooking)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = w.db.CancelBooking(t.Context(), w.platform, a.ID, testNotify)
	wantCode(t, err, model.EFORBIDDEN)

	// A waiting person leaves the list: nobody moves up, the others keep their order.
	if _, err := w.db.CancelBooking(t.Context(), p[2], c.ID, testNotify); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "after the waiting person left", statuses(t, w.db, e.ID), []string{"person00@hackney.gov.uk=booked",
		"person01@hackney.gov.uk=waiting#1", "person03@hackney.gov.uk=waiting#2", "person02@hackney.gov.uk=cancelled"})

	// The booked person cancels: the first waiting moves up in the same transaction, and
	// is emailed.
	before := len(mail(t, w.db))
	got, err := w.db.CancelBooking(t.Context(), p[0], a.ID, testNotify)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.BookingCancelled || got.CancelledAt.IsZero() {
		t.Errorf("cancelled booking = %+v", got)
	}
	wantStrings(t, "after the booked person cancelled", statuses(t, w.db, e.ID), []string{"person01@hackney.gov.uk=booked",
		"person03@hackney.gov.uk=waiting#1", "person00@hackney.gov.uk=cancelled", "person02@hackney.gov.uk=cancelled"})
	wantStrings(t, "emails", mail(t, w.db)[before:], []string{"person00@hackney.gov.uk booking_cancelled",
		"person01@hackney.gov.uk promoted"})
	acts := auditActions(t, w.db)
	wantStrings(t, "last audit entries", acts[len(acts)-2:], []string{"event.booking_cancel", "event.promote"})
	if ev := w.reload(t, e.ID); ev.Booked != 1 || ev.Waiting != 1 {
		t.Errorf("counts booked %d waiting %d, want 1 and 1", ev.Booked, ev.Waiting)
	}

	// Twice, and after the start: refused.
	_, err = w.db.CancelBooking(t.Context(), p[0], a.ID, testNotify)
	wantErr(t, err, ErrBookingNotActive)
	w.clk.Set(e.StartsAt)
	_, err = w.db.CancelBooking(t.Context(), p[3], d.ID, testNotify)
	wantErr(t, err, ErrCancelAfterStart)
	_, err = w.db.CancelBooking(t.Context(), p[3], 99999, testNotify)
	wantCode(t, err, model.ENOTFOUND)
}

func TestUpdateEvent(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 2)
	p := w.people(t, 4)
	for _, x := range p {
		w.book(t, x, e.ID)
	}
	member := w.user(t, "member@adur.gov.uk", model.RoleMember)
	change := *e
	change.Capacity = 1
	var fe *model.FieldErrors
	if err := w.db.UpdateEvent(t.Context(), w.organise, &change, testNotify); !errors.As(err, &fe) || !fe.Has("capacity") {
		t.Fatalf("fewer places than people booked: err = %v, want a capacity error", err)
	}
	change.Capacity = 3
	wantCode(t, w.db.UpdateEvent(t.Context(), member, &change, testNotify), model.EFORBIDDEN)

	// One more place: the first waiting moves up. A new start: everyone is told.
	before := len(mail(t, w.db))
	change.StartsAt, change.EndsAt = e.StartsAt.Add(time.Hour), e.EndsAt.Add(time.Hour)
	change.Title = "User research: the basics"
	if err := w.db.UpdateEvent(t.Context(), w.organise, &change, testNotify); err != nil {
		t.Fatal(err)
	}
	if change.Booked != 3 || change.Waiting != 1 || change.Title != "User research: the basics" {
		t.Errorf("after update: %+v", change)
	}
	wantStrings(t, "emails", mail(t, w.db)[before:], []string{
		"person00@hackney.gov.uk event_changed", "person01@hackney.gov.uk event_changed",
		"person02@hackney.gov.uk event_changed", "person03@hackney.gov.uk event_changed", "person02@hackney.gov.uk promoted"})
	if got := w.reload(t, e.ID); !got.StartsAt.Equal(change.StartsAt) || got.Capacity != 3 {
		t.Errorf("stored %+v", got)
	}

	// A description-only change tells nobody.
	before = len(mail(t, w.db))
	change.Description = "Plan, run and share user research."
	if err := w.db.UpdateEvent(t.Context(), w.organise, &change, testNotify); err != nil {
		t.Fatal(err)
	}
	if n := len(mail(t, w.db)) - before; n != 0 {
		t.Errorf("%d emails for a change of description, want 0", n)
	}
	w.clk.Set(change.EndsAt)
	wantErr(t, w.db.UpdateEvent(t.Context(), w.organise, &change, testNotify), ErrEventHasEnded)
}

func TestCancelEventTellsEveryoneBooked(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 1)
	p := w.people(t, 3)
	w.book(t, p[0], e.ID)
	w.book(t, p[1], e.ID)
	b2 := w.book(t, p[2], e.ID)
	if _, err := w.db.CancelBooking(t.Context(), p[2], b2.ID, nil); err != nil {
		t.Fatal(err)
	}
	member := w.user(t, "member@adur.gov.uk", model.RoleMember)
	_, err := w.db.CancelEvent(t.Context(), member, e.ID, "", testNotify)
	wantCode(t, err, model.EFORBIDDEN)
	before := len(mail(t, w.db))
	got, err := w.db.CancelEvent(t.Context(), w.platform, e.ID, "The trainer is ill.", testNotify)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Cancelled || got.CancelReason != "The trainer is ill." {
		t.Errorf("cancelled event = %+v", got)
	}
	wantStrings(t, "emails", mail(t, w.db)[before:], []string{"person00@hackney.gov.uk event_cancelled",
		"person01@hackney.gov.uk event_cancelled"})
	_, err = w.db.CancelEvent(t.Context(), w.platform, e.ID, "", testNotify)
	wantCode(t, err, model.ECONFLICT)
	list, _, err := w.db.ListEvents(t.Context(), model.EventQuery{When: model.EventsUpcoming, Page: 1, PerPage: 20})
	if err != nil || len(list) != 0 {
		t.Errorf("upcoming list = %d events, %v; want the cancelled event left out", len(list), err)
	}
	list, _, _ = w.db.ListEvents(t.Context(), model.EventQuery{When: model.EventsAll, IncludeCancelled: true, Page: 1, PerPage: 20})
	if len(list) != 1 || !list[0].Cancelled {
		t.Errorf("all events with cancelled = %+v", list)
	}
}

func TestMarkAttendance(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 2)
	p := w.people(t, 3)
	a, b, c := w.book(t, p[0], e.ID), w.book(t, p[1], e.ID), w.book(t, p[2], e.ID)
	wantErr(t, w.db.MarkAttendance(t.Context(), w.organise, e.ID, []int64{a.ID}), ErrAttendanceTooSoon)
	w.clk.Set(e.StartsAt.Add(time.Minute))
	wantCode(t, w.db.MarkAttendance(t.Context(), p[0], e.ID, []int64{a.ID}), model.EFORBIDDEN)
	wantCode(t, w.db.MarkAttendance(t.Context(), w.organise, e.ID, []int64{c.ID}), model.EINVALID) // waiting: no place
	if err := w.db.MarkAttendance(t.Context(), w.organise, e.ID, []int64{a.ID}); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "statuses", statuses(t, w.db, e.ID), []string{"person00@hackney.gov.uk=attended",
		"person01@hackney.gov.uk=no_show", "person02@hackney.gov.uk=waiting#1"})
	// Corrected: both came.
	if err := w.db.MarkAttendance(t.Context(), w.platform, e.ID, []int64{a.ID, b.ID}); err != nil {
		t.Fatal(err)
	}
	if ev := w.reload(t, e.ID); ev.Attended != 2 || ev.Booked != 2 {
		t.Errorf("attended %d booked %d, want 2 and 2", ev.Attended, ev.Booked)
	}
}

func TestListEvents(t *testing.T) {
	w := newEventWorld(t)
	day := 24 * time.Hour
	mk := func(title, audience, format string, start time.Time) {
		w.event(t, 5, func(e *model.Event) {
			e.Title, e.Audience, e.Format, e.StartsAt, e.EndsAt, e.BookingDeadline = title, audience, format, start, start.Add(time.Hour), start
			if format == model.FormatInPerson {
				e.JoiningLink, e.Address = "", "Town Hall"
			}
		})
	}
	mk("Later", model.AudienceDoers, model.FormatOnline, t0.Add(3*day))
	mk("Sooner", model.AudienceLeaders, model.FormatInPerson, t0.Add(2*day))
	mk("Soonest", model.AudienceDoers, model.FormatInPerson, t0.Add(day))
	mk("Old", model.AudienceDoers, model.FormatOnline, t0.Add(day/2))
	w.clk.Set(t0.Add(day))
	titles := func(q model.EventQuery) []string {
		t.Helper()
		q.Page = max(q.Page, 1)
		if q.PerPage == 0 {
			q.PerPage = 20
		}
		list, total, err := w.db.ListEvents(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list {
			out = append(out, e.Title)
		}
		return append(out, fmt.Sprint(total))
	}
	wantStrings(t, "upcoming", titles(model.EventQuery{When: model.EventsUpcoming}), []string{"Soonest", "Sooner", "Later", "3"})
	wantStrings(t, "past", titles(model.EventQuery{When: model.EventsPast}), []string{"Old", "1"})
	wantStrings(t, "doers", titles(model.EventQuery{When: model.EventsUpcoming, Audience: model.AudienceDoers}), []string{"Soonest", "Later", "2"})
	wantStrings(t, "in person", titles(model.EventQuery{When: model.EventsUpcoming, Format: model.FormatInPerson}), []string{"Soonest", "Sooner", "2"})
	wantStrings(t, "page 2", titles(model.EventQuery{When: model.EventsUpcoming, Page: 2, PerPage: 2}), []string{"Later", "3"})
	wantStrings(t, "all", titles(model.EventQuery{When: model.EventsAll}), []string{"Old", "Soonest", "Sooner", "Later", "4"})
}

func TestTakeUpByOrganisation(t *testing.T) {
	w := newEventWorld(t)
	leaders := w.event(t, 10, func(e *model.Event) { e.Audience = model.AudienceLeaders })
	doers := w.event(t, 1)
	gone := w.event(t, 10)
	h := w.people(t, 3) // Hackney
	a := w.user(t, "someone@adur.gov.uk", model.RoleMember)
	w.book(t, h[0], leaders.ID)
	w.book(t, h[0], doers.ID) // the same person on two audiences' events
	w.book(t, h[1], leaders.ID)
	w.book(t, h[2], doers.ID) // waiting: does not count
	w.book(t, a, leaders.ID)
	w.book(t, h[2], gone.ID)
	if _, err := w.db.CancelEvent(t.Context(), w.organise, gone.ID, "", nil); err != nil {
		t.Fatal(err)
	}
	w.clk.Set(leaders.StartsAt)
	if err := w.db.MarkAttendance(t.Context(), w.organise, leaders.ID, []int64{}); err != nil {
		t.Fatal(err)
	}
	bs, _ := w.db.EventBookings(t.Context(), leaders.ID)
	if err := w.db.MarkAttendance(t.Context(), w.organise, leaders.ID, []int64{bs[0].ID}); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.TakeUpByOrganisation(t.Context(), w.hackney.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := &model.TakeUp{OrganisationID: w.hackney.ID, Booked: 2, Attended: 1, ByAudience: []model.AudienceTakeUp{
		{Audience: model.AudienceLeaders, Booked: 2, Attended: 1}, {Audience: model.AudienceDoers, Booked: 1},
		{Audience: model.AudienceEveryone}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Hackney take-up = %+v, want %+v", got, want)
	}
	none, err := w.db.TakeUpByOrganisation(t.Context(), 99999)
	if err != nil || none.Any() || len(none.ByAudience) != 3 {
		t.Errorf("take-up of an organisation nobody booked from = %+v, %v", none, err)
	}
	all, err := w.db.TakeUp(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range all {
		names = append(names, fmt.Sprintf("%s %d/%d", o.Organisation.Name, o.Booked, o.Attended))
	}
	wantStrings(t, "take-up of all", names, []string{"Adur District Council 1/0", "Hackney 2/1"})
}

// Before deleting their account, a person leaves every event not yet started (others move
// up); the account's deletion then keeps their past bookings, without them, for take-up.
func TestLeaveEventsThenDeleteUser(t *testing.T) {
	w := newEventWorld(t)
	full := w.event(t, 1)
	other := w.event(t, 5)
	past := w.event(t, 5, func(e *model.Event) {
		e.StartsAt, e.EndsAt, e.BookingDeadline = t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(time.Hour)
	})
	p := w.people(t, 2)
	w.book(t, p[0], full.ID)
	w.book(t, p[1], full.ID) // waiting
	w.book(t, p[0], other.ID)
	w.book(t, p[0], past.ID)
	w.clk.Set(t0.Add(90 * time.Minute)) // past has started
	if err := w.db.LeaveEvents(t.Context(), p[0], p[0].UserID, testNotify); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "full", statuses(t, w.db, full.ID), []string{"person01@hackney.gov.uk=booked", "person00@hackney.gov.uk=cancelled"})
	wantStrings(t, "other", statuses(t, w.db, other.ID), []string{"person00@hackney.gov.uk=cancelled"})
	wantStrings(t, "past", statuses(t, w.db, past.ID), []string{"person00@hackney.gov.uk=booked"})
	if !slices.Contains(mail(t, w.db), "person01@hackney.gov.uk promoted") {
		t.Error("the person waiting was not told they moved up")
	}
	if err := w.db.DeleteUser(t.Context(), p[0].UserID); err != nil {
		t.Fatalf("DeleteUser with bookings: %v", err)
	}
	bs, err := w.db.EventBookings(t.Context(), past.ID)
	if err != nil || len(bs) != 1 || bs[0].UserID != 0 || bs[0].UserEmail != "" || bs[0].OrganisationID != w.hackney.ID {
		t.Fatalf("past booking after deletion = %+v, %v", bs, err)
	}
	if got, _ := w.db.BookingsForUser(t.Context(), p[0].UserID); len(got) != 0 {
		t.Errorf("the deleted person still has %d bookings", len(got))
	}
	if tu, _ := w.db.TakeUpByOrganisation(t.Context(), w.hackney.ID); tu.Booked != 2 {
		t.Errorf("take-up after deletion = %d people, want 2 (the deleted person and person01)", tu.Booked)
	}
}
