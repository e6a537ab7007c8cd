package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

// withdrawTarget finds the organisation in the path and the signature an organisation
// admin may withdraw: the live one for the current version.
func (s *Server) withdrawTarget(w http.ResponseWriter, r *http.Request) (*model.Organisation, *model.Signature, bool) {
	org, err := s.db.OrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	if !userFrom(r).CanAdminOrganisation(org.ID) {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "Only an admin of %s can withdraw its signature.", org.Name))
		return nil, nil, false
	}
	_, live, err := s.orgAndLive(r, org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	if live == nil {
		s.fail(w, r, model.Errorf(model.ENOTFOUND, "%s has no signature to withdraw.", org.Name))
		return nil, nil, false
	}
	return org, live, true
}

func (s *Server) withdrawForm(w http.ResponseWriter, r *http.Request) {
	org, sig, ok := s.withdrawTarget(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "withdraw", &page{Title: "Withdraw " + org.Name + "’s signature",
		BackLink: "/organisations/" + org.Slug, Data: map[string]any{"Org": org, "Sig": sig}})
}

func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	org, sig, ok := s.withdrawTarget(w, r)
	if !ok {
		return
	}
	if _, err := s.db.WithdrawSignature(r.Context(), actorOf(userFrom(r)), sig.ID, s.signatureNews); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "withdrawn")
	http.Redirect(w, r, "/organisations/"+org.Slug, http.StatusSeeOther)
}
