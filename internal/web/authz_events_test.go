package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// eventMatrix is each event route's outcome for each role (anonymous, other-member,
// member, org-admin, platform-admin) in a world holding a Hackney event the member has
// booked, as TestEventAuthorizationMatrix builds it. The event is Hackney's: its org
// admin organises it; the booking is the member's own.
var eventMatrix = map[string][]string{
	"GET /events":                  {everyone},
	"GET /events.ics":              {everyone},
	"GET /events/new":              {signin, forbidden, forbidden, allowed, allowed},
	"POST /events/new":             {unauth, forbidden, forbidden, allowed, allowed},
	"GET /events/{id}":             {everyone},
	"POST /events/{id}/book":       {unauth, allowed, allowed, allowed, allowed},
	"GET /events/{id}/edit":        {signin, forbidden, forbidden, allowed, allowed},
	"POST /events/{id}/edit":       {unauth, forbidden, forbidden, allowed, allowed},
	"GET /events/{id}/attendance":  {signin, forbidden, forbidden, allowed, allowed},
	"POST /events/{id}/attendance": {unauth, forbidden, forbidden, allowed, allowed},
	"GET /events/{id}/cancel":      {signin, forbidden, forbidden, allowed, allowed},
	"POST /events/{id}/cancel":     {unauth, forbidden, forbidden, allowed, allowed},
	"GET /bookings/{id}/cancel":    {signin, forbidden, allowed, forbidden, forbidden},
	"POST /bookings/{id}/cancel":   {unauth, forbidden, allowed, forbidden, forbidden},
	"GET /bookings/{file}":         {signin, forbidden, allowed, forbidden, forbidden},
	"GET /account/bookings":        {signin, allowed, allowed, allowed, allowed},
}

// The shared matrix runs in a world with no events, where {id} is a signature's id: the
// pages that need an event are not found once the person is signed in.
var eventMatrixWithoutEvents = map[string][]string{
	"GET /events":                  {everyone},
	"GET /events.ics":              {everyone},
	"GET /events/new":              {signin, forbidden, forbidden, allowed, allowed},
	"POST /events/new":             {unauth, forbidden, forbidden, allowed, allowed},
	"GET /events/{id}":             {notFound, notFound, notFound, notFound, notFound},
	"POST /events/{id}/book":       {unauth, notFound, notFound, notFound, notFound},
	"GET /events/{id}/edit":        {signin, notFound, notFound, notFound, notFound},
	"POST /events/{id}/edit":       {unauth, notFound, notFound, notFound, notFound},
	"GET /events/{id}/attendance":  {signin, notFound, notFound, notFound, notFound},
	"POST /events/{id}/attendance": {unauth, notFound, notFound, notFound, notFound},
	"GET /events/{id}/cancel":      {signin, notFound, notFound, notFound, notFound},
	"POST /events/{id}/cancel":     {unauth, notFound, notFound, notFound, notFound},
	"GET /bookings/{id}/cancel":    {signin, notFound, notFound, notFound, notFound},
	"POST /bookings/{id}/cancel":   {unauth, notFound, notFound, notFound, notFound},
	"GET /bookings/{file}":         {signin, notFound, notFound, notFound, notFound},
	"GET /account/bookings":        {signin, allowed, allowed, allowed, allowed},
}

func (matrices) Events() map[string][]string { return eventMatrixWithoutEvents }

// eventAuthzWorld is an authorization world with a Hackney event a week away, which the
// member has booked, and a Hackney event that started an hour ago.
type eventAuthzWorld struct {
	*authzWorld
	event, started *model.Event
	booking        *model.Booking
}

func newEventAuthzWorld(t *testing.T) *eventAuthzWorld {
	t.Helper()
	ctx := context.Background()
	w := &eventAuthzWorld{authzWorld: newAuthzWorld(t)}
	admin, err := w.db.GrantRole(ctx, model.Actor{Label: "test"}, "admin@hackney.gov.uk", model.RoleOrgAdmin)
	if err != nil {
		t.Fatal(err)
	}
	member, err := w.db.GrantRole(ctx, model.Actor{Label: "test"}, "member@hackney.gov.uk", model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	organiser := model.Actor{UserID: admin.ID, Label: admin.Email}
	now := w.db.Now().UTC().Truncate(time.Minute)
	mk := func(start time.Time) *model.Event {
		e := &model.Event{OrganisationID: admin.OrganisationIDs()[0], Audience: model.AudienceDoers, Format: model.FormatOnline,
			Title: "Service design basics", Description: "An introduction.", JoiningLink: "https://meet.example.com/x",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 10, BookingDeadline: start}
		if err := w.db.CreateEvent(ctx, organiser, e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	w.event, w.started = mk(now.Add(7*24*time.Hour)), mk(now.Add(-time.Hour))
	if w.booking, err = w.db.BookEvent(ctx, model.Actor{UserID: member.ID, Label: member.Email}, w.event.ID, nil); err != nil {
		t.Fatal(err)
	}
	return w
}

// request is the path and form the test sends for a pattern.
func (w *eventAuthzWorld) request(pattern string) (method, path string, form url.Values) {
	method, path, _ = strings.Cut(pattern, " ")
	id, b := strconv.FormatInt(w.event.ID, 10), strconv.FormatInt(w.booking.ID, 10)
	if strings.Contains(pattern, "/attendance") {
		id = strconv.FormatInt(w.started.ID, 10)
	}
	path = strings.Replace(path, "{file}", b+".ics", 1)
	if strings.HasPrefix(path, "/bookings/") {
		path = strings.Replace(path, "{id}", b, 1)
	}
	path = strings.Replace(path, "{id}", id, 1)
	start := w.event.StartsAt.Add(3 * 24 * time.Hour).In(model.London)
	form = url.Values{"organisation": {strconv.FormatInt(w.event.OrganisationID, 10)}, "title": {"Agile for leaders"},
		"description": {"A morning on agile."}, "audience": {model.AudienceLeaders}, "format": {model.FormatInPerson},
		"address": {"Hackney Town Hall"}, "start-day": {strconv.Itoa(start.Day())},
		"start-month": {strconv.Itoa(int(start.Month()))}, "start-year": {strconv.Itoa(start.Year())},
		"start-time": {"10am"}, "end-time": {"midday"}, "capacity": {"20"}, "reason": {"Trainer unwell"}}
	if strings.HasSuffix(pattern, "/book") {
		form.Del("organisation") // a booking counts for the person's own organisation
	}
	return method, path, form
}

// TestEventAuthorizationMatrix requests every event route as each role in a world with
// real events and a real booking, so that the organiser and owner checks are exercised
// (the shared matrix has no events). A post the matrix allows gets a fresh world.
func TestEventAuthorizationMatrix(t *testing.T) {
	shared := newEventAuthzWorld(t)
	routes := shared.srv.eventsFeature().Routes
	if len(routes) != len(eventMatrix) {
		t.Errorf("%d event routes, %d in eventMatrix: keep them in step", len(routes), len(eventMatrix))
	}
	for _, rt := range routes {
		want, ok := eventMatrix[rt.Pattern]
		if !ok {
			t.Errorf("route %q has no entry in eventMatrix", rt.Pattern)
			continue
		}
		if len(want) == 1 {
			want = []string{allowed, allowed, allowed, allowed, allowed}
		}
		for i, role := range roles {
			w := shared
			if ownWorld(rt.Pattern, want[i]) {
				w = newEventAuthzWorld(t)
			}
			method, path, form := w.request(rt.Pattern)
			req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
			if method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if c := w.sessions[role]; c != "" {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, req)
			got := outcome(rec)
			if got != want[i] {
				t.Errorf("%s as %s (%s %s): got %s (status %d, location %q), want %s",
					rt.Pattern, role, method, path, got, rec.Code, rec.Header().Get("Location"), want[i])
			}
			// What is allowed succeeds: no error page.
			if got == allowed && rec.Code >= 400 && !(rt.Pattern == "POST /events/{id}/book" && role == "member") {
				t.Errorf("%s as %s: status %d\n%s", rt.Pattern, role, rec.Code, rec.Body.String())
			}
		}
	}
}
