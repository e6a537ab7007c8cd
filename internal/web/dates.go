package web

import (
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// Dates and times as people read them, in London time and in the words of a printer's
// language: the catalog's dates.* messages hold the names of the months and days, am and
// pm, and the patterns that put them together, so that each language gives its own.

// monthNames are the months' names, January first; dayNames the days', Sunday first
// (as time.Weekday counts).
var (
	monthNames = [12]model.Msg{{Key: "dates.months.january"}, {Key: "dates.months.february"},
		{Key: "dates.months.march"}, {Key: "dates.months.april"}, {Key: "dates.months.may"},
		{Key: "dates.months.june"}, {Key: "dates.months.july"}, {Key: "dates.months.august"},
		{Key: "dates.months.september"}, {Key: "dates.months.october"}, {Key: "dates.months.november"},
		{Key: "dates.months.december"}}
	dayNames = [7]model.Msg{{Key: "dates.days.sunday"}, {Key: "dates.days.monday"}, {Key: "dates.days.tuesday"},
		{Key: "dates.days.wednesday"}, {Key: "dates.days.thursday"}, {Key: "dates.days.friday"},
		{Key: "dates.days.saturday"}}
)

// dateArgs are a date's parts as a pattern's arguments.
func dateArgs(p *locale.Printer, t time.Time) []any {
	t = t.In(model.London)
	return []any{"Day", t.Day(), "Month", p.Msg(monthNames[t.Month()-1]), "Year", t.Year()}
}

// date writes "3 March 2026"; the zero time is blank.
func date(p *locale.Printer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.T("dates.date", dateArgs(p, t)...)
}

// longDate writes "Tuesday 3 March 2026".
func longDate(p *locale.Printer, t time.Time) string {
	return p.T("dates.long_date", append(dateArgs(p, t), "Weekday", p.Msg(dayNames[t.In(model.London).Weekday()]))...)
}

// clockTime writes a time of day as GOV.UK does: "10am", "11:30am", "midday", "midnight".
func clockTime(p *locale.Printer, t time.Time) string {
	h, m, pm := model.Clock(t)
	switch {
	case h == 12 && m == 0 && pm:
		return p.T("dates.midday")
	case h == 12 && m == 0:
		return p.T("dates.midnight")
	case m == 0:
		return p.T("dates.clock.hour", "Hour", h, "Period", period(p, pm))
	}
	return exactTime(p, t)
}

// clockTimeAfter is clockTime after the word for "at" or "to", which in some languages
// changes the next word: Welsh says "am ganol dydd", "i ganol dydd" (soft mutation).
func clockTimeAfter(p *locale.Printer, t time.Time) string {
	if h, m, pm := model.Clock(t); h == 12 && m == 0 && pm {
		return p.T("dates.midday.after")
	}
	return clockTime(p, t)
}

// exactTime writes a time of day always with its minutes: "10:00am", "12:00pm".
func exactTime(p *locale.Printer, t time.Time) string {
	h, m, pm := model.Clock(t)
	return p.T("dates.clock.minutes", "Hour", h, "Minute", fmt.Sprintf("%02d", m), "Period", period(p, pm))
}

func period(p *locale.Printer, pm bool) string {
	if pm {
		return p.T("dates.pm")
	}
	return p.T("dates.am")
}

// dayAndTime writes "Tuesday 3 March 2026 at 10am"; the zero time is blank.
func dayAndTime(p *locale.Printer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.T("dates.at", "Date", longDate(p, t), "Time", clockTimeAfter(p, t))
}

// dateAndExactTime writes "3 March 2026 at 10:00am", as records (audit entries) show times.
func dateAndExactTime(p *locale.Printer, t time.Time) string {
	return p.T("dates.at", "Date", p.T("dates.date", dateArgs(p, t)...), "Time", exactTime(p, t))
}

// timeOnDate writes "10:00am on 3 March 2026", for when something may be done again.
func timeOnDate(p *locale.Printer, t time.Time) string {
	return p.T("dates.time_on", "Time", exactTime(p, t), "Date", p.T("dates.date", dateArgs(p, t)...))
}

// when writes a span of time: "Tuesday 3 March 2026, 10am to 11:30am", or with both dates
// when it ends on another day (in London).
func when(p *locale.Printer, start, end time.Time) string {
	s, e := start.In(model.London), end.In(model.London)
	if s.Year() == e.Year() && s.YearDay() == e.YearDay() {
		return p.T("dates.span.same_day", "Date", longDate(p, s), "Start", clockTime(p, s), "End", clockTimeAfter(p, e))
	}
	return p.T("dates.span.days", "StartDate", longDate(p, s), "Start", clockTime(p, s),
		"EndDate", longDate(p, e), "End", clockTime(p, e))
}
