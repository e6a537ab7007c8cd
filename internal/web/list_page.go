package web

import (
	"net/http"
	"net/url"

	"github.com/localdigital/localdigital/internal/model"
)

// listPage is what every list page shows around its rows, embedded in the page's data
// (templates read .Data.Total, .Data.Pager and .Data.Links).
type listPage struct {
	Total int
	Pager pager
	// Links is "?" and the filters, or "", for the page's CSV, JSON and Atom links. The
	// "?" is part of the value, so that html/template treats the query as URL text to
	// normalise rather than as one query value to escape whole.
	Links string
}

// listView is one list page: its template and address, where a refused parameter with
// no field of its own (page, per_page) is shown, and the labels that differ on this
// page from queryLabels.
type listView struct {
	template string
	path     string
	field    string
	labels   map[string]model.Msg
}

// listResult is what a list page's loader read: how many rows match in all, the page
// shown, and the query as links keep it (url.Values without the defaults).
type listResult struct {
	Total         int
	Page, PerPage int
	Query         url.Values
	// PagerOnly are parameters the page links keep but the open data links do not (the
	// register's status=withdrawn).
	PagerOnly url.Values
}

// fill sets the count, the pager and the open data links, which keep the filters but
// not the page.
func (lp *listPage) fill(path string, res listResult) {
	pv := url.Values{}
	links := url.Values{}
	for k, vs := range res.Query {
		pv[k] = vs
		if k != "page" && k != "per_page" {
			links[k] = vs
		}
	}
	for k, vs := range res.PagerOnly {
		pv[k] = vs
	}
	lp.Total = res.Total
	lp.Pager = newPager(path, pv, res.Page, res.PerPage, res.Total)
	lp.Links = ""
	if enc := links.Encode(); enc != "" {
		lp.Links = "?" + enc
	}
}

// serveList renders a list page. queryErr is the query's refusal: the page is shown
// with the message next to the filter it names, and a 400. Otherwise load reads the
// rows into the page's data and returns what fill needs; a page after the last is a
// 400 that says so. extra fills what the page shows either way (the filters' choices);
// any error from load or extra is a server error.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, v listView, p *page, lp *listPage, queryErr error,
	load func() (listResult, error), extra ...func() error) {
	for _, f := range extra {
		if err := f(); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if queryErr != nil {
		fe, ok := queryErrors(queryErr, v.field, v.labels)
		if !ok {
			s.serverError(w, r, queryErr)
			return
		}
		p.Errors = fe
		s.render(w, r, http.StatusBadRequest, v.template, p)
		return
	}
	res, err := load()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lp.fill(v.path, res)
	s.render(w, r, lp.Pager.status(), v.template, p)
}
