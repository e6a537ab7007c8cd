package web

import (
	"net/http"
	"net/url"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type eventShowData struct {
	Row         eventRow
	Booking     *model.Booking // the person's booking or waiting list place, if any
	ShowLink    bool           // the joining link: for people with a place, and organisers
	CanOrganise bool
	SignInHref  string
	OrgChoice   orgChoice // the organisation a booking counts for, when the person has several
	// Follow follows the organiser's events (the event series).
	Follow followButton
}

// eventShow is an event's page: its details, places left, and what the person can do:
// book, join the waiting list, or cancel. Anonymous visitors get a cached page with no
// joining link.
func (s *Server) eventShow(w http.ResponseWriter, r *http.Request) {
	e, ok := s.eventFromPath(w, r)
	if !ok {
		return
	}
	s.renderEventShow(w, r, http.StatusOK, e, nil)
}

func (s *Server) renderEventShow(w http.ResponseWriter, r *http.Request, status int, e *model.Event, fe *model.FieldErrors) {
	u := userFrom(r)
	d := &eventShowData{Row: s.rowOf(e), CanOrganise: u.CanAdminOrganisation(e.OrganisationID),
		SignInHref: "/sign-in?next=" + url.QueryEscape(eventPath(e.ID)),
		Follow:     s.followButton(r, model.FollowRef{Kind: model.FollowEventSeries, ID: e.OrganisationID})}
	if u != nil {
		b, err := s.db.ActiveBooking(r.Context(), e.ID, u.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Booking = b
		d.OrgChoice, _ = choose("", u.Memberships)
	}
	d.ShowLink = e.HasLink() && !e.Cancelled && (d.CanOrganise || (d.Booking != nil && d.Booking.HasPlace()))
	s.render(w, r, status, "event_show", &page{Title: e.Title, Nav: "events", Flash: s.takeFlash(w, r),
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.training_and_events"), "/events"}}, Errors: fe, Data: d})
}

// eventBook books a place for the person, or a place in the waiting list when the event
// is full. Booking twice, or a cancelled, started or closed event, gets a page saying why.
func (s *Server) eventBook(w http.ResponseWriter, r *http.Request) {
	e, ok := s.eventFromPath(w, r)
	if !ok {
		return
	}
	// Someone in several organisations says which one the booking counts for.
	var orgID int64
	if u := userFrom(r); len(u.Memberships) > 0 {
		c, problem := chooseFromForm(r, u.Memberships)
		if problem != "" {
			fe := &model.FieldErrors{}
			addOrgChoiceError(fe, problem, "events.booking.organisation.missing")
			s.renderEventShow(w, r, http.StatusBadRequest, e, fe)
			return
		}
		orgID = c.Chosen
	}
	b, err := s.db.BookEventFor(r.Context(), actorOf(userFrom(r)), e.ID, orgID, s.eventEmails)
	if err != nil {
		s.eventProblem(w, r, err, e)
		return
	}
	s.opts.Wake()
	if b.Status == model.BookingWaiting {
		s.setFlash(w, "flash.event_waiting")
	} else {
		s.setFlash(w, "flash.event_booked")
	}
	http.Redirect(w, r, eventPath(e.ID), http.StatusSeeOther)
}

// ownBookingFromPath is ownBooking for the booking whose id is the path's {id}.
func (s *Server) ownBookingFromPath(w http.ResponseWriter, r *http.Request) (*model.Booking, bool) {
	id, ok := eventIDFrom(r, "id")
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	return s.ownBooking(w, r, id)
}

// ownBooking finds the booking id and checks it is the person's own.
func (s *Server) ownBooking(w http.ResponseWriter, r *http.Request, id int64) (*model.Booking, bool) {
	b, err := s.db.Booking(r.Context(), id)
	if !s.found(w, r, err) {
		return nil, false
	}
	if b.UserID != userFrom(r).ID {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "events.booking.errors.not_yours_to_see"))
		return nil, false
	}
	return b, true
}

func (s *Server) bookingCancelForm(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBookingFromPath(w, r)
	if !ok {
		return
	}
	switch {
	case !b.Active():
		s.eventProblem(w, r, store.ErrBookingNotActive, b.Event)
		return
	case b.Event.Started(s.eventNow()):
		s.eventProblem(w, r, store.ErrCancelAfterStart, b.Event)
		return
	}
	title := printerOf(r).T("titles.cancel_booking_confirm")
	if b.Status == model.BookingWaiting {
		title = printerOf(r).T("titles.leave_waiting_list_confirm")
	}
	s.render(w, r, http.StatusOK, "event_booking_cancel", &page{Title: title, Nav: "events",
		BackLink: eventPath(b.EventID), Data: map[string]any{"Booking": b, "Row": s.rowOf(b.Event)}})
}

// bookingCancel cancels the person's own booking; the first person waiting moves up and
// is emailed.
func (s *Server) bookingCancel(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ownBookingFromPath(w, r)
	if !ok {
		return
	}
	if _, err := s.db.CancelBooking(r.Context(), actorOf(userFrom(r)), b.ID, s.eventEmails); err != nil {
		s.eventProblem(w, r, err, b.Event)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.booking_cancelled")
	http.Redirect(w, r, eventPath(b.EventID), http.StatusSeeOther)
}

type bookingsData struct {
	Upcoming []bookingRow
	Other    []bookingRow
}

type bookingRow struct {
	*model.Booking
	Row eventRow
}

// accountBookings lists the person's bookings: what is coming up, then the rest.
func (s *Server) accountBookings(w http.ResponseWriter, r *http.Request) {
	bs, err := s.db.BookingsForUser(r.Context(), userFrom(r).ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &bookingsData{}
	for i := range bs {
		row := bookingRow{Booking: &bs[i], Row: s.rowOf(bs[i].Event)}
		if bs[i].Active() && !row.Row.Ended && !bs[i].Event.Cancelled {
			d.Upcoming = append(d.Upcoming, row)
		} else {
			d.Other = append([]bookingRow{row}, d.Other...) // most recent first
		}
	}
	s.render(w, r, http.StatusOK, "event_bookings", &page{Title: printerOf(r).T("titles.your_bookings"), Nav: "account",
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.your_account"), "/account"}}, Flash: s.takeFlash(w, r), Data: d})
}
