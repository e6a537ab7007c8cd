package web

import (
	"errors"
	"net/http"

	"github.com/localdigital/localdigital/internal/api"
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
	ep := errorPage{Heading: headingFor(status), Message: model.ErrorMessage(err)}
	s.render(w, r, status, "error", &page{Title: ep.Heading, Data: ep})
}

func headingFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusForbidden:
		return "You cannot do that"
	case http.StatusUnauthorized:
		return "You need to sign in"
	case http.StatusConflict:
		return "This has already been done"
	}
	return "There is a problem"
}

// serverError logs err and shows the GOV.UK "Sorry, there is a problem" page, or, when
// the database is away, the "service unavailable" page with status 503.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", methodLabel(r.Method), "route", r.Pattern, "err", err)
	if store.IsUnavailable(err) {
		s.unavailable(w, r)
		return
	}
	if _, ok := s.tmpl.pages["error"]; !ok || errors.Is(err, errRecursion) {
		http.Error(w, "Sorry, there is a problem with the service", http.StatusInternalServerError)
		return
	}
	ep := errorPage{Heading: "Sorry, there is a problem with the service", Message: "Try again later."}
	t := s.tmpl.pages["error"]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	if err := t.ExecuteTemplate(w, "layout", &page{Title: ep.Heading, Data: ep, User: userFrom(r), Contact: s.opts.ContactEmail}); err != nil {
		s.log.Error("render error page", "err", err)
	}
}

var errRecursion = errors.New("web: error while rendering an error")

// unavailable is the GOV.UK "Sorry, the service is unavailable" page.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request) {
	ep := errorPage{Heading: "Sorry, the service is unavailable", Message: "You will be able to use the service shortly.",
		Next: "Try again in a few minutes. Nothing you sent before this page was lost."}
	w.Header().Set("Retry-After", "30")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	if t, ok := s.tmpl.pages["error"]; ok {
		t.ExecuteTemplate(w, "layout", &page{Title: ep.Heading, Data: ep, Contact: s.opts.ContactEmail})
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, model.Errorf(model.ENOTFOUND, "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."))
}
