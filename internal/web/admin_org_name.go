package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// maxOrgName matches the limit for organisations added by hand and imported.
const maxOrgName = 200

// adminOrgNameForm lets the platform team correct an organisation's name, as shown on the
// register; the old name stays an alias that search finds, and imports keep the
// correction.
func (s *Server) adminOrgNameForm(w http.ResponseWriter, r *http.Request) {
	org, err := s.db.OrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderOrgName(w, r, http.StatusOK, org, map[string]string{"name": org.Name, "welsh_name": org.WelshName}, nil)
}

func (s *Server) renderOrgName(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	s.render(w, r, status, "admin_org_name", &page{Title: printerOf(r).T("titles.admin_org_name", "Name", org.Name), Nav: "admin",
		BackLink: "/organisations/" + org.Slug, Form: form, Errors: fe, Data: org})
}

func (s *Server) adminOrgNameSave(w http.ResponseWriter, r *http.Request) {
	org, err := s.db.OrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := model.CleanLine(r.PostFormValue("name"))
	fe := &model.FieldErrors{}
	switch {
	case name == "":
		fe.Add("name", "admin.organisation.name.missing_typographic")
	case model.Length(name) > maxOrgName:
		fe.Add("name", "admin.organisation.name.too_long")
	}
	// The Welsh name, when the form has the field ("" for none).
	_, hasWelsh := r.PostForm["welsh_name"]
	welsh := model.CleanLine(r.PostFormValue("welsh_name"))
	if model.Length(welsh) > maxOrgName {
		fe.Add("welsh_name", "admin.organisation.name.too_long")
	}
	if fe.Any() {
		s.renderOrgName(w, r, http.StatusBadRequest, org, map[string]string{"name": r.PostFormValue("name"),
			"welsh_name": r.PostFormValue("welsh_name"), "move_slug": r.PostFormValue("move_slug")}, fe)
		return
	}
	if err := s.db.RenameOrganisation(r.Context(), actorOf(userFrom(r)), org.ID, name, r.PostFormValue("move_slug") == "yes"); err != nil {
		s.fail(w, r, err)
		return
	}
	if hasWelsh {
		if err := s.db.SetOrganisationWelshName(r.Context(), actorOf(userFrom(r)), org.ID, welsh); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if org, err = s.db.Organisation(r.Context(), org.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "flash.org_renamed")
	http.Redirect(w, r, "/organisations/"+org.Slug, http.StatusSeeOther)
}

// followOldSlug answers an organisation's old address (its slug before a change, kept in
// organisation_slugs) with a permanent redirect to the same page at its current address:
// 301 for GET and HEAD, 308 for a form post so that it stays a post.
func (s *Server) followOldSlug(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		current, err := s.db.SlugRedirect(r.Context(), slug)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if current == "" || current == slug {
			h(w, r)
			return
		}
		u := url.URL{Path: strings.Replace(r.URL.Path, "/organisations/"+slug, "/organisations/"+current, 1),
			RawQuery: r.URL.RawQuery}
		status := http.StatusMovedPermanently
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			status = http.StatusPermanentRedirect
		}
		http.Redirect(w, r, u.String(), status)
	}
}
