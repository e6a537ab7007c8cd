package web

import (
	"net/http"
	"net/url"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type signatoriesData struct {
	listPage
	Query   model.RegisterQuery
	Rows    []model.SignatoryRow
	Types   []model.OrgType
	Nations []choice
	Regions []choice
	Years   []int
	// CommitmentStatuses are the commitment filter's options.
	CommitmentStatuses []choice
	// Withdrawn: the page lists organisations that withdrew (status=withdrawn), not
	// those that have signed.
	Withdrawn bool
}

var signatoriesView = listView{template: "signatories", path: "/signatories", field: "q", labels: registerLabels}

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
	d := &signatoriesData{Query: q, Types: model.OrgTypes, Nations: labelChoices(printerOf(r), model.Nations, model.NationName),
		Regions:            labelChoices(printerOf(r), model.Regions, model.RegionName),
		CommitmentStatuses: labelChoices(printerOf(r), model.CommitmentStatuses, model.CommitmentStatusName)}
	p.Data = d
	if err == nil {
		d.Withdrawn, err = registerStatus(r.URL.Query().Get("status"))
	}
	s.serveList(w, r, signatoriesView, p, &d.listPage, err, func() (listResult, error) {
		mode, status := store.ModeSigned, url.Values{}
		if d.Withdrawn {
			mode = store.ModeWithdrawn
			status.Set("status", statusWithdrawn)
		}
		var err error
		d.Rows, d.Total, err = s.db.ListRegister(r.Context(), q, mode)
		return listResult{Total: d.Total, Page: q.Page, PerPage: q.PerPage, Query: q.Values(), PagerOnly: status}, err
	}, func() (err error) {
		d.Years, err = s.db.SignedYears(r.Context())
		return err
	})
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
