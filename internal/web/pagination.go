package web

import (
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
