package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	queue, err := s.db.SignaturesByStatus(r.Context(), model.SigAwaitingVerification)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin", &page{Title: printerOf(r).T("titles.admin"), Nav: "admin", Data: map[string]any{"Queue": len(queue)}})
}

func adminCrumbs(r *http.Request) []crumb {
	return []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.admin"), "/admin"}}
}

func (s *Server) adminSignatures(w http.ResponseWriter, r *http.Request) {
	queue, err := s.db.SignaturesByStatus(r.Context(), model.SigAwaitingVerification)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	waiting, err := s.db.SignaturesByStatus(r.Context(), model.SigAwaitingSigners)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_signatures", &page{Title: printerOf(r).T("titles.signatures_to_verify"), Nav: "admin",
		Breadcrumbs: adminCrumbs(r), Flash: s.takeFlash(w, r), Data: map[string]any{"Queue": queue, "Waiting": waiting}})
}

// signatureFromPath loads the signature whose id is in the path, or answers 404.
func (s *Server) signatureFromPath(w http.ResponseWriter, r *http.Request) (*model.Signature, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	sig, err := s.db.Signature(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return sig, true
}

func (s *Server) adminSignature(w http.ResponseWriter, r *http.Request) {
	sig, ok := s.signatureFromPath(w, r)
	if !ok {
		return
	}
	s.renderAdminSignature(w, r, http.StatusOK, sig, nil, nil)
}

// signerCheck is what the platform team needs to judge a senior signer's address: the
// other signatures the same mailbox appears in, and whether this one is its first.
type signerCheck struct {
	Signer    model.Signer
	FirstSeen bool
	Uses      []store.MailboxUse
}

func (s *Server) renderAdminSignature(w http.ResponseWriter, r *http.Request, status int, sig *model.Signature, form map[string]string, fe *model.FieldErrors) {
	checks := make([]signerCheck, 0, len(sig.Signers))
	for _, sg := range sig.Signers {
		uses, err := s.db.MailboxUses(r.Context(), sg.Email, sig.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		c := signerCheck{Signer: sg, FirstSeen: true, Uses: uses}
		for _, u := range uses {
			c.FirstSeen = c.FirstSeen && u.SignatureID > sig.ID
		}
		checks = append(checks, c)
	}
	s.render(w, r, status, "admin_signature", &page{Title: printerOf(r).T("titles.admin_signature", "ID", sig.ID), Nav: "admin",
		Breadcrumbs: append(adminCrumbs(r), crumb{printerOf(r).T("crumbs.signatures"), "/admin/signatures"}), Form: form, Errors: fe,
		Data: map[string]any{"Sig": sig, "Checks": checks, "Pending": model.Pending(sig.Status)}})
}

// adminCancel stops a signature in progress for a reason the organisation is told.
func (s *Server) adminCancel(w http.ResponseWriter, r *http.Request) {
	sig, ok := s.signatureFromPath(w, r)
	if !ok {
		return
	}
	reason := model.CleanText(r.PostFormValue("cancel_reason"))
	fe := &model.FieldErrors{}
	if reason == "" {
		fe.Add("cancel_reason", "admin.signature.cancel_reason.missing")
	} else if model.Length(reason) > model.MaxReason {
		fe.Add("cancel_reason", "admin.signature.reason.too_long", "Max", 1000)
	}
	if fe.Any() {
		s.renderAdminSignature(w, r, http.StatusBadRequest, sig, map[string]string{"cancel_reason": r.PostFormValue("cancel_reason")}, fe)
		return
	}
	if _, err := s.db.CancelSignature(r.Context(), actorOf(userFrom(r)), sig.ID, reason, s.signatureNews(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.cancelled")
	http.Redirect(w, r, "/admin/signatures", http.StatusSeeOther)
}

func (s *Server) adminVerify(w http.ResponseWriter, r *http.Request) {
	sig, ok := s.signatureFromPath(w, r)
	if !ok {
		return
	}
	if _, err := s.db.VerifySignature(r.Context(), actorOf(userFrom(r)), sig.ID, s.signatureNews(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.verified")
	http.Redirect(w, r, "/admin/signatures", http.StatusSeeOther)
}

// MaxReason limits a rejection reason.
const maxReason = 1000

func (s *Server) adminReject(w http.ResponseWriter, r *http.Request) {
	sig, ok := s.signatureFromPath(w, r)
	if !ok {
		return
	}
	reason := model.CleanText(r.PostFormValue("reason"))
	fe := &model.FieldErrors{}
	if reason == "" {
		fe.Add("reason", "admin.signature.reason.missing")
	} else if model.Length(reason) > maxReason {
		fe.Add("reason", "admin.signature.reason.too_long", "Max", 1000)
	}
	if fe.Any() {
		s.renderAdminSignature(w, r, http.StatusBadRequest, sig, map[string]string{"reason": r.PostFormValue("reason")}, fe)
		return
	}
	if _, err := s.db.RejectSignature(r.Context(), actorOf(userFrom(r)), sig.ID, reason, s.signatureNews(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.rejected")
	http.Redirect(w, r, "/admin/signatures", http.StatusSeeOther)
}

const auditPerPage = 50

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	pageNo, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || pageNo < 1 || pageNo > model.MaxPage {
		pageNo = 1
	}
	entries, total, err := s.db.ListAudit(r.Context(), auditPerPage, (pageNo-1)*auditPerPage)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_audit", &page{Title: printerOf(r).T("titles.audit_log"), Nav: "admin", Breadcrumbs: adminCrumbs(r),
		Data: map[string]any{"Entries": entries, "Total": total,
			"Pager": newPager("/admin/audit", nil, pageNo, auditPerPage, total)}})
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderAdminUsers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderAdminUsers(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	admins, err := s.db.ListAdmins(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "admin_users", &page{Title: printerOf(r).T("titles.people_with_admin_roles"), Nav: "admin", Breadcrumbs: adminCrumbs(r),
		Flash: s.takeFlash(w, r), Form: form, Errors: fe, Data: map[string]any{"Admins": admins, "Roles": labelChoices(printerOf(r), model.Roles, model.RoleName)}})
}

// emailAndRole reads a form naming a person by email address and a role from roles.
func emailAndRole(r *http.Request, roles []string) (form map[string]string, email string, fe *model.FieldErrors) {
	form = map[string]string{"email": r.PostFormValue("email"), "role": r.PostFormValue("role")}
	fe = &model.FieldErrors{}
	email, ok := model.NormaliseEmail(form["email"])
	if !ok {
		fe.Add("email", "admin.users.email.format")
	}
	if !model.Contains(roles, form["role"]) {
		fe.Add("role", "admin.users.role.missing")
	}
	return form, email, fe
}

func (s *Server) adminGrant(w http.ResponseWriter, r *http.Request) {
	form, email, fe := emailAndRole(r, model.Roles)
	if fe.Any() {
		s.renderAdminUsers(w, r, http.StatusBadRequest, form, fe)
		return
	}
	if _, err := s.db.GrantRole(r.Context(), actorOf(userFrom(r)), email, form["role"]); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.granted")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

func (s *Server) adminOrgForm(w http.ResponseWriter, r *http.Request) {
	s.renderOrgForm(w, r, http.StatusOK, map[string]string{}, nil)
}

func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	var types []model.OrgType
	for _, t := range model.OrgTypes {
		if !t.Council {
			types = append(types, t)
		}
	}
	s.render(w, r, status, "admin_org_new", &page{Title: printerOf(r).T("titles.add_an_organisation"), Nav: "admin", Breadcrumbs: adminCrumbs(r),
		Form: form, Errors: fe, Data: map[string]any{"Types": types, "Nations": labelChoices(printerOf(r), model.Nations, model.NationName)}})
}

// adminOrgCreate adds a body that is not in the local authority register: a department,
// sector body, supplier or other. Councils come from `localdigital import organisations`.
func (s *Server) adminOrgCreate(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"name": r.PostFormValue("name"), "type": r.PostFormValue("type"),
		"nation": r.PostFormValue("nation"), "website": r.PostFormValue("website"), "domains": r.PostFormValue("domains")}
	o := &model.Organisation{Name: form["name"], TypeCode: form["type"], Nation: form["nation"], Website: form["website"]}
	fe := model.ValidateNewOrganisation(o)
	if t, ok := model.LookupOrgType(o.TypeCode); ok && t.Council {
		fe.Add("type", "admin.organisation.type.council")
	} else if ok {
		o.TypeName = locale.English.Msg(t.Name) // stored as the register stores it: in English
	}
	domains, bad := model.NormaliseDomains(strings.Fields(strings.ReplaceAll(form["domains"], ",", " ")))
	if bad != "" {
		fe.Add("domains", "admin.domains.invalid", "Domain", bad)
	}
	if fe.Any() {
		s.renderOrgForm(w, r, http.StatusBadRequest, form, fe)
		return
	}
	if len(domains) == 0 {
		if d := model.DomainFromWebsite(o.Website); d != "" {
			domains = []string{d}
		}
	}
	o.OfficialName, o.Domains = o.Name, domains
	if err := s.db.CreateOrganisation(r.Context(), actorOf(userFrom(r)), o); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.org_added")
	http.Redirect(w, r, "/organisations/"+o.Slug, http.StatusSeeOther)
}

func (s *Server) adminDomainsForm(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	s.renderDomains(w, r, http.StatusOK, org, map[string]string{"domains": strings.Join(org.Domains, "\n")}, nil)
}

func (s *Server) renderDomains(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	s.renderOrgPage(w, r, status, "admin_domains", printerOf(r).T("titles.admin_domains", "Name", org.Name), org, form, fe)
}

// renderOrgPage renders one of the platform team's forms about an organisation (the page
// name), with a way back to the organisation's page.
func (s *Server) renderOrgPage(w http.ResponseWriter, r *http.Request, status int, name, title string, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	s.render(w, r, status, name, &page{Title: title, Nav: "admin", BackLink: "/organisations/" + org.Slug, Form: form, Errors: fe, Data: org})
}

func (s *Server) adminDomainsSave(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	raw := r.PostFormValue("domains")
	domains, bad := model.NormaliseDomains(strings.Fields(strings.ReplaceAll(raw, ",", " ")))
	if bad != "" {
		fe := &model.FieldErrors{}
		fe.Add("domains", "admin.domains.invalid", "Domain", bad)
		s.renderDomains(w, r, http.StatusBadRequest, org, map[string]string{"domains": raw}, fe)
		return
	}
	if err := s.db.SetOrganisationDomains(r.Context(), actorOf(userFrom(r)), org.ID, domains); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.domains")
	http.Redirect(w, r, "/organisations/"+org.Slug, http.StatusSeeOther)
}

// maxOrgName matches the limit for organisations added by hand and imported.
const maxOrgName = 200

// adminOrgNameForm lets the platform team correct an organisation's name, as shown on the
// register; the old name stays an alias that search finds, and imports keep the
// correction.
func (s *Server) adminOrgNameForm(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	s.renderOrgName(w, r, http.StatusOK, org, map[string]string{"name": org.Name, "welsh_name": org.WelshName}, nil)
}

func (s *Server) renderOrgName(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	s.renderOrgPage(w, r, status, "admin_org_name", printerOf(r).T("titles.admin_org_name", "Name", org.Name), org, form, fe)
}

func (s *Server) adminOrgNameSave(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
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
	var welshName *string
	if hasWelsh {
		welshName = &welsh
	}
	if err := s.db.NameOrganisation(r.Context(), actorOf(userFrom(r)), org.ID, name, r.PostFormValue("move_slug") == "yes", welshName); err != nil {
		s.fail(w, r, err)
		return
	}
	org, err := s.db.Organisation(r.Context(), org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "flash.org_renamed")
	http.Redirect(w, r, "/organisations/"+org.Slug, http.StatusSeeOther)
}
