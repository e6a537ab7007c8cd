package web

import (
	"errors"
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type signatoriesData struct {
	Query   model.RegisterQuery
	Rows    []model.SignatoryRow
	Total   int
	Pager   pager
	Types   []model.OrgType
	Nations []string
	Regions []string
	Years   []int
	Links   string // "?" and the query, or "", for the CSV and JSON links
}

// signatories is the public register: search, filters, sort and pages. A bad filter is
// shown next to its field with a 400, and the rest of the query is kept.
func (s *Server) signatories(w http.ResponseWriter, r *http.Request) {
	q, err := model.ParseRegisterQuery(r.URL.Query())
	p := &page{Title: "Signatories", Nav: "signatories", Breadcrumbs: []crumb{{"Home", "/"}}, Form: formOf(r.URL.Query())}
	d := signatoriesData{Query: q, Types: model.OrgTypes, Nations: model.Nations, Regions: model.Regions}
	p.Data = &d
	status := http.StatusOK
	if err != nil {
		var me *model.Error
		if !errors.As(err, &me) {
			s.serverError(w, r, err)
			return
		}
		p.Errors = &model.FieldErrors{}
		p.Errors.Add(fieldOr(me.Field, "q"), me.Message)
		status = http.StatusBadRequest
	} else {
		d.Rows, d.Total, err = s.db.ListRegister(r.Context(), q, store.ModePublished)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Pager = newPager("/signatories", q.Values(), q.Page, q.PerPage, d.Total)
		v := q.Values()
		v.Del("page")
		v.Del("per_page")
		// The "?" is part of the value, so that html/template treats the query as URL
		// text to normalise rather than as one query value to escape whole.
		if enc := v.Encode(); enc != "" {
			d.Links = "?" + enc
		}
	}
	if d.Years, err = s.db.SignedYears(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "signatories", p)
}

func fieldOr(f, def string) string {
	if f == "" || f == "page" || f == "per_page" {
		return def
	}
	return f
}

// formOf keeps what a person typed or chose, to show it again.
func formOf(v map[string][]string) map[string]string {
	m := make(map[string]string, len(v))
	for k, vs := range v {
		if len(vs) > 0 {
			m[k] = vs[0]
		}
	}
	return m
}
