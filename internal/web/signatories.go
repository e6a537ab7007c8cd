package web

import (
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
	// Withdrawn: the page lists organisations that withdrew (status=withdrawn), not
	// those that have signed.
	Withdrawn bool
}

// statusWithdrawn is the register's status=withdrawn: organisations whose signature was
// withdrawn, listed only under that heading.
const statusWithdrawn = "withdrawn"

// registerStatus reads the register's status parameter: empty for organisations that
// have signed, or withdrawn.
func registerStatus(v string) (withdrawn bool, err error) {
	switch v {
	case "", "signed":
		return false, nil
	case statusWithdrawn:
		return true, nil
	}
	return false, model.InvalidParam("status", model.ReasonNotAnOption, 0, 0, "signatories.query.status")
}

// signatories is the public register: search, filters, sort and pages. A bad filter is
// shown next to its field with a 400, and the rest of the query is kept.
func (s *Server) signatories(w http.ResponseWriter, r *http.Request) {
	q, err := model.ParseRegisterQuery(r.URL.Query())
	p := &page{Title: printerOf(r).T("titles.signatories"), Nav: "signatories", Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}}, Form: formOf(r.URL.Query())}
	d := signatoriesData{Query: q, Types: model.OrgTypes, Nations: model.Nations, Regions: model.Regions}
	p.Data = &d
	status := http.StatusOK
	if err != nil {
		fe, ok := queryErrors(err, "q", registerLabels)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		p.Errors = fe
		status = http.StatusBadRequest
	} else if d.Withdrawn, err = registerStatus(r.URL.Query().Get("status")); err != nil {
		p.Errors, _ = queryErrors(err, "status", registerLabels)
		status = http.StatusBadRequest
	} else {
		mode := store.ModeSigned
		if d.Withdrawn {
			mode = store.ModeWithdrawn
		}
		d.Rows, d.Total, err = s.db.ListRegister(r.Context(), q, mode)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		pv := q.Values()
		if d.Withdrawn {
			pv.Set("status", statusWithdrawn)
		}
		d.Pager = newPager("/signatories", pv, q.Page, q.PerPage, d.Total)
		status = d.Pager.status()
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
