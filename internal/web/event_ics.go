package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// iCalendar (RFC 5545) files: one per booking, for the person who booked, and a public
// feed of upcoming events. The feed holds no personal data and no joining links.

const icsType = "text/calendar; charset=utf-8"

// maxFeedEvents bounds the public feed.
const maxFeedEvents = 1000

// ics writes an iCalendar file: CRLF line ends, long lines folded at 75 octets.
type ics struct{ b strings.Builder }

// line writes "NAME:value", value already escaped where it is text.
func (c *ics) line(name, value string) {
	l, limit := name+":"+value, 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut-- // never split a character
		}
		c.b.WriteString(l[:cut] + "\r\n ")
		l, limit = l[cut:], 74 // a continuation line starts with a space
	}
	c.b.WriteString(l + "\r\n")
}

// icsText escapes TEXT values: backslash, semicolon, comma and new lines.
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

func (c *ics) begin(name string) {
	c.line("BEGIN", "VCALENDAR")
	c.line("VERSION", "2.0")
	c.line("PRODID", "-//Local Digital//Training and events//EN")
	c.line("CALSCALE", "GREGORIAN")
	c.line("METHOD", "PUBLISH")
	if name != "" {
		c.line("X-WR-CALNAME", icsText(name))
	}
}

// icsEvent is what goes in one VEVENT.
type icsEvent struct {
	e        *model.Event
	status   string // CONFIRMED, TENTATIVE or CANCELLED
	link     string // the joining link, for a person with a place only
	page     string // the event's page
	uidHost  string
	stamp    time.Time
	sequence int
}

func (c *ics) event(v icsEvent) {
	e := v.e
	c.line("BEGIN", "VEVENT")
	c.line("UID", fmt.Sprintf("event-%d@%s", e.ID, v.uidHost))
	c.line("DTSTAMP", icsTime(v.stamp))
	c.line("DTSTART", icsTime(e.StartsAt))
	c.line("DTEND", icsTime(e.EndsAt))
	c.line("SEQUENCE", strconv.Itoa(v.sequence))
	c.line("SUMMARY", icsText(e.Title))
	desc := e.Description + "\n\nRun by " + e.OrganisationName + ".\n" + v.page
	if v.link != "" {
		desc += "\n\nJoin: " + v.link
	}
	c.line("DESCRIPTION", icsText(desc))
	switch {
	case e.Format == model.FormatInPerson:
		c.line("LOCATION", icsText(e.Address))
		c.line("URL", v.page)
	case v.link != "":
		c.line("LOCATION", icsText(v.link))
		c.line("URL", v.link)
	default:
		c.line("LOCATION", icsText(locale.English.Msg(model.FormatName(e.Format))))
		c.line("URL", v.page)
	}
	c.line("STATUS", v.status)
	c.line("END", "VEVENT")
}

func (c *ics) end() string {
	c.line("END", "VCALENDAR")
	return c.b.String()
}

// icsHost is the site's host name, which makes each event's UID unique in the world.
func (s *Server) icsHost() string {
	if u, err := url.Parse(s.opts.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localdigital.invalid"
}

// icsSequence grows each time the event changes, so that calendars take the newest copy.
func icsSequence(e *model.Event) int { return int(max(0, e.UpdatedAt.Unix()-e.CreatedAt.Unix())) }

// bookingCalendar serves /bookings/{id}.ics to the person who booked: with the joining
// link if they have a place, tentative while they wait, cancelled if they or the
// organiser cancelled.
func (s *Server) bookingCalendar(w http.ResponseWriter, r *http.Request) {
	num, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	id, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	b, ok := s.ownBooking(w, r, id)
	if !ok {
		return
	}
	e := b.Event
	v := icsEvent{e: e, status: "CONFIRMED", page: s.opts.BaseURL + eventPath(e.ID), uidHost: s.icsHost(),
		stamp: s.eventNow(), sequence: icsSequence(e)}
	switch {
	case e.Cancelled || b.Status == model.BookingCancelled:
		v.status = "CANCELLED"
	case b.Status == model.BookingWaiting:
		v.status = "TENTATIVE"
	case e.HasLink():
		v.link = e.JoiningLink
	}
	var c ics
	c.begin("")
	c.event(v)
	h := w.Header()
	h.Set("Content-Type", icsType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="event-%d.ics"`, e.ID))
	h.Set("Cache-Control", "private, no-store")
	w.Write([]byte(c.end()))
}

// eventFeed serves /events.ics: every upcoming event, cancelled ones marked so that
// subscribed calendars drop them. It holds no personal data and no joining links.
func (s *Server) eventFeed(w http.ResponseWriter, r *http.Request) {
	events, _, err := s.db.ListEvents(r.Context(), model.EventQuery{When: model.EventsUpcoming, IncludeCancelled: true,
		Page: 1, PerPage: maxFeedEvents})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var c ics
	c.begin("Local Digital training and events")
	host, now := s.icsHost(), s.eventNow()
	for i := range events {
		e := &events[i]
		v := icsEvent{e: e, status: "CONFIRMED", page: s.opts.BaseURL + eventPath(e.ID), uidHost: host, stamp: now,
			sequence: icsSequence(e)}
		if e.Cancelled {
			v.status = "CANCELLED"
		}
		c.event(v)
	}
	h := w.Header()
	h.Set("Content-Type", icsType)
	h.Set("Content-Disposition", `inline; filename="local-digital-events.ics"`)
	w.Write([]byte(c.end()))
}
