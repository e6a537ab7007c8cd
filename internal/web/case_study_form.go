package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
)

// The case study form is one long page. Services and partner organisations are chosen
// from searchable lists that work without JavaScript: the search buttons send the form
// back with what was typed kept, and the page comes again with the matches as
// checkboxes beside those already ticked.

// Actions of the form's buttons.
const (
	caseStudySave        = "save"
	caseStudyUploadImage = "upload-image"
)

type caseStudyFormData struct {
	Action        string // where the form is sent
	Editing       bool
	Author        string    // the author organisation's name
	Choice        orgChoice // a new case study's author, when the person has several to choose from
	Principles    []choice
	Services      chooser
	Organisations chooser // partners: the author is named already
	Limits        map[string]int
	Images        []*model.CaseStudyImage // uploaded while writing, with the Markdown to paste
	MaxUpload     int64                   // in megabytes
}

var caseStudyTextFields = []string{"title", "summary", "problem", "approach", "outcomes", "lessons", "links", "service_q", "org_q"}

// caseStudyForm is what was sent: the text as typed and the tags as chosen.
type caseStudyForm struct {
	text          map[string]string
	principles    []int
	services      []int
	organisations []int64  // partners, not the author
	images        []string // stored names of the images uploaded while writing
	action        string
	orgValue      string    // the author organisation as sent (field "organisation")
	org           orgChoice // a new case study's author among the person's organisations
	orgProblem    string    // why the chosen author was refused, if it was
}

func readCaseStudyForm(form url.Values) caseStudyForm {
	f := caseStudyForm{text: map[string]string{}, action: form.Get("action"), orgValue: form.Get(orgField)}
	for _, k := range caseStudyTextFields {
		f.text[k] = form.Get(k)
	}
	f.text["language"] = form.Get("language")
	for _, v := range form["images"] {
		if model.IsSiteImage(model.CaseStudyImageURL(v)) && len(f.images) < maxFormImages {
			f.images = append(f.images, v)
		}
	}
	for _, v := range form["principles"] {
		if n, err := strconv.Atoi(v); err == nil {
			f.principles = append(f.principles, n)
		} else {
			f.principles = append(f.principles, 0) // shown as "select from the list"
		}
	}
	for _, v := range form["services"] {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			f.services = append(f.services, n)
		} else {
			f.services = append(f.services, -1) // not a code: the store says it does not exist
		}
	}
	for _, v := range form["organisations"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			f.organisations = append(f.organisations, n)
		} else {
			f.organisations = append(f.organisations, -1)
		}
	}
	return f
}

func caseStudyFormOf(cs *model.CaseStudy) caseStudyForm {
	f := caseStudyForm{text: map[string]string{"title": cs.Title, "summary": cs.Summary, "problem": cs.Problem,
		"approach": cs.Approach, "outcomes": cs.Outcomes, "lessons": cs.Lessons, "links": model.FormatCaseStudyLinks(cs.Links),
		"language": cs.Language},
		principles: cs.Principles}
	for _, sv := range cs.Services {
		f.services = append(f.services, sv.Code)
	}
	for _, o := range cs.Organisations[1:] {
		f.organisations = append(f.organisations, o.ID)
	}
	return f
}

// caseStudy turns the form into a case study by author (with the partners after), and
// the links' error, if any.
func (s *Server) caseStudyOf(f caseStudyForm, authorID int64) (*model.CaseStudy, *model.Msg) {
	cs := &model.CaseStudy{Title: f.text["title"], Summary: f.text["summary"], Problem: f.text["problem"],
		Approach: f.text["approach"], Outcomes: f.text["outcomes"], Lessons: f.text["lessons"], Principles: f.principles,
		Language: f.text["language"]}
	if authorID != 0 {
		cs.Organisations = []model.OrgRef{{ID: authorID}}
	}
	for _, id := range f.organisations {
		cs.Organisations = append(cs.Organisations, model.OrgRef{ID: id})
	}
	for _, c := range f.services {
		cs.Services = append(cs.Services, model.Service{Code: c})
	}
	links, msg := model.ParseCaseStudyLinks(f.text["links"], s.caseStudySiteHost())
	cs.Links = links
	return cs, msg
}

func (s *Server) caseStudySiteHost() string {
	u, err := url.Parse(s.opts.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// authorName is the chosen author's name, or words for it while none is chosen.
func authorName(r *http.Request, c orgChoice) string {
	if n := c.Name(); n != "" {
		return n
	}
	return printerOf(r).T("case_studies.form.author.unchosen")
}

func (s *Server) caseStudyNewForm(w http.ResponseWriter, r *http.Request) {
	orgs := userFrom(r).SignedMemberships()
	f, author := caseStudyForm{text: map[string]string{}}, ""
	if slug := r.URL.Query().Get("commitment"); slug != "" {
		var err error
		if f, author, err = s.caseStudyFromCommitment(r, slug); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	c, _ := choose(author, orgs)
	f.org = c
	s.renderCaseStudyForm(w, r, http.StatusOK, "/case-studies/new", authorName(r, c), f, nil)
}

func (s *Server) caseStudyCreate(w http.ResponseWriter, r *http.Request) {
	orgs := userFrom(r).SignedMemberships()
	f, ok := s.readCaseStudyUpload(w, r, "/case-studies/new", func(f *caseStudyForm) (string, int64) {
		f.org, f.orgProblem = choose(f.orgValue, orgs)
		return authorName(r, f.org), f.org.Chosen
	})
	if !ok {
		return
	}
	author := authorName(r, f.org)
	cs, ok := s.caseStudyChecked(w, r, "/case-studies/new", author, f.org.Chosen, f)
	if !ok {
		return
	}
	err := s.db.CreateCaseStudy(r.Context(), actorOf(userFrom(r)), cs)
	if s.caseStudySaveFailed(w, r, "/case-studies/new", author, f, err) {
		return
	}
	s.setFlash(w, "flash.case_study_published")
	http.Redirect(w, r, caseStudyPath(cs.ID), http.StatusSeeOther)
}

// editableCaseStudy reads the case study in the path and checks the person may edit it.
func (s *Server) editableCaseStudy(w http.ResponseWriter, r *http.Request) (*model.CaseStudy, bool) {
	cs, ok := s.caseStudyFromPath(w, r)
	if !ok {
		return nil, false
	}
	if !cs.CanEdit(userFrom(r)) {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "case_studies.errors.not_author_named", "Name", cs.Organisations[0].Name))
		return nil, false
	}
	return cs, true
}

func (s *Server) caseStudyEditForm(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.editableCaseStudy(w, r)
	if !ok {
		return
	}
	s.renderCaseStudyForm(w, r, http.StatusOK, caseStudyPath(cs.ID)+"/edit", cs.Organisations[0].Name, caseStudyFormOf(cs), nil)
}

func (s *Server) caseStudyUpdate(w http.ResponseWriter, r *http.Request) {
	old, ok := s.editableCaseStudy(w, r)
	if !ok {
		return
	}
	action, author := caseStudyPath(old.ID)+"/edit", old.Organisations[0].Name
	f, ok := s.readCaseStudyUpload(w, r, action, func(*caseStudyForm) (string, int64) { return author, old.AuthorOrgID() })
	if !ok {
		return
	}
	cs, ok := s.caseStudyChecked(w, r, action, author, old.AuthorOrgID(), f)
	if !ok {
		return
	}
	cs.ID, cs.Organisations = old.ID, cs.Organisations[1:] // the store keeps the author first
	// editableCaseStudy checked that the person is a member of the author organisation.
	err := s.db.UpdateCaseStudy(r.Context(), actorOf(userFrom(r)), old.AuthorOrgID(), cs)
	if s.caseStudySaveFailed(w, r, action, author, f, err) {
		return
	}
	s.setFlash(w, "flash.case_study_saved")
	http.Redirect(w, r, caseStudyPath(cs.ID), http.StatusSeeOther)
}

// caseStudyChecked answers a search button by showing the form again, and otherwise
// validates the case study, showing the form with errors when it is not ready to save.
func (s *Server) caseStudyChecked(w http.ResponseWriter, r *http.Request, action, author string, authorID int64, f caseStudyForm) (*model.CaseStudy, bool) {
	if f.action == actionFindServices || f.action == actionFindOrgs {
		s.renderCaseStudyForm(w, r, http.StatusOK, action, author, f, nil)
		return nil, false
	}
	cs, linksMsg := s.caseStudyOf(f, authorID)
	fe := cs.Validate()
	if f.orgProblem != "" { // the author comes first on the page, so first in the summary
		all := &model.FieldErrors{}
		addOrgChoiceError(all, f.orgProblem, "case_studies.form.organisation.missing")
		all.Merge(fe)
		fe = all
	}
	if linksMsg != nil {
		fe.AddMsg("links", *linksMsg)
	}
	if fe.Any() {
		s.renderCaseStudyForm(w, r, http.StatusBadRequest, action, author, f, fe)
		return nil, false
	}
	return cs, true
}

// caseStudySaveFailed shows the form again for field errors the store found (a service
// or organisation that does not exist), or the error page, and reports whether it did.
func (s *Server) caseStudySaveFailed(w http.ResponseWriter, r *http.Request, action, author string, f caseStudyForm, err error) bool {
	if err == nil {
		return false
	}
	var fe *model.FieldErrors
	if errors.As(err, &fe) {
		s.renderCaseStudyForm(w, r, http.StatusBadRequest, action, author, f, fe)
		return true
	}
	s.fail(w, r, err)
	return true
}

func (s *Server) renderCaseStudyForm(w http.ResponseWriter, r *http.Request, status int, action, author string, f caseStudyForm, fe *model.FieldErrors) {
	d := &caseStudyFormData{Action: action, Editing: action != "/case-studies/new", Author: author, Choice: f.org,
		Principles: caseStudyPrincipleChoices(printerOf(r), f.principles), Limits: caseStudyLimits, MaxUpload: s.maxUpload >> 20}
	var err error
	for _, name := range f.images {
		img, err := s.db.CaseStudyImage(r.Context(), name)
		if model.ErrorCode(err) == model.ENOTFOUND {
			continue
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Images = append(d.Images, img)
	}
	if d.Services, err = s.serviceChooser(r.Context(), printerOf(r), itoas(f.services), f.text["service_q"], f.action == actionFindServices); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Organisations, err = s.orgChooser(r.Context(), f.org.Chosen, itoas(f.organisations), f.text["org_q"], f.action == actionFindOrgs); err != nil {
		s.serverError(w, r, err)
		return
	}
	title, back := printerOf(r).T("case_studies.form.title_new"), "/case-studies"
	if d.Editing {
		title, back = printerOf(r).T("case_studies.form.title_edit"), strings.TrimSuffix(action, "/edit")
	}
	f.text["language"] = formLanguage(r, f.text["language"])
	s.render(w, r, status, "case_study_form", &page{Title: title, Nav: "case-studies", BackLink: back,
		Form: f.text, Errors: fe, Data: d})
}

var caseStudyLimits = map[string]int{
	"title": model.MaxCaseStudyTitle, "summary": model.MaxCaseStudySummary, "section": model.MaxCaseStudySection,
	"services": model.MaxCaseStudyServices, "organisations": model.MaxCaseStudyOrganisations, "links": model.MaxCaseStudyLinks,
	"links_text": model.MaxCaseStudyLinksText,
}

// itoas writes numbers as a form sends them.
func itoas[T int | int64](ns []T) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.FormatInt(int64(n), 10)
	}
	return out
}

// maxFormImages caps the uploaded images a case study form lists.
const maxFormImages = 50

// readCaseStudyUpload reads the case study form, which may carry an image (field
// "image"). A chosen image is checked (PNG or JPEG, the upload limit, its content
// sniffed) and recorded for orgID, and the form comes back with the Markdown to paste;
// then, or when the image is refused, it reports false, having answered.
//
// author names, from the form as read, the organisation writing the case study and its id.
func (s *Server) readCaseStudyUpload(w http.ResponseWriter, r *http.Request, action string, author func(*caseStudyForm) (string, int64)) (caseStudyForm, bool) {
	form, err := s.readUploadFormField(r, "image")
	if err != nil {
		s.fail(w, r, err)
		return caseStudyForm{}, false
	}
	defer form.discard(s)
	f := readCaseStudyForm(form.values)
	authorName, orgID := author(&f)
	if form.pending != nil && form.pending.Type.MIME != files.PNG.MIME && form.pending.Type.MIME != files.JPEG.MIME {
		form.discard(s)
		form.fileErr = &model.Msg{Key: "case_studies.image.type"}
	}
	fe := &model.FieldErrors{}
	switch {
	case form.fileErr != nil:
		fe.AddMsg("image", *form.fileErr)
	case form.pending == nil && f.action == caseStudyUploadImage:
		fe.Add("image", "case_studies.image.missing")
	case form.pending == nil:
		return f, true
	}
	if fe.Any() {
		s.renderCaseStudyForm(w, r, http.StatusBadRequest, action, authorName, f, fe)
		return f, false
	}
	img, err := s.db.AddCaseStudyImage(r.Context(), actorOf(userFrom(r)), orgID, form.fileUpload())
	if err != nil {
		s.fail(w, r, err)
		return f, false
	}
	form.pending = nil // recorded and placed: keep it
	f.images = append(f.images, img.StoredName)
	s.renderCaseStudyForm(w, r, http.StatusOK, action, authorName, f, nil)
	return f, false
}
