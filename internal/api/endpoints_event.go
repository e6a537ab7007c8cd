package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Paths of the events' open data.
const (
	PathEvents       = "/api/v1/events"
	PathEventsCSV    = "/api/v1/events.csv"
	PathEventsTakeUp = "/api/v1/events/take-up"
)

// EventsPart is the events' open data, described in openapi_parts/events.json.
func (a *API) EventsPart() Part {
	return Part{OpenAPI: "events.json", Endpoints: []Endpoint{
		{PathEvents, a.Events, model.EventQueryParams},
		{PathEventsCSV, a.EventsCSV, model.EventQueryParams},
		{PathEventsTakeUp, a.EventsTakeUp, []string{"organisation"}},
	}}
}

// eventOut is an event as open data: what anyone can see on its page, and counts.
// Never a joining link, never anyone's name or email address.
type eventOut struct {
	ID              int64             `json:"id"`
	Title           string            `json:"title"`
	Description     string            `json:"description"`
	Language        string            `json:"language"`
	Audience        string            `json:"audience"`
	Format          string            `json:"format"`
	StartsAt        string            `json:"starts_at"`
	EndsAt          string            `json:"ends_at"`
	BookingDeadline string            `json:"booking_deadline"`
	Address         string            `json:"address"`
	Capacity        int               `json:"capacity"`
	Booked          int               `json:"booked"`
	Waiting         int               `json:"waiting"`
	Attended        int               `json:"attended"`
	PlacesLeft      int               `json:"places_left"`
	Cancelled       bool              `json:"cancelled"`
	Organiser       eventOrganiserOut `json:"organiser"`
	URL             string            `json:"url"`
}

type eventOrganiserOut struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// timestamp is an instant in RFC 3339, in UTC, as open data gives times.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (a *API) eventOut(e *model.Event) eventOut {
	return eventOut{ID: e.ID, Title: e.Title, Description: e.Description, Language: e.Language, Audience: e.Audience, Format: e.Format,
		StartsAt: timestamp(e.StartsAt), EndsAt: timestamp(e.EndsAt), BookingDeadline: timestamp(e.BookingDeadline),
		Address: e.Address, Capacity: e.Capacity, Booked: e.Booked, Waiting: e.Waiting, Attended: e.Attended,
		PlacesLeft: e.PlacesLeft(), Cancelled: e.Cancelled,
		Organiser: eventOrganiserOut{Name: e.OrganisationName, Slug: e.OrganisationSlug, URL: a.orgURL(e.OrganisationSlug)},
		URL:       a.baseURL + "/events/" + strconv.FormatInt(e.ID, 10)}
}

// eventsResult is a page of events and what was asked for; the JSON and CSV forms share it.
type eventsResult struct {
	q      model.EventQuery
	paged  bool
	events []model.Event
	total  int
}

// events reads events as the request asks: upcoming by default (when=past or all for
// others), cancelled ones included and marked; every row unless page or per_page is given.
func (a *API) events(r *http.Request) (eventsResult, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return eventsResult{}, errBadQueryString
	}
	q, err := model.ParseEventQuery(v)
	if err != nil {
		return eventsResult{}, err
	}
	q.IncludeCancelled = true
	res := eventsResult{q: q, paged: given(v, "page") || given(v, "per_page")}
	if !res.paged {
		q.Page, q.PerPage = 1, allRows
	}
	if res.events, res.total, err = a.db.ListEvents(r.Context(), q); err != nil {
		return res, fmt.Errorf("api: list events: %w", err)
	}
	if !res.paged {
		res.q.Page, res.q.PerPage = 1, res.total
	}
	return res, nil
}

// Events serves events as JSON.
func (a *API) Events(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	res, err := a.events(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := page[eventOut]{Total: res.total, Page: res.q.Page, PerPage: res.q.PerPage,
		Data:  make([]eventOut, 0, len(res.events)),
		Links: a.listLinks(PathEvents, PathEventsCSV, res.q.Values(), res.q.Page, res.q.PerPage, res.total, res.paged)}
	for i := range res.events {
		p.Data = append(p.Data, a.eventOut(&res.events[i]))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

// eventsCSVHeader names the CSV columns. The order is part of the published contract.
var eventsCSVHeader = []string{
	"id", "title", "audience", "format", "starts_at", "ends_at", "booking_deadline", "address", "capacity",
	"booked", "waiting", "attended", "places_left", "cancelled", "organiser", "organiser_slug", "url", "language",
}

// EventsCSV serves the same rows as Events, for the same query, as a CSV file.
func (a *API) EventsCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	res, err := a.events(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "events.csv", eventsCSVHeader, len(res.events), func(i int, rec []string) {
		o := a.eventOut(&res.events[i])
		copy(rec, []string{strconv.FormatInt(o.ID, 10), o.Title, o.Audience, o.Format, o.StartsAt, o.EndsAt,
			o.BookingDeadline, o.Address, strconv.Itoa(o.Capacity), strconv.Itoa(o.Booked), strconv.Itoa(o.Waiting),
			strconv.Itoa(o.Attended), strconv.Itoa(o.PlacesLeft), strconv.FormatBool(o.Cancelled), o.Organiser.Name,
			o.Organiser.Slug, o.URL, o.Language})
	})
}

// takeUpOut is one organisation's take-up of training: people, never who.
type takeUpOut struct {
	Organisation takeUpOrgOut            `json:"organisation"`
	Booked       int                     `json:"booked"`
	Attended     int                     `json:"attended"`
	ByAudience   map[string]takeUpCounts `json:"by_audience"`
}

type takeUpOrgOut struct {
	Name    string `json:"name"`
	Slug    string `json:"slug"`
	GSSCode string `json:"gss_code"`
	URL     string `json:"url"`
}

type takeUpCounts struct {
	Booked   int `json:"booked"`
	Attended int `json:"attended"`
}

type takeUpPage struct {
	Total int         `json:"total"`
	Data  []takeUpOut `json:"data"`
}

// EventsTakeUp serves, for every organisation anyone has booked from, how many of its
// people have booked and attended training, in all and by audience: one of the
// Declaration's success measures. ?organisation=SLUG gives one organisation (with zeros
// if nobody has booked).
func (a *API) EventsTakeUp(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		WriteError(w, errBadQueryString, a.log)
		return
	}
	var rows []model.OrgTakeUp
	if slug := v.Get("organisation"); slug != "" {
		o, err := a.db.OrganisationBySlug(r.Context(), slug)
		if model.ErrorCode(err) == model.ENOTFOUND {
			WriteError(w, model.InvalidField("organisation", "api.errors.no_organisation", "Slug", slug), a.log)
			return
		}
		if err != nil {
			WriteError(w, err, a.log)
			return
		}
		t, err := a.db.TakeUpByOrganisation(r.Context(), o.ID)
		if err != nil {
			WriteError(w, err, a.log)
			return
		}
		rows = []model.OrgTakeUp{{Organisation: *o, TakeUp: *t}}
	} else if rows, err = a.db.TakeUp(r.Context()); err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := takeUpPage{Total: len(rows), Data: make([]takeUpOut, 0, len(rows))}
	for _, t := range rows {
		out := takeUpOut{Organisation: takeUpOrgOut{Name: t.Organisation.Name, Slug: t.Organisation.Slug,
			GSSCode: t.Organisation.GSSCode, URL: a.orgURL(t.Organisation.Slug)},
			Booked: t.Booked, Attended: t.Attended, ByAudience: map[string]takeUpCounts{}}
		for _, au := range t.ByAudience {
			out.ByAudience[au.Audience] = takeUpCounts{Booked: au.Booked, Attended: au.Attended}
		}
		p.Data = append(p.Data, out)
	}
	writeJSON(w, http.StatusOK, p, a.log)
}
