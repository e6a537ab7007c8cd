package web

import (
	"fmt"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Email kinds of training and events, one per notice, so that a GOV.UK Notify template
// can be chosen for each.
const kindEventPrefix = "event_"

// eventEmails words the emails about bookings. The joining link goes only to people with
// a place.
func (s *Server) eventEmails(n store.EventNotice) []model.Email {
	return EventEmails(s.opts.BaseURL)(n)
}

// EventEmails returns the notifier that words emails about bookings for a site at base,
// each in the language of the person booked.
func EventEmails(base string) store.EventNotifier {
	base = strings.TrimRight(base, "/")
	return func(n store.EventNotice) []model.Email {
		e := letter(base, locale.Default, func(m mailer) model.Email { return eventEmail(m, n) })
		if e.ForLanguage(locale.Default).Subject == "" {
			return nil
		}
		return []model.Email{e}
	}
}

// eventEmail words one notice about a booking; an unknown notice has no subject.
func eventEmail(m mailer, n store.EventNotice) model.Email {
	e, b := n.Event, n.Booking
	link := m.link(fmt.Sprintf("/events/%d", e.ID))
	args := []any{"Title", e.Title, "Link", link, "When", when(m.Printer, e.StartsAt, e.EndsAt), "Organiser", e.OrganisationName}
	var subject, body string
	switch n.Kind {
	case store.NoticeBooked:
		subject = m.T("emails.events.booked.subject", args...)
		body = m.T("emails.events.booked.body", append(args, "Details", eventDetails(m.Printer, e, true))...)
	case store.NoticeWaiting:
		subject = m.T("emails.events.waiting.subject", args...)
		body = m.T("emails.events.waiting.body", append(args, "Place", b.Place, "Details", eventDetails(m.Printer, e, false))...)
	case store.NoticePromoted:
		subject = m.T("emails.events.promoted.subject", args...)
		body = m.T("emails.events.promoted.body", append(args, "Details", eventDetails(m.Printer, e, true))...)
	case store.NoticeReminder:
		subject = m.T("emails.events.reminder.subject", append(args, "Date", longDate(m.Printer, e.StartsAt))...)
		body = m.T("emails.events.reminder.body", append(args, "Details", eventDetails(m.Printer, e, true))...)
	case store.NoticeEventChanged:
		subject = m.T("emails.events.changed.subject", args...)
		body = m.T("emails.events.changed.body", append(args, "Details", eventDetails(m.Printer, e, b.HasPlace()))...)
	case store.NoticeEventCancelled:
		subject = m.T("emails.events.cancelled.subject", args...)
		args = append(args, "Events", m.link("/events"), "Reason", e.CancelReason)
		if e.CancelReason != "" {
			body = m.T("emails.events.cancelled.body_with_reason", args...)
		} else {
			body = m.T("emails.events.cancelled.body", args...)
		}
	case store.NoticeBookingCancelled:
		subject = m.T("emails.events.booking_cancelled.subject", args...)
		body = m.T("emails.events.booking_cancelled.body", args...)
	default:
		return model.Email{}
	}
	return model.Email{To: b.UserEmail, Kind: kindEventPrefix + n.Kind, Subject: subject, Body: body}
}

// eventDetails says when and where; withLink adds the joining link, for people with a place.
func eventDetails(p *locale.Printer, e *model.Event, withLink bool) string {
	switch {
	case e.Format == model.FormatInPerson:
		return p.T("emails.events.details.in_person", "When", when(p, e.StartsAt, e.EndsAt), "Address", e.Address)
	case withLink && e.Format == model.FormatELearning:
		return p.T("emails.events.details.course", "When", when(p, e.StartsAt, e.EndsAt), "Link", e.JoiningLink)
	case withLink:
		return p.T("emails.events.details.online", "When", when(p, e.StartsAt, e.EndsAt), "Link", e.JoiningLink)
	}
	return p.T("emails.events.details.no_link", "When", when(p, e.StartsAt, e.EndsAt), "Format", p.Msg(model.FormatName(e.Format)))
}
