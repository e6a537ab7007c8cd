package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/api"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

func audienceOptions(pr *locale.Printer) []choice {
	out := make([]choice, len(model.Audiences))
	for i, a := range model.Audiences {
		out[i] = choice{ID: eventRadioID("audience", i), Value: a, Text: pr.Msg(model.AudienceName(a)), Hint: pr.Msg(model.AudienceHint(a))}
	}
	return out
}

func formatOptions(pr *locale.Printer) []choice {
	out := make([]choice, len(model.Formats))
	for i, f := range model.Formats {
		out[i] = choice{ID: eventRadioID("format", i), Value: f, Text: pr.Msg(model.FormatName(f))}
	}
	return out
}

func eventRadioID(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(i+1)
}

// eventRow is an event as a list shows it, with what it means now.
type eventRow struct {
	*model.Event
	Open    bool // booking is open
	Started bool
	Ended   bool
}

func (s *Server) eventNow() time.Time { return s.db.Now().UTC() }

func (s *Server) rowOf(e *model.Event) eventRow {
	now := s.eventNow()
	return eventRow{Event: e, Open: e.BookingOpen(now), Started: e.Started(now), Ended: e.Ended(now)}
}

// eventIDFrom reads the {id} of the path; anything but a positive number is no page.
func eventIDFrom(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// eventFromPath finds the event in the path, or answers 404.
func (s *Server) eventFromPath(w http.ResponseWriter, r *http.Request) (*model.Event, bool) {
	id, ok := eventIDFrom(r, "id")
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	e, err := s.db.Event(r.Context(), id)
	if !s.found(w, r, err) {
		return nil, false
	}
	return e, true
}

// eventProblem shows why something could not be done to an event, with a way back to it.
func (s *Server) eventProblem(w http.ResponseWriter, r *http.Request, err error, e *model.Event) {
	code := model.ErrorCode(err)
	if code == model.EINTERNAL || code == model.EUNAVAILABLE {
		s.serverError(w, r, err)
		return
	}
	status := api.StatusOf(code)
	pr := printerOf(r)
	ep := errorPage{Heading: eventProblemHeading(pr, code), Message: pr.Error(err),
		Link: crumb{pr.T("events.problem.back", "Title", e.Title), eventPath(e.ID)}}
	s.render(w, r, status, "error", &page{Title: ep.Heading, Data: ep})
}

// eventProblemHeading is the error page's heading for code (headingFor), but for a
// conflict with the event's state, which says what it means here.
func eventProblemHeading(pr *locale.Printer, code string) string {
	if code == model.ECONFLICT {
		return pr.T("events.problem.conflict")
	}
	return headingFor(pr, api.StatusOf(code))
}

func eventPath(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }
