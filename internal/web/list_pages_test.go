package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestListPagesBeyondTheLastPage: every list page answers a page after the last with a
// 400 that says so and links to the last page, not a count followed by "no results".
func TestListPagesBeyondTheLastPage(t *testing.T) {
	t.Parallel()
	e := registerEnv(t)
	c := e.newClient()
	for _, path := range []string{"/signatories", "/resources", "/case-studies", "/events", "/events?when=past"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		r := c.get(path + sep + "page=999")
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "There is no page 999.", `id="page-beyond"`, ">Go to page 1</a>")
		wantNoBody(t, r, "No organisations match", "No resources match", "No case studies match", "There are no upcoming events")
	}
}

// TestListPagesWordErrorsWithLabels: a refused query parameter is worded with its
// field's label on every list page, never with the raw parameter name.
func TestListPagesWordErrorsWithLabels(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.newClient()
	long := strings.Repeat("a", 101)
	tests := []struct{ path, field, want string }{
		{"/resources?q=" + long, "q", "Search must be 100 characters or fewer"},
		{"/resources?page=x", "q", "Page must be a whole number from 1 to 100,000"},
		{"/resources?licence=nope", "licence", "Licence must be one of the options in the list"},
		{"/case-studies?q=" + long, "q", "Search must be 100 characters or fewer"},
		{"/case-studies?page=0", "q", "Page must be a whole number from 1 to 100,000"},
		{"/case-studies?sort=sideways", "sort", "Sort by must be one of the options in the list"},
		{"/events?audience=aliens", "audience", "Who it is for must be one of the options in the list"},
		{"/events?page=-1", "audience", "Page must be a whole number from 1 to 100,000"},
		{"/signatories?page=x", "q", "Page must be a whole number from 1 to 100,000"},
	}
	for _, tc := range tests {
		r := c.get(tc.path)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, tc.field)
		wantBody(t, r, tc.want)
		wantNoBody(t, r, "q must be", "page must be", "sort must be", "audience must be", "licence &#34;")
	}
}

// TestNotFoundMessagesAreSentences: a missing thing's 404 starts with a capital letter.
func TestNotFoundMessagesAreSentences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.newClient()
	for path, want := range map[string]string{
		"/organisations/atlantis": "Organisation not found",
		"/resources/999999":       "Resource not found",
	} {
		r := c.get(path)
		wantStatus(t, r, http.StatusNotFound)
		wantBody(t, r, want)
		wantNoBody(t, r, strings.ToLower(want))
	}
}
