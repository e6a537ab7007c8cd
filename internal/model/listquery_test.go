package model

import (
	"net/url"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
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
		s, err := sortParam(v, "signatories.query.sort", SortName, orders...)
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
		if !ok || me.Field != tc.wantErrField || locale.English.Error(me) != tc.wantErrMessage {
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

// TestListQueryValues: each list's query written back keeps what was asked for and
// leaves out the defaults, so that links keep the filters and nothing else.
func TestListQueryValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		parse func(url.Values) (url.Values, error)
		in    string
		want  string
	}{
		{"register, defaults", func(v url.Values) (url.Values, error) { q, err := ParseRegisterQuery(v); return q.Values(), err },
			"sort=name&page=1&per_page=20&q=", ""},
		{"register, filters", func(v url.Values) (url.Values, error) { q, err := ParseRegisterQuery(v); return q.Values(), err },
			"q=york&type=NMD&nation=England&region=London&year=2020&signed=yes&sort=oldest&page=2&per_page=50",
			"nation=England&page=2&per_page=50&q=york&region=London&signed=yes&sort=oldest&type=NMD&year=2020"},
		{"resources", func(v url.Values) (url.Values, error) { q, err := ParseResourceQuery(v); return q.Values(), err },
			"principle=2&service=524&licence=MIT&organisation=hackney&sort=newest",
			"licence=MIT&organisation=hackney&principle=2&service=524"},
		{"case studies", func(v url.Values) (url.Values, error) { q, err := ParseCaseStudyQuery(v); return q.Values(), err },
			"q=bins&principle=1&service=7&organisation=camden&sort=oldest&per_page=100",
			"organisation=camden&per_page=100&principle=1&q=bins&service=7&sort=oldest"},
		{"events", func(v url.Values) (url.Values, error) { q, err := ParseEventQuery(v); return q.Values(), err },
			"when=upcoming&page=3", "page=3"},
		{"past events", func(v url.Values) (url.Values, error) { q, err := ParseEventQuery(v); return q.Values(), err },
			"when=past", "when=past"},
	}
	for _, tc := range tests {
		v, _ := url.ParseQuery(tc.in)
		got, err := tc.parse(v)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.Encode() != tc.want {
			t.Errorf("%s: %q written back as %q, want %q", tc.name, tc.in, got.Encode(), tc.want)
		}
	}
}
