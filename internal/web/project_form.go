package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// The project form is one page, with services chosen by the shared chooser (which works
// without JavaScript, as on the case study form). A new project names the organisation it
// is for among the person's; a signature's commitment becomes a project through
// /projects/new?signature=ID, which keeps the link.

type projectFormData struct {
	Action        string
	Editing       bool
	Lead          string    // the lead organisation's name, when it is settled
	Choice        orgChoice // a new project's lead, among the person's organisations
	Signature     string    // the signature whose commitment this becomes, as the form holds it
	Phases        []choice
	Collaboration []choice
	Funding       []choice
	Systems       []choice // the contract register's categories
	Principles    []choice
	Services      chooser
	Limits        map[string]int
}

var projectTextFields = []string{"title", "summary", "problem", "users", "phase", "collaboration", "funding", "system", "links", "language",
	"starts-day", "starts-month", "starts-year", "ends-day", "ends-month", "ends-year",
	"assessment-day", "assessment-month", "assessment-year", "service_q", "signature", orgField}

// projectForm is what was sent: the text as typed and the tags as chosen.
type projectForm struct {
	text       map[string]string
	principles []int
	services   []int
	action     string
}

func readProjectForm(form url.Values) projectForm {
	f := projectForm{text: map[string]string{}, action: form.Get("action")}
	for _, k := range projectTextFields {
		f.text[k] = form.Get(k)
	}
	for _, v := range form["principles"] {
		n, _ := strconv.Atoi(v) // 0 is "select from the list"
		f.principles = append(f.principles, n)
	}
	for _, v := range form["services"] {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			n = -1 // not a code: the store says it does not exist
		}
		f.services = append(f.services, n)
	}
	return f
}

func projectFormOf(p *model.Project) projectForm {
	f := projectForm{text: map[string]string{"title": p.Title, "summary": p.Summary, "problem": p.Problem, "users": p.Users,
		"phase": p.Phase, "collaboration": p.Collaboration, "funding": p.Funding, "system": p.System, "language": p.Language,
		"links": model.FormatCaseStudyLinks(p.Links)}, principles: p.Principles}
	for name, t := range map[string]model.Project{"starts": {StartsOn: p.StartsOn}, "ends": {StartsOn: p.EndsOn}, "assessment": {StartsOn: p.AssessmentOn}} {
		parts := model.DateParts(t.StartsOn)
		f.text[name+"-day"], f.text[name+"-month"], f.text[name+"-year"] = parts[0], parts[1], parts[2]
	}
	for _, sv := range p.Services {
		f.services = append(f.services, sv.Code)
	}
	return f
}

// project checks the form and returns the project it describes, or the errors.
func (s *Server) projectOf(f projectForm) (*model.Project, *model.FieldErrors) {
	parts := func(name string) [3]string {
		return [3]string{f.text[name+"-day"], f.text[name+"-month"], f.text[name+"-year"]}
	}
	links, linksMsg := model.ParseCaseStudyLinks(f.text["links"], s.caseStudySiteHost())
	p, fe := model.ProjectForm{Title: f.text["title"], Summary: f.text["summary"], Problem: f.text["problem"], Users: f.text["users"],
		Phase: f.text["phase"], Collaboration: f.text["collaboration"], Funding: f.text["funding"], Language: f.text["language"], System: f.text["system"],
		Starts: parts("starts"), Ends: parts("ends"), Assessment: parts("assessment"),
		Principles: f.principles, Services: f.services, Links: links}.Validate()
	if linksMsg != nil {
		fe.AddMsg("links", *linksMsg)
	}
	return p, fe
}

// signatureFor reads the signature a new project comes from (field or parameter
// "signature"): one of the person's organisations' published commitments. It returns
// the signature, or nil when none is named or it is not theirs.
func (s *Server) signatureFor(r *http.Request, value string) *model.Signature {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	sig, err := s.db.Signature(r.Context(), id)
	if err != nil || !userFrom(r).IsMemberOf(sig.OrganisationID) || sig.Status != model.SigVerified {
		return nil
	}
	return sig
}

func (s *Server) projectNewForm(w http.ResponseWriter, r *http.Request) {
	f := projectForm{text: map[string]string{}}
	if sig := s.signatureFor(r, r.URL.Query().Get("signature")); sig != nil {
		f.text["signature"] = strconv.FormatInt(sig.ID, 10)
		f.text[orgField] = strconv.FormatInt(sig.OrganisationID, 10)
		f.text["title"], f.text["problem"], f.text["language"] = sig.Commitment.Title, sig.Commitment.Mission, sig.Commitment.Language
	}
	s.renderProjectForm(w, r, http.StatusOK, "/projects/new", f, nil)
}

func (s *Server) projectCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	f := readProjectForm(r.PostForm)
	if f.action == actionFindServices {
		s.renderProjectForm(w, r, http.StatusOK, "/projects/new", f, nil)
		return
	}
	lead, problem := choose(f.text[orgField], userFrom(r).Memberships)
	sig := s.signatureFor(r, f.text["signature"])
	if sig != nil {
		lead, problem = choose(strconv.FormatInt(sig.OrganisationID, 10), userFrom(r).Memberships)
	}
	p, fe := s.projectOf(f)
	if problem != "" {
		all := &model.FieldErrors{}
		addOrgChoiceError(all, problem, "projects.form.organisation.missing")
		all.Merge(fe)
		fe = all
	}
	if fe.Any() {
		s.renderProjectForm(w, r, http.StatusBadRequest, "/projects/new", f, fe)
		return
	}
	if sig != nil {
		p.SignatureID = sig.ID
	}
	err := s.db.CreateProject(r.Context(), actorOf(userFrom(r)), lead.Chosen, p)
	if s.projectSaveFailed(w, r, "/projects/new", f, err) {
		return
	}
	s.setFlash(w, "flash.project_added")
	http.Redirect(w, r, projectPath(p.ID), http.StatusSeeOther)
}

func (s *Server) projectEditForm(w http.ResponseWriter, r *http.Request) {
	p := projectFrom(r)
	s.renderProjectForm(w, r, http.StatusOK, projectPath(p.ID)+"/edit", projectFormOf(p), nil)
}

func (s *Server) projectUpdate(w http.ResponseWriter, r *http.Request) {
	old := projectFrom(r)
	action := projectPath(old.ID) + "/edit"
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	f := readProjectForm(r.PostForm)
	if f.action == actionFindServices {
		s.renderProjectForm(w, r, http.StatusOK, action, f, nil)
		return
	}
	p, fe := s.projectOf(f)
	if fe.Any() {
		s.renderProjectForm(w, r, http.StatusBadRequest, action, f, fe)
		return
	}
	p.ID = old.ID
	err := s.db.UpdateProject(r.Context(), actorOf(userFrom(r)), p)
	if s.projectSaveFailed(w, r, action, f, err) {
		return
	}
	s.setFlash(w, "flash.project_saved")
	http.Redirect(w, r, projectPath(p.ID), http.StatusSeeOther)
}

// projectSaveFailed shows the form again for field errors the store found (a service
// that does not exist), or the error page, and reports whether it did.
func (s *Server) projectSaveFailed(w http.ResponseWriter, r *http.Request, action string, f projectForm, err error) bool {
	if err == nil {
		return false
	}
	var fe *model.FieldErrors
	if errors.As(err, &fe) {
		s.renderProjectForm(w, r, http.StatusBadRequest, action, f, fe)
		return true
	}
	s.fail(w, r, err)
	return true
}

// projectOptions are values as radios, each in the page's words.
func projectOptions(r *http.Request, values []string, name func(string) model.Msg) []choice {
	return labelChoices(printerOf(r), values, name)
}

func (s *Server) renderProjectForm(w http.ResponseWriter, r *http.Request, status int, action string, f projectForm, fe *model.FieldErrors) {
	pr := printerOf(r)
	d := &projectFormData{Action: action, Editing: action != "/projects/new", Signature: f.text["signature"],
		Phases:        projectOptions(r, model.ProjectPhases, model.PhaseName),
		Collaboration: projectOptions(r, model.CollaborationLevels, model.CollaborationName),
		Funding:       projectOptions(r, model.FundingBands, model.FundingName),
		Systems:       systemChoices(r),
		Principles:    caseStudyPrincipleChoices(pr, f.principles), Limits: projectLimits}
	if d.Editing {
		d.Lead = projectFrom(r).Lead().Name
	} else {
		d.Choice, _ = choose(f.text[orgField], userFrom(r).Memberships)
		if sig := s.signatureFor(r, f.text["signature"]); sig != nil {
			d.Choice, _ = choose(strconv.FormatInt(sig.OrganisationID, 10), userFrom(r).Memberships)
			d.Lead = d.Choice.Name()
		}
	}
	var err error
	if d.Services, err = s.serviceChooser(r.Context(), pr, itoas(f.services), f.text["service_q"], f.action == actionFindServices); err != nil {
		s.serverError(w, r, err)
		return
	}
	title, back := pr.T("projects.form.title_new"), "/projects"
	if d.Editing {
		title, back = pr.T("projects.form.title_edit"), projectPath(projectFrom(r).ID)
	}
	f.text["language"] = formLanguage(r, f.text["language"])
	s.render(w, r, status, "project_form", &page{Title: title, Nav: "projects", BackLink: back, Form: f.text, Errors: fe, Data: d})
}

var projectLimits = map[string]int{
	"title": model.MaxProjectTitle, "summary": model.MaxProjectSummary, "text": model.MaxProjectText,
	"services": model.MaxProjectServices, "links": model.MaxCaseStudyLinks, "links_text": model.MaxCaseStudyLinksText,
}

// systemChoices are the contract register's categories, as the kind of system a project
// replaces or needs.
func systemChoices(r *http.Request) []choice {
	out := make([]choice, len(model.ContractCategories))
	for i, c := range model.ContractCategories {
		out[i] = choice{Value: c.Slug, Text: printerOf(r).Msg(c.Name)}
	}
	return out
}
