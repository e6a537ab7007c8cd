package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// Paths of the case studies' open data.
const (
	PathCaseStudies     = "/api/v1/case-studies"
	PathCaseStudiesFeed = "/feeds/case-studies.atom"
	pathCaseStudiesPage = "/case-studies"
)

// CaseStudiesPart is the case studies' open data, described in
// openapi_parts/case_studies.json.
func (a *API) CaseStudiesPart() Part {
	return Part{OpenAPI: "case_studies.json", Endpoints: []Endpoint{
		{PathCaseStudies, a.CaseStudies, model.CaseStudyQueryParams},
		{PathCaseStudiesFeed, a.CaseStudiesAtom, model.CaseStudyQueryParams},
	}}
}

// caseStudyOut is a case study as open data: what its public page shows, with the
// Markdown as written and the HTML it renders to. Nothing about the person who wrote it.
type caseStudyOut struct {
	ID       int64            `json:"id"`
	Title    string           `json:"title"`
	Summary  string           `json:"summary"`
	Language string           `json:"language"`
	Problem  caseStudyTextOut `json:"problem"`
	Approach caseStudyTextOut `json:"approach"`
	Outcomes caseStudyTextOut `json:"outcomes"`
	Lessons  caseStudyTextOut `json:"lessons"`
	tagsOut[caseStudyOrgOut]
	Links       []caseStudyLinkOut `json:"links"`
	PublishedAt string             `json:"published_at"`
	UpdatedAt   string             `json:"updated_at"`
	URL         string             `json:"url"`
}

type caseStudyTextOut struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

type caseStudyOrgOut struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	Role string `json:"role"` // author or partner
	URL  string `json:"url"`
}

type caseStudyLinkOut struct {
	Title      string `json:"title"`
	URL        string `json:"url"`
	ResourceID *int64 `json:"resource_id"`
}

func (a *API) caseStudyOut(cs *model.CaseStudy) caseStudyOut {
	out := caseStudyOut{ID: cs.ID, Title: cs.Title, Summary: cs.Summary, Language: cs.Language,
		Problem:  caseStudyTextOut{cs.Problem, a.feedHTML(cs.HTML.Problem)},
		Approach: caseStudyTextOut{cs.Approach, a.feedHTML(cs.HTML.Approach)},
		Outcomes: caseStudyTextOut{cs.Outcomes, a.feedHTML(cs.HTML.Outcomes)},
		Lessons:  caseStudyTextOut{cs.Lessons, a.feedHTML(cs.HTML.Lessons)},
		tagsOut: tagsOf(cs.Organisations, cs.Principles, cs.Services, func(i int, o model.OrgRef) caseStudyOrgOut {
			role := "partner"
			if i == 0 {
				role = "author"
			}
			return caseStudyOrgOut{Name: o.Name, Slug: o.Slug, Role: role, URL: a.orgURL(o.Slug)}
		}),
		Links:       make([]caseStudyLinkOut, 0, len(cs.Links)),
		PublishedAt: atomTime(cs.CreatedAt), UpdatedAt: atomTime(cs.UpdatedAt), URL: a.caseStudyURL(cs.ID)}
	for _, l := range cs.Links {
		out.Links = append(out.Links, a.linkOut(l))
	}
	return out
}

// linkOut is a link of a case study or project: a resource's gets its full address.
func (a *API) linkOut(l model.CaseStudyLink) caseStudyLinkOut {
	lo := caseStudyLinkOut{Title: l.Title, URL: l.URL}
	if l.ResourceID != 0 {
		id := l.ResourceID
		lo.ResourceID = &id
		lo.URL = a.baseURL + "/resources/" + strconv.FormatInt(id, 10)
	}
	return lo
}

func (a *API) caseStudyURL(id int64) string {
	return a.baseURL + pathCaseStudiesPage + "/" + strconv.FormatInt(id, 10)
}

// caseStudyQuery reads the list's parameters strictly.
func caseStudyQuery(r *http.Request) (model.CaseStudyQuery, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return model.CaseStudyQuery{}, errBadQueryString
	}
	return model.ParseCaseStudyQuery(v)
}

// CaseStudies serves published case studies as JSON, newest first, a page at a time
// (each carries its full text), with the list page's search and filters.
func (a *API) CaseStudies(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	q, err := caseStudyQuery(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	list, total, err := a.db.ListCaseStudies(r.Context(), q)
	if err != nil {
		WriteError(w, fmt.Errorf("api: list case studies: %w", err), a.log)
		return
	}
	p := page[caseStudyOut]{Total: total, Page: q.Page, PerPage: q.PerPage,
		Data: make([]caseStudyOut, 0, len(list)), Links: a.listLinks(PathCaseStudies, "", q.Values(), q.Page, q.PerPage, total, true)}
	for _, cs := range list {
		p.Data = append(p.Data, a.caseStudyOut(cs))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}
