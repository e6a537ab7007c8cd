package model

import (
	"net/url"
	"strings"
	"testing"
)

// TestListQueryParams: the search, sort and page every list reads, with the message a
// refused value gets, and the page written back without defaults.
func TestListQueryParams(t *testing.T) {
	t.Parallel()
	orders := []string{SortName, SortNewest, SortOldest}
	tests := []struct {
		query          string
		sort           string
		page, perPage  int
		wantErrField   string
		wantErrMessage string
		back           string // the page written back
	}{
		{"", SortName, 1, DefaultPerPage, "", "", ""},
		{"sort=oldest&page=3&per_page=50", SortOldest, 3, 50, "", "", "page=3&per_page=50"},
		{"sort=+newest+&per_page=20", SortNewest, 1, DefaultPerPage, "", "", ""},
		{"sort=sideways", SortName, 1, DefaultPerPage, "sort", "sort must be name, newest or oldest", ""},
		{"page=0", SortName, 1, DefaultPerPage, "page", "page must be a whole number from 1 to 100000", ""},
		{"page=2&per_page=501", SortName, 2, DefaultPerPage, "per_page", "per_page must be a whole number from 1 to 500", ""},
	}
	for _, tc := range tests {
		v, _ := url.ParseQuery(tc.query)
		s, err := sortParam(v, SortName, orders...)
		page, perPage := 1, DefaultPerPage
		if err == nil {
			page, perPage, err = pageParams(v, MaxPerPage)
		}
		if s != tc.sort || page != tc.page || perPage != tc.perPage {
			t.Errorf("%q: sort %q, page %d of %d; want %q, %d of %d", tc.query, s, page, perPage, tc.sort, tc.page, tc.perPage)
		}
		if tc.wantErrField == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.query, err)
			}
			back := url.Values{}
			setPage(back, page, perPage)
			if back.Encode() != tc.back {
				t.Errorf("%q: written back as %q, want %q", tc.query, back.Encode(), tc.back)
			}
			continue
		}
		me, ok := err.(*Error)
		if !ok || me.Field != tc.wantErrField || me.Message != tc.wantErrMessage {
			t.Errorf("%q: error %v, want %s: %q", tc.query, err, tc.wantErrField, tc.wantErrMessage)
		}
	}
}

func TestSearchParam(t *testing.T) {
	t.Parallel()
	long := url.Values{"q": {strings.Repeat("é", MaxQueryLength+1)}}
	if _, err := searchParam(long); ErrorCode(err) != EINVALID {
		t.Errorf("a search of %d characters: %v", MaxQueryLength+1, err)
	}
	if q, err := searchParam(url.Values{"q": {"  north\tyork "}}); err != nil || q != "north york" {
		t.Errorf("search = %q, %v", q, err)
	}
}

func TestOrList(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		words []string
		want  string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a or b"}, {[]string{"a", "b", "c"}, "a, b or c"}} {
		if got := orList(tc.words); got != tc.want {
			t.Errorf("orList(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}
