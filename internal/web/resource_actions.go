package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
)

// kindResourceHidden is the email kind that tells authors their resource was hidden.
const kindResourceHidden = "resource_hidden"

func resourcePath(res *model.Resource) string { return "/resources/" + strconv.FormatInt(res.ID, 10) }

type resourceFilesData struct {
	R         *model.Resource
	Files     []resourceChoice
	MaxUpload int64
	Allowed   string
}

// editableResource reads the resource in the path and checks the person belongs to one
// of the organisations that made it.
func (s *Server) editableResource(w http.ResponseWriter, r *http.Request) (*model.Resource, bool) {
	res, ok := s.resourceByID(w, r)
	if !ok {
		return nil, false
	}
	if !canEditResource(userFrom(r), res) {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "resources.files.errors.not_author"))
		return nil, false
	}
	return res, true
}

func (s *Server) resourceFilesForm(w http.ResponseWriter, r *http.Request) {
	res, ok := s.editableResource(w, r)
	if !ok {
		return
	}
	s.renderResourceFiles(w, r, http.StatusOK, res, map[string]string{"replaces": "new"}, nil)
}

func (s *Server) renderResourceFiles(w http.ResponseWriter, r *http.Request, status int, res *model.Resource, form map[string]string, fe *model.FieldErrors) {
	pr := printerOf(r)
	d := &resourceFilesData{R: res, MaxUpload: s.maxUpload >> 20, Allowed: files.AllowedText}
	for _, f := range res.Files {
		l := f.Latest()
		d.Files = append(d.Files, resourceChoice{Value: strconv.FormatInt(f.ID, 10), Text: l.Name,
			Hint: pr.T("resources.files.version", "Version", l.Version, "Date", formatDate(l.UploadedAt))})
	}
	s.render(w, r, status, "resource_files", &page{Title: pr.T("resources.files.title", "Title", res.Title), Nav: "resources",
		BackLink: resourcePath(res), Form: form, Errors: fe, Data: d})
}

// resourceFilesAdd records an uploaded file as a new file of the resource or as a new
// version of one of its files; earlier versions stay listed.
func (s *Server) resourceFilesAdd(w http.ResponseWriter, r *http.Request) {
	res, ok := s.editableResource(w, r)
	if !ok {
		return
	}
	form, err := s.readUploadForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer form.discard(s)
	replaces := strings.TrimSpace(form.values.Get("replaces"))
	fe := &model.FieldErrors{}
	var fileID int64
	if replaces != "new" && replaces != "" {
		fileID, err = strconv.ParseInt(replaces, 10, 64)
		if err != nil || fileID <= 0 {
			fe.Add("replaces", "resources.files.replaces.unknown")
		}
	}
	switch {
	case form.fileErr != nil:
		fe.AddMsg("file", *form.fileErr)
	case form.pending == nil:
		fe.Add("file", "resources.files.file.missing")
	}
	if fe.Any() {
		s.renderResourceFiles(w, r, http.StatusBadRequest, res, map[string]string{"replaces": replaces}, fe)
		return
	}
	if _, err := s.db.AddResourceFile(r.Context(), actorOf(userFrom(r)), res.ID, fileID, form.fileUpload()); err != nil {
		if model.ErrorCode(err) == model.EINVALID {
			fe.AddError("replaces", err)
			s.renderResourceFiles(w, r, http.StatusBadRequest, res, map[string]string{"replaces": replaces}, fe)
			return
		}
		s.fail(w, r, err)
		return
	}
	form.pending = nil
	s.setFlash(w, "flash.resource_file_added")
	http.Redirect(w, r, resourcePath(res)+"#files", http.StatusSeeOther)
}

// resourceUse puts the person's organisation on the reuse register, or updates how it
// uses the resource. Only members of signatory organisations may.
func (s *Server) resourceUse(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	orgs, err := actingOrgs(r.Context(), u, s.db.IsSignatory)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(orgs) == 0 {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "resources.use.errors.not_signatory"))
		return
	}
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	fe := &model.FieldErrors{}
	c, problem := chooseFromForm(r, orgs)
	addOrgChoiceError(fe, problem, "resources.use.organisation.missing")
	how, msg := model.CleanReason(r.PostFormValue("how"), false, model.MaxUseHow, "resources.use.how.missing", "resources.use.how.too_long")
	if msg != nil {
		fe.AddMsg("how", *msg)
	}
	if fe.Any() {
		s.renderResource(w, r, http.StatusBadRequest, res, map[string]string{"how": r.PostFormValue("how"), "organisation": c.Value()}, fe)
		return
	}
	added, err := s.db.UseResource(r.Context(), actorOf(u), res.ID, c.Chosen, how)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if added {
		s.setFlash(w, "flash.resource_used")
	} else {
		s.setFlash(w, "flash.resource_use_updated")
	}
	http.Redirect(w, r, resourcePath(res)+"#reuse", http.StatusSeeOther)
}

// resourceUnuse takes the person's organisation off the reuse register.
func (s *Server) resourceUnuse(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	c, problem := chooseFromForm(r, u.Memberships)
	if problem != "" {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "resources.use.errors.not_member"))
		return
	}
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	if _, err := s.db.StopUsingResource(r.Context(), actorOf(u), res.ID, c.Chosen); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.resource_unused")
	http.Redirect(w, r, resourcePath(res)+"#reuse", http.StatusSeeOther)
}

// resourceReport records a member's report for the platform team.
func (s *Server) resourceReport(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if len(u.Memberships) == 0 {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "resources.report.errors.no_organisation"))
		return
	}
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	reason, msg := model.CleanReason(r.PostFormValue("report_reason"), true, model.MaxReportReason,
		"resources.report.reason.missing", "resources.report.reason.too_long")
	if msg != nil {
		fe := &model.FieldErrors{}
		fe.AddMsg("report_reason", *msg)
		s.renderResource(w, r, http.StatusBadRequest, res, map[string]string{"report_reason": r.PostFormValue("report_reason")}, fe)
		return
	}
	if _, err := s.db.ReportResource(r.Context(), actorOf(u), res.ID, reason); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.resource_reported")
	http.Redirect(w, r, resourcePath(res), http.StatusSeeOther)
}

// resourceHide takes a resource out of the library, with the reason, which is emailed to
// its authors.
func (s *Server) resourceHide(w http.ResponseWriter, r *http.Request) {
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	reason, msg := model.CleanReason(r.PostFormValue("reason"), true, model.MaxHideReason,
		"resources.hide.reason.missing", "resources.hide.reason.too_long")
	if msg != nil {
		fe := &model.FieldErrors{}
		fe.AddMsg("reason", *msg)
		s.renderResource(w, r, http.StatusBadRequest, res, map[string]string{"reason": r.PostFormValue("reason")}, fe)
		return
	}
	if err := s.db.HideResource(r.Context(), actorOf(userFrom(r)), res.ID, reason, s.resourceHiddenEmails); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.resource_hidden")
	http.Redirect(w, r, resourcePath(res), http.StatusSeeOther)
}

func (s *Server) resourceUnhide(w http.ResponseWriter, r *http.Request) {
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	if err := s.db.UnhideResource(r.Context(), actorOf(userFrom(r)), res.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.resource_unhidden")
	http.Redirect(w, r, resourcePath(res), http.StatusSeeOther)
}

func (s *Server) resourceReportsDismiss(w http.ResponseWriter, r *http.Request) {
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	if _, err := s.db.DismissResourceReports(r.Context(), actorOf(userFrom(r)), res.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.resource_reports_dismissed")
	http.Redirect(w, r, "/admin/resources", http.StatusSeeOther)
}

// adminResources is the platform team's moderation page: open reports and hidden resources.
func (s *Server) adminResources(w http.ResponseWriter, r *http.Request) {
	reports, err := s.db.OpenResourceReports(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	hidden, err := s.db.HiddenResources(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "resource_admin", &page{Title: printerOf(r).T("resources.admin.title"), Nav: "admin",
		Breadcrumbs: adminCrumbs(r), Flash: s.takeFlash(w, r), Data: map[string]any{"Reports": reports, "Hidden": hidden}})
}

// resourceHiddenEmails tells each author why their resource was hidden.
func (s *Server) resourceHiddenEmails(res *model.Resource, to []string) []model.Email {
	out := make([]model.Email, 0, len(to))
	for _, addr := range to {
		out = append(out, model.Email{To: addr, Kind: kindResourceHidden,
			Subject: mailWords.T("emails.resource_hidden.subject", "Title", res.Title),
			Body: mailWords.T("emails.resource_hidden.body", "Title", res.Title, "Reason", res.HiddenReason,
				"URL", s.opts.BaseURL+resourcePath(res))})
	}
	return out
}
