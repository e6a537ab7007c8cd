package web

import (
	"fmt"
	"strings"

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

// EventEmails returns the notifier that words emails about bookings for a site at base.
func EventEmails(base string) store.EventNotifier {
	base = strings.TrimRight(base, "/")
	return func(n store.EventNotice) []model.Email {
		e, b := n.Event, n.Booking
		link := fmt.Sprintf("%s/events/%d", base, e.ID)
		args := []any{"Title", e.Title, "Link", link, "When", when(mailWords, e.StartsAt, e.EndsAt), "Organiser", e.OrganisationName}
		var subject, body string
		switch n.Kind {
		case store.NoticeBooked:
			subject = mailWords.T("emails.events.booked.subject", args...)
			body = mailWords.T("emails.events.booked.body", append(args, "Details", eventDetails(e, true))...)
		case store.NoticeWaiting:
			subject = mailWords.T("emails.events.waiting.subject", args...)
			body = mailWords.T("emails.events.waiting.body", append(args, "Place", b.Place, "Details", eventDetails(e, false))...)
		case store.NoticePromoted:
			subject = mailWords.T("emails.events.promoted.subject", args...)
			body = mailWords.T("emails.events.promoted.body", append(args, "Details", eventDetails(e, true))...)
		case store.NoticeReminder:
			subject = mailWords.T("emails.events.reminder.subject", append(args, "Date", longDate(mailWords, e.StartsAt))...)
			body = mailWords.T("emails.events.reminder.body", append(args, "Details", eventDetails(e, true))...)
		case store.NoticeEventChanged:
			subject = mailWords.T("emails.events.changed.subject", args...)
			body = mailWords.T("emails.events.changed.body", append(args, "Details", eventDetails(e, b.HasPlace()))...)
		case store.NoticeEventCancelled:
			subject = mailWords.T("emails.events.cancelled.subject", args...)
			args = append(args, "Events", base+"/events", "Reason", e.CancelReason)
			if e.CancelReason != "" {
				body = mailWords.T("emails.events.cancelled.body_with_reason", args...)
			} else {
				body = mailWords.T("emails.events.cancelled.body", args...)
			}
		case store.NoticeBookingCancelled:
			subject = mailWords.T("emails.events.booking_cancelled.subject", args...)
			body = mailWords.T("emails.events.booking_cancelled.body", args...)
		default:
			return nil
		}
		return []model.Email{{To: b.UserEmail, Kind: kindEventPrefix + n.Kind, Subject: subject, Body: body}}
	}
}

// eventDetails says when and where; withLink adds the joining link, for people with a place.
func eventDetails(e *model.Event, withLink bool) string {
	switch {
	case e.Format == model.FormatInPerson:
		return mailWords.T("emails.events.details.in_person", "When", when(mailWords, e.StartsAt, e.EndsAt), "Address", e.Address)
	case withLink && e.Format == model.FormatELearning:
		return mailWords.T("emails.events.details.course", "When", when(mailWords, e.StartsAt, e.EndsAt), "Link", e.JoiningLink)
	case withLink:
		return mailWords.T("emails.events.details.online", "When", when(mailWords, e.StartsAt, e.EndsAt), "Link", e.JoiningLink)
	}
	return mailWords.T("emails.events.details.no_link", "When", when(mailWords, e.StartsAt, e.EndsAt), "Format", mailWords.Msg(model.FormatName(e.Format)))
}
