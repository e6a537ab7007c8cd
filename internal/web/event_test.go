package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// The clock starts on Friday 15 March 2024 at 10am (GMT). Events are on Tuesday 26 March.
var eventStart = time.Date(2024, 3, 26, 10, 0, 0, 0, time.UTC)

const joinLink = "https://meet.example.com/user-research"

// addEvent creates an event run by Hackney, through the store, as its org admin.
func (e *env) addEvent(capacity int, change ...func(*model.Event)) *model.Event {
	e.t.Helper()
	u, err := e.db.GrantRole(e.t.Context(), model.Actor{Label: "cli"}, "organiser@hackney.gov.uk", model.RoleOrgAdmin)
	if err != nil {
		e.t.Fatal(err)
	}
	ev := &model.Event{OrganisationID: e.org("hackney").ID, Audience: model.AudienceDoers, Format: model.FormatOnline,
		Title: "Introduction to user research", Description: "How to plan, run and share user research.",
		JoiningLink: joinLink, StartsAt: eventStart, EndsAt: eventStart.Add(90 * time.Minute), Capacity: capacity,
		BookingDeadline: eventStart}
	for _, c := range change {
		c(ev)
	}
	if err := e.db.CreateEvent(e.t.Context(), model.Actor{UserID: u.ID, Label: u.Email}, ev); err != nil {
		e.t.Fatalf("CreateEvent: %v", err)
	}
	return ev
}

func evPath(ev *model.Event) string { return "/events/" + strconv.FormatInt(ev.ID, 10) }

// eventForm is a valid form for a new event on Tuesday 26 March 2024, 10am to 11:30am.
func eventForm() url.Values {
	return url.Values{"title": {"Introduction to user research"}, "description": {"Plan, run and share research."},
		"audience": {model.AudienceDoers}, "format": {model.FormatOnline}, "joining_link": {joinLink},
		"start-day": {"26"}, "start-month": {"3"}, "start-year": {"2024"}, "start-time": {"10am"},
		"end-time": {"11:30am"}, "capacity": {"20"}}
}

func (e *env) eventCount() int {
	e.t.Helper()
	_, n, err := e.db.ListEvents(e.t.Context(), model.EventQuery{When: model.EventsAll, IncludeCancelled: true, Page: 1, PerPage: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

var bookingIDRE = regexp.MustCompile(`/bookings/(\d+)/cancel`)

// bookingID finds the person's booking on the event's page.
func bookingID(t *testing.T, r *response) string {
	t.Helper()
	m := bookingIDRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no link to cancel a booking\n%s", r.Path, snippet(r.Body))
	}
	return m[1]
}

func TestEventCreateByOrgAdmin(t *testing.T) {
	e := newEnv(t)
	officer := e.signInAs("officer@hackney.gov.uk", model.RoleOrgAdmin)
	r := officer.get("/events/new")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Add an event", "London Borough of Hackney", `name="start-day"`, `name="joining_link"`)
	wantNoBody(t, r, `name="organisation"`) // an org admin adds events for their own organisation

	r = officer.post("/events/new", eventForm())
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/events/") {
		t.Fatalf("POST /events/new: %d to %q\n%s", r.Status, r.Location(), snippet(r.Body))
	}
	page := officer.follow(r)
	wantBody(t, page, "The event has been added", "Introduction to user research",
		"Tuesday 26 March 2024, 10am to 11:30am", "20 in all, 20 left", "London Borough of Hackney",
		"Change the event", "Cancel the event", esc(joinLink)) // organisers see the link
	id, _ := strconv.ParseInt(strings.TrimPrefix(r.Location(), "/events/"), 10, 64)
	ev, err := e.db.Event(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !ev.StartsAt.Equal(eventStart) || !ev.EndsAt.Equal(eventStart.Add(90*time.Minute)) || !ev.BookingDeadline.Equal(eventStart) ||
		ev.OrganisationID != e.org("hackney").ID {
		t.Errorf("stored %+v", ev)
	}
	if a := e.auditActions(); a[len(a)-1] != "event.create" {
		t.Errorf("last audit action %q", a[len(a)-1])
	}

	// In summer time: 2pm in London is 1pm UTC, and is shown as 2pm.
	f := eventForm()
	f.Set("start-day", "2")
	f.Set("start-month", "4")
	f.Set("start-time", "2pm")
	f.Set("end-time", "16:30")
	r = officer.post("/events/new", f)
	id, _ = strconv.ParseInt(strings.TrimPrefix(r.Location(), "/events/"), 10, 64)
	ev, _ = e.db.Event(t.Context(), id)
	if want := time.Date(2024, 4, 2, 13, 0, 0, 0, time.UTC); ev == nil || !ev.StartsAt.Equal(want) {
		t.Fatalf("start %v, want %v", ev, want)
	}
	wantBody(t, officer.get(r.Location()), "Tuesday 2 April 2024, 2pm to 4:30pm")

	// A member cannot add events.
	member := e.signIn("someone@hackney.gov.uk")
	wantStatus(t, member.get("/events/new"), http.StatusForbidden)
	before := e.eventCount()
	wantStatus(t, member.post("/events/new", eventForm()), http.StatusForbidden)
	if e.eventCount() != before {
		t.Error("a member's form was stored")
	}
}

func TestEventCreateByPlatformAdminChoosesOrganisation(t *testing.T) {
	e := newEnv(t)
	admin := e.admin()
	r := admin.get("/events/new")
	wantBody(t, r, `name="organisation"`, "Adur District Council")
	r = admin.post("/events/new", eventForm())
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	f := eventForm()
	f.Set("organisation", strconv.FormatInt(e.org("adur").ID, 10))
	r = admin.follow(admin.post("/events/new", f))
	wantBody(t, r, "The event has been added", "Adur District Council")
	f.Set("organisation", "999999")
	r = admin.post("/events/new", f)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
}

// Bad input on the event form: the GOV.UK error pattern against the field at fault,
// what was typed kept, nothing stored.
func TestEventFormBadInput(t *testing.T) {
	e := newEnv(t)
	officer := e.signInAs("officer@hackney.gov.uk", model.RoleOrgAdmin)
	with := func(kv ...string) url.Values {
		f := eventForm()
		for i := 0; i < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	tests := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"no title", with("title", " "), "title", "Enter the title of the event"},
		{"title too long", with("title", strings.Repeat("a", 121)), "title", "Title must be 120 characters or fewer"},
		{"no description", with("description", ""), "description", "Enter a description of the event"},
		{"no audience", with("audience", ""), "audience", "Select who the event is for"},
		{"unknown audience", with("audience", "cats"), "audience", "Select who the event is for"},
		{"no format", with("format", ""), "format", "Select the format of the event"},
		{"online without a link", with("joining_link", ""), "joining_link", "Enter the joining link"},
		{"a javascript: link", with("joining_link", "javascript:alert(1)"), "joining_link", "starting with https://"},
		{"in person without an address", with("format", model.FormatInPerson), "address", "Enter the address of the venue"},
		{"no start date", with("start-day", "", "start-month", "", "start-year", ""), "start-day", "Enter the start date"},
		{"no month", with("start-month", ""), "start-month", "Start date must include a month"},
		{"a two-digit year", with("start-year", "24"), "start-year", "Start date must include a year with 4 numbers"},
		{"not a real date", with("start-day", "31", "start-month", "2"), "start-day", "Start date must be a real date"},
		{"in the past", with("start-day", "14"), "start-day", "The start must be in the future"},
		{"no start time", with("start-time", ""), "start-time", "Enter the start time"},
		{"a time that is not one", with("start-time", "25:00"), "start-time", "Enter the start time like 10am"},
		{"an ambiguous time", with("start-time", "2"), "start-time", "Enter the start time like 10am"},
		{"end before start", with("end-time", "9am"), "end-time", "The end time must be after the start time"},
		{"end date before start", with("end-day", "25", "end-month", "3", "end-year", "2024"), "end-day", "The end must be after the start"},
		{"no places", with("capacity", "0"), "capacity", "Number of places must be a whole number from 1 to 10,000"},
		{"places not a number", with("capacity", "lots"), "capacity", "Number of places must be a whole number"},
		{"deadline after start", with("deadline-day", "27", "deadline-month", "3", "deadline-year", "2024", "deadline-time", "9am"), "deadline-day", "Booking must close before the event starts"},
		{"deadline without a time", with("deadline-day", "25", "deadline-month", "3", "deadline-year", "2024"), "deadline-time", "Enter the time booking closes"},
		{"deadline in the past", with("deadline-day", "14", "deadline-month", "3", "deadline-year", "2024", "deadline-time", "9am"), "deadline-day", "The booking deadline must be in the future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.state() + fmt.Sprint(e.eventCount())
			r := officer.post("/events/new", tt.form)
			wantStatus(t, r, http.StatusBadRequest)
			wantFieldError(t, r, tt.field)
			wantBody(t, r, esc(tt.msg))
			kept := url.Values{}
			for _, f := range []string{"title", "description", "joining_link", "start-day", "start-month", "start-year",
				"start-time", "end-time", "capacity"} {
				kept.Set(f, tt.form.Get(f))
			}
			wantKept(t, r, kept)
			if after := e.state() + fmt.Sprint(e.eventCount()); after != before {
				t.Errorf("bad input changed the state: %s -> %s", before, after)
			}
		})
	}
}

func TestEventBookingWaitingListAndPromotion(t *testing.T) {
	e := newEnv(t)
	ev := e.addEvent(1)
	path := evPath(ev)

	anon := e.newClient().get(path)
	wantStatus(t, anon, http.StatusOK)
	wantBody(t, anon, "Tuesday 26 March 2024, 10am to 11:30am", "1 in all, 1 left", "Sign in to book a place",
		`href="/sign-in?next=%2Fevents%2F`)
	wantNoBody(t, anon, "meet.example.com")

	ann := e.signIn("ann@hackney.gov.uk")
	wantBody(t, ann.get(path), "Book a place")
	r := ann.post(path+"/book", nil)
	wantRedirect(t, r, path)
	page := ann.follow(r)
	wantBody(t, page, "You have a place on this event. We have emailed you a confirmation", "Add it to your calendar",
		"Cancel your booking", `href="`+joinLink+`"`, "1 in all, 0 left")
	m := e.lastEmail("ann@hackney.gov.uk")
	if !strings.HasPrefix(m.Subject, "You have a place: Introduction to user research") || !strings.Contains(m.Body, joinLink) ||
		!strings.Contains(m.Body, "Tuesday 26 March 2024, 10am to 11:30am") || !strings.Contains(m.Body, baseURL+path) {
		t.Errorf("confirmation email: %q\n%s", m.Subject, m.Body)
	}
	annBooking := bookingID(t, page)

	// Full: Bob joins the waiting list and does not see the link.
	bob := e.signIn("bob@adur-worthing.gov.uk")
	page = bob.get(path)
	wantBody(t, page, "Join the waiting list", "There are no places left")
	wantNoBody(t, page, "meet.example.com")
	page = bob.follow(bob.post(path+"/book", nil))
	wantBody(t, page, "You are on the waiting list", "You are number <strong>1</strong> on the waiting list", "Leave the waiting list")
	wantNoBody(t, page, "meet.example.com")
	if m := e.lastEmail("bob@adur-worthing.gov.uk"); !strings.Contains(m.Subject, "waiting list") || strings.Contains(m.Body, joinLink) {
		t.Errorf("waiting list email: %q\n%s", m.Subject, m.Body)
	}

	// Booking twice: a clear conflict, nothing written.
	before := e.state()
	r = bob.post(path+"/book", nil)
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "You are already on the waiting list for this event", `href="`+path+`"`)
	if e.state() != before {
		t.Error("booking twice changed something")
	}

	// Bob cannot cancel Ann's booking.
	wantStatus(t, bob.get("/bookings/"+annBooking+"/cancel"), http.StatusForbidden)
	r = bob.post("/bookings/"+annBooking+"/cancel", nil)
	wantStatus(t, r, http.StatusForbidden)
	if e.state() != before {
		t.Error("cancelling someone else's booking changed something")
	}

	// Ann cancels: Bob moves up at once, and is emailed the joining link.
	confirm := ann.get("/bookings/" + annBooking + "/cancel")
	wantBody(t, confirm, "Are you sure you want to cancel your booking?", `action="/bookings/`+annBooking+`/cancel"`)
	page = ann.follow(ann.post("/bookings/"+annBooking+"/cancel", nil))
	wantBody(t, page, "Your booking has been cancelled", "Join the waiting list") // Bob has the place now
	m = e.lastEmail("bob@adur-worthing.gov.uk")
	if !strings.HasPrefix(m.Subject, "A place has come free: Introduction to user research") || !strings.Contains(m.Body, joinLink) {
		t.Errorf("promotion email: %q\n%s", m.Subject, m.Body)
	}
	page = bob.get(path)
	wantBody(t, page, "You have a place on this event.", `href="`+joinLink+`"`)
	if got := e.lastEmail("ann@hackney.gov.uk"); !strings.HasPrefix(got.Subject, "Booking cancelled") {
		t.Errorf("Ann's last email: %q", got.Subject)
	}
	// The cached public page shows the change at once.
	wantBody(t, e.newClient().get(path), "1 in all, 0 left")
}

// Bad input when booking: a past, cancelled or closed event; unknown ones; cancelling
// after the start. Each gets a page saying why, with a link back, and nothing changes.
func TestEventBookingRefusals(t *testing.T) {
	e := newEnv(t)
	open := e.addEvent(5)
	closed := e.addEvent(5, func(ev *model.Event) { ev.BookingDeadline = t0.Add(time.Hour) })
	soon := e.addEvent(5, func(ev *model.Event) {
		ev.StartsAt, ev.EndsAt, ev.BookingDeadline = t0.Add(2*time.Hour), t0.Add(3*time.Hour), t0.Add(2*time.Hour)
	})
	cancelled := e.addEvent(5)
	organiser := e.signIn("organiser@hackney.gov.uk")
	wantRedirect(t, organiser.post(evPath(cancelled)+"/cancel", url.Values{}), evPath(cancelled))
	ann := e.signIn("ann@hackney.gov.uk")
	page := ann.follow(ann.post(evPath(soon)+"/book", nil))
	soonBooking := bookingID(t, page)
	e.clock.Advance(150 * time.Minute) // closed's deadline and soon's start have passed

	tests := []struct {
		name, path string
		status     int
		msg        string
	}{
		{"a cancelled event", evPath(cancelled) + "/book", http.StatusConflict, "This event has been cancelled"},
		{"an event that has started", evPath(soon) + "/book", http.StatusConflict, "This event has already started"},
		{"after the deadline", evPath(closed) + "/book", http.StatusConflict, "Booking for this event has closed"},
		{"cancelling after the start", "/bookings/" + soonBooking + "/cancel", http.StatusConflict, "The event has started, so the booking can no longer be cancelled"},
		{"no such event", "/events/999999/book", http.StatusNotFound, "Page not found"},
		{"not an event", "/events/abc/book", http.StatusNotFound, "Page not found"},
		{"no such booking", "/bookings/999999/cancel", http.StatusNotFound, "Page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.state()
			r := ann.post(tt.path, nil)
			wantStatus(t, r, tt.status)
			wantBody(t, r, esc(tt.msg))
			if e.state() != before {
				t.Error("a refused request changed something")
			}
		})
	}
	// The pages say so too.
	wantBody(t, ann.get(evPath(closed)), "Booking closed on Friday 15 March 2024 at 11am")
	wantBody(t, ann.get(evPath(cancelled)), "This event has been cancelled", "You cannot book a place on a cancelled event")
	wantNoBody(t, ann.get(evPath(open)), "Booking closed")
	// Not signed in: sent to sign in, or refused for a POST.
	anon := e.newClient()
	wantStatus(t, anon.post(evPath(open)+"/book", nil), http.StatusUnauthorized)
}

func TestEventEditAndCancelByOrganiser(t *testing.T) {
	e := newEnv(t)
	ev := e.addEvent(2)
	path := evPath(ev)
	for _, who := range []string{"ann@hackney.gov.uk", "bob@hackney.gov.uk", "cat@hackney.gov.uk"} {
		c := e.signIn(who)
		c.post(path+"/book", nil)
	}
	organiser := e.signIn("organiser@hackney.gov.uk")
	r := organiser.get(path + "/edit")
	wantStatus(t, r, http.StatusOK)
	wantKept(t, r, url.Values{"title": {ev.Title}, "start-day": {"26"}, "start-month": {"3"}, "start-year": {"2024"},
		"start-time": {"10am"}, "end-time": {"11:30am"}, "capacity": {"2"}, "joining_link": {joinLink}})

	// Fewer places than people booked: refused next to the field.
	f := eventForm()
	f.Set("capacity", "1")
	r = organiser.post(path+"/edit", f)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "capacity")
	wantBody(t, r, "2 people already have a place, so there must be at least 2 places")

	// A new time: everyone booked or waiting is told.
	f.Set("capacity", "2")
	f.Set("start-time", "2pm")
	f.Set("end-time", "3pm")
	wantRedirect(t, organiser.post(path+"/edit", f), path)
	for _, who := range []string{"ann@hackney.gov.uk", "bob@hackney.gov.uk", "cat@hackney.gov.uk"} {
		m := e.lastEmail(who)
		if !strings.HasPrefix(m.Subject, "Changed: Introduction to user research") || !strings.Contains(m.Body, "Tuesday 26 March 2024, 2pm to 3pm") {
			t.Errorf("%s: %q\n%s", who, m.Subject, m.Body)
		}
	}
	if strings.Contains(e.lastEmail("cat@hackney.gov.uk").Body, joinLink) {
		t.Error("the person waiting was sent the joining link")
	}
	// Someone else's event: refused.
	other := e.signInAs("officer@adur-worthing.gov.uk", model.RoleOrgAdmin)
	wantStatus(t, other.get(path+"/edit"), http.StatusForbidden)
	wantStatus(t, other.post(path+"/cancel", url.Values{}), http.StatusForbidden)

	// Cancel, with a reason too long, then a short one: everyone is emailed it.
	r = organiser.post(path+"/cancel", url.Values{"reason": {strings.Repeat("x", 1001)}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "reason")
	wantKept(t, r, url.Values{"reason": {strings.Repeat("x", 1001)}})
	wantBody(t, organiser.get(path+"/cancel"), "We will email the 2 people with a place and the 1 on the waiting list")
	page := organiser.follow(organiser.post(path+"/cancel", url.Values{"reason": {"The trainer is unwell."}}))
	wantBody(t, page, "The event has been cancelled and everyone booked has been emailed", "This event has been cancelled.",
		"The trainer is unwell.")
	wantNoBody(t, page, "Change the event")
	for _, who := range []string{"ann@hackney.gov.uk", "bob@hackney.gov.uk", "cat@hackney.gov.uk"} {
		if m := e.lastEmail(who); !strings.HasPrefix(m.Subject, "Cancelled: Introduction") || !strings.Contains(m.Body, "The trainer is unwell.") {
			t.Errorf("%s: %q\n%s", who, m.Subject, m.Body)
		}
	}
	wantStatus(t, organiser.post(path+"/cancel", url.Values{}), http.StatusConflict)
	wantStatus(t, organiser.get(path+"/edit"), http.StatusConflict)
	wantNoBody(t, e.newClient().get("/events"), "Introduction to user research")
}

func TestEventAttendance(t *testing.T) {
	e := newEnv(t)
	ev := e.addEvent(5)
	path := evPath(ev)
	var ids []string
	for _, who := range []string{"ann@hackney.gov.uk", "bob@hackney.gov.uk"} {
		c := e.signIn(who)
		ids = append(ids, bookingID(t, c.follow(c.post(path+"/book", nil))))
	}
	organiser := e.signIn("organiser@hackney.gov.uk")
	r := organiser.get(path + "/attendance")
	wantBody(t, r, "People booked", "You can mark attendance once the event has started", "ann@hackney.gov.uk")
	wantNoBody(t, r, `type="checkbox"`)
	wantStatus(t, organiser.post(path+"/attendance", url.Values{"attended": {ids[0]}}), http.StatusConflict)

	e.clock.Advance(eventStart.Sub(t0) + time.Minute)
	r = organiser.get(path + "/attendance")
	wantBody(t, r, "Mark attendance", `name="attended" type="checkbox" value="`+ids[0]+`"`, "bob@hackney.gov.uk")
	wantStatus(t, organiser.post(path+"/attendance", url.Values{"attended": {"abc"}}), http.StatusBadRequest)
	r = organiser.post(path+"/attendance", url.Values{"attended": {"999999"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "attended")
	r = organiser.follow(organiser.post(path+"/attendance", url.Values{"attended": {ids[0]}}))
	wantBody(t, r, "Attendance has been saved", `value="`+ids[0]+`" checked`)
	got, _ := e.db.Event(t.Context(), ev.ID)
	if got.Attended != 1 || got.Booked != 2 {
		t.Errorf("attended %d of %d", got.Attended, got.Booked)
	}
	take, _ := e.db.TakeUpByOrganisation(t.Context(), e.org("hackney").ID)
	if take.Booked != 2 || take.Attended != 1 {
		t.Errorf("Hackney's take-up %+v", take)
	}
	member := e.signIn("ann@hackney.gov.uk")
	wantStatus(t, member.get(path+"/attendance"), http.StatusForbidden)
	wantStatus(t, member.post(path+"/attendance", url.Values{"attended": {ids[0], ids[1]}}), http.StatusForbidden)
}

func TestEventListAndFilters(t *testing.T) {
	e := newEnv(t)
	day := 24 * time.Hour
	e.addEvent(5, func(ev *model.Event) { ev.Title, ev.Audience = "Digital leadership", model.AudienceLeaders })
	e.addEvent(5, func(ev *model.Event) {
		ev.Title, ev.StartsAt, ev.EndsAt, ev.BookingDeadline = "Agile basics", eventStart.Add(-day), eventStart.Add(-day+time.Hour), eventStart.Add(-day)
	})
	e.addEvent(5, func(ev *model.Event) {
		ev.Title, ev.Format, ev.JoiningLink, ev.Address = "Open data workshop", model.FormatInPerson, "", "Hackney Town Hall"
		ev.StartsAt, ev.EndsAt, ev.BookingDeadline = t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(time.Hour)
	})
	anon := e.newClient()
	r := anon.get("/events")
	wantStatus(t, r, http.StatusOK)
	body := r.Body
	i, j, k := strings.Index(body, "Open data workshop"), strings.Index(body, "Agile basics"), strings.Index(body, "Digital leadership")
	if i < 0 || j < i || k < j {
		t.Errorf("upcoming not soonest first: %d %d %d\n%s", i, j, k, snippet(body))
	}
	wantBody(t, r, "3</strong> upcoming events", "Monday 25 March 2024, 10am to 11am", "5 places left")
	wantNoBody(t, r, "meet.example.com")
	r = anon.get("/events?audience=leaders")
	wantBody(t, r, "Digital leadership", "1</strong> upcoming event")
	wantNoBody(t, r, "Agile basics")
	r = anon.get("/events?format=in_person")
	wantBody(t, r, "Open data workshop", `<option value="in_person" selected>In person</option>`)
	wantNoBody(t, r, "Agile basics")
	r = anon.get("/events?format=pigeon")
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "format")

	// The workshop ends. Cached pages follow once the events job (every minute in serve)
	// sees the moment pass.
	since := e.clock.Now()
	e.clock.Advance(3 * time.Hour)
	wantBody(t, anon.get("/events"), "Open data workshop") // cached, until:
	if _, err := e.db.PassEventMoments(t.Context(), since); err != nil {
		t.Fatal(err)
	}
	r = anon.get("/events")
	wantNoBody(t, r, "Open data workshop")
	r = anon.get("/events?when=past")
	wantBody(t, r, "Past training and events", "Open data workshop", "Ended", `<input type="hidden" name="when" value="past">`)
	wantNoBody(t, r, "Digital leadership")
	r = anon.get("/events?per_page=1&page=2")
	wantBody(t, r, "Digital leadership", `aria-label="Pagination"`)
}

// unfold reads an iCalendar file: it checks every line ends in CRLF and is at most 75
// octets, joins folded lines and returns the properties in order as "NAME:value".
func unfold(t *testing.T, body string) []string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatalf("the file does not end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	var out []string
	for _, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("bare CR or LF in line %q", l)
		}
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

// prop returns the value of the first property called name in the lines.
func prop(lines []string, name string) (string, bool) {
	for _, l := range lines {
		if n, v, ok := strings.Cut(l, ":"); ok && n == name {
			return v, true
		}
	}
	return "", false
}

func TestBookingCalendarFile(t *testing.T) {
	e := newEnv(t)
	ev := e.addEvent(1, func(ev *model.Event) {
		ev.Title = "Research, testing; and \\ more"
		ev.Description = "Line one.\nLine two, with a comma; and a semicolon. " + strings.Repeat("Long text é ", 20)
	})
	ann := e.signIn("ann@hackney.gov.uk")
	id := bookingID(t, ann.follow(ann.post(evPath(ev)+"/book", nil)))
	r := ann.get("/bookings/" + id + ".ics")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}
	lines := unfold(t, r.Body)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("not a calendar: %q ... %q", lines[0], lines[len(lines)-1])
	}
	want := map[string]string{
		"VERSION": "2.0", "DTSTART": "20240326T100000Z", "DTEND": "20240326T113000Z", "DTSTAMP": "20240315T100000Z",
		"UID":     fmt.Sprintf("event-%d@localhost", ev.ID),
		"SUMMARY": `Research\, testing\; and \\ more`, "URL": joinLink, "STATUS": "CONFIRMED",
	}
	for name, v := range want {
		if got, ok := prop(lines, name); !ok || got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	desc, _ := prop(lines, "DESCRIPTION")
	if !strings.HasPrefix(desc, `Line one.\nLine two\, with a comma\; and a semicolon.`) || !strings.Contains(desc, "é") {
		t.Errorf("DESCRIPTION = %q", desc)
	}
	for _, l := range []string{"BEGIN:VEVENT", "END:VEVENT", "PRODID:-//Local Digital//Training and events//EN"} {
		if _, ok := prop(lines, strings.Split(l, ":")[0]); !ok {
			t.Errorf("no %s", l)
		}
	}

	// Only the owner; on the waiting list it is tentative, with no link.
	bob := e.signIn("bob@hackney.gov.uk")
	wantStatus(t, bob.get("/bookings/"+id+".ics"), http.StatusForbidden)
	wantRedirect(t, e.newClient().get("/bookings/"+id+".ics"), "/sign-in?next=%2Fbookings%2F"+id+".ics")
	wantStatus(t, bob.get("/bookings/"+id+".txt"), http.StatusNotFound)
	bobID := bookingID(t, bob.follow(bob.post(evPath(ev)+"/book", nil)))
	r = bob.get("/bookings/" + bobID + ".ics")
	lines = unfold(t, r.Body)
	if s, _ := prop(lines, "STATUS"); s != "TENTATIVE" || strings.Contains(r.Body, "meet.example.com") {
		t.Errorf("waiting: STATUS %q, link present %v", s, strings.Contains(r.Body, "meet.example.com"))
	}
}

func TestEventCalendarFeed(t *testing.T) {
	e := newEnv(t)
	e.addEvent(5)
	e.addEvent(5, func(ev *model.Event) {
		ev.Title, ev.Format, ev.JoiningLink, ev.Address = "Workshop", model.FormatInPerson, "", "Town Hall, Mare Street"
	})
	gone := e.addEvent(5, func(ev *model.Event) { ev.Title = "Called off" })
	ann := e.signIn("ann@hackney.gov.uk")
	ann.post(evPath(gone)+"/book", nil)
	organiser := e.signIn("organiser@hackney.gov.uk")
	organiser.post(evPath(gone)+"/cancel", url.Values{})
	r := e.newClient().get("/events.ics")
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.Body, "meet.example.com") || strings.Contains(r.Body, "@hackney.gov.uk") {
		t.Error("the public feed holds a joining link or an email address")
	}
	lines := unfold(t, r.Body)
	var summaries, statuses, locations []string
	for _, l := range lines {
		n, v, _ := strings.Cut(l, ":")
		switch n {
		case "SUMMARY":
			summaries = append(summaries, v)
		case "STATUS":
			statuses = append(statuses, v)
		case "LOCATION":
			locations = append(locations, v)
		}
	}
	if strings.Join(summaries, "|") != "Introduction to user research|Workshop|Called off" ||
		strings.Join(statuses, "|") != "CONFIRMED|CONFIRMED|CANCELLED" ||
		strings.Join(locations, "|") != `Online|Town Hall\, Mare Street|Online` {
		t.Errorf("summaries %q, statuses %q, locations %q", summaries, statuses, locations)
	}
}

func TestAccountBookings(t *testing.T) {
	e := newEnv(t)
	soon := e.addEvent(5, func(ev *model.Event) { ev.Title = "Coming up" })
	past := e.addEvent(5, func(ev *model.Event) {
		ev.Title, ev.StartsAt, ev.EndsAt, ev.BookingDeadline = "Already happened", t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(time.Hour)
	})
	ann := e.signIn("ann@hackney.gov.uk")
	ann.post(evPath(soon)+"/book", nil)
	ann.post(evPath(past)+"/book", nil)
	e.clock.Advance(3 * time.Hour)
	r := ann.get("/account/bookings")
	wantStatus(t, r, http.StatusOK)
	up, _, _ := strings.Cut(r.Body, "Past and cancelled")
	if !strings.Contains(up, "Coming up") || strings.Contains(up, "Already happened") || !strings.Contains(r.Body, "Already happened") {
		t.Errorf("bookings page does not split coming up and past\n%s", snippet(r.Body))
	}
	wantBody(t, r, "Tuesday 26 March 2024, 10am to 11:30am", "Add to your calendar")
	wantRedirect(t, e.newClient().get("/account/bookings"), "/sign-in?next=%2Faccount%2Fbookings")
}

// The reminder the day before, through the outbox, in the site's words.
func TestEventReminderEmail(t *testing.T) {
	e := newEnv(t)
	ev := e.addEvent(5)
	ann := e.signIn("ann@hackney.gov.uk")
	ann.post(evPath(ev)+"/book", nil)
	notify := web.EventEmails(baseURL)
	e.clock.Advance(model.ReminderAt(ev.StartsAt).Sub(t0) - time.Minute)
	if n, err := e.db.SendEventReminders(t.Context(), notify); n != 0 || err != nil {
		t.Fatalf("a minute early: %d, %v", n, err)
	}
	e.clock.Advance(time.Minute) // Monday 25 March, 9am
	if n, err := e.db.SendEventReminders(t.Context(), notify); n != 1 || err != nil {
		t.Fatalf("at 9am the day before: %d, %v", n, err)
	}
	m := e.lastEmail("ann@hackney.gov.uk")
	if m.Kind != "event_reminder" || m.Subject != "Reminder: Introduction to user research on Tuesday 26 March 2024 – Local Digital" ||
		!strings.Contains(m.Body, joinLink) || !strings.Contains(m.Body, baseURL+evPath(ev)) {
		t.Errorf("reminder: %s %q\n%s", m.Kind, m.Subject, m.Body)
	}
	if n, _ := e.db.SendEventReminders(t.Context(), notify); n != 0 {
		t.Errorf("a second run sent %d reminders", n)
	}
}
