package web

import "github.com/localdigital/localdigital/internal/model"

// eventRoutes are this feature's part of the route table (see routes.go): training and
// events, bookings and calendar files.
func (s *Server) eventRoutes() []route {
	user, cached := s.requireUser, s.cached
	return []route{
		{"GET /events", accessPublic, cached(s.eventList, model.EventQueryParams...)},
		{"GET /events.ics", accessPublic, cached(s.eventFeed)},
		{"GET /events/new", accessOrgAdmin, user(s.eventNewForm)},
		{"POST /events/new", accessOrgAdmin, user(s.eventCreate)},
		{"GET /events/{id}", accessPublic, cached(s.eventShow)},
		{"POST /events/{id}/book", accessUser, user(s.eventBook)},
		{"GET /events/{id}/edit", accessOrgAdmin, user(s.eventEditForm)},
		{"POST /events/{id}/edit", accessOrgAdmin, user(s.eventUpdate)},
		{"GET /events/{id}/attendance", accessOrgAdmin, user(s.eventAttendanceForm)},
		{"POST /events/{id}/attendance", accessOrgAdmin, user(s.eventAttendanceSave)},
		{"GET /events/{id}/cancel", accessOrgAdmin, user(s.eventCancelForm)},
		{"POST /events/{id}/cancel", accessOrgAdmin, user(s.eventCancel)},
		{"GET /bookings/{id}/cancel", accessUser, user(s.bookingCancelForm)},
		{"POST /bookings/{id}/cancel", accessUser, user(s.bookingCancel)},
		// {file} is "<id>.ics": a wildcard must be a whole path segment.
		{"GET /bookings/{file}", accessUser, user(s.bookingCalendar)},
		{"GET /account/bookings", accessUser, user(s.accountBookings)},
	}
}
