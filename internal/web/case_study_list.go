package web

import (
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

type caseStudyListData struct {
	Query         model.CaseStudyQuery
	Rows          []*model.CaseStudy
	Total         int
	Pager         pager
	Principles    []choice
	Services      []choice
	Organisations []choice
	Links         string // "?" and the filters, or "", for the JSON and Atom links
	CanWrite      bool
}

// caseStudyList is the public list of case studies: search, filters by principle,
// service and organisation, newest first, in pages. A bad filter is shown next to its
// field with a 400, and the rest of the query is kept.
func (s *Server) caseStudyList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := model.ParseCaseStudyQuery(v)
	d := &caseStudyListData{Query: q}
	p := &page{Title: "Case studies", Nav: "case-studies", Breadcrumbs: []crumb{{"Home", "/"}}, Form: formOf(v), Data: d}
	if err := s.caseStudyFilters(r, d, p.Form); err != nil {
		s.serverError(w, r, err)
		return
	}
	if u := userFrom(r); u != nil {
		d.CanWrite = model.CanPublish(u)
	}
	if err != nil {
		fe, ok := queryErrors(err, "q", nil)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		p.Errors = fe
		s.render(w, r, http.StatusBadRequest, "case_study_list", p)
		return
	}
	d.Rows, d.Total, err = s.db.ListCaseStudies(r.Context(), q)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Pager = newPager("/case-studies", q.Values(), q.Page, q.PerPage, d.Total)
	links := q.Values()
	links.Del("page")
	links.Del("per_page")
	if enc := links.Encode(); enc != "" {
		d.Links = "?" + enc
	}
	s.render(w, r, d.Pager.status(), "case_study_list", p)
}

// caseStudyFilters fills the filters' choices, marking what the query chose.
func (s *Server) caseStudyFilters(r *http.Request, d *caseStudyListData, form map[string]string) error {
	for _, c := range caseStudyPrincipleChoices(nil) {
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
