package browsertest

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// eventDay is a week after the database's clock, in London, for the event forms.
func (e *env) eventDay() time.Time { return e.db.Now().Add(7 * 24 * time.Hour).In(model.London) }

// addEventByForm has the organiser tab fill in and send the new event form.
func addEventByForm(p *tab, e *env, title string, capacity int) string {
	p.t.Helper()
	p.wantPage(p.open("/events/new"), http.StatusOK, "Add an event", "London Borough of Hackney")
	day := e.eventDay()
	p.fillAll([][2]string{{"title", title}, {"description", "Plan, run and share user research."},
		{"joining_link", "https://meet.example.com/user-research"},
		{"start-day", strconv.Itoa(day.Day())}, {"start-month", strconv.Itoa(int(day.Month()))},
		{"start-year", strconv.Itoa(day.Year())}, {"start-time", "10am"}, {"end-time", "11:30am"},
		{"capacity", strconv.Itoa(capacity)}})
	p.step("choose the audience and format", clickLabel("Digital doers"), clickLabel("Online"))
	p.wantPage(p.clickText("Add event"), http.StatusOK, title, "The event has been added",
		day.Format("Monday 2 January 2006")+", 10am to 11:30am")
	return p.location()
}

var placeLinkRE = regexp.MustCompile(`https?://\S+/events/\d+`)

// TestEventBookingJourney books training in a real browser, with JavaScript on and off:
// an org admin adds an event with one place; Ann books it; Bob joins the waiting list;
// Ann cancels; Bob is moved up at once, emailed, and sees the joining link.
func TestEventBookingJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b)
			e.grant("organiser@hackney.gov.uk", model.RoleOrgAdmin)
			organiser := e.newTab(t, "the organiser", js)
			e.signIn(organiser, "organiser@hackney.gov.uk")
			path := addEventByForm(organiser, e, "Introduction to user research", 1)

			ann := e.newTab(t, "Ann", js)
			ann.wantPage(ann.open(path), http.StatusOK, "Introduction to user research", "1 in all, 1 left", "Sign in to book a place")
			ann.wantNoText("main", "meet.example.com")
			e.signIn(ann, "ann@hackney.gov.uk")
			ann.wantPage(ann.open(path), http.StatusOK, "Introduction to user research")
			ann.wantPage(ann.clickText("Book a place"), http.StatusOK, "Introduction to user research",
				"You have a place on this event", "Join online", "Add it to your calendar")
			ann.wantScripts()

			bob := e.newTab(t, "Bob", js)
			e.signIn(bob, "bob@adur-worthing.gov.uk")
			bob.wantPage(bob.open(path), http.StatusOK, "Introduction to user research", "There are no places left")
			bob.wantPage(bob.clickText("Join the waiting list"), http.StatusOK, "Introduction to user research",
				"You are number 1 on the waiting list")
			bob.wantNoText("main", "meet.example.com")

			ann.wantPage(ann.clickText("Cancel your booking"), http.StatusOK, "Are you sure you want to cancel your booking?")
			ann.wantPage(ann.clickText("Cancel my booking"), http.StatusOK, "Introduction to user research",
				"Your booking has been cancelled", "Join the waiting list")

			if link := e.link("bob@adur-worthing.gov.uk", placeLinkRE); !strings.HasSuffix(link, path) {
				t.Errorf("Bob's email links to %s, want the event %s", link, path)
			}
			bob.wantPage(bob.open(path), http.StatusOK, "Introduction to user research", "You have a place on this event",
				"Join online", "meet.example.com/user-research")
			bob.wantPage(bob.clickText("See all your bookings"), http.StatusOK, "Your bookings", "Introduction to user research", "Booked")
		})
	}
}

// TestEventsAccessibility runs axe-core on every training and events page, in each of its
// states.
func TestEventsAccessibility(t *testing.T) {
	t.Parallel()
	a := &auditor{t: t, axe: loadAxe(t)}
	e := newEnv(t, newBrowser(t))
	e.grant("organiser@hackney.gov.uk", model.RoleOrgAdmin)
	e.grant("team@communities.gov.uk", model.RolePlatformAdmin)
	organiser := e.newTab(t, "the organiser", true)
	e.signIn(organiser, "organiser@hackney.gov.uk")
	a.visit(organiser, "new event", "/events/new", http.StatusOK, "Add an event")
	organiser.wantPage(organiser.clickText("Add event"), http.StatusBadRequest, "Add an event", "There is a problem")
	a.check(organiser, "new event with errors")
	path := addEventByForm(organiser, e, "Introduction to user research", 1)
	a.check(organiser, "event, organiser")
	a.visit(organiser, "change event", path+"/edit", http.StatusOK, "Change the event")
	a.visit(organiser, "people booked", path+"/attendance", http.StatusOK, "People booked")
	a.visit(organiser, "cancel event", path+"/cancel", http.StatusOK, "Are you sure you want to cancel this event?")

	team := e.newTab(t, "the platform team", true)
	e.signIn(team, "team@communities.gov.uk")
	a.visit(team, "new event, platform admin", "/events/new", http.StatusOK, "Add an event")

	anon := e.newTab(t, "someone not signed in", true)
	a.visit(anon, "events", "/events", http.StatusOK, "Training and events")
	a.visit(anon, "events with a bad filter", "/events?format=pigeon", http.StatusBadRequest, "Training and events")
	a.visit(anon, "past events", "/events?when=past", http.StatusOK, "Past training and events")
	a.visit(anon, "event, not signed in", path, http.StatusOK, "Introduction to user research")

	ann := e.newTab(t, "Ann", true)
	e.signIn(ann, "ann@hackney.gov.uk")
	ann.wantPage(ann.open(path), http.StatusOK, "Introduction to user research")
	ann.wantPage(ann.clickText("Book a place"), http.StatusOK, "Introduction to user research")
	a.check(ann, "event, booked")
	a.visit(ann, "your bookings", "/account/bookings", http.StatusOK, "Your bookings")
	ann.wantPage(ann.open(path), http.StatusOK, "Introduction to user research")
	ann.wantPage(ann.clickText("Cancel your booking"), http.StatusOK, "Are you sure you want to cancel your booking?")
	a.check(ann, "cancel booking")

	bob := e.newTab(t, "Bob", true)
	e.signIn(bob, "bob@hackney.gov.uk")
	bob.wantPage(bob.open(path), http.StatusOK, "Introduction to user research")
	bob.wantPage(bob.clickText("Join the waiting list"), http.StatusOK, "Introduction to user research")
	a.check(bob, "event, waiting")

	// The event starts at 10am on its day, whatever the time of day the test runs.
	day := e.eventDay()
	start := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, model.London)
	e.advance(start.Sub(e.db.Now()) + time.Minute) // the event has started
	a.visit(organiser, "mark attendance", path+"/attendance", http.StatusOK, "Mark attendance")
	a.visit(bob, "your bookings, started", "/account/bookings", http.StatusOK, "Your bookings")
	t.Logf("axe-core checked %d pages", len(a.checked))
}
