package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

type eventFormData struct {
	Event     *model.Event // nil for a new event
	Action    string
	OrgName   string   // the organisation running it, when the person cannot choose
	Orgs      []choice // every organisation, for a platform admin adding an event
	Audiences []choice
	Formats   []choice
	Limits    map[string]int
}

var eventLimits = map[string]int{"Title": model.MaxEventTitle, "Description": model.MaxEventDescription,
	"Address": model.MaxEventAddress, "Capacity": model.MaxEventCapacity}

var errCannotAddEvents = model.Errorf(model.EFORBIDDEN,
	"events.errors.not_organiser_to_add")

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, status int, e *model.Event, form map[string]string, fe *model.FieldErrors) {
	u := userFrom(r)
	d := &eventFormData{Event: e, Action: "/events/new", Audiences: audienceOptions(printerOf(r)), Formats: formatOptions(printerOf(r)), Limits: eventLimits}
	title := printerOf(r).T("titles.add_an_event")
	switch {
	case e != nil:
		d.Action, d.OrgName, title = eventPath(e.ID)+"/edit", e.OrganisationName, printerOf(r).T("titles.change_the_event")
	case u.IsPlatformAdmin():
		orgs, err := s.db.OrganiserChoices(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, o := range orgs {
			d.Orgs = append(d.Orgs, choice{Value: strconv.FormatInt(o.ID, 10), Text: o.Name})
		}
	default:
		// An admin of several organisations chooses which runs the event.
		if orgs := u.AdminMemberships(); len(orgs) == 1 {
			d.OrgName = orgs[0].OrganisationName
		} else {
			for _, m := range orgs {
				d.Orgs = append(d.Orgs, choice{Value: strconv.FormatInt(m.OrganisationID, 10), Text: m.OrganisationName})
			}
		}
	}
	form["language"] = formLanguage(r, form["language"])
	p := &page{Title: title, Nav: "events", Form: form, Errors: fe, Data: d, BackLink: "/events"}
	if e != nil {
		p.BackLink = eventPath(e.ID)
	}
	s.render(w, r, status, "event_form", p)
}

func (s *Server) eventNewForm(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	var own string
	if orgs := u.AdminMemberships(); len(orgs) == 1 {
		own = strconv.FormatInt(orgs[0].OrganisationID, 10)
	}
	form := model.EventForm{Organisation: own}.Values()
	s.renderEventForm(w, r, http.StatusOK, nil, form, nil)
}

// eventCreate adds an event for the person's organisation (platform admins choose one).
func (s *Server) eventCreate(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	f := model.EventFormFrom(r.PostFormValue)
	e, fe := f.Validate(s.eventNow(), nil)
	if u.IsPlatformAdmin() {
		id, err := strconv.ParseInt(strings.TrimSpace(f.Organisation), 10, 64)
		if err != nil || id <= 0 {
			fe.Add("organisation", "events.form.organisation.missing")
		}
		e.OrganisationID = id
	} else {
		c, problem := choose(f.Organisation, u.AdminMemberships())
		addOrgChoiceError(fe, problem, "events.form.organisation.missing")
		e.OrganisationID = c.Chosen
	}
	if fe.Any() {
		s.renderEventForm(w, r, http.StatusBadRequest, nil, f.Values(), fe)
		return
	}
	if err := s.db.CreateEvent(r.Context(), actorOf(u), &e); err != nil {
		if errors.As(err, &fe) {
			s.renderEventForm(w, r, http.StatusBadRequest, nil, f.Values(), fe)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.event_created")
	http.Redirect(w, r, eventPath(e.ID), http.StatusSeeOther)
}

// changeableEvent is an event its organiser may still change: not cancelled, not over.
func (s *Server) changeableEvent(w http.ResponseWriter, r *http.Request) (*model.Event, bool) {
	e := eventFrom(r)
	switch {
	case e.Cancelled:
		s.eventProblem(w, r, model.Errorf(model.ECONFLICT, "events.errors.cancelled_no_change"), e)
		return nil, false
	case e.Ended(s.eventNow()):
		s.eventProblem(w, r, model.Errorf(model.ECONFLICT, "events.errors.ended"), e)
		return nil, false
	}
	return e, true
}

func (s *Server) eventEditForm(w http.ResponseWriter, r *http.Request) {
	e, ok := s.changeableEvent(w, r)
	if !ok {
		return
	}
	s.renderEventForm(w, r, http.StatusOK, e, model.EventFormOf(e).Values(), nil)
}

// eventUpdate saves changes; people booked are emailed when the time or place changes.
func (s *Server) eventUpdate(w http.ResponseWriter, r *http.Request) {
	was, ok := s.changeableEvent(w, r)
	if !ok {
		return
	}
	f := model.EventFormFrom(r.PostFormValue)
	f.Organisation = strconv.FormatInt(was.OrganisationID, 10)
	e, fe := f.Validate(s.eventNow(), was)
	if fe.Any() {
		s.renderEventForm(w, r, http.StatusBadRequest, was, f.Values(), fe)
		return
	}
	e.ID, e.OrganisationID = was.ID, was.OrganisationID
	if err := s.db.UpdateEvent(r.Context(), actorOf(userFrom(r)), &e, s.eventEmails); err != nil {
		if errors.As(err, &fe) {
			s.renderEventForm(w, r, http.StatusBadRequest, was, f.Values(), fe)
			return
		}
		s.eventProblem(w, r, err, was)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.event_updated")
	http.Redirect(w, r, eventPath(e.ID), http.StatusSeeOther)
}
