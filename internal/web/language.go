package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
)

// A page's language comes from its address only: /cy/signatories is the register in
// Welsh, /signatories in English. routes() registers every route of the route table a
// second time under each other language's prefix (except the language-neutral ones:
// open data, feeds, files and assets); that copy strips the prefix from the request's
// address and carries the language in its context, so access checks and handlers run
// unchanged and see the English address. What leaves a page in another language stays in
// it: render writes the prefix into the page's links and form actions (localizeLinks),
// and a redirect's Location gets it on the way out (langWriter).

type langKey struct{}

// langOf is the language a page is rendered in: the one its address chose.
func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(langKey{}).(string); ok {
		return l
	}
	return locale.Default
}

// otherLanguages are the languages with an address prefix: every language with a
// catalog but the default.
var otherLanguages = locale.Languages()[1:]

// languageNames are the languages' names, each in its own language, for the toggle.
var languageNames = map[string]string{"en": "English", "cy": "Cymraeg"}

// Language-neutral routes answer at one address in every language: those under these
// prefixes, and these paths.
var (
	neutralPrefixes = []string{"/api/", "/feeds/", "/static/", "/assets/", "/case-study-images/"}
	neutralPaths    = []string{"/healthz", "/readyz", "/metrics", "/events.ics",
		"/resources/{id}/files/{version}", "/bookings/{file}"}
)

// languageNeutral reports whether a route pattern ("GET /api/v1/...") or a path is
// language-neutral.
func languageNeutral(patternOrPath string) bool {
	p := patternOrPath
	if _, path, ok := strings.Cut(p, " "); ok {
		p = path
	}
	if p == "/api" {
		return true
	}
	for _, pre := range neutralPrefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	for _, n := range neutralPaths {
		if pathMatches(n, p) {
			return true
		}
	}
	return false
}

// pathMatches reports whether path has the segments of pattern, where a {wildcard}
// stands for any one non-empty segment. Both start with "/".
func pathMatches(pattern, path string) bool {
	for pattern != "" && path != "" {
		var want, got string
		want, pattern = cutSegment(pattern[1:])
		got, path = cutSegment(path[1:])
		if strings.HasPrefix(want, "{") {
			if got == "" {
				return false
			}
		} else if want != got {
			return false
		}
	}
	return pattern == "" && path == ""
}

// cutSegment splits s at its first "/", which rest keeps.
func cutSegment(s string) (seg, rest string) {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// langPrefixed reports whether path already names a language: /cy or /cy/....
func langPrefixed(path string) bool {
	for _, l := range otherLanguages {
		if rest, ok := strings.CutPrefix(path, "/"+l); ok && (rest == "" || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') {
			return true
		}
	}
	return false
}

// localPath is the address of the site path p (with its query or fragment) in lang:
// p itself in the default language, for language-neutral paths, for other sites'
// addresses and for paths that already name a language; else p under lang's prefix
// ("/signatories?q=x" in Welsh is "/cy/signatories?q=x", "/" is "/cy/").
func localPath(lang, p string) string {
	if lang == locale.Default || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		langPrefixed(p) {
		return p
	}
	path := p
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if languageNeutral(path) {
		return p
	}
	return "/" + lang + p
}

// inLanguage serves h as the route in lang: the request's address loses the prefix and
// its context carries the language; redirects keep the language.
func inLanguage(lang string, h http.HandlerFunc) http.HandlerFunc {
	prefix := "/" + lang
	return func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), langKey{}, lang))
		u := *r.URL
		u.Path = strings.TrimPrefix(u.Path, prefix)
		u.RawPath = strings.TrimPrefix(u.RawPath, prefix)
		r.URL = &u
		h(&langWriter{ResponseWriter: w, lang: lang}, r)
	}
}

// langWriter puts a redirect's Location on this site into the page's language.
type langWriter struct {
	http.ResponseWriter
	lang string
}

func (w *langWriter) WriteHeader(code int) {
	if code >= 300 && code < 400 {
		h := w.Header()
		if loc := h.Get("Location"); loc != "" {
			h.Set("Location", localPath(w.lang, loc))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *langWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// linkAttrs are the attributes whose site paths localizeLinks puts into a page's
// language.
var linkAttrs = [][]byte{[]byte(" href"), []byte(" action"), []byte(" data-source"), []byte(" formaction")}

// localizeLinks writes the page's links, form actions and suggestion sources into lang
// (localPath), except in tags that name their language with hreflang (the language
// toggle and the alternate links): html is a page that render made, whose attributes are
// quoted with ".
func localizeLinks(lang string, html []byte) []byte {
	if lang == locale.Default {
		return html
	}
	marker := []byte(`="/`)
	var out []byte
	last := 0
	for i := 0; ; {
		j := bytes.Index(html[i:], marker)
		if j < 0 {
			break
		}
		eq := i + j
		start := eq + 2 // the value's first byte
		i = start
		end := bytes.IndexByte(html[start:], '"')
		if end < 0 {
			break
		}
		end += start
		isLink := false
		for _, a := range linkAttrs {
			isLink = isLink || bytes.HasSuffix(html[:eq], a)
		}
		if !isLink {
			continue
		}
		tagStart := bytes.LastIndexByte(html[:eq], '<')
		tagEnd := bytes.IndexByte(html[end:], '>')
		if tagStart >= 0 && tagEnd >= 0 && bytes.Contains(html[tagStart:end+tagEnd], []byte(" hreflang=")) {
			continue
		}
		v := string(html[start:end])
		if lv := localPath(lang, v); lv != v {
			if out == nil {
				out = make([]byte, 0, len(html)+len(html)/16)
			}
			out = append(out, html[last:start]...)
			out = append(out, lv...)
			last = end
		}
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// langLink is a link to the page in a language, for the toggle and alternate links.
type langLink struct {
	Lang, Name, Href string
	Current          bool
}

// languageLinks are the page r asked for in every language, with its query, or none
// for a language-neutral route.
func languageLinks(r *http.Request) []langLink {
	if languageNeutral(r.Pattern) {
		return nil
	}
	uri := r.URL.RequestURI()
	cur := langOf(r)
	out := make([]langLink, 0, len(otherLanguages)+1)
	for _, l := range locale.Languages() {
		out = append(out, langLink{Lang: l, Name: languageNames[l], Href: localPath(l, uri), Current: l == cur})
	}
	return out
}

// cacheKey names the page r asks for in the page and body caches: its language and
// address.
func cacheKey(r *http.Request) string { return langOf(r) + " " + r.URL.RequestURI() }
