package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// A signature in progress can get stuck: a senior signer's link expires, or an address
// was mistyped. The person who started it and the organisation's admins can cancel it,
// correct a signer, or send a signer a new link; the platform team can cancel it with a
// reason (adminCancel).

func orgPage(sig *model.Signature) string { return "/organisations/" + sig.Organisation.Slug }

func (s *Server) cancelForm(w http.ResponseWriter, r *http.Request) {
	sig := sigFrom(r)
	if !model.Pending(sig.Status) {
		s.fail(w, r, notPending(sig))
		return
	}
	s.render(w, r, http.StatusOK, "signature_cancel", &page{Title: printerOf(r).T("titles.cancel_signature", "Name", sig.Organisation.Name),
		BackLink: orgPage(sig), Data: sig})
}

func notPending(sig *model.Signature) error {
	return model.Errorf(model.ECONFLICT, "signing.manage.errors.not_pending",
		"Status", model.SignatureStatusInSentence(sig.Status))
}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	sig := sigFrom(r)
	if _, err := s.db.CancelSignature(r.Context(), actorOf(userFrom(r)), sig.ID, "", s.signatureNews(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.cancelled")
	http.Redirect(w, r, orgPage(sig), http.StatusSeeOther)
}

// pendingSignerIn finds the signer of the kind in the path, who must still be waiting to
// answer a signature that waits for them.
func (s *Server) pendingSignerIn(w http.ResponseWriter, r *http.Request) (*model.Signature, *model.Signer, bool) {
	sig := sigFrom(r)
	kind := r.PathValue("kind")
	for i := range sig.Signers {
		if sig.Signers[i].Kind != kind {
			continue
		}
		switch {
		case sig.Status != model.SigAwaitingSigners:
			s.fail(w, r, model.Errorf(model.ECONFLICT, "signing.manage.errors.signers_fixed",
				"Status", model.SignatureStatusInSentence(sig.Status)))
			return nil, nil, false
		case sig.Signers[i].Status != model.SignerPending:
			s.fail(w, r, model.Errorf(model.ECONFLICT, "signing.manage.errors.signer_answered", "Name", sig.Signers[i].Name))
			return nil, nil, false
		}
		return sig, &sig.Signers[i], true
	}
	s.notFound(w, r)
	return nil, nil, false
}

func (s *Server) changeSignerForm(w http.ResponseWriter, r *http.Request) {
	sig, signer, ok := s.pendingSignerIn(w, r)
	if !ok {
		return
	}
	s.renderChangeSigner(w, r, http.StatusOK, sig, signer, signersForm([]model.Signer{*signer}), nil)
}

// changeSignerTitles are the titles of the page that changes a senior signer, by kind.
var changeSignerTitles = map[string]model.Msg{
	model.SignerCEO:    {Key: "titles.change_signer.ceo"},
	model.SignerLeader: {Key: "titles.change_signer.leader"},
	model.SignerSenior: {Key: "titles.change_signer.senior"},
}

func (s *Server) renderChangeSigner(w http.ResponseWriter, r *http.Request, status int, sig *model.Signature, signer *model.Signer, form map[string]string, fe *model.FieldErrors) {
	n, ro, e := model.SignerFields(signer.Kind)
	s.render(w, r, status, "signature_signer", &page{Title: printerOf(r).Msg(changeSignerTitles[signer.Kind]), BackLink: orgPage(sig),
		Form: form, Errors: fe, Data: map[string]any{"Sig": sig, "Signer": signer, "NameField": n, "RoleField": ro, "EmailField": e}})
}

// changeSigner corrects a pending signer: the old link stops working, the (new) address
// gets a new link, and an address that is replaced is told it need not answer.
func (s *Server) changeSigner(w http.ResponseWriter, r *http.Request) {
	sig, signer, ok := s.pendingSignerIn(w, r)
	if !ok {
		return
	}
	n, ro, e := model.SignerFields(signer.Kind)
	to := model.Signer{Kind: signer.Kind, Name: r.PostFormValue(n), Role: r.PostFormValue(ro), Email: r.PostFormValue(e)}
	raw := signersForm([]model.Signer{to})
	var others []model.Signer
	for _, o := range sig.Signers {
		if o.Kind != signer.Kind {
			others = append(others, o)
		}
	}
	org, err := s.db.Organisation(r.Context(), sig.OrganisationID) // with its email domains
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if fe := model.ValidateSigner(org, sig.StartedByEmail, &to, others); fe.Any() {
		s.renderChangeSigner(w, r, http.StatusBadRequest, sig, signer, raw, fe)
		return
	}
	token := auth.NewToken()
	emails := []model.Email{s.signerInviteEmail(sig, sig.Organisation, to, token, langOf(r))}
	if to.Email != signer.Email {
		emails = append(emails, s.signerReplacedEmail(sig, *signer, langOf(r)))
	}
	if _, err := s.db.ChangeSigner(r.Context(), actorOf(userFrom(r)), sig.ID, to, auth.Hash(token), emails, s.signatureNews(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.signer_changed")
	http.Redirect(w, r, orgPage(sig), http.StatusSeeOther)
}

// resendSignerLink emails a pending signer a new link, at most model.MaxSignerResends
// times a day per signer.
func (s *Server) resendSignerLink(w http.ResponseWriter, r *http.Request) {
	sig, signer, ok := s.pendingSignerIn(w, r)
	if !ok {
		return
	}
	token := auth.NewToken()
	_, err := s.db.ResendSignerLink(r.Context(), actorOf(userFrom(r)), sig.ID, signer.Kind, auth.Hash(token),
		func(sig *model.Signature, sg *model.Signer) []model.Email {
			return []model.Email{s.signerInviteEmail(sig, sig.Organisation, *sg, token, langOf(r))}
		})
	if rl, ok := store.IsResendLimit(err); ok {
		pr := printerOf(r)
		ep := errorPage{Heading: pr.T("signing.resend.limit.heading"),
			Message: pr.T(resendLimitText[signer.Kind].Key, "Times", model.MaxSignerResends,
				"Next", timeOnDate(pr, rl.Next)),
			Next: pr.T("signing.resend.limit.next")}
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(time.Until(rl.Next).Seconds()))))
		s.render(w, r, http.StatusTooManyRequests, "error", &page{Title: ep.Heading, BackLink: orgPage(sig), Data: ep})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.link_resent")
	http.Redirect(w, r, orgPage(sig), http.StatusSeeOther)
}

// resendLimitText says, per signer kind, that the link was resent as often as it may be.
var resendLimitText = map[string]model.Msg{
	model.SignerCEO:    {Key: "signing.resend.limit.ceo"},
	model.SignerLeader: {Key: "signing.resend.limit.leader"},
	model.SignerSenior: {Key: "signing.resend.limit.senior"},
}
