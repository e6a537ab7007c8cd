package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

func init() {
	for k, v := range map[string]string{
		"resource-published":         "Your resource has been published",
		"resource-file-added":        "The file has been added",
		"resource-used":              "Your organisation is now listed as using this resource",
		"resource-use-updated":       "How your organisation uses this resource has been saved",
		"resource-unused":            "Your organisation is no longer listed as using this resource",
		"resource-reported":          "Thank you for your report. The Local Digital team will look at it",
		"resource-hidden":            "The resource has been hidden and its authors have been told why",
		"resource-unhidden":          "The resource is back in the library",
		"resource-reports-dismissed": "The reports have been dismissed",
	} {
		flashes[k] = v
	}
}

// kindResourceHidden is the email kind that tells authors their resource was hidden.
const kindResourceHidden = "resource_hidden"

func resourcePath(res *model.Resource) string { return "/resources/" + strconv.FormatInt(res.ID, 10) }

type resourceFilesData struct {
	R         *model.Resource
	Files     []choice
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
	if !model.CanEditResource(userFrom(r), res) {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "Only members of the organisations that made this resource can add files to it."))
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
	d := &resourceFilesData{R: res, MaxUpload: s.maxUpload >> 20, Allowed: files.AllowedText}
	for _, f := range res.Files {
		l := f.Latest()
		d.Files = append(d.Files, choice{Value: strconv.FormatInt(f.ID, 10), Text: l.Name,
			Hint: fmt.Sprintf("Version %d, added %s", l.Version, formatDate(l.UploadedAt))})
	}
	s.render(w, r, status, "resource_files", &page{Title: "Add a file to " + res.Title, Nav: "resources",
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
			fe.Add("replaces", "Select one of this resource's files, or a new file")
		}
	}
	switch {
	case form.fileErr != "":
		fe.Add("file", form.fileErr)
	case form.pending == nil:
		fe.Add("file", "Select a file")
	}
	if fe.Any() {
		s.renderResourceFiles(w, r, http.StatusBadRequest, res, map[string]string{"replaces": replaces}, fe)
		return
	}
	if _, err := s.db.AddResourceFile(r.Context(), actorOf(userFrom(r)), res.ID, fileID, form.fileUpload()); err != nil {
		if model.ErrorCode(err) == model.EINVALID {
			fe.Add("replaces", model.ErrorMessage(err))
			s.renderResourceFiles(w, r, http.StatusBadRequest, res, map[string]string{"replaces": replaces}, fe)
			return
		}
		s.fail(w, r, err)
		return
	}
	form.pending = nil
	s.setFlash(w, "resource-file-added")
	http.Redirect(w, r, resourcePath(res)+"#files", http.StatusSeeOther)
}

// resourceUse puts the person's organisation on the reuse register, or updates how it
// uses the resource. Only members of signatory organisations may.
func (s *Server) resourceUse(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	orgs := u.SignedMemberships()
	res, ok := s.resourceByID(w, r)
	if !ok {
		return
	}
	fe := &model.FieldErrors{}
	c, problem := chooseFromForm(r, orgs)
	addOrgChoiceError(fe, problem, "Select which of your organisations uses it")
	how, msg := model.CleanReason(r.PostFormValue("how"), false, model.MaxUseHow, "how you use it")
	if msg != "" {
		fe.Add("how", msg)
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
		s.setFlash(w, "resource-used")
	} else {
		s.setFlash(w, "resource-use-updated")
	}
	http.Redirect(w, r, resourcePath(res)+"#reuse", http.StatusSeeOther)
}

// resourceUnuse takes the person's organisation off the reuse register.
func (s *Server) resourceUnuse(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	c, problem := chooseFromForm(r, u.Memberships)
	if problem != "" {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "You are not signed in as a member of that organisation."))
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
	s.setFlash(w, "resource-unused")
	http.Redirect(w, r, resourcePath(res)+"#reuse", http.StatusSeeOther)
}

// resourceModeration is the library's part in the moderation flow (moderation.go).
func (s *Server) resourceModeration() moderation {
	return moderation{content: store.Resources, emails: s.resourceHiddenEmails, admin: "/admin/resources",
		load: func(w http.ResponseWriter, r *http.Request) (moderated, bool) {
			res, ok := s.resourceByID(w, r)
			if !ok {
				return moderated{}, false
			}
			return moderated{id: res.ID, path: resourcePath(res), show: func(status int, form map[string]string, fe *model.FieldErrors) {
				s.renderResource(w, r, status, res, form, fe)
			}}, true
		},
		notMember: "Only members of an organisation on the platform can report a resource.",
		reported:  "resource-reported", hidden: "resource-hidden", shown: "resource-unhidden", dismissed: "resource-reports-dismissed"}
}

func (s *Server) resourceReport(w http.ResponseWriter, r *http.Request) {
	s.reportContent(w, r, s.resourceModeration())
}

func (s *Server) resourceHide(w http.ResponseWriter, r *http.Request) {
	s.hideContent(w, r, s.resourceModeration())
}

func (s *Server) resourceUnhide(w http.ResponseWriter, r *http.Request) {
	s.unhideContent(w, r, s.resourceModeration())
}

func (s *Server) resourceReportsDismiss(w http.ResponseWriter, r *http.Request) {
	s.dismissReports(w, r, s.resourceModeration())
}

// adminResources is the platform team's moderation page: open reports and hidden resources.
func (s *Server) adminResources(w http.ResponseWriter, r *http.Request) {
	reports, err := s.db.OpenReports(r.Context(), store.Resources)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	hidden, err := s.db.HiddenResources(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "resource_admin", &page{Title: "Resources to moderate", Nav: "admin",
		Breadcrumbs: adminCrumbs(), Flash: s.takeFlash(w, r), Data: map[string]any{"Reports": reports, "Hidden": hidden}})
}

// resourceHiddenEmails tells each author why their resource was hidden.
func (s *Server) resourceHiddenEmails(res store.HiddenContent, to []string) []model.Email {
	out := make([]model.Email, 0, len(to))
	for _, addr := range to {
		out = append(out, model.Email{To: addr, Kind: kindResourceHidden,
			Subject: "Your resource “" + res.Title + "” has been hidden",
			Body: fmt.Sprintf("The Local Digital team has hidden your resource “%s” from the resources library.\n\n"+
				"Reason: %s\n\n"+
				"It is no longer listed, in the open data or in the feeds, and its files cannot be downloaded. "+
				"Members of the organisations that made it can still see it here:\n\n%s/resources/%d\n\n"+
				"If you think this is a mistake, reply to this email.\n", res.Title, res.Reason, s.opts.BaseURL, res.ID)})
	}
	return out
}
