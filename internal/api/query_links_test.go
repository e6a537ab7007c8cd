package api

import (
	"net/url"
	"testing"
)

// TestListLinks: every list endpoint's links keep the filters; a paged answer spells out
// its page and size and links the pages either side; a whole answer carries neither.
func TestListLinks(t *testing.T) {
	t.Parallel()
	a := &API{baseURL: "https://ld.example"}
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	tests := []struct {
		name, csv           string
		q                   url.Values
		page, perPage, tot  int
		paged               bool
		self, csvLink, next string
		prev                string
	}{
		{"every row, no page", "/x.csv", url.Values{"q": {"bins"}, "page": {"1"}}, 1, 7, 7, false,
			"https://ld.example/x?q=bins", "https://ld.example/x.csv?q=bins", "null", "null"},
		{"a middle page", "/x.csv", url.Values{"type": {"code"}, "page": {"2"}, "per_page": {"5"}}, 2, 5, 12, true,
			"https://ld.example/x?page=2&per_page=5&type=code", "https://ld.example/x.csv?page=2&per_page=5&type=code",
			"https://ld.example/x?page=3&per_page=5&type=code", "https://ld.example/x?page=1&per_page=5&type=code"},
		{"the last page, no CSV", "", url.Values{}, 3, 5, 12, true,
			"https://ld.example/x?page=3&per_page=5", "", "null", "https://ld.example/x?page=2&per_page=5"},
		{"the first page, defaults spelt out", "", url.Values{}, 1, 20, 21, true,
			"https://ld.example/x?page=1&per_page=20", "", "https://ld.example/x?page=2&per_page=20", "null"},
	}
	for _, tc := range tests {
		l := a.listLinks("/x", tc.csv, tc.q, tc.page, tc.perPage, tc.tot, tc.paged)
		if l.Self != tc.self || l.CSV != tc.csvLink || str(l.Next) != tc.next || str(l.Prev) != tc.prev {
			t.Errorf("%s: links %q %q %q %q\nwant %q %q %q %q", tc.name, l.Self, l.CSV, str(l.Next), str(l.Prev),
				tc.self, tc.csvLink, tc.next, tc.prev)
		}
	}
}
