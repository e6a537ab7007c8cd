package web

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/localdigital/localdigital/internal/api"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type errorPage struct {
	Heading string
	Message string
	Next    string // what to do next, plain text
	Link    crumb
}

// fail shows a GOV.UK error page for err: a safe message and the status its code maps to
// (in api.StatusOf, the one place codes meet statuses). Internal errors are logged.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := model.ErrorCode(err)
	if code == model.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	status := api.StatusOf(code)
	ep := errorPage{Heading: headingFor(printerOf(r), status), Message: printerOf(r).Error(err)}
	s.render(w, r, status, "error", &page{Title: ep.Heading, Data: ep})
}

// found reports whether a look-up found what the path names (err is nil); if not, it
// has answered: 404 when there is no such thing, the error page for any other error.
func (s *Server) found(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return true
	case model.ErrorCode(err) == model.ENOTFOUND:
		s.notFound(w, r)
	default:
		s.serverError(w, r, err)
	}
	return false
}

func headingFor(p *locale.Printer, status int) string {
	switch status {
	case http.StatusNotFound:
		return p.T("errors.heading.not_found")
	case http.StatusForbidden:
		return p.T("errors.heading.forbidden")
	case http.StatusUnauthorized:
		return p.T("errors.heading.unauthorized")
	case http.StatusConflict:
		return p.T("errors.heading.conflict")
	}
	return p.T("errors.heading.invalid")
}

// serverError logs err and shows the GOV.UK "Sorry, there is a problem" page, or, when
// the database is away, the "service unavailable" page with status 503.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", methodLabel(r.Method), "route", r.Pattern, "err", err)
	if store.IsUnavailable(err) {
		s.unavailable(w, r)
		return
	}
	lang := langOf(r)
	pr := locale.New(lang)
	t, ok := s.tmpl.page(lang, "error")
	if !ok || errors.Is(err, errRecursion) {
		http.Error(w, pr.T("errors.internal.heading"), http.StatusInternalServerError)
		return
	}
	ep := errorPage{Heading: pr.T("errors.internal.heading"), Message: pr.T("errors.internal.message")}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", &page{Lang: lang, Title: ep.Heading, Data: ep, User: userFrom(r), Contact: s.opts.ContactEmail}); err != nil {
		s.log.Error("render error page", "err", err)
	}
	w.Write(localizeLinks(lang, buf.Bytes()))
}

var errRecursion = errors.New("web: error while rendering an error")

// unavailable is the GOV.UK "Sorry, the service is unavailable" page.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	pr := locale.New(lang)
	ep := errorPage{Heading: pr.T("errors.unavailable.heading"), Message: pr.T("errors.unavailable.message"),
		Next: pr.T("errors.unavailable.next")}
	w.Header().Set("Retry-After", "30")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	if t, ok := s.tmpl.page(lang, "error"); ok {
		var buf bytes.Buffer
		t.ExecuteTemplate(&buf, "layout", &page{Lang: lang, Title: ep.Heading, Data: ep, Contact: s.opts.ContactEmail})
		w.Write(localizeLinks(lang, buf.Bytes()))
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, model.Errorf(model.ENOTFOUND, "errors.page.not_found"))
}
