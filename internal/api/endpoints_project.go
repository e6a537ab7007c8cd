package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// Paths of the projects' open data.
const (
	PathProjects     = "/api/v1/projects"
	PathProjectsCSV  = "/api/v1/projects.csv"
	PathProjectsFeed = "/feeds/projects.atom"
	pathProjectsPage = "/projects"
)

// ProjectsPart is the projects' open data, described in openapi_parts/projects.json.
func (a *API) ProjectsPart() Part {
	return Part{OpenAPI: "projects.json", Endpoints: []Endpoint{
		{PathProjects, a.Projects, model.ProjectQueryParams},
		{PathProjectsCSV, a.ProjectsCSV, model.ProjectQueryParams},
		{PathProjectsFeed, a.ProjectsAtom, nil},
	}}
}

// projectOut is a project as open data: what its public page shows. Nothing about the
// people who wrote it.
type projectOut struct {
	ID            int64  `json:"id"`
	Title         string `json:"title"`
	Summary       string `json:"summary"`
	Problem       string `json:"problem"`
	Users         string `json:"users"`
	Phase         string `json:"phase"`
	Collaboration string `json:"collaboration"`
	Funding       string `json:"funding"`
	StartsOn      string `json:"starts_on"`
	EndsOn        string `json:"ends_on"`
	AssessmentOn  string `json:"assessment_on,omitempty"`
	System        string `json:"system"`
	Language      string `json:"language"`
	tagsOut[caseStudyOrgOut]
	Links        []caseStudyLinkOut `json:"links"`
	Dormant      bool               `json:"dormant"`
	LastUpdateAt string             `json:"last_update_at"`
	CreatedAt    string             `json:"created_at"`
	URL          string             `json:"url"`
}

func (a *API) projectOut(p *model.Project, now time.Time) projectOut {
	out := projectOut{ID: p.ID, Title: p.Title, Summary: p.Summary, Problem: p.Problem, Users: p.Users, Phase: p.Phase,
		Collaboration: p.Collaboration, Funding: p.Funding, StartsOn: date(p.StartsOn), EndsOn: date(p.EndsOn), Language: p.Language, System: p.System,
		tagsOut: tagsOf(p.Organisations, p.Principles, p.Services, func(i int, o model.OrgRef) caseStudyOrgOut {
			role := "partner"
			if i == 0 {
				role = "lead"
			}
			return caseStudyOrgOut{Name: o.Name, Slug: o.Slug, Role: role, URL: a.orgURL(o.Slug)}
		}),
		Links: make([]caseStudyLinkOut, 0, len(p.Links)), Dormant: p.Dormant(now),
		LastUpdateAt: atomTime(p.LastUpdateAt), CreatedAt: atomTime(p.CreatedAt), URL: a.projectURL(p.ID)}
	if !p.AssessmentOn.IsZero() {
		out.AssessmentOn = date(p.AssessmentOn)
	}
	for _, l := range p.Links {
		out.Links = append(out.Links, a.linkOut(l))
	}
	return out
}

func (a *API) projectURL(id int64) string {
	return a.baseURL + pathProjectsPage + "/" + strconv.FormatInt(id, 10)
}

// projectQuery reads the list's parameters strictly.
func (a *API) listProjects(r *http.Request) (model.ProjectQuery, []*model.Project, int, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return model.ProjectQuery{}, nil, 0, errBadQueryString
	}
	q, err := model.ParseProjectQuery(v)
	if err != nil {
		return q, nil, 0, err
	}
	list, total, err := a.db.ListProjects(r.Context(), q)
	if err != nil {
		return q, nil, 0, fmt.Errorf("api: list projects: %w", err)
	}
	return q, list, total, nil
}

// Projects serves the projects as JSON, a page at a time, with the list page's search,
// filters and sort.
func (a *API) Projects(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	q, list, total, err := a.listProjects(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	now := a.db.Now()
	p := page[projectOut]{Total: total, Page: q.Page, PerPage: q.PerPage, Data: make([]projectOut, 0, len(list)),
		Links: a.listLinks(PathProjects, PathProjectsCSV, q.Values(), q.Page, q.PerPage, total, true)}
	for _, pr := range list {
		p.Data = append(p.Data, a.projectOut(pr, now))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

// projectsCSVHeader names the CSV columns. The order is part of the published contract.
// Cells with several values separate them with "; ".
var projectsCSVHeader = []string{
	"id", "title", "summary", "phase", "collaboration", "funding", "starts_on", "ends_on", "assessment_on",
	"lead", "lead_slug", "partners", "partner_slugs", "principles", "services", "last_update_at", "dormant", "url", "language", "system",
}

// ProjectsCSV serves the same rows as Projects, for the same query, as a CSV file.
func (a *API) ProjectsCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	_, list, _, err := a.listProjects(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	now := a.db.Now()
	a.writeCSVFile(w, "projects.csv", projectsCSVHeader, len(list), func(i int, rec []string) {
		p := a.projectOut(list[i], now)
		var names, slugs, principles, services []string
		for _, o := range p.Organisations[1:] {
			names, slugs = append(names, o.Name), append(slugs, o.Slug)
		}
		for _, n := range p.Principles {
			principles = append(principles, strconv.Itoa(n.Number))
		}
		for _, s := range p.Services {
			services = append(services, strconv.Itoa(s.Code))
		}
		join := func(s []string) string { return strings.Join(s, "; ") }
		copy(rec, []string{strconv.FormatInt(p.ID, 10), p.Title, p.Summary, p.Phase, p.Collaboration, p.Funding,
			p.StartsOn, p.EndsOn, p.AssessmentOn, p.Organisations[0].Name, p.Organisations[0].Slug, join(names), join(slugs),
			join(principles), join(services), p.LastUpdateAt, strconv.FormatBool(p.Dormant), p.URL, p.Language, p.System})
	})
}

var (
	projectsFeed = feedSpec{what: "projects", path: PathProjectsFeed, page: pathProjectsPage,
		title: model.Msg{Key: "api.feeds.projects.title"}, rights: model.Msg{Key: "api.feeds.rights"}}
)

// ProjectsAtom serves the newest updates of every project as an Atom feed.
func (a *API) ProjectsAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	list, err := a.db.RecentProjectUpdates(r.Context(), feedEntries)
	titles := map[int64]string{}
	for _, u := range list {
		if _, ok := titles[u.ProjectID]; ok || err != nil {
			continue
		}
		p, perr := a.db.Project(r.Context(), u.ProjectID)
		if perr != nil {
			err = perr
			break
		}
		titles[u.ProjectID] = p.Title
	}
	serveFeed(a, w, projectsFeed, url.Values{}, list, err, func(u *model.ProjectUpdate) (atomEntry, time.Time) {
		return a.projectUpdateEntry(u, titles[u.ProjectID]), u.CreatedAt
	})
}

// ProjectAtom serves one project's updates as an Atom feed: the site serves it at
// /projects/{id}/updates.atom, beside the project's page.
func (a *API) ProjectAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		WriteError(w, model.Errorf(model.ENOTFOUND, "errors.not_found.project"), a.log)
		return
	}
	p, err := a.db.Project(r.Context(), id)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	list, err := a.db.ProjectUpdates(r.Context(), id, feedEntries)
	page := pathProjectsPage + "/" + strconv.FormatInt(id, 10)
	spec := feedSpec{what: "project", path: page + "/updates.atom", page: page,
		title: model.Msg{Key: "api.feeds.project.title", Args: []any{"Title", p.Title}}, rights: model.Msg{Key: "api.feeds.rights"}}
	serveFeed(a, w, spec, url.Values{}, list, err, func(u *model.ProjectUpdate) (atomEntry, time.Time) {
		return a.projectUpdateEntry(u, p.Title), u.CreatedAt
	})
}

// projectUpdateEntry is one update: its organisation as author, its text as HTML.
func (a *API) projectUpdateEntry(u *model.ProjectUpdate, title string) atomEntry {
	link := a.projectURL(u.ProjectID) + "#update-" + strconv.FormatInt(u.ID, 10)
	return atomEntry{ID: link, Title: locale.English.T("api.feeds.project_update.title", "Title", title, "Date", date(u.CreatedAt)),
		Updated: atomTime(u.CreatedAt), Published: atomTime(u.CreatedAt),
		Link:    atomLink{Rel: "alternate", Type: "text/html", Href: link},
		Authors: []atomAuthor{{Name: u.Organisation.Name}}, Content: &atomContent{Type: "html", Body: a.feedHTML(u.HTML)}}
}
