package web

import (
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

type caseStudyListData struct {
	listPage
	Query         model.CaseStudyQuery
	Rows          []*model.CaseStudy
	Principles    []choice
	Services      []choice
	Organisations []choice
	CanWrite      bool
}

var caseStudyListView = listView{template: "case_study_list", path: "/case-studies", field: "q"}

// caseStudyList is the public list of case studies: search, filters by principle,
// service and organisation, newest first, in pages. A bad filter is shown next to its
// field with a 400, and the rest of the query is kept.
func (s *Server) caseStudyList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := model.ParseCaseStudyQuery(v)
	d := &caseStudyListData{Query: q, CanWrite: model.CanPublish(userFrom(r))}
	p := &page{Title: printerOf(r).T("titles.case_studies"), Nav: "case-studies", Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}}, Form: formOf(v), Data: d}
	s.serveList(w, r, caseStudyListView, p, &d.listPage, err, func() (listResult, error) {
		rows, total, err := s.db.ListCaseStudies(r.Context(), q)
		d.Rows = rows
		return listResult{Total: total, Page: q.Page, PerPage: q.PerPage, Query: q.Values()}, err
	}, func() error {
		return s.caseStudyFilters(r, d, p.Form)
	})
}

// caseStudyFilters fills the filters' choices, marking what the query chose.
func (s *Server) caseStudyFilters(r *http.Request, d *caseStudyListData, form map[string]string) error {
	for _, c := range caseStudyPrincipleChoices(printerOf(r), nil) {
		c.Checked = c.Value == form["principle"]
		d.Principles = append(d.Principles, c)
	}
	services, err := s.db.CaseStudyServices(r.Context())
	if err != nil {
		return err
	}
	for _, sv := range services {
		code := strconv.Itoa(sv.Code)
		d.Services = append(d.Services, choice{Value: code, Text: sv.Label, Checked: code == form["service"]})
	}
	orgs, err := s.db.CaseStudyOrganisations(r.Context())
	if err != nil {
		return err
	}
	for _, o := range orgs {
		d.Organisations = append(d.Organisations, choice{Value: o.Slug, Text: o.Name, Checked: o.Slug == form["organisation"]})
	}
	return nil
}
