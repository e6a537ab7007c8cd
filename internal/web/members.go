package web

import (
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// The actions on one member, the value of the members page's action buttons.
const (
	memberMakeAdmin  = "make_admin"
	memberMakeMember = "make_member"
	memberRemove     = "remove"
)

type membersData struct {
	Org     *model.Organisation
	Members []model.Member
	Roles   []choice // for the platform team's "Add a person" form
	IsSelf  int64    // the person looking, to mark their own row
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	s.renderMembers(w, r, http.StatusOK, org, nil, nil)
}

func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	list, err := s.db.Members(r.Context(), org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := membersData{Org: org, Members: list, Roles: labelChoices(printerOf(r), model.MembershipRoles, model.RoleName), IsSelf: userFrom(r).ID}
	s.render(w, r, status, "organisation_members", &page{Title: printerOf(r).T("titles.members", "Name", org.Name), Nav: "signatories",
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.signatories"), "/signatories"}, {org.Name, "/organisations/" + org.Slug}},
		Flash:       s.takeFlash(w, r), Form: form, Errors: fe, Data: d})
}

// memberAction makes a member an admin or a plain member, or removes them, each audited.
func (s *Server) memberAction(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	userID, err := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	action := r.PostFormValue("action")
	if err != nil || userID <= 0 || (action != memberMakeAdmin && action != memberMakeMember && action != memberRemove) {
		s.fail(w, r, model.Errorf(model.EINVALID, "account.members.errors.no_action"))
		return
	}
	actor := actorOf(userFrom(r))
	switch action {
	case memberMakeAdmin:
		err = s.db.SetMemberRole(r.Context(), actor, org.ID, userID, model.RoleOrgAdmin)
	case memberMakeMember:
		err = s.db.SetMemberRole(r.Context(), actor, org.ID, userID, model.RoleMember)
	default:
		err = s.db.RemoveMember(r.Context(), actor, org.ID, userID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if action == memberRemove {
		s.setFlash(w, "flash.member_removed")
	} else {
		s.setFlash(w, "flash.member_role")
	}
	http.Redirect(w, r, "/organisations/"+org.Slug+"/members", http.StatusSeeOther)
}

// memberAdd attaches a person to the organisation by hand (platform team only),
// creating their account if they have never signed in.
func (s *Server) memberAdd(w http.ResponseWriter, r *http.Request) {
	org, err := s.db.OrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form, email, fe := emailAndRole(r, model.MembershipRoles)
	if fe.Any() {
		s.renderMembers(w, r, http.StatusBadRequest, org, form, fe)
		return
	}
	if _, err := s.db.AttachMember(r.Context(), actorOf(userFrom(r)), org.ID, email, form["role"]); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.member_added")
	http.Redirect(w, r, "/organisations/"+org.Slug+"/members", http.StatusSeeOther)
}
