package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

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
	d := &resourceFilesData{R: res, MaxUpload: s.maxUpload >> 20, Allowed: pr.Msg(filesAllowed)}
	for _, f := range res.Files {
		l := f.Latest()
		d.Files = append(d.Files, choice{Value: strconv.FormatInt(f.ID, 10), Text: l.Name,
			Hint: pr.T("resources.files.version", "Version", l.Version, "Date", date(pr, l.UploadedAt))})
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
	orgs := u.SignedMemberships()
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

// resourceModeration is the library's part in the moderation flow (moderation.go).
func (s *Server) resourceModeration() moderation {
	return moderation{content: store.Resources, emails: s.resourceHiddenEmails, admin: "/admin/resources", pages: "/resources",
		load: func(w http.ResponseWriter, r *http.Request) (moderated, bool) {
			res, ok := s.resourceByID(w, r)
			if !ok {
				return moderated{}, false
			}
			return moderated{id: res.ID, path: resourcePath(res), show: func(status int, form map[string]string, fe *model.FieldErrors) {
				s.renderResource(w, r, status, res, form, fe)
			}}, true
		},
		notMember: model.Msg{Key: "resources.report.errors.no_organisation"},
		reported:  model.Msg{Key: "flash.resource_reported"}, hidden: model.Msg{Key: "flash.resource_hidden"},
		shown: model.Msg{Key: "flash.resource_unhidden"}, dismissed: model.Msg{Key: "flash.resource_reports_dismissed"},
		page: moderationWords{Title: model.Msg{Key: "resources.admin.title"}, Heading: model.Msg{Key: "resource_admin.heading"}, ReportsRegion: model.Msg{Key: "resource_admin.reports.region"},
			ReportsCaption: model.Msg{Key: "resource_admin.reports.caption"}, ReportsContent: model.Msg{Key: "resource_admin.reports.resource"},
			ReportsNone: model.Msg{Key: "resource_admin.reports.none"}, HiddenHeading: model.Msg{Key: "resource_admin.hidden.heading"},
			HiddenNone: model.Msg{Key: "resource_admin.hidden.none"}, Dismiss: model.Msg{Key: "resource_admin.reports.dismiss"},
			HiddenItem: model.Msg{Key: "resource_admin.hidden.item"}}}
}

// resourceHiddenEmails tells each author, in their language, why their resource was
// hidden.
func (s *Server) resourceHiddenEmails(res store.HiddenContent, to []string) []model.Email {
	out := make([]model.Email, 0, len(to))
	for _, addr := range to {
		out = append(out, letter(s.opts.BaseURL, locale.Default, func(m mailer) model.Email {
			return model.Email{To: addr, Kind: kindResourceHidden,
				Subject: m.T("emails.resource_hidden.subject", "Title", res.Title),
				Body: m.T("emails.resource_hidden.body", "Title", res.Title, "Reason", res.Reason,
					"URL", m.link("/resources/"+strconv.FormatInt(res.ID, 10)))}
		}))
	}
	return out
}
