package web

import (
	"context"
	"time"
)

// eventJobsInterval is how often the site runs the events' background work.
const eventJobsInterval = time.Minute

// runEventJobs, the events feature's job, queues event reminders that are due and marks
// public pages as changed when an event's booking deadline, start or end passes, every
// interval until ctx is done. Every instance may run it: a reminder is claimed and sent once across them all.
func (s *Server) runEventJobs(ctx context.Context, interval time.Duration) {
	s.runEvery(ctx, interval, s.eventJobs)
}

func (s *Server) eventJobs(ctx context.Context, since time.Time) time.Time {
	n, err := s.db.SendEventReminders(ctx, s.eventEmails)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("event reminders", "err", err)
	case n > 0:
		s.log.Info("event reminders queued", "count", n)
		s.opts.Wake()
	}
	next, err := s.db.PassEventMoments(ctx, since)
	if err != nil && ctx.Err() == nil {
		s.log.Error("event moments", "err", err)
	}
	return next
}
