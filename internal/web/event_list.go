package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

type eventListData struct {
	listPage
	Query     model.EventQuery
	Past      bool
	Rows      []eventRow
	Audiences []choice
	Formats   []choice
	CanCreate bool
}

var eventListView = listView{template: "event_list", path: "/events", field: "audience", labels: eventListLabels}

// eventList shows upcoming events, soonest first, or past ones (when=past), most recent
// first, filtered by audience and format. A bad filter is shown next to its field with a
// 400.
func (s *Server) eventList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := model.ParseEventQuery(v)
	if q.When == model.EventsAll {
		q.When = model.EventsUpcoming // the page has two lists; "all" is for open data
	}
	d := &eventListData{Query: q, Past: q.When == model.EventsPast, Audiences: audienceOptions(printerOf(r)),
		Formats: formatOptions(printerOf(r)), CanCreate: model.CanOrganiseEvents(userFrom(r))}
	title := printerOf(r).T("titles.training_and_events")
	if d.Past {
		title = printerOf(r).T("titles.past_training_and_events")
	}
	p := &page{Title: title, Nav: "events", Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}}, Form: formOf(v), Data: d,
		Flash: s.takeFlash(w, r)}
	s.serveList(w, r, eventListView, p, &d.listPage, err, func() (listResult, error) {
		events, total, err := s.db.ListEvents(r.Context(), q)
		for i := range events {
			d.Rows = append(d.Rows, s.rowOf(&events[i]))
		}
		return listResult{Total: total, Page: q.Page, PerPage: q.PerPage, Query: q.Values()}, err
	})
}
