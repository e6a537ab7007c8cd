package web

import (
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// withdrawTarget finds the signature of the organisation in the path (which the route's
// access loaded) that an organisation admin may withdraw: the verified one for the
// current version. A signature still in progress is cancelled instead, so the form sends
// them there.
func (s *Server) withdrawTarget(w http.ResponseWriter, r *http.Request) (*model.Organisation, *model.Signature, bool) {
	org := orgFrom(r)
	_, live, err := s.orgAndLive(r, org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	if live != nil && model.Pending(live.Status) {
		http.Redirect(w, r, "/signatures/"+strconv.FormatInt(live.ID, 10)+"/cancel", http.StatusSeeOther)
		return nil, nil, false
	}
	if live == nil {
		s.fail(w, r, model.Errorf(model.ENOTFOUND, "signing.withdraw.errors.none", "Name", org.Name))
		return nil, nil, false
	}
	return org, live, true
}

func (s *Server) withdrawForm(w http.ResponseWriter, r *http.Request) {
	org, sig, ok := s.withdrawTarget(w, r)
	if !ok {
		return
	}
	s.renderWithdraw(w, r, http.StatusOK, org, sig, map[string]string{}, nil)
}

func (s *Server) renderWithdraw(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, sig *model.Signature, form map[string]string, fe *model.FieldErrors) {
	s.render(w, r, status, "withdraw", &page{Title: printerOf(r).T("titles.withdraw", "Name", org.Name),
		BackLink: "/organisations/" + org.Slug, Form: form, Errors: fe, Data: map[string]any{"Org": org, "Sig": sig}})
}

// withdraw ends a published signature for the reason given, which the organisation's
// page and the open data show; the senior signers who signed are told.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	org, sig, ok := s.withdrawTarget(w, r)
	if !ok {
		return
	}
	raw := r.PostFormValue("reason")
	reason := model.CleanText(raw)
	fe := &model.FieldErrors{}
	if reason == "" {
		fe.Add("reason", "signing.withdraw.reason.missing")
	} else if model.Length(reason) > model.MaxReason {
		fe.Add("reason", "admin.signature.reason.too_long", "Max", 1000)
	}
	if fe.Any() {
		s.renderWithdraw(w, r, http.StatusBadRequest, org, sig, map[string]string{"reason": raw}, fe)
		return
	}
	if _, err := s.db.WithdrawSignature(r.Context(), actorOf(userFrom(r)), sig.ID, reason, s.signatureNews(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.withdrawn")
	http.Redirect(w, r, "/organisations/"+org.Slug, http.StatusSeeOther)
}
