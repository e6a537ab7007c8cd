package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// errBadQueryString answers a query string that is not URL-encoded pairs. Reading it
// leniently would silently drop a filter and return more rows than were asked for.
var errBadQueryString = model.Errorf(model.EINVALID, "api.errors.bad_query_string")

// parseQuery reads the register's parameters from r, strictly. It returns the raw values
// too, so that a handler can tell a parameter left out from one given its default.
func parseQuery(r *http.Request) (model.RegisterQuery, url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return model.RegisterQuery{}, nil, errBadQueryString
	}
	q, err := model.ParseRegisterQuery(v)
	if err != nil {
		return q, v, err
	}
	return q, v, nil
}

// given reports whether the request set parameter name to something other than blank.
func given(v url.Values, name string) bool { return strings.TrimSpace(v.Get(name)) != "" }

// pageLinks are the links of a JSON page: next and prev are null at either end.
type pageLinks struct {
	Self string  `json:"self"`
	Next *string `json:"next"`
	Prev *string `json:"prev"`
	CSV  string  `json:"csv,omitempty"`
}

// links builds a page's links for path. When paged is false the response holds every
// row, so the links carry no page and there is no next or previous page.
func (a *API) links(path string, q model.RegisterQuery, paged bool, total int) pageLinks {
	l := pageLinks{Self: a.queryURL(path, q, paged)}
	if !paged {
		return l
	}
	if q.Page*q.PerPage < total && q.Page < model.MaxPage {
		next := q
		next.Page++
		s := a.queryURL(path, next, true)
		l.Next = &s
	}
	if q.Page > 1 {
		prev := q
		prev.Page--
		s := a.queryURL(path, prev, true)
		l.Prev = &s
	}
	return l
}

// queryURL is the absolute address of path with q's filters and, when paged, its page
// and page size, always both spelt out so that the link means the same whatever the
// endpoint's defaults.
func (a *API) queryURL(path string, q model.RegisterQuery, paged bool) string {
	v := q.Values()
	v.Del("page")
	v.Del("per_page")
	if paged {
		v.Set("page", strconv.Itoa(q.Page))
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return a.absURL(path, v)
}

func (a *API) absURL(path string, v url.Values) string {
	if len(v) == 0 {
		return a.baseURL + path
	}
	return a.baseURL + path + "?" + v.Encode()
}

// orgURL is the organisation's page on the site.
func (a *API) orgURL(slug string) string {
	return a.baseURL + "/organisations/" + url.PathEscape(slug)
}
