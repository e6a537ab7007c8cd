package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// safeNextCases are the addresses an attacker tries after sign-in, and pages people
// really come back to.
var safeNextCases = []struct{ next, want string }{
	{"/sign/commitment", "/sign/commitment"},
	{"/resources?q=api&page=2", "/resources?q=api&page=2"},
	{"/resources/7#files", "/resources/7#files"},
	{"/organisations/adur/", "/organisations/adur/"},
	{"/", "/"},
	{"/a/../account", "/account"},
	{"/./account", "/account"},
	{"", ""},
	{"account", ""},
	{"//evil.example/phish", ""},
	{"https://evil.example/", ""},
	{"javascript:alert(1)", ""},
	{`/\evil.example`, ""},
	{`/./\evil.example`, ""},
	{`/.\/evil.example`, ""},
	{`/account\..\..\evil.example`, ""},
	{"/\t/evil.example", ""},
	{"/.\t/evil.example", ""},
	{"/\n/evil.example", ""},
	{"/\r\n/evil.example", ""},
	{"/\x00/evil.example", ""},
	{"/ /evil.example", ""},
	{"/\u00a0/evil.example", ""},
	{"/\u2028/evil.example", ""},
	{"/\xff/evil.example", ""},
	{"/./evil.example", "/evil.example"},
	{"/.//evil.example", "/evil.example"},
	{"/..//evil.example", "/evil.example"},
	{"/%2F%2Fevil.example", "/%2F%2Fevil.example"},
	{"/#00%", ""},
	{"/" + strings.Repeat("a", 300), ""},
}

// TestSafeNext checks that only clean paths of this site survive, judged as
// http.Redirect will send them.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, tc := range safeNextCases {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
		checkStaysOnSite(t, tc.next)
	}
}

// checkStaysOnSite redirects to safeNext(next) as the sign-in does and checks that the
// Location a browser gets keeps it on this site.
func checkStaysOnSite(t *testing.T, next string) {
	t.Helper()
	got := safeNext(next)
	if got == "" {
		return
	}
	for _, r := range got {
		if r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) {
			t.Fatalf("safeNext(%q) = %q keeps %q", next, got, r)
		}
	}
	w := httptest.NewRecorder()
	http.Redirect(w, httptest.NewRequest(http.MethodPost, "/sign-in/link", nil), got, http.StatusSeeOther)
	loc := w.Header().Get("Location")
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, `\`) {
		t.Fatalf("safeNext(%q) = %q redirects to %q", next, got, loc)
	}
	base, _ := url.Parse("https://localdigital.example/sign-in/link")
	ref, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("safeNext(%q) = %q redirects to %q: %v", next, got, loc, err)
	}
	if u := base.ResolveReference(ref); u.Host != base.Host || u.Scheme != base.Scheme {
		t.Fatalf("safeNext(%q) = %q leaves the site for %s", next, got, u)
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, tc := range safeNextCases {
		f.Add(tc.next)
	}
	f.Fuzz(func(t *testing.T, next string) {
		checkStaysOnSite(t, next)
		if got := safeNext(next); got != "" && safeNext(got) != got {
			t.Fatalf("safeNext(%q) = %q, but safeNext of that is %q", next, got, safeNext(got))
		}
	})
}
