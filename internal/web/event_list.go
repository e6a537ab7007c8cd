package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

type eventListData struct {
	Query     model.EventQuery
	Past      bool
	Rows      []eventRow
	Total     int
	Pager     pager
	Audiences []choice
	Formats   []choice
	Links     string // "?" and the filters, or "", for the JSON, CSV and calendar links
	CanCreate bool
}

// eventList shows upcoming events, soonest first, or past ones (when=past), most recent
// first, filtered by audience and format. A bad filter is shown next to its field with a
// 400.
func (s *Server) eventList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := model.ParseEventQuery(v)
	if q.When == model.EventsAll {
		q.When = model.EventsUpcoming // the page has two lists; "all" is for open data
	}
	d := &eventListData{Query: q, Past: q.When == model.EventsPast, Audiences: audienceOptions(),
		Formats: formatOptions(), CanCreate: model.CanOrganiseEvents(userFrom(r))}
	title := "Training and events"
	if d.Past {
		title = "Past training and events"
	}
	p := &page{Title: title, Nav: "events", Breadcrumbs: []crumb{{"Home", "/"}}, Form: formOf(v), Data: d,
		Flash: s.takeFlash(w, r)}
	if err != nil {
		fe, ok := queryErrors(err, "audience", eventListLabels)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		p.Errors = fe
		s.render(w, r, http.StatusBadRequest, "event_list", p)
		return
	}
	events, total, err := s.db.ListEvents(r.Context(), q)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Total = total
	for i := range events {
		d.Rows = append(d.Rows, s.rowOf(&events[i]))
	}
	d.Pager = newPager("/events", q.Values(), q.Page, q.PerPage, total)
	links := q.Values()
	links.Del("page")
	links.Del("per_page")
	if enc := links.Encode(); enc != "" {
		d.Links = "?" + enc
	}
	s.render(w, r, d.Pager.status(), "event_list", p)
}
