package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
)

// Signed-in people's pages (and any request with a cookie) are built afresh, since the
// header shows who is signed in. Most of such a page is the same for everyone: for pages
// whose main content is (the home page, the Declaration, the register, the API's page),
// the content is kept per data version, language and address, and only the layout, with
// the person's parts (header, navigation, account link), is rendered per request. What a
// person may do for their organisation is computed from the user each time, never kept.

// bodyCache keeps the shared main content of pages for one data version.
type bodyCache = versionCache[*sharedBody]

// sharedBody is a page's main content and the parts of its page the layout needs.
type sharedBody struct {
	name        string // template
	title, nav  string
	breadcrumbs []crumb
	backLink    string
	html        template.HTML
}

// Bounds on the body cache; past them it starts again empty. Keys count against the
// bytes, and long addresses are not kept at all.
const (
	maxSharedBodies   = 5000
	maxSharedBytes    = 32 << 20
	maxSharedKeyBytes = 2048
)

func (b *sharedBody) size() int { return len(b.html) }

func (*sharedBody) bounds() cacheBounds {
	return cacheBounds{entries: maxSharedBodies, bytes: maxSharedBytes, key: maxSharedKeyBytes}
}

// bodyCapture, in a request's context, asks render to keep the page's main content.
type bodyCapture struct {
	version int64
	key     string
}

type bodyCaptureKey struct{}

// sharedContent serves a page whose main content is the same for everyone: to requests
// the anonymous page cache does not serve (those with a cookie or credentials), it renders
// the layout around the content kept for this data version and language, running the
// handler (and its queries) only when there is none yet.
func (s *Server) sharedContent(h http.HandlerFunc) http.HandlerFunc {
	personal := func(r *http.Request) bool {
		return r.Method == http.MethodGet && (r.Header.Get("Cookie") != "" || r.Header.Get("Authorization") != "")
	}
	return s.byDataVersion(h, personal, func(w http.ResponseWriter, r *http.Request, version int64) {
		key := cacheKey(r)
		if b := s.bodies.get(version, key); b != nil {
			s.render(w, r, http.StatusOK, b.name, &page{Title: b.title, Nav: b.nav, Breadcrumbs: b.breadcrumbs,
				BackLink: b.backLink, Body: b.html})
			return
		}
		ctx := context.WithValue(r.Context(), bodyCaptureKey{}, &bodyCapture{version: version, key: key})
		h(w, r.WithContext(ctx))
	})
}

// captureBody renders the page's main content once, for everyone, and keeps it when the
// request asked for that and the page is an ordinary success (no errors, no message).
func (s *Server) captureBody(r *http.Request, t *template.Template, name string, status int, p *page) error {
	c, _ := r.Context().Value(bodyCaptureKey{}).(*bodyCapture)
	if c == nil || status != http.StatusOK || p.Body != "" || p.Flash != "" || p.Errors.Any() {
		return nil
	}
	shared := *p
	shared.User = nil // the content must not depend on who asks
	buf := s.tmpl.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.tmpl.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "content", &shared); err != nil {
		return err
	}
	p.Body = template.HTML(buf.String())
	s.bodies.put(c.version, c.key, &sharedBody{name: name, title: p.Title, nav: p.Nav, breadcrumbs: p.Breadcrumbs,
		backLink: p.BackLink, html: p.Body})
	return nil
}
