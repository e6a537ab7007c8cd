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

// listLinks builds a list's links: to path and to its CSV (csv, "" for none), with the
// query's filters (q, as the query's Values gives them) and, when paged, its page and page
// size, always both spelt out so that a link means the same whatever the endpoint's
// defaults; and to the next and previous pages. When paged is false the response holds
// every row, so the links carry no page and there is no next or previous page.
func (a *API) listLinks(path, csv string, q url.Values, page, perPage, total int, paged bool) pageLinks {
	at := func(path string, n int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" && k != "per_page" {
				v[k] = vs
			}
		}
		if paged {
			v.Set("page", strconv.Itoa(n))
			v.Set("per_page", strconv.Itoa(perPage))
		}
		return a.absURL(path, v)
	}
	l := pageLinks{Self: at(path, page)}
	if csv != "" {
		l.CSV = at(csv, page)
	}
	if !paged {
		return l
	}
	if page*perPage < total && page < model.MaxPage {
		next := at(path, page+1)
		l.Next = &next
	}
	if page > 1 {
		prev := at(path, page-1)
		l.Prev = &prev
	}
	return l
}

// links builds the register's links for path (see listLinks).
func (a *API) links(path, csv string, q model.RegisterQuery, paged bool, total int) pageLinks {
	return a.listLinks(path, csv, q.Values(), q.Page, q.PerPage, total, paged)
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
