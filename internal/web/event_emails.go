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
		var subject, body string
		switch n.Kind {
		case store.NoticeBooked:
			subject = "You have a place: " + e.Title
			body = "You have a place on " + e.Title + ".\n\n" + eventDetails(e, true) +
				"\n\nAdd it to your calendar or cancel your booking: " + link
		case store.NoticeWaiting:
			subject = "You are on the waiting list: " + e.Title
			body = fmt.Sprintf("There are no places left on %s, so you are number %d on the waiting list.\n\n"+
				"If someone cancels, we will give you their place and email you.\n\n%s\n\n"+
				"Leave the waiting list: %s", e.Title, b.Place, eventDetails(e, false), link)
		case store.NoticePromoted:
			subject = "A place has come free: " + e.Title
			body = "Someone has cancelled, so you now have a place on " + e.Title + ".\n\n" + eventDetails(e, true) +
				"\n\nIf you cannot go any more, cancel your booking so that someone else can have the place: " + link
		case store.NoticeReminder:
			subject = "Reminder: " + e.Title + " on " + model.LongDate(e.StartsAt)
			body = "This is a reminder that you have a place on " + e.Title + ".\n\n" + eventDetails(e, true) +
				"\n\nIf you cannot go any more, cancel your booking so that someone else can have the place: " + link
		case store.NoticeEventChanged:
			subject = "Changed: " + e.Title
			body = e.OrganisationName + " has changed the time or place of " + e.Title + ".\n\n" +
				eventDetails(e, b.HasPlace()) + "\n\nSee the event or cancel your booking: " + link
		case store.NoticeEventCancelled:
			subject = "Cancelled: " + e.Title
			body = e.OrganisationName + " has cancelled " + e.Title + ", " + e.When() + "."
			if e.CancelReason != "" {
				body += "\n\nThey said: " + e.CancelReason
			}
			body += "\n\nYou do not need to do anything. Find other training and events: " + base + "/events"
		case store.NoticeBookingCancelled:
			subject = "Booking cancelled: " + e.Title
			body = "You have cancelled your booking for " + e.Title + ", " + e.When() + ".\n\n" +
				"If this was a mistake, you can book again while places are left: " + link
		default:
			return nil
		}
		return []model.Email{{To: b.UserEmail, Kind: kindEventPrefix + n.Kind, Subject: subject + " – Local Digital",
			Body: body + "\n"}}
	}
}

// eventDetails says when and where; withLink adds the joining link, for people with a place.
func eventDetails(e *model.Event, withLink bool) string {
	d := "When: " + e.When()
	switch {
	case e.Format == model.FormatInPerson:
		d += "\nWhere: " + e.Address
	case withLink && e.Format == model.FormatELearning:
		d += "\nCourse: " + e.JoiningLink
	case withLink:
		d += "\nJoin online: " + e.JoiningLink
	default:
		d += "\nWhere: " + model.FormatName(e.Format) + " (you will get the link if you get a place)"
	}
	return d
}
