package store

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

// Fifty people press "Book a place" at the same moment for twenty places: exactly twenty
// get a place and thirty join the waiting list, in the order their bookings were made,
// numbered 1 to 30 with no gap or repeat. Run on SQLite, and on PostgreSQL when
// LD_TEST_POSTGRES_URL is set (scripts/test.sh does).
func TestBookEventConcurrently(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 20)
	people := w.people(t, 50)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		got   = make([]*model.Booking, len(people))
		errs  = make([]error, len(people))
	)
	for i, p := range people {
		wg.Go(func() {
			<-start
			got[i], errs[i] = w.db.BookEvent(context.Background(), p, e.ID, testNotify)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("booking %d: %v", i, err)
		}
	}
	all, err := w.db.EventBookings(t.Context(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var booked, waiting []model.Booking
	for _, b := range all {
		switch b.Status {
		case model.BookingBooked:
			booked = append(booked, b)
		case model.BookingWaiting:
			waiting = append(waiting, b)
		default:
			t.Errorf("booking %d is %s", b.ID, b.Status)
		}
	}
	if len(booked) != 20 || len(waiting) != 30 {
		t.Fatalf("%d booked and %d waiting, want 20 and 30 (%s)", len(booked), len(waiting), testdb.Engine(os.Getenv))
	}
	// In order: every place went before any waiting list place, and the waiting list
	// runs 1..30 in the order the bookings were made.
	lastBooked := slices.MaxFunc(booked, func(a, b model.Booking) int { return int(a.ID - b.ID) }).ID
	slices.SortFunc(waiting, func(a, b model.Booking) int { return int(a.ID - b.ID) })
	for i, b := range waiting {
		if b.ID < lastBooked {
			t.Errorf("booking %d is waiting but was made before booking %d got a place", b.ID, lastBooked)
		}
		if b.Position != i+1 || b.Place != i+1 {
			t.Errorf("waiting booking %d (the %dth made) has position %d, place %d; want %d", b.ID, i+1, b.Position, b.Place, i+1)
		}
	}
	// What each person was told matches what they got.
	for i, b := range got {
		if b.Status == model.BookingWaiting && (b.Position < 1 || b.Position > 30) {
			t.Errorf("person %d was told waiting position %d", i, b.Position)
		}
	}
	ev := w.reload(t, e.ID)
	if ev.Booked != 20 || ev.Waiting != 30 || ev.PlacesLeft() != 0 {
		t.Errorf("event counts: booked %d, waiting %d", ev.Booked, ev.Waiting)
	}
	if n := len(mail(t, w.db)); n != 50 {
		t.Errorf("%d emails, want one per booking (50)", n)
	}
}

// Two instances run the reminder job at once, many times, while the clock passes the
// reminder moment: every person with a place gets exactly one reminder.
func TestRemindersExactlyOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	one, two, clk := twoInstances(t)
	w := &eventWorld{db: one, clk: clk, adur: makeOrg(t, one, "Adur", "adur.gov.uk"), hackney: makeOrg(t, one, "Hackney", "hackney.gov.uk")}
	w.organise = w.user(t, "organiser@adur.gov.uk", model.RoleOrgAdmin)
	e := w.event(t, 30)
	for _, p := range w.people(t, 40) {
		w.book(t, p, e.ID)
	}
	before := len(mail(t, one))
	clk.Set(model.ReminderAt(e.StartsAt))
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, db := range []*DB{one, two} {
		wg.Go(func() {
			for range 10 {
				n, err := db.SendEventReminders(ctx, testNotify)
				if err != nil {
					t.Errorf("instance %d: %v", i, err)
					return
				}
				counts[i] += n
			}
		})
	}
	wg.Wait()
	if counts[0]+counts[1] != 30 {
		t.Errorf("instances sent %d and %d reminders, want 30 in all", counts[0], counts[1])
	}
	reminders := map[string]int{}
	for _, m := range mail(t, one)[before:] {
		reminders[m]++
	}
	if len(reminders) != 30 {
		t.Errorf("%d people reminded, want the 30 with a place", len(reminders))
	}
	for who, n := range reminders {
		if n != 1 {
			t.Errorf("%s: %d emails", who, n)
		}
	}
}
