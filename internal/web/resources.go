package web

import (
	"mime"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// resourceRow is a resource as the library lists it.
type resourceRow struct {
	*model.Resource
	Excerpt string
}

type resourcesData struct {
	listPage
	Rows       []resourceRow
	Types      []choice
	Principles []choice
	Services   []choice
	Licences   []choice
	Orgs       []choice
	Sorts      []choice
	CanPublish bool
	// Follows are the buttons to follow the service and the principle filtered on: the
	// list filtered by one is its page.
	Follows []tagFollow
}

var resourceListView = listView{template: "resource_list", path: "/resources", field: "q"}

// resourceExcerptLength is how much of a summary the list shows.
const resourceExcerptLength = 280

func resourceExcerpt(s string) string {
	if utf8.RuneCountInString(s) <= resourceExcerptLength {
		return s
	}
	r := []rune(s)[:resourceExcerptLength]
	for i := len(r) - 1; i > resourceExcerptLength-40; i-- {
		if r[i] == ' ' {
			r = r[:i]
			break
		}
	}
	return string(r) + "…"
}

func resourceTypeChoices(pr *locale.Printer) []choice {
	out := make([]choice, len(model.ResourceTypes))
	for i, t := range model.ResourceTypes {
		out[i] = choice{Value: t.Code, Text: pr.Msg(t.Name)}
	}
	return out
}

func resourcePrincipleChoices(pr *locale.Printer) []choice {
	out := make([]choice, len(model.Principles))
	for i := range model.Principles {
		out[i] = choice{Value: strconv.Itoa(i + 1), Text: pr.Msg(model.NumberedPrinciple(i + 1))}
	}
	return out
}

func resourceLicenceChoices(pr *locale.Printer) []choice {
	out := make([]choice, len(model.Licences))
	for i, l := range model.Licences {
		out[i] = choice{Value: l.Code, Text: pr.Msg(l.Name)}
	}
	return out
}

// resources is the library: search, filters, sort and pages. A bad filter is shown next
// to its field with a 400, and the rest of the query is kept.
func (s *Server) resources(w http.ResponseWriter, r *http.Request) {
	q, err := model.ParseResourceQuery(r.URL.Query())
	p := &page{Title: printerOf(r).T("titles.resources"), Nav: "resources", Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}}, Form: formOf(r.URL.Query()),
		Flash: s.takeFlash(w, r)}
	d := &resourcesData{Types: resourceTypeChoices(printerOf(r)), Principles: resourcePrincipleChoices(printerOf(r)), Licences: resourceLicenceChoices(printerOf(r)),
		Sorts: []choice{{Value: model.SortResourcesNewest, Text: printerOf(r).T("resources.sort.newest")},
			{Value: model.SortResourcesReused, Text: printerOf(r).T("resources.sort.most_reused")}}}
	d.CanPublish = model.CanPublish(userFrom(r))
	if err == nil {
		d.Follows = s.tagFollowButtons(r, q.Service, q.Principle)
	}
	p.Data = d
	if p.Form["sort"] == "" {
		p.Form["sort"] = model.SortResourcesNewest
	}
	s.serveList(w, r, resourceListView, p, &d.listPage, err, func() (listResult, error) {
		list, total, err := s.db.ListResources(r.Context(), q, false)
		for _, res := range list {
			d.Rows = append(d.Rows, resourceRow{Resource: res, Excerpt: resourceExcerpt(res.Summary)})
		}
		return listResult{Total: total, Page: q.Page, PerPage: q.PerPage, Query: q.Values()}, err
	}, func() error {
		return s.resourceFilterChoices(r, d)
	})
}

// resourceChoices are the library's filter lists that come from the data: the services
// and organisations of visible resources. They change only with the data version, so
// they are kept for it, in one language, rather than read on every request.
type resourceChoices struct {
	version  int64
	lang     string
	services []choice
	orgs     []choice
}

func (s *Server) resourceFilterChoices(r *http.Request, d *resourcesData) error {
	version, err := s.db.DataVersion(r.Context())
	if err != nil {
		return err
	}
	pr := printerOf(r)
	if c := s.resourceChoices.Load(); c != nil && c.version == version && c.lang == pr.Lang() {
		d.Services, d.Orgs = c.services, c.orgs
		return nil
	}
	c := &resourceChoices{version: version, lang: pr.Lang()}
	services, err := s.db.ResourceServices(r.Context())
	if err != nil {
		return err
	}
	for _, sv := range services {
		code := strconv.Itoa(sv.Code)
		c.services = append(c.services, choice{Value: code, Text: pr.T("resource_list.service.option", "Label", sv.Label, "Code", code),
			Hint: pr.T("chooser.service_hint", "Code", code)})
	}
	orgs, err := s.db.ResourceOrganisations(r.Context())
	if err != nil {
		return err
	}
	for _, o := range orgs {
		c.orgs = append(c.orgs, choice{Value: o.Slug, Text: o.Name})
	}
	s.resourceChoices.Store(c)
	d.Services, d.Orgs = c.services, c.orgs
	return nil
}

// resourceByID reads the resource in the path. Hidden resources are shown only to the
// platform team and the organisations that made them; for anyone else they do not exist.
func (s *Server) resourceByID(w http.ResponseWriter, r *http.Request) (*model.Resource, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	res, err := s.db.Resource(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if res.Hidden && !model.CanSeeHiddenResource(userFrom(r), res) {
		s.fail(w, r, store.Resources.NotFound()) // as for a resource that does not exist
		return nil, false
	}
	return res, true
}

// resourceFileView is a file as the resource page lists it.
type resourceFileView struct {
	Latest model.FileVersion
	Older  []model.FileVersion
}

type resourceShowData struct {
	R          *model.Resource
	Principles []choice
	Files      []resourceFileView
	SignedIn   bool
	CanUse     bool      // a member of a signatory organisation
	UseChoice  orgChoice // the person's signatory organisations, for "we use this"
	HowLabel   string    // the label of "how we use it", naming the organisation "we" is if there is one
	MyUse      *model.ResourceUse
	MyUses     []myResourceUse // the person's organisations that use it
	CanEdit    bool
	CanReport  bool
	IsAdmin    bool
	MaxHow     int
	MaxReason  int
	Follow     followButton
}

// myResourceUse is one of the person's organisations that uses a resource.
type myResourceUse struct {
	OrgID   int64
	OrgName string
}

// resourceShow is a resource's page. The reuse register ("we use this") comes first.
func (s *Server) resourceShow(w http.ResponseWriter, r *http.Request) {
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	s.renderResource(w, r, http.StatusOK, res, nil, nil)
}

func (s *Server) renderResource(w http.ResponseWriter, r *http.Request, status int, res *model.Resource, form map[string]string, fe *model.FieldErrors) {
	u := userFrom(r)
	d := &resourceShowData{R: res, SignedIn: u != nil, IsAdmin: u.IsPlatformAdmin(), CanEdit: model.CanEditResource(u, res),
		MaxHow: model.MaxUseHow, MaxReason: model.MaxReportReason,
		Follow: s.followButton(r, model.FollowRef{Kind: model.FollowResource, ID: res.ID})}
	for _, n := range res.Principles {
		d.Principles = append(d.Principles, choice{Value: strconv.Itoa(n), Text: printerOf(r).Msg(model.PrincipleName(n))})
	}
	for _, f := range res.Files {
		v := resourceFileView{Latest: fileWithTypeName(printerOf(r), *f.Latest())}
		for _, o := range f.Older() {
			v.Older = append(v.Older, fileWithTypeName(printerOf(r), o))
		}
		d.Files = append(d.Files, v)
	}
	if u != nil && len(u.Memberships) > 0 {
		d.CanReport = !res.Hidden
		orgs := u.SignedMemberships()
		d.CanUse = len(orgs) > 0 && !res.Hidden
		d.UseChoice, _ = choose(form["organisation"], orgs)
		d.HowLabel = printerOf(r).T("resource_show.reuse.how.label_yours")
		if !d.UseChoice.Many() {
			d.HowLabel = printerOf(r).T("resource_show.reuse.how.label", "Org", d.UseChoice.Name())
		}
		for _, m := range u.Memberships {
			if res.UseBy(m.OrganisationID) != nil {
				d.MyUses = append(d.MyUses, myResourceUse{OrgID: m.OrganisationID, OrgName: m.OrganisationName})
			}
		}
		if !d.UseChoice.Many() && d.UseChoice.Chosen != 0 {
			d.MyUse = res.UseBy(d.UseChoice.Chosen)
		}
	}
	if form == nil {
		form = map[string]string{}
		if d.MyUse != nil {
			form["how"] = d.MyUse.How
		}
	}
	s.render(w, r, status, "resource_show", &page{Title: res.Title, Nav: "resources",
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.resources"), "/resources"}}, Flash: s.takeFlash(w, r),
		Form: form, Errors: fe, Data: d})
}

// fileSize writes a file's size in printer's words: "15 bytes", "340 KB", "2.1 MB".
func fileSize(p *locale.Printer, n int64) string {
	if n < 1024 {
		return p.T("resource_show.files.size_bytes", "Bytes", n)
	}
	return model.FileSize(n)
}

// fileTypeNames name the allowed types of file (files.Types) for people, by MIME.
var fileTypeNames = map[string]model.Msg{
	files.PDF.MIME: {Key: "resources.file_types.pdf"}, files.ODT.MIME: {Key: "resources.file_types.odt"},
	files.ODS.MIME: {Key: "resources.file_types.ods"}, files.ODP.MIME: {Key: "resources.file_types.odp"},
	files.DOCX.MIME: {Key: "resources.file_types.docx"}, files.XLSX.MIME: {Key: "resources.file_types.xlsx"},
	files.PPTX.MIME: {Key: "resources.file_types.pptx"}, files.DOC.MIME: {Key: "resources.file_types.doc"},
	files.XLS.MIME: {Key: "resources.file_types.xls"}, files.PPT.MIME: {Key: "resources.file_types.ppt"},
	files.CSV.MIME: {Key: "resources.file_types.csv"}, files.Text.MIME: {Key: "resources.file_types.text"},
	files.PNG.MIME: {Key: "resources.file_types.png"}, files.JPEG.MIME: {Key: "resources.file_types.jpeg"},
	files.SVG.MIME: {Key: "resources.file_types.svg"},
}

// filesAllowed names the allowed types of file for hints and error messages.
var filesAllowed = model.Msg{Key: "resources.file_types.allowed"}

func fileWithTypeName(pr *locale.Printer, v model.FileVersion) model.FileVersion {
	if m, ok := fileTypeNames[v.ContentType]; ok {
		v.TypeName = pr.Msg(m)
	} else {
		v.TypeName = pr.T("resource_show.files.type_unknown")
	}
	return v
}

// resourceDownload serves one version of a file: always as an attachment, with the type
// sniffed when it was uploaded, never sniffed again by the browser, and under a
// Content-Security-Policy that lets nothing in it run, should a browser open it anyway.
func (s *Server) resourceDownload(w http.ResponseWriter, r *http.Request) {
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	vid, err := strconv.ParseInt(r.PathValue("version"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	var v *model.FileVersion
	for _, f := range res.Files {
		for i := range f.Versions {
			if f.Versions[i].ID == vid {
				v = &f.Versions[i]
			}
		}
	}
	t, known := files.TypeOf(func() string {
		if v == nil {
			return ""
		}
		return v.ContentType
	}())
	if v == nil || !known {
		s.notFound(w, r)
		return
	}
	obj, err := s.files.Open(v.StoredName)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer obj.Close()
	markEncoded(w) // uploaded files are sent as stored: byte ranges and the ETag refer to them
	h := w.Header()
	h.Set("Content-Type", t.MIME)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": files.DownloadName(v.Name, t)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", `"`+v.SHA256+`"`)
	http.ServeContent(w, r, "", v.UploadedAt, obj)
}
