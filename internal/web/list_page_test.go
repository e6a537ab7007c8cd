package web

import (
	"net/http"
	"net/url"
	"testing"
)

// TestListPageFill: the pager keeps every filter and the page's own parameters; the
// open data links keep the filters but never the page or its size.
func TestListPageFill(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		res       listResult
		wantLinks string
		wantNext  string // the pager's link to the next page, "" when there is none
		wantPages int
		status    int
	}{
		{"no filters", listResult{Total: 45, Page: 1, PerPage: 20, Query: url.Values{}}, "", "/list?page=2", 3, http.StatusOK},
		{"filters kept, page and size dropped from links",
			listResult{Total: 45, Page: 2, PerPage: 10, Query: url.Values{"q": {"north york"}, "page": {"2"}, "per_page": {"10"}}},
			"?q=north+york", "/list?page=3&per_page=10&q=north+york", 5, http.StatusOK},
		{"pager-only parameters stay out of the links",
			listResult{Total: 30, Page: 1, PerPage: 20, Query: url.Values{"type": {"CTY"}}, PagerOnly: url.Values{"status": {"withdrawn"}}},
			"?type=CTY", "/list?page=2&status=withdrawn&type=CTY", 2, http.StatusOK},
		{"a page after the last", listResult{Total: 3, Page: 999, PerPage: 20, Query: url.Values{"page": {"999"}}}, "", "", 1, http.StatusBadRequest},
		{"an empty list has one page", listResult{Total: 0, Page: 1, PerPage: 20, Query: url.Values{}}, "", "", 0, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var lp listPage
			lp.fill("/list", tc.res)
			if lp.Links != tc.wantLinks {
				t.Errorf("Links = %q, want %q", lp.Links, tc.wantLinks)
			}
			if lp.Total != tc.res.Total || lp.Pager.Pages != tc.wantPages {
				t.Errorf("Total, Pages = %d, %d; want %d, %d", lp.Total, lp.Pager.Pages, tc.res.Total, tc.wantPages)
			}
			if tc.wantNext != "" {
				if got := lp.Pager.Href(lp.Pager.Next()); got != tc.wantNext {
					t.Errorf("next page = %q, want %q", got, tc.wantNext)
				}
			}
			if got := lp.Pager.status(); got != tc.status {
				t.Errorf("status = %d, want %d", got, tc.status)
			}
		})
	}
}

// TestListPageFillDoesNotChangeTheQuery: the query given to fill is the caller's; the
// links are built from a copy.
func TestListPageFillDoesNotChangeTheQuery(t *testing.T) {
	t.Parallel()
	q := url.Values{"q": {"x"}, "page": {"2"}}
	var lp listPage
	lp.fill("/list", listResult{Total: 50, Page: 2, PerPage: 20, Query: q, PagerOnly: url.Values{"status": {"withdrawn"}}})
	if len(q) != 2 || q.Get("page") != "2" || q.Has("status") {
		t.Errorf("query changed: %v", q)
	}
}
