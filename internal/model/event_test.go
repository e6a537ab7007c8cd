package model

import (
	"net/url"
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"10am", 10, 0, true}, {"10 AM", 10, 0, true}, {"10:30am", 10, 30, true}, {"10.30 a.m.", 10, 30, true},
		{"2pm", 14, 0, true}, {"2:05pm", 14, 5, true}, {"12pm", 12, 0, true}, {"12am", 0, 0, true},
		{"12:30am", 0, 30, true}, {"14:30", 14, 30, true}, {"09:00", 9, 0, true}, {"0:15", 0, 15, true},
		{"midday", 12, 0, true}, {"Noon", 12, 0, true}, {"midnight", 0, 0, true},
		{"10yb", 10, 0, true}, {"2:30yp", 14, 30, true}, {"10.30 y.b.", 10, 30, true}, {"12yb", 0, 0, true},
		{"canol dydd", 12, 0, true}, {"Hanner nos", 0, 0, true}, {"13yp", 0, 0, false},
		{"2", 0, 0, false}, {"1430", 0, 0, false}, {"25:00", 0, 0, false}, {"13pm", 0, 0, false}, {"0am", 0, 0, false},
		{"10:3", 0, 0, false}, {"10:60", 0, 0, false}, {"ten", 0, 0, false}, {"", 0, 0, false}, {":30", 0, 0, false},
		{"-1:00", 0, 0, false},
	}
	for _, tt := range tests {
		h, m, ok := ParseClock(tt.in)
		if ok != tt.ok || (ok && (h != tt.h || m != tt.m)) {
			t.Errorf("ParseClock(%q) = %d, %d, %v; want %d, %d, %v", tt.in, h, m, ok, tt.h, tt.m, tt.ok)
		}
	}
}

func TestClockTime(t *testing.T) {
	utc := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		at    time.Time
		h, m  int
		pm    bool
		value string
	}{
		{utc(3, 3, 10, 0), 10, 0, false, "10am"},
		{utc(3, 3, 11, 30), 11, 30, false, "11:30am"},
		{utc(3, 3, 12, 0), 12, 0, true, "midday"},
		{utc(3, 3, 12, 5), 12, 5, true, "12:05pm"},
		{utc(3, 3, 0, 0), 12, 0, false, "midnight"},
		{utc(3, 3, 0, 30), 12, 30, false, "12:30am"},
		{utc(3, 3, 17, 5), 5, 5, true, "5:05pm"},
		// British Summer Time: 9am UTC is 10am in London; 11:30pm UTC is 00:30.
		{utc(7, 1, 9, 0), 10, 0, false, "10am"},
		{utc(6, 30, 23, 30), 12, 30, false, "12:30am"},
	}
	for _, tt := range tests {
		h, m, pm := Clock(tt.at)
		if h != tt.h || m != tt.m || pm != tt.pm {
			t.Errorf("Clock(%s) = %d, %d, %v; want %d, %d, %v", tt.at, h, m, pm, tt.h, tt.m, tt.pm)
		}
		if got := ClockTime(tt.at); got != tt.value {
			t.Errorf("ClockTime(%s) = %q, want %q", tt.at, got, tt.value)
		}
		if ph, pmin, ok := ParseClock(tt.value); !ok || ph != tt.at.In(London).Hour() || pmin != tt.m {
			t.Errorf("ParseClock(%q) = %d, %d, %v: does not read back %s", tt.value, ph, pmin, ok, tt.at.In(London))
		}
	}
}

func TestEventFormValidate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := EventForm{Title: "  Agile   for leaders ", Description: "A morning.\r\nWith coffee.", Audience: AudienceLeaders,
		Format: FormatInPerson, Address: "Town Hall", JoiningLink: "https://ignored.example", StartDay: "1", StartMonth: "7",
		StartYear: "2026", StartTime: "9:30am", EndTime: "1pm", Capacity: "1,000", DeadlineDay: "30", DeadlineMonth: "6",
		DeadlineYear: "2026", Deadline: "5pm", Language: "cy"}
	e, fe := f.Validate(now, nil)
	if fe.Any() {
		t.Fatalf("errors %v", fe.Msgs)
	}
	want := Event{Title: "Agile for leaders", Description: "A morning.\nWith coffee.", Audience: AudienceLeaders,
		Format: FormatInPerson, Address: "Town Hall", StartsAt: time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC),
		EndsAt: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), Capacity: 1000,
		BookingDeadline: time.Date(2026, 6, 30, 16, 0, 0, 0, time.UTC), Language: LanguageWelsh}
	if e != want {
		t.Errorf("event\n%+v\nwant\n%+v", e, want)
	}
	// The form of a stored event gives the same event back, and its start may stay in
	// the past once set.
	back, fe := EventFormOf(&e).Validate(e.StartsAt.Add(time.Hour), &e)
	if fe.Any() || back != want {
		t.Errorf("round trip: %+v, %v", back, fe.Msgs)
	}
	// The deadline defaults to the start; an event may end on another day.
	f.DeadlineDay, f.DeadlineMonth, f.DeadlineYear, f.Deadline = "", "", "", ""
	f.EndDay, f.EndMonth, f.EndYear = "2", "7", "2026"
	e, fe = f.Validate(now, nil)
	if fe.Any() || !e.BookingDeadline.Equal(e.StartsAt) || !e.EndsAt.Equal(time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("default deadline and end date: %+v, %v", e, fe.Msgs)
	}
	f.EndYear = "2027"
	if _, fe = f.Validate(now, nil); inEnglish(fe).Get("end-day") != "An event can last at most a year" {
		t.Errorf("a two-year event: %v", fe.Msgs)
	}
}

func TestParseEventQuery(t *testing.T) {
	q, err := ParseEventQuery(url.Values{"when": {"past"}, "audience": {"doers"}, "format": {"online"}, "page": {"2"}})
	if err != nil || q.When != EventsPast || q.Audience != AudienceDoers || q.Format != FormatOnline || q.Page != 2 || q.PerPage != DefaultPerPage {
		t.Fatalf("q = %+v, %v", q, err)
	}
	if got := q.Values().Encode(); got != "audience=doers&format=online&page=2&when=past" {
		t.Errorf("Values = %q", got)
	}
	for _, bad := range []url.Values{{"when": {"soon"}}, {"audience": {"all"}}, {"format": {"radio"}}, {"per_page": {"501"}}} {
		if _, err := ParseEventQuery(bad); ErrorCode(err) != EINVALID {
			t.Errorf("%v: err %v, want invalid", bad, err)
		}
	}
}
