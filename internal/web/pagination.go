package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// pager is the GOV.UK pagination component's data.
type pager struct {
	Page, Pages int
	Items       []pageItem
	base        string
	values      url.Values
}

type pageItem struct {
	Number   int
	Current  bool
	Ellipsis bool
}

func newPager(base string, values url.Values, page, perPage, total int) pager {
	pages := (total + perPage - 1) / perPage
	p := pager{Page: page, Pages: pages, base: base, values: values}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-1 || n > page+1) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Items = append(p.Items, pageItem{Ellipsis: true})
		}
		p.Items = append(p.Items, pageItem{Number: n, Current: n == page})
		last = n
	}
	return p
}

// Prev and Next are the neighbouring page numbers.
func (p pager) Prev() int { return p.Page - 1 }
func (p pager) Next() int { return p.Page + 1 }

// Href links to page n, keeping the rest of the query.
func (p pager) Href(n int) string {
	v := url.Values{}
	for k, vs := range p.values {
		v[k] = vs
	}
	v.Del("page")
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return p.base
	}
	return p.base + "?" + v.Encode()
}

// Beyond reports whether the page asked for is after the last one (page=999 of 2): the
// list page then says so with a 400, instead of a count followed by no rows.
func (p pager) Beyond() bool { return p.Page > max(p.Pages, 1) }

// Last is the number of the last page (1 for an empty list).
func (p pager) Last() int { return max(p.Pages, 1) }

// status is the HTTP status of a list page showing p: 400 for a page after the last.
func (p pager) status() int {
	if p.Beyond() {
		return http.StatusBadRequest
	}
	return http.StatusOK
}
