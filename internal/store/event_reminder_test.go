package store

import (
	"slices"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func TestReminderAtIsNineTheDayBefore(t *testing.T) {
	tests := []struct{ start, want time.Time }{
		// Tuesday 3 March 2026, 10am GMT: Monday 9am GMT.
		{time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		// Wednesday 1 July 2026, 9:30am BST (8:30 UTC): Tuesday 9am BST (8am UTC).
		{time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC), time.Date(2026, 6, 30, 8, 0, 0, 0, time.UTC)},
		// Monday 30 March 2026 after the clocks went forward: Sunday 9am BST.
		{time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 8, 0, 0, 0, time.UTC)},
		// 00:30 BST on 1 June is 23:30 UTC on 31 May: the day before is 31 May in London.
		{time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC), time.Date(2026, 5, 31, 8, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := model.ReminderAt(tt.start); !got.Equal(tt.want) {
			t.Errorf("ReminderAt(%s) = %s, want %s", tt.start, got, tt.want)
		}
		if d := tt.start.Sub(model.ReminderAt(tt.start)); d <= 0 || d > model.ReminderLookahead {
			t.Errorf("%s: reminder %s before the start, outside the lookahead", tt.start, d)
		}
	}
}

func TestRemindersWithAClock(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 2) // starts Friday 22 March 2024, 10am GMT
	gone := w.event(t, 2)
	p := w.people(t, 4)
	w.book(t, p[0], e.ID)
	w.book(t, p[1], e.ID)
	w.book(t, p[2], e.ID) // waiting: not reminded
	w.book(t, p[3], gone.ID)
	if _, err := w.db.CancelEvent(t.Context(), w.organise, gone.ID, "", nil); err != nil {
		t.Fatal(err)
	}
	reminders := func() []string {
		t.Helper()
		n, err := w.db.SendEventReminders(t.Context(), testNotify)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range mail(t, w.db) {
			if len(m) > 9 && m[len(m)-9:] == " reminder" {
				out = append(out, m)
			}
		}
		if n > len(out) {
			t.Fatalf("SendEventReminders says %d, outbox holds %d", n, len(out))
		}
		return out
	}
	at := model.ReminderAt(e.StartsAt)
	if want := time.Date(2024, 3, 21, 9, 0, 0, 0, time.UTC); !at.Equal(want) {
		t.Fatalf("ReminderAt = %s, want %s", at, want)
	}
	w.clk.Set(at.Add(-time.Second))
	wantStrings(t, "a second early", reminders(), nil)
	w.clk.Set(at)
	want := []string{"person00@hackney.gov.uk reminder", "person01@hackney.gov.uk reminder"}
	wantStrings(t, "at 9am the day before", reminders(), want)
	w.clk.Advance(time.Hour)
	wantStrings(t, "an hour later", reminders(), want)

	// Moved up from the waiting list after 9am: the promotion email stands in for it.
	bs, _ := w.db.EventBookings(t.Context(), e.ID)
	if _, err := w.db.CancelBooking(t.Context(), p[0], bs[0].ID, testNotify); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "after a late promotion", reminders(), want)
	if !slices.Contains(mail(t, w.db), "person02@hackney.gov.uk promoted") {
		t.Error("no promotion email")
	}

	// A new start resets reminders: the day before the new start, they come again.
	change := *w.reload(t, e.ID)
	change.StartsAt, change.EndsAt, change.BookingDeadline = e.StartsAt.Add(7*24*time.Hour), e.EndsAt.Add(7*24*time.Hour), e.StartsAt.Add(7*24*time.Hour)
	if err := w.db.UpdateEvent(t.Context(), w.organise, &change, testNotify); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "after moving the event", reminders(), want)
	w.clk.Set(model.ReminderAt(change.StartsAt))
	wantStrings(t, "the day before the new start", reminders(), append(want,
		"person01@hackney.gov.uk reminder", "person02@hackney.gov.uk reminder"))
	w.clk.Set(change.StartsAt.Add(time.Minute))
	if n, err := w.db.SendEventReminders(t.Context(), testNotify); n != 0 || err != nil {
		t.Errorf("after the start: %d reminders, %v", n, err)
	}
}

func TestPassEventMomentsBumpsTheDataVersion(t *testing.T) {
	w := newEventWorld(t)
	e := w.event(t, 2, func(e *model.Event) { e.BookingDeadline = e.StartsAt.Add(-time.Hour) })
	version := func() int64 {
		v, err := w.db.DataVersion(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	since := w.clk.Now()
	v0 := version()
	w.clk.Set(e.BookingDeadline.Add(-time.Minute))
	since, err := w.db.PassEventMoments(t.Context(), since)
	if err != nil || version() != v0 {
		t.Fatalf("nothing passed: version %d -> %d, %v", v0, version(), err)
	}
	w.clk.Set(e.BookingDeadline)
	if since, err = w.db.PassEventMoments(t.Context(), since); err != nil || version() == v0 {
		t.Fatalf("the deadline passed: version stayed %d, %v", v0, err)
	}
	v1 := version()
	w.clk.Advance(time.Minute)
	if _, err := w.db.PassEventMoments(t.Context(), since); err != nil || version() != v1 {
		t.Fatalf("nothing more passed: version %d -> %d", v1, version())
	}
}
