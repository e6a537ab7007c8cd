package web

import (
	"context"

	"github.com/localdigital/localdigital/internal/model"
)

// eventsFeature is training and events (see feature.go), bookings and calendar files.
func (s *Server) eventsFeature() feature {
	cached := s.cached
	return feature{Name: "events", Routes: []route{
		{"GET /events", anyone, cached(s.eventList, model.EventQueryParams...)},
		{"GET /events.ics", anyone, cached(s.eventFeed)},
		{"GET /events/new", eventOrganiser, s.eventNewForm},
		{"POST /events/new", eventOrganiser, s.eventCreate},
		{"GET /events/{id}", anyone, cached(s.eventShow)},
		{"POST /events/{id}/book", signedIn, s.eventBook},
		{"GET /events/{id}/edit", eventAdmin, s.eventEditForm},
		{"POST /events/{id}/edit", eventAdmin, s.eventUpdate},
		{"GET /events/{id}/attendance", eventAdmin, s.eventAttendanceForm},
		{"POST /events/{id}/attendance", eventAdmin, s.eventAttendanceSave},
		{"GET /events/{id}/cancel", eventAdmin, s.eventCancelForm},
		{"POST /events/{id}/cancel", eventAdmin, s.eventCancel},
		{"GET /bookings/{id}/cancel", signedIn, s.bookingCancelForm},
		{"POST /bookings/{id}/cancel", signedIn, s.bookingCancel},
		// {file} is "<id>.ics": a wildcard must be a whole path segment.
		{"GET /bookings/{file}", signedIn, s.bookingCalendar},
		{"GET /account/bookings", signedIn, s.accountBookings},
	},
		API:    s.api.EventsPart(),
		Tables: []string{"events", "event_bookings"},
		Jobs: []Job{{Name: "event reminders and moments",
			Run: func(ctx context.Context) { s.runEventJobs(ctx, eventJobsInterval) }}},
		Seed:     seedEvents,
		Follows:  s.eventFollows(),
		Activity: eventActivity,
	}
}
