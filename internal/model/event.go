package model

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // event times are entered and shown in Europe/London on any host, even one without zone files
)

// London is where events' times are entered and shown; they are stored in UTC.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // time/tzdata is embedded, so this cannot happen
	}
	return loc
}()

// Audiences of an event.
const (
	AudienceLeaders  = "leaders"
	AudienceDoers    = "doers"
	AudienceEveryone = "everyone"
)

// Audiences lists every audience in display order.
var Audiences = []string{AudienceLeaders, AudienceDoers, AudienceEveryone}

// audienceNames and audienceHints are the audiences' names and who each is.
var (
	audienceNames = map[string]Msg{
		AudienceLeaders:  {Key: "events.audiences.leaders"},
		AudienceDoers:    {Key: "events.audiences.doers"},
		AudienceEveryone: {Key: "events.audiences.everyone"},
	}
	audienceHints = map[string]Msg{
		AudienceLeaders:  {Key: "events.audiences.leaders.hint"},
		AudienceDoers:    {Key: "events.audiences.doers.hint"},
		AudienceEveryone: {Key: "events.audiences.everyone.hint"},
	}
)

// AudienceName is the name of an audience, as a message.
func AudienceName(a string) Msg { return labelOf(audienceNames, a) }

// AudienceHint says who an audience is, as a message.
func AudienceHint(a string) Msg { return labelOf(audienceHints, a) }

// Formats of an event.
const (
	FormatOnline    = "online"    // a joining link, shown only to people with a place
	FormatInPerson  = "in_person" // an address
	FormatELearning = "elearning" // self-paced: a link to the course, open between start and end
)

// Formats lists every format in display order.
var Formats = []string{FormatOnline, FormatInPerson, FormatELearning}

var formatNames = map[string]Msg{
	FormatOnline:    {Key: "events.formats.online"},
	FormatInPerson:  {Key: "events.formats.in_person"},
	FormatELearning: {Key: "events.formats.elearning"},
}

// FormatName is the name of a format, as a message.
func FormatName(f string) Msg { return labelOf(formatNames, f) }

// Booking statuses. A booking is active while booked or waiting; the database allows one
// active booking per person per event. Attended and no-show are set after the start.
const (
	BookingBooked    = "booked"
	BookingWaiting   = "waiting"
	BookingCancelled = "cancelled"
	BookingAttended  = "attended"
	BookingNoShow    = "no_show"
)

var bookingStatusNames = map[string]Msg{
	BookingBooked:    {Key: "events.booking_status.booked"},
	BookingWaiting:   {Key: "events.booking_status.waiting"},
	BookingCancelled: {Key: "events.booking_status.cancelled"},
	BookingAttended:  {Key: "events.booking_status.attended"},
	BookingNoShow:    {Key: "events.booking_status.no_show"},
}

// BookingStatusName is the name of a booking status shown in tags, as a message.
func BookingStatusName(s string) Msg { return labelOf(bookingStatusNames, s) }

// BookingStatusColour is the GOV.UK tag modifier for a booking status.
func BookingStatusColour(s string) string {
	switch s {
	case BookingBooked, BookingAttended:
		return "govuk-tag--green"
	case BookingWaiting:
		return "govuk-tag--yellow"
	default:
		return "govuk-tag--grey"
	}
}

// Event is a training course or event run by an organisation.
type Event struct {
	ID               int64
	OrganisationID   int64
	OrganisationName string
	OrganisationSlug string
	CreatedBy        int64 // 0 once the person who created it has deleted their account
	Audience         string
	Format           string
	Title            string
	Description      string
	JoiningLink      string // online and e-learning: shown only to people with a place
	Address          string // in person
	Language         string // the language its title and description are written in: en or cy
	StartsAt         time.Time
	EndsAt           time.Time
	Capacity         int
	BookingDeadline  time.Time
	Cancelled        bool
	CancelledAt      time.Time
	CancelReason     string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	// Counts, filled when the event is read.
	Booked   int // places taken: booked, attended or did not attend
	Waiting  int
	Attended int
}

// PlacesLeft is the number of places still free.
func (e *Event) PlacesLeft() int { return max(0, e.Capacity-e.Booked) }

// Full reports whether every place is taken, so that a new booking joins the waiting list.
func (e *Event) Full() bool { return e.Booked >= e.Capacity }

// Started reports whether the event has started at now.
func (e *Event) Started(now time.Time) bool { return !now.Before(e.StartsAt) }

// Ended reports whether the event is over at now.
func (e *Event) Ended(now time.Time) bool { return !now.Before(e.EndsAt) }

// BookingOpen reports whether people can book at now.
func (e *Event) BookingOpen(now time.Time) bool {
	return !e.Cancelled && !e.Started(now) && !now.After(e.BookingDeadline)
}

// HasLink reports whether the event is joined through a link rather than at an address.
func (e *Event) HasLink() bool { return e.Format == FormatOnline || e.Format == FormatELearning }

// AudienceName and FormatName are for templates.
func (e *Event) AudienceName() Msg { return AudienceName(e.Audience) }
func (e *Event) FormatName() Msg   { return FormatName(e.Format) }

// Booking is a person's place on an event, or their place in its waiting list.
type Booking struct {
	ID             int64
	EventID        int64
	UserID         int64 // 0 once the person has deleted their account
	UserEmail      string
	OrganisationID int64 // the person's organisation when they booked, for take-up figures
	Status         string
	Position       int // order in the waiting list; 0 unless waiting
	Place          int // 1 for the next person to be offered a place; 0 unless waiting
	CreatedAt      time.Time
	UpdatedAt      time.Time
	CancelledAt    time.Time
	RemindedAt     time.Time
	Event          *Event // filled when bookings are listed for a person
}

// Active reports whether the booking holds a place or a place in the waiting list.
func (b *Booking) Active() bool { return b.Status == BookingBooked || b.Status == BookingWaiting }

// HasPlace reports whether the person has (or had) a place: only they see a joining link.
func (b *Booking) HasPlace() bool {
	return b.Status == BookingBooked || b.Status == BookingAttended || b.Status == BookingNoShow
}

// StatusName and StatusColour are for templates.
func (b *Booking) StatusName() Msg      { return BookingStatusName(b.Status) }
func (b *Booking) StatusColour() string { return BookingStatusColour(b.Status) }

// ReminderAt is when people with a place are reminded of an event starting at start:
// 9am London time on the day before. People who book or are moved up from the waiting
// list after that moment are not reminded: their confirmation email says the same.
func ReminderAt(start time.Time) time.Time {
	s := start.In(London)
	return time.Date(s.Year(), s.Month(), s.Day()-1, 9, 0, 0, 0, London).UTC()
}

// ReminderLookahead bounds how far before the start ReminderAt can fall (at most 39
// hours, and one more across a change of the clocks), so that the store need only look
// at events starting this soon.
const ReminderLookahead = 48 * time.Hour

// TakeUp is how many people from one organisation have taken up training: one of the
// Declaration's success measures. People are counted once however many events they book.
type TakeUp struct {
	OrganisationID int64
	Booked         int // people who have or had a place on an event that was not cancelled
	Attended       int // people marked as attending at least once
	ByAudience     []AudienceTakeUp
}

// AudienceTakeUp is take-up for events of one audience.
type AudienceTakeUp struct {
	Audience string
	Booked   int
	Attended int
}

// Name is for templates.
func (a AudienceTakeUp) Name() Msg { return AudienceName(a.Audience) }

// Any reports whether anyone from the organisation has booked.
func (t *TakeUp) Any() bool { return t != nil && t.Booked > 0 }

// OrgTakeUp is one organisation's take-up, for open data.
type OrgTakeUp struct {
	Organisation Organisation
	TakeUp
}

// --- times of day -----------------------------------------------------------------------

// Clock is a time of day in London on the 12-hour clock: hour is 1 to 12, pm is whether
// it is midday or later. People read dates and times in their language's words
// (internal/web/dates.go); this is the arithmetic.
func Clock(t time.Time) (hour, minute int, pm bool) {
	t = t.In(London)
	h := t.Hour()
	hour = h % 12
	if hour == 0 {
		hour = 12
	}
	return hour, t.Minute(), h >= 12
}

// ClockTime writes a time of day as the event form shows it again to be read back by
// ParseClock: "10am", "11:30am", "midday", "midnight". It is the form's value, in the
// words ParseClock reads, not a sentence.
func ClockTime(t time.Time) string {
	h, m, pm := Clock(t)
	switch {
	case h == 12 && m == 0 && pm:
		return "midday"
	case h == 12 && m == 0:
		return "midnight"
	}
	suffix := "am"
	if pm {
		suffix = "pm"
	}
	if m == 0 {
		return fmt.Sprintf("%d%s", h, suffix)
	}
	return fmt.Sprintf("%d:%02d%s", h, m, suffix)
}

// --- the event form ---------------------------------------------------------------------

// Limits on an event's fields, shown to people as hints.
const (
	MaxEventTitle       = 120
	MaxEventDescription = 5000
	MaxEventLink        = 500
	MaxEventAddress     = 500
	MaxEventCapacity    = 10000
	MaxCancelReason     = 1000
	MaxEventLength      = 366 * 24 * time.Hour
)

// EventForm is what a person typed into the event form, as text, so that it can be shown
// again as typed. Dates are GOV.UK date inputs (day, month, year) with a time beside.
type EventForm struct {
	Organisation                                       string
	Title, Description, Audience, Format               string
	JoiningLink, Address                               string
	StartDay, StartMonth, StartYear, StartTime         string
	EndDay, EndMonth, EndYear, EndTime                 string
	Capacity                                           string
	DeadlineDay, DeadlineMonth, DeadlineYear, Deadline string
	Language                                           string
}

// fields names the form's fields, in page order, beside where each value lives.
func (f *EventForm) fields() []struct {
	name string
	val  *string
} {
	return []struct {
		name string
		val  *string
	}{
		{"organisation", &f.Organisation}, {"title", &f.Title}, {"description", &f.Description},
		{"audience", &f.Audience}, {"format", &f.Format}, {"joining_link", &f.JoiningLink}, {"address", &f.Address},
		{"start-day", &f.StartDay}, {"start-month", &f.StartMonth}, {"start-year", &f.StartYear}, {"start-time", &f.StartTime},
		{"end-day", &f.EndDay}, {"end-month", &f.EndMonth}, {"end-year", &f.EndYear}, {"end-time", &f.EndTime},
		{"capacity", &f.Capacity},
		{"deadline-day", &f.DeadlineDay}, {"deadline-month", &f.DeadlineMonth}, {"deadline-year", &f.DeadlineYear},
		{"deadline-time", &f.Deadline}, {"language", &f.Language},
	}
}

// EventFormFrom reads the form's fields with get (such as http.Request.PostFormValue).
func EventFormFrom(get func(string) string) EventForm {
	var f EventForm
	for _, fd := range f.fields() {
		*fd.val = get(fd.name)
	}
	return f
}

// Values maps each field's name to its value, to show the form again.
func (f EventForm) Values() map[string]string {
	m := map[string]string{}
	for _, fd := range f.fields() {
		m[fd.name] = *fd.val
	}
	return m
}

// EventFormOf fills the form from a stored event, in London time. The end date is left
// blank when the event ends on the day it starts.
func EventFormOf(e *Event) EventForm {
	s, en, d := e.StartsAt.In(London), e.EndsAt.In(London), e.BookingDeadline.In(London)
	f := EventForm{Organisation: strconv.FormatInt(e.OrganisationID, 10), Title: e.Title, Description: e.Description,
		Audience: e.Audience, Format: e.Format, JoiningLink: e.JoiningLink, Address: e.Address,
		StartDay: strconv.Itoa(s.Day()), StartMonth: strconv.Itoa(int(s.Month())), StartYear: strconv.Itoa(s.Year()),
		StartTime: ClockTime(s), EndTime: ClockTime(en), Capacity: strconv.Itoa(e.Capacity),
		DeadlineDay: strconv.Itoa(d.Day()), DeadlineMonth: strconv.Itoa(int(d.Month())), DeadlineYear: strconv.Itoa(d.Year()),
		Deadline: ClockTime(d), Language: e.Language}
	if s.YearDay() != en.YearDay() || s.Year() != en.Year() {
		f.EndDay, f.EndMonth, f.EndYear = strconv.Itoa(en.Day()), strconv.Itoa(int(en.Month())), strconv.Itoa(en.Year())
	}
	return f
}

// Validate checks the form at time now and returns the event it describes, with times in
// UTC. was is the event being changed, or nil for a new one: a start or booking deadline
// left as it was may be in the past, a new one may not.
func (f EventForm) Validate(now time.Time, was *Event) (Event, *FieldErrors) {
	fe := &FieldErrors{}
	e := Event{Title: CleanLine(f.Title), Description: CleanText(f.Description),
		Audience: strings.TrimSpace(f.Audience), Format: strings.TrimSpace(f.Format)}
	textField(fe, "title", e.Title, "events.form.title.missing", "events.form.title.too_long", MaxEventTitle)
	textField(fe, "description", e.Description, "events.form.description.missing", "events.form.description.too_long", MaxEventDescription)
	if !Contains(Audiences, e.Audience) {
		fe.Add("audience", "events.form.audience.missing")
	}
	switch e.Format {
	case FormatOnline, FormatELearning:
		e.JoiningLink = CleanLine(f.JoiningLink)
		linkField(fe, &e)
	case FormatInPerson:
		e.Address = CleanText(f.Address)
		textField(fe, "address", e.Address, "events.form.address.missing", "events.form.address.too_long", MaxEventAddress)
	default:
		fe.Add("format", "events.form.format.missing")
	}
	e.StartsAt, e.EndsAt = f.startAndEnd(fe, now, was)
	e.Capacity = capacityField(fe, f.Capacity)
	e.BookingDeadline = f.deadline(fe, now, was, e.StartsAt)
	e.Language = f.Language
	languageField(fe, &e.Language)
	return e, fe
}

// textField checks a required text field: missing and tooLong are the keys of its
// messages when it is empty or longer than limit (.Max).
func textField(fe *FieldErrors, name, v, missing, tooLong string, limit int) {
	switch {
	case v == "":
		fe.Add(name, missing)
	case Length(v) > limit:
		fe.Add(name, tooLong, "Max", commaInt(limit))
	}
}

// linkMessages are the joining link's messages, by format.
var linkMessages = map[string]struct{ missing, tooLong, invalid Msg }{
	FormatOnline: {Msg{Key: "events.form.joining_link.missing"}, Msg{Key: "events.form.joining_link.too_long"},
		Msg{Key: "events.form.joining_link.invalid"}},
	FormatELearning: {Msg{Key: "events.form.course_link.missing"}, Msg{Key: "events.form.course_link.too_long"},
		Msg{Key: "events.form.course_link.invalid"}},
}

func linkField(fe *FieldErrors, e *Event) {
	m := linkMessages[e.Format]
	u, err := url.Parse(e.JoiningLink)
	switch {
	case e.JoiningLink == "":
		fe.AddMsg("joining_link", m.missing)
	case Length(e.JoiningLink) > MaxEventLink:
		fe.Add("joining_link", m.tooLong.Key, "Max", MaxEventLink)
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		fe.AddMsg("joining_link", m.invalid)
	}
}

// startAndEnd reads the start (date and time) and the end (time, and a date when it ends
// on another day).
func (f EventForm) startAndEnd(fe *FieldErrors, now time.Time, was *Event) (time.Time, time.Time) {
	y, m, d, okDate := dateField(fe, "start", startDateMessages, f.StartDay, f.StartMonth, f.StartYear)
	h, mi, okTime := timeField(fe, "start-time", startTimeMessages, f.StartTime)
	if !okDate || !okTime {
		timeField(fe, "end-time", endTimeMessages, f.EndTime) // still report a bad end time
		return time.Time{}, time.Time{}
	}
	start := time.Date(y, time.Month(m), d, h, mi, 0, 0, London).UTC()
	if (was == nil || !start.Equal(was.StartsAt)) && !start.After(now) {
		fe.Add("start-day", "events.form.start.past")
	}
	ey, em, ed, okEnd := y, m, d, true
	endDateGiven := strings.TrimSpace(f.EndDay+f.EndMonth+f.EndYear) != ""
	if endDateGiven {
		ey, em, ed, okEnd = dateField(fe, "end", endDateMessages, f.EndDay, f.EndMonth, f.EndYear)
	}
	eh, emi, okEndTime := timeField(fe, "end-time", endTimeMessages, f.EndTime)
	if !okEnd || !okEndTime {
		return start, time.Time{}
	}
	end := time.Date(ey, time.Month(em), ed, eh, emi, 0, 0, London).UTC()
	switch {
	case !end.After(start) && endDateGiven:
		fe.Add("end-day", "events.form.end.before_start")
	case !end.After(start):
		fe.Add("end-time", "events.form.end_time.before_start")
	case end.Sub(start) > MaxEventLength:
		fe.Add("end-day", "events.form.end.too_long")
	}
	return start, end
}

func capacityField(fe *FieldErrors, s string) int {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		fe.Add("capacity", "events.form.capacity.missing")
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxEventCapacity {
		fe.Add("capacity", "events.form.capacity.invalid", "Max", commaInt(MaxEventCapacity))
		return 0
	}
	return n
}

// deadline reads when booking closes: blank means when the event starts.
func (f EventForm) deadline(fe *FieldErrors, now time.Time, was *Event, start time.Time) time.Time {
	dateGiven := strings.TrimSpace(f.DeadlineDay+f.DeadlineMonth+f.DeadlineYear) != ""
	timeGiven := strings.TrimSpace(f.Deadline) != ""
	switch {
	case !dateGiven && !timeGiven:
		return start
	case !dateGiven:
		fe.Add("deadline-day", "events.form.deadline.no_date")
		return time.Time{}
	}
	y, m, d, okDate := dateField(fe, "deadline", deadlineDateMessages, f.DeadlineDay, f.DeadlineMonth, f.DeadlineYear)
	if !timeGiven {
		fe.Add("deadline-time", "events.form.deadline_time.missing")
		return time.Time{}
	}
	h, mi, okTime := timeField(fe, "deadline-time", deadlineTimeMessages, f.Deadline)
	if !okDate || !okTime {
		return time.Time{}
	}
	dl := time.Date(y, time.Month(m), d, h, mi, 0, 0, London).UTC()
	switch {
	case !start.IsZero() && dl.After(start):
		fe.Add("deadline-day", "events.form.deadline.after_start")
	case (was == nil || !dl.Equal(was.BookingDeadline)) && !dl.After(now):
		fe.Add("deadline-day", "events.form.deadline.past")
	}
	return dl
}

// dateMessages are a date input's messages: all of it missing, a part of it missing (with
// .Parts, a dateParts message), a year without 4 numbers, not a real date.
type dateMessages struct{ missing, include, year, real Msg }

var (
	startDateMessages = dateMessages{Msg{Key: "events.form.start_date.missing"}, Msg{Key: "events.form.start_date.include"},
		Msg{Key: "events.form.start_date.year"}, Msg{Key: "events.form.start_date.real"}}
	endDateMessages = dateMessages{Msg{Key: "events.form.end_date.missing"}, Msg{Key: "events.form.end_date.include"},
		Msg{Key: "events.form.end_date.year"}, Msg{Key: "events.form.end_date.real"}}
	deadlineDateMessages = dateMessages{Msg{Key: "events.form.deadline_date.missing"}, Msg{Key: "events.form.deadline_date.include"},
		Msg{Key: "events.form.deadline_date.year"}, Msg{Key: "events.form.deadline_date.real"}}
)

// dateParts names the parts of a date left out, by which are missing.
var dateParts = map[string]Msg{
	"day":        {Key: "events.form.date_parts.day"},
	"month":      {Key: "events.form.date_parts.month"},
	"year":       {Key: "events.form.date_parts.year"},
	"day month":  {Key: "events.form.date_parts.day_month"},
	"day year":   {Key: "events.form.date_parts.day_year"},
	"month year": {Key: "events.form.date_parts.month_year"},
}

// dateField reads a GOV.UK date input named prefix (prefix-day, prefix-month,
// prefix-year), adding the GOV.UK error messages against the part at fault.
func dateField(fe *FieldErrors, prefix string, msgs dateMessages, day, month, year string) (y, m, d int, ok bool) {
	parts := []struct{ name, val string }{{"day", day}, {"month", month}, {"year", year}}
	var missing []string
	for _, p := range parts {
		if strings.TrimSpace(p.val) == "" {
			missing = append(missing, p.name)
		}
	}
	switch {
	case len(missing) == 3:
		fe.AddMsg(prefix+"-day", msgs.missing)
		return 0, 0, 0, false
	case len(missing) > 0:
		fe.Add(prefix+"-"+missing[0], msgs.include.Key, "Parts", dateParts[strings.Join(missing, " ")])
		return 0, 0, 0, false
	}
	d, errD := strconv.Atoi(strings.TrimSpace(day))
	m, errM := strconv.Atoi(strings.TrimSpace(month))
	y, errY := strconv.Atoi(strings.TrimSpace(year))
	switch {
	case errY != nil || len(strings.TrimSpace(year)) != 4:
		fe.AddMsg(prefix+"-year", msgs.year)
		return 0, 0, 0, false
	case errD != nil || errM != nil || m < 1 || m > 12 || d < 1 ||
		time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC).Day() != d:
		fe.AddMsg(prefix+"-day", msgs.real)
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// timeMessages are a time input's messages: missing, not a time.
type timeMessages struct{ missing, format Msg }

var (
	startTimeMessages    = timeMessages{Msg{Key: "events.form.start_time.missing"}, Msg{Key: "events.form.start_time.format"}}
	endTimeMessages      = timeMessages{Msg{Key: "events.form.end_time.missing"}, Msg{Key: "events.form.end_time.format"}}
	deadlineTimeMessages = timeMessages{Msg{Key: "events.form.deadline_time.missing"}, Msg{Key: "events.form.deadline_time.format"}}
)

// timeField reads a time of day typed as "10am", "2:30pm", "14:30", "10.30am" or "midday".
func timeField(fe *FieldErrors, name string, msgs timeMessages, s string) (h, m int, ok bool) {
	if strings.TrimSpace(s) == "" {
		fe.AddMsg(name, msgs.missing)
		return 0, 0, false
	}
	h, m, ok = ParseClock(s)
	if !ok {
		fe.AddMsg(name, msgs.format)
	}
	return h, m, ok
}

// ParseClock reads a time of day, as people write it in English or Welsh: "10am",
// "2:30pm", "10.30 a.m.", "10yb", "2:30yp" (y bore, y prynhawn), "14:30", "midday",
// "noon", "canol dydd", "midnight" or "hanner nos". A bare number such as "2" is
// refused: it could be either.
func ParseClock(s string) (h, m int, ok bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	s = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "y.b.", "am", "y.p.", "pm", "yb", "am", "yp", "pm").Replace(s)
	switch s {
	case "midday", "noon", "12noon", "canoldydd", "ganoldydd":
		return 12, 0, true
	case "midnight", "hannernos":
		return 0, 0, true
	}
	s = strings.ReplaceAll(s, ".", ":")
	suffix := ""
	if strings.HasSuffix(s, "am") || strings.HasSuffix(s, "pm") {
		suffix, s = s[len(s)-2:], s[:len(s)-2]
	}
	hs, ms, colon := strings.Cut(s, ":")
	if !colon && suffix == "" {
		return 0, 0, false
	}
	if colon && len(ms) != 2 || len(hs) < 1 || len(hs) > 2 {
		return 0, 0, false
	}
	h, err := strconv.Atoi(hs)
	if err != nil {
		return 0, 0, false
	}
	if colon {
		if m, err = strconv.Atoi(ms); err != nil || m < 0 || m > 59 {
			return 0, 0, false
		}
	}
	switch suffix {
	case "":
		return h, m, h >= 0 && h <= 23
	case "am":
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		return h % 12, m, true
	default:
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		return h%12 + 12, m, true
	}
}

func commaInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ValidateCancelReason checks the optional message sent to people booked when an
// organiser cancels an event.
func ValidateCancelReason(reason string) (string, *FieldErrors) {
	fe := &FieldErrors{}
	reason = CleanText(reason)
	if Length(reason) > MaxCancelReason {
		fe.Add("reason", "events.cancel.reason.too_long", "Max", commaInt(MaxCancelReason))
	}
	return reason, fe
}

// --- listing events ---------------------------------------------------------------------

// Which events a list shows.
const (
	EventsUpcoming = "upcoming" // not yet ended
	EventsPast     = "past"     // ended
	EventsAll      = "all"      // open data only
)

// EventQuery filters a list of events. Cancelled events are left out unless
// IncludeCancelled.
type EventQuery struct {
	When             string
	Audience         string
	Format           string
	Language         string // en or cy: only those written in it; "" for all
	OrganisationID   int64
	IncludeCancelled bool
	Page             int
	PerPage          int
}

// Offset is the number of rows before the page.
func (q EventQuery) Offset() int { return (q.Page - 1) * q.PerPage }

// EventQueryParams are the query parameters ParseEventQuery reads (see
// RegisterQueryParams).
var EventQueryParams = []string{"when", "audience", "format", "language", "page", "per_page"}

// ParseEventQuery reads and checks a list's query parameters: when, audience, format,
// page and per_page. A bad value is an EINVALID *Error naming the parameter.
func ParseEventQuery(v url.Values) (EventQuery, error) {
	q := EventQuery{When: EventsUpcoming, Page: 1, PerPage: DefaultPerPage}
	if w := strings.TrimSpace(v.Get("when")); w != "" {
		if w != EventsUpcoming && w != EventsPast && w != EventsAll {
			return q, InvalidParam("when", ReasonNotAnOption, 0, 0, "events.query.when")
		}
		q.When = w
	}
	q.Audience = strings.TrimSpace(v.Get("audience"))
	if q.Audience != "" && !Contains(Audiences, q.Audience) {
		return q, InvalidParam("audience", ReasonNotAnOption, 0, 0, "events.query.audience", "Options", Audiences)
	}
	q.Format = strings.TrimSpace(v.Get("format"))
	if q.Format != "" && !Contains(Formats, q.Format) {
		return q, InvalidParam("format", ReasonNotAnOption, 0, 0, "events.query.format", "Options", Formats)
	}
	var err error
	if q.Language, err = languageParam(v); err != nil {
		return q, err
	}
	q.Page, q.PerPage, err = pageParams(v, MaxPerPage)
	return q, err
}

// Values turns the query back into URL parameters, leaving out defaults.
func (q EventQuery) Values() url.Values {
	v := url.Values{}
	setText(v, "when", q.When, EventsUpcoming)
	setText(v, "audience", q.Audience, "")
	setText(v, "format", q.Format, "")
	setText(v, "language", q.Language, "")
	setPage(v, q.Page, q.PerPage)
	return v
}
