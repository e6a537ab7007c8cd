package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

type projectListData struct {
	listPage
	Query         model.ProjectQuery
	Rows          []*model.Project
	Dormant       map[int64]bool
	Phases        []choice
	Collaboration []choice
	Funding       []choice
	Principles    []choice
	Services      []choice
	Organisations []choice
	Regions       []choice
	DormantOption []choice
	Sorts         []choice
	ByPhase       Chart
	CanAdd        bool
}

var projectListView = listView{template: "project_list", path: "/projects", field: "q",
	labels: map[string]model.Msg{"phase": {Key: "projects.list.phase.label"}, "collaboration": {Key: "projects.list.collaboration.label"},
		"funding": {Key: "projects.list.funding.label"}, "updated_since": {Key: "projects.list.updated_since.label"},
		"dormant": {Key: "projects.list.dormant.label"}}}

// projectList is the public list of projects: search, filters, last updated first, in
// pages, with the count by phase. Dormant projects are hidden unless asked for.
func (s *Server) projectList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := model.ParseProjectQuery(v)
	d := &projectListData{Query: q, CanAdd: model.CanAddProject(userFrom(r)), Dormant: map[int64]bool{}}
	pr := printerOf(r)
	p := &page{Title: pr.T("titles.projects"), Nav: "projects", Breadcrumbs: []crumb{{pr.T("crumbs.home"), "/"}}, Form: formOf(v), Data: d}
	s.serveList(w, r, projectListView, p, &d.listPage, err, func() (listResult, error) {
		rows, total, err := s.db.ListProjects(r.Context(), q)
		if err != nil {
			return listResult{}, err
		}
		d.Rows = rows
		now := s.now()
		for _, row := range rows {
			d.Dormant[row.ID] = row.Dormant(now)
		}
		counts, err := s.db.CountProjectsByPhase(r.Context(), q)
		d.ByPhase = Chart{ID: "projects-by-phase", Title: pr.T("projects.list.by_phase.heading"), Kind: BarChart,
			LabelHeader: pr.T("projects.list.by_phase.phase"), Series: []Series{{Name: pr.T("projects.list.by_phase.count")}}}
		for _, ph := range model.ProjectPhases {
			d.ByPhase.Labels = append(d.ByPhase.Labels, pr.Msg(model.PhaseName(ph)))
			d.ByPhase.Series[0].Values = append(d.ByPhase.Series[0].Values, counts[ph])
		}
		return listResult{Total: total, Page: q.Page, PerPage: q.PerPage, Query: q.Values()}, err
	}, func() error {
		return s.projectFilters(r, d)
	})
}

// projectFilters fills the filters' choices.
func (s *Server) projectFilters(r *http.Request, d *projectListData) error {
	pr := printerOf(r)
	d.Phases = labelChoices(pr, model.ProjectPhases, model.PhaseName)
	d.Collaboration = labelChoices(pr, model.CollaborationLevels, model.CollaborationName)
	d.Funding = labelChoices(pr, model.FundingBands, model.FundingName)
	d.Regions = labelChoices(pr, model.Regions, model.RegionName)
	d.Principles = caseStudyPrincipleChoices(pr, nil)
	d.DormantOption = []choice{{Value: "yes", Text: pr.T("projects.list.dormant.label"), Checked: d.Query.Dormant}}
	d.Sorts = []choice{{Value: model.SortUpdated, Text: pr.T("projects.list.sort.updated")}, {Value: model.SortNewest, Text: pr.T("projects.list.sort.newest")}}
	services, err := s.db.ProjectServices(r.Context())
	if err != nil {
		return err
	}
	for _, sv := range services {
		d.Services = append(d.Services, choice{Value: strconv.Itoa(sv.Code), Text: sv.Label})
	}
	orgs, err := s.db.ProjectOrganisations(r.Context())
	if err != nil {
		return err
	}
	for _, o := range orgs {
		d.Organisations = append(d.Organisations, choice{Value: o.Slug, Text: o.Name})
	}
	return nil
}

// partnerSuggestion is an organisation the partner finder suggests, with its reasons.
type partnerSuggestion struct {
	Org     model.OrgRef
	Reasons []model.Msg
}

// partnerSuggestions are the partner finder's organisations for p, each with its reasons
// in words.
func (s *Server) partnerSuggestions(ctx context.Context, p *model.Project) ([]partnerSuggestion, error) {
	found, err := s.db.PartnerFinder(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]partnerSuggestion, 0, len(found))
	for _, f := range found {
		ps := partnerSuggestion{Org: f.Org}
		for _, where := range serviceReasons {
			if labels := f.Services[where.in]; len(labels) > 0 {
				ps.Reasons = append(ps.Reasons, model.Msg{Key: where.msg.Key, Args: []any{"Services", strings.Join(labels, ", ")}})
			}
		}
		if len(f.Resources) > 0 {
			ps.Reasons = append(ps.Reasons, model.Msg{Key: "projects.partners.reason.uses", Args: []any{"Resources", strings.Join(f.Resources, ", ")}})
		}
		if f.Contract {
			ps.Reasons = append(ps.Reasons, model.Msg{Key: "projects.partners.reason.contract", Args: []any{"Category", p.SystemName()}})
		}
		if f.SameType {
			ps.Reasons = append(ps.Reasons, model.Msg{Key: "projects.partners.reason.same_type"})
		}
		if f.SameRegion {
			ps.Reasons = append(ps.Reasons, model.Msg{Key: "projects.partners.reason.same_region"})
		}
		out = append(out, ps)
	}
	return out, nil
}

// serviceReasons word "works on the same service", by where the finder found it.
var serviceReasons = []struct {
	in  string
	msg model.Msg
}{
	{"projects", model.Msg{Key: "projects.partners.reason.projects"}},
	{"resources", model.Msg{Key: "projects.partners.reason.resources"}},
	{"case_studies", model.Msg{Key: "projects.partners.reason.case_studies"}},
}
