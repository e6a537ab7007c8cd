package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// Paths of the resources library's open data.
const (
	PathResources     = "/api/v1/resources"
	PathResourcesCSV  = "/api/v1/resources.csv"
	PathResourcesFeed = "/feeds/resources.atom"
)

// pathResourcesPage is the library's HTML page, which takes the same filters.
const pathResourcesPage = "/resources"

// ResourcesPart is the resources library's open data, described in
// openapi_parts/resources.json.
func (a *API) ResourcesPart() Part {
	return Part{OpenAPI: "resources.json", Endpoints: []Endpoint{
		{PathResources, a.Resources, model.ResourceQueryParams},
		{PathResourcesCSV, a.ResourcesCSV, model.ResourceQueryParams},
		{PathResourcesFeed, a.ResourcesAtom, model.ResourceQueryParams},
	}}
}

// resourceOut is a resource as open data: what its page shows. Never who published or
// reported it: only organisations.
type resourceOut struct {
	ID       int64           `json:"id"`
	Type     string          `json:"type"`
	TypeName string          `json:"type_name"`
	Title    string          `json:"title"`
	Summary  string          `json:"summary"`
	Language string          `json:"language"`
	Link     string          `json:"link"`
	Licence  resourceLicence `json:"licence"`
	tagsOut[resourceOrgOut]
	Files       []resourceFileOut `json:"files"`
	UsedByCount int               `json:"used_by_count"`
	UsedBy      []resourceUseOut  `json:"used_by"`
	PublishedOn string            `json:"published_on"`
	UpdatedOn   string            `json:"updated_on"`
	URL         string            `json:"url"`
}

type resourceLicence struct {
	Code string `json:"code"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type resourceOrgOut struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// tagsOut are a case study's or a resource's tags: the organisations that made it (O
// says what is given of each), the Declaration's principles and LGSL services.
type tagsOut[O any] struct {
	Organisations []O            `json:"organisations"`
	Principles    []principleOut `json:"principles"`
	Services      []serviceOut   `json:"services"`
}

// tagsOf gives each organisation as org makes it, and each principle and service.
func tagsOf[O any](orgs []model.OrgRef, principles []int, services []model.Service, org func(i int, o model.OrgRef) O) tagsOut[O] {
	t := tagsOut[O]{Organisations: make([]O, 0, len(orgs)), Principles: make([]principleOut, 0, len(principles)),
		Services: make([]serviceOut, 0, len(services))}
	for i, o := range orgs {
		t.Organisations = append(t.Organisations, org(i, o))
	}
	for _, p := range principles {
		t.Principles = append(t.Principles, principleOut{Number: p, Name: locale.English.Msg(model.PrincipleName(p))})
	}
	for _, s := range services {
		t.Services = append(t.Services, serviceOut{Code: s.Code, Label: s.Label})
	}
	return t
}

type principleOut struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
}

type serviceOut struct {
	Code  int    `json:"code"`
	Label string `json:"label"`
}

// resourceFileOut is a file's current version, with the earlier ones.
type resourceFileOut struct {
	resourceVersionOut
	EarlierVersions []resourceVersionOut `json:"earlier_versions"`
}

type resourceVersionOut struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	Version     int    `json:"version"`
	UploadedOn  string `json:"uploaded_on"`
	URL         string `json:"url"`
}

type resourceUseOut struct {
	resourceOrgOut
	How   string `json:"how"`
	Since string `json:"since"`
}

// resourceResult is a page of the library and what was asked for.
type resourceResult struct {
	q     model.ResourceQuery
	paged bool
	rows  []*model.Resource
	total int
}

// listResources reads the library as the request asks: one page when it gives page or
// per_page, every row otherwise, as the register does.
func (a *API) listResources(r *http.Request) (resourceResult, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return resourceResult{}, errBadQueryString
	}
	q, err := model.ParseResourceQuery(v)
	if err != nil {
		return resourceResult{}, err
	}
	res := resourceResult{q: q, paged: given(v, "page") || given(v, "per_page")}
	if !res.paged {
		q.Page, q.PerPage = 1, allRows
	}
	res.rows, res.total, err = a.db.ListResources(r.Context(), q, true)
	if err != nil {
		return res, fmt.Errorf("api: list resources: %w", err)
	}
	if !res.paged {
		res.q.Page, res.q.PerPage = 1, res.total
	}
	return res, nil
}

// Resources serves the library as JSON: every resource that is not hidden, newest first
// (or most reused first), with its files and the organisations that reuse it.
func (a *API) Resources(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	res, err := a.listResources(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := page[resourceOut]{Total: res.total, Page: res.q.Page, PerPage: res.q.PerPage,
		Data:  make([]resourceOut, 0, len(res.rows)),
		Links: a.listLinks(PathResources, PathResourcesCSV, res.q.Values(), res.q.Page, res.q.PerPage, res.total, res.paged)}
	for _, row := range res.rows {
		p.Data = append(p.Data, a.resourceOut(row))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

func (a *API) resourceURL(id int64) string {
	return a.baseURL + pathResourcesPage + "/" + strconv.FormatInt(id, 10)
}

func (a *API) resourceOut(r *model.Resource) resourceOut {
	out := resourceOut{ID: r.ID, Type: r.Type, TypeName: locale.English.Msg(r.TypeName()), Title: r.Title, Summary: r.Summary, Link: r.Link,
		Language:    r.Language,
		Licence:     resourceLicence{Code: r.Licence, Name: locale.English.Msg(r.LicenceName()), URL: r.LicenceURL()},
		UsedByCount: r.UseCount, PublishedOn: date(r.CreatedAt), UpdatedOn: date(r.UpdatedAt), URL: a.resourceURL(r.ID),
		tagsOut: tagsOf(r.Organisations, r.Principles, r.Services, func(_ int, o model.OrgRef) resourceOrgOut { return a.resourceOrg(o) }),
		Files:   []resourceFileOut{}, UsedBy: []resourceUseOut{}}
	for _, f := range r.Files {
		fo := resourceFileOut{resourceVersionOut: a.versionOut(r.ID, f.Versions[0]), EarlierVersions: []resourceVersionOut{}}
		for _, v := range f.Older() {
			fo.EarlierVersions = append(fo.EarlierVersions, a.versionOut(r.ID, v))
		}
		out.Files = append(out.Files, fo)
	}
	for _, u := range r.Uses {
		out.UsedBy = append(out.UsedBy, resourceUseOut{resourceOrgOut: a.resourceOrg(u.Organisation), How: u.How, Since: date(u.CreatedAt)})
	}
	return out
}

func (a *API) resourceOrg(o model.OrgRef) resourceOrgOut {
	return resourceOrgOut{Name: o.Name, Slug: o.Slug, URL: a.orgURL(o.Slug)}
}

func (a *API) versionOut(resourceID int64, v model.FileVersion) resourceVersionOut {
	return resourceVersionOut{Name: v.Name, ContentType: v.ContentType, Size: v.Size, SHA256: v.SHA256, Version: v.Version,
		UploadedOn: date(v.UploadedAt), URL: a.resourceURL(resourceID) + "/files/" + strconv.FormatInt(v.ID, 10)}
}

// resourcesCSVHeader names the CSV columns. The order is part of the published contract.
// Cells with several values separate them with "; ".
var resourcesCSVHeader = []string{
	"id", "type", "title", "summary", "licence", "licence_name", "organisations", "organisation_slugs",
	"principles", "services", "link", "files", "used_by_count", "used_by", "published_on", "url", "language",
}

// ResourcesCSV serves the same rows as Resources, for the same query, as a CSV file.
func (a *API) ResourcesCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	res, err := a.listResources(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "resources.csv", resourcesCSVHeader, len(res.rows), func(i int, rec []string) {
		a.resourceCSVRecord(rec, res.rows[i])
	})
}

func (a *API) resourceCSVRecord(rec []string, r *model.Resource) {
	var names, slugs, principles, services, files, users []string
	for _, o := range r.Organisations {
		names, slugs = append(names, o.Name), append(slugs, o.Slug)
	}
	for _, p := range r.Principles {
		principles = append(principles, strconv.Itoa(p))
	}
	for _, s := range r.Services {
		services = append(services, strconv.Itoa(s.Code))
	}
	for _, f := range r.Files {
		files = append(files, a.versionOut(r.ID, f.Versions[0]).URL)
	}
	for _, u := range r.Uses {
		users = append(users, u.Organisation.Name)
	}
	join := func(s []string) string { return strings.Join(s, "; ") }
	rec[0], rec[1], rec[2], rec[3] = strconv.FormatInt(r.ID, 10), r.Type, r.Title, r.Summary
	rec[4], rec[5], rec[6], rec[7] = r.Licence, locale.English.Msg(r.LicenceName()), join(names), join(slugs)
	rec[8], rec[9], rec[10], rec[11] = join(principles), join(services), r.Link, join(files)
	rec[12], rec[13], rec[14], rec[15] = strconv.Itoa(r.UseCount), join(users), date(r.CreatedAt), a.resourceURL(r.ID)
	rec[16] = r.Language
}
