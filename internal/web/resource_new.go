package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type resourceFormData struct {
	Choice     orgChoice // the organisation publishing, among the person's signatory ones
	Types      []choice
	Principles []choice
	Licences   []choice
	Services   chooser
	Partners   chooser // partner organisations: the publisher's own is named already
	MaxTitle   int
	MaxSummary int
	MaxLicence int
	MaxUpload  int64
	Allowed    string
}

func (s *Server) resourceNewForm(w http.ResponseWriter, r *http.Request) {
	orgs := userFrom(r).SignedMemberships()
	c, _ := choose("", orgs)
	s.renderResourceForm(w, r, http.StatusOK, c, url.Values{"licence": {model.Licences[0].Code}}, nil)
}

// resourceCreate publishes a resource for one of the person's organisations, or reloads
// the form for a service or organisation search, or shows what is wrong. An uploaded
// file is recorded and placed in the same transaction as the resource, or removed.
func (s *Server) resourceCreate(w http.ResponseWriter, r *http.Request) {
	orgs := userFrom(r).SignedMemberships()
	form, err := s.readUploadForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer form.discard(s)
	v := form.values
	c, problem := choose(v.Get(orgField), orgs)
	if a := v.Get("action"); a == actionFindServices || a == actionFindOrgs {
		s.renderResourceForm(w, r, http.StatusOK, c, v, nil)
		return
	}
	res := resourceFromForm(v, c.Chosen)
	fe := &model.FieldErrors{}
	addOrgChoiceError(fe, problem, "resources.form.organisation.missing")
	// A file that was chosen but refused has its own message: do not also ask for a
	// link or a file.
	fe.Merge(model.ValidateResource(res, form.pending != nil || form.fileErr != nil))
	if form.fileErr != nil {
		fe.AddMsg("file", *form.fileErr)
	}
	if fe.Any() {
		s.renderResourceForm(w, r, http.StatusBadRequest, c, v, fe)
		return
	}
	var uploads []store.FileUpload
	if form.pending != nil {
		uploads = append(uploads, form.fileUpload())
	}
	if err := s.db.PublishResource(r.Context(), actorOf(userFrom(r)), res, uploads); err != nil {
		var sfe *model.FieldErrors
		if errors.As(err, &sfe) {
			s.renderResourceForm(w, r, http.StatusBadRequest, c, v, sfe)
			return
		}
		s.fail(w, r, err)
		return
	}
	form.pending = nil // recorded and placed: keep it
	s.setFlash(w, "flash.resource_published")
	http.Redirect(w, r, "/resources/"+strconv.FormatInt(res.ID, 10), http.StatusSeeOther)
}

// resourceFromForm reads the form's fields. The publisher's organisation comes first,
// whatever the form says; numbers that do not parse become 0, which validation refuses.
func resourceFromForm(v url.Values, orgID int64) *model.Resource {
	res := &model.Resource{Type: v.Get("type"), Title: v.Get("title"), Summary: v.Get("summary"), Link: v.Get("link"),
		Licence: v.Get("licence"), LicenceOther: v.Get("licence_other"), Language: v.Get("language"),
		Organisations: []model.OrgRef{{ID: orgID}}}
	for _, p := range v["principles"] {
		n, _ := strconv.Atoi(strings.TrimSpace(p))
		res.Principles = append(res.Principles, n)
	}
	for _, c := range v["services"] {
		n, _ := strconv.Atoi(strings.TrimSpace(c))
		res.Services = append(res.Services, model.Service{Code: n})
	}
	for _, o := range v["organisations"] {
		id, err := strconv.ParseInt(strings.TrimSpace(o), 10, 64)
		if err != nil || id <= 0 {
			id = -1 // refused by the store as an organisation not in the list
		}
		if id != orgID {
			res.Organisations = append(res.Organisations, model.OrgRef{ID: id})
		}
	}
	return res
}

// resourceFormValues keeps what a person typed, for the page's single-value fields.
func resourceFormValues(v url.Values) map[string]string {
	m := map[string]string{}
	for _, k := range []string{"type", "title", "summary", "link", "licence", "licence_other", "service_q", "org_q"} {
		m[k] = v.Get(k)
	}
	return m
}

func (s *Server) renderResourceForm(w http.ResponseWriter, r *http.Request, status int, c orgChoice, v url.Values, fe *model.FieldErrors) {
	d := &resourceFormData{Choice: c, Types: resourceTypeChoices(printerOf(r)), Principles: resourcePrincipleChoices(printerOf(r)), Licences: resourceLicenceChoices(printerOf(r)),
		MaxTitle: model.MaxResourceTitle, MaxSummary: model.MaxResourceSummary, MaxLicence: model.MaxLicenceOther,
		MaxUpload: s.maxUpload >> 20, Allowed: printerOf(r).Msg(filesAllowed)}
	for i := range d.Principles {
		d.Principles[i].Checked = slices.Contains(v["principles"], d.Principles[i].Value)
	}
	var err error
	action := v.Get("action")
	if d.Services, err = s.serviceChooser(r.Context(), printerOf(r), v["services"], v.Get("service_q"), action == actionFindServices); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Partners, err = s.orgChooser(r.Context(), c.Chosen, v["organisations"], v.Get("org_q"), action == actionFindOrgs); err != nil {
		s.serverError(w, r, err)
		return
	}
	form := resourceFormValues(v)
	form["language"] = formLanguage(r, v.Get("language"))
	s.render(w, r, status, "resource_new", &page{Title: printerOf(r).T("titles.publish_a_resource"), Nav: "resources",
		BackLink: "/resources", Form: form, Errors: fe, Data: d})
}
