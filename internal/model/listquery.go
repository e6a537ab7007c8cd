package model

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// What every list's query shares: the search words (q), the sort order (sort) and the
// page (page, per_page). Each list's Parse…Query reads its own filters with these, and
// its Values writes them back, leaving out defaults.

// searchParam reads the search words.
func searchParam(v url.Values) (string, error) {
	q := CleanLine(v.Get("q"))
	if Length(q) > MaxQueryLength {
		return q, InvalidParam("q", ReasonTooLong, 0, MaxQueryLength, "errors.query.q.too_long", "Max", MaxQueryLength)
	}
	return q, nil
}

// sortParam reads the sort order: def when none is given, else one of orders; key is
// the list's message naming its orders.
func sortParam(v url.Values, key, def string, orders ...string) (string, error) {
	s := strings.TrimSpace(v.Get("sort"))
	switch {
	case s == "":
		return def, nil
	case !slices.Contains(orders, s):
		return def, InvalidParam("sort", ReasonNotAnOption, 0, 0, key)
	}
	return s, nil
}

// pageParams reads the page (from 1) and its size (up to maxPerPage).
func pageParams(v url.Values, maxPerPage int) (page, perPage int, err error) {
	if page, err = intParam(v, "page", 1, 1, MaxPage); err != nil {
		return page, DefaultPerPage, err
	}
	perPage, err = intParam(v, "per_page", DefaultPerPage, 1, maxPerPage)
	return page, perPage, err
}

// setText writes a filter into v unless it is empty or def.
func setText(v url.Values, name, s, def string) {
	if s != "" && s != def {
		v.Set(name, s)
	}
}

// setNumber writes a filter into v unless it is 0 (none).
func setNumber(v url.Values, name string, n int) {
	if n != 0 {
		v.Set(name, strconv.Itoa(n))
	}
}

// setPage writes the page and its size into v, unless they are the defaults.
func setPage(v url.Values, page, perPage int) {
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if perPage != 0 && perPage != DefaultPerPage {
		v.Set("per_page", strconv.Itoa(perPage))
	}
}
