package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type signerData struct {
	Signer *model.Signer
	Sig    *model.Signature
	Token  string
	Done   string // "confirmed" or "declined" after a response
	// Decisions are the form's two answers.
	Decisions []choice
}

// signerDecisions are a senior signer's answers, as the radios named decision offer them.
func signerDecisions(pr *locale.Printer) []choice {
	return []choice{{ID: "decision", Value: "confirm", Text: pr.T("signer.decision.confirm")},
		{ID: "decision-2", Value: "decline", Text: pr.T("signer.decision.decline")}}
}

// signerPage shows a senior signer the commitment and lets them confirm or decline. It
// changes nothing: the answer is a POST.
func (s *Server) signerPage(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, limitLinkClient, s.clientAddress(r), "ratelimit.opened_signer_links") {
		return
	}
	token := r.PathValue("token")
	signer, sig, err := s.signerByToken(r, token)
	if err != nil {
		s.signerLinkProblem(w, r, err)
		return
	}
	if settled(signer, sig) {
		s.renderSignerStatus(w, r, http.StatusOK, signer, sig)
		return
	}
	s.render(w, r, http.StatusOK, "signer", &page{Title: printerOf(r).T("titles.confirm_your_organisations_signature"),
		Data: signerData{Signer: signer, Sig: sig, Token: token, Decisions: signerDecisions(printerOf(r))}})
}

// settled reports whether there is nothing left for signer to answer: they answered, or
// the signature moved on (verified, withdrawn, cancelled, rejected, declined by another).
func settled(signer *model.Signer, sig *model.Signature) bool {
	return signer.Status != model.SignerPending || sig.Status != model.SigAwaitingSigners
}

// renderSignerStatus shows a signer what already happened instead of the Yes/No form.
func (s *Server) renderSignerStatus(w http.ResponseWriter, r *http.Request, status int, signer *model.Signer, sig *model.Signature) {
	title := printerOf(r).T("titles.you_no_longer_need_to_answer")
	if signer.Status != model.SignerPending {
		title = printerOf(r).T("titles.you_have_already_answered")
	}
	s.render(w, r, status, "signer_status", &page{Title: title, Data: signerData{Signer: signer, Sig: sig}})
}

func (s *Server) signerByToken(r *http.Request, token string) (*model.Signer, *model.Signature, error) {
	if !auth.ValidTokenShape(token) {
		return nil, nil, store.ErrSignerLinkUnknown
	}
	return s.db.SignerByToken(r.Context(), auth.Hash(token))
}

func (s *Server) signerRespond(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, limitLinkClient, s.clientAddress(r), "ratelimit.used_signer_links") {
		return
	}
	token := r.PathValue("token")
	decision := r.PostFormValue("decision")
	if decision != "confirm" && decision != "decline" {
		signer, sig, err := s.signerByToken(r, token)
		if err != nil {
			s.signerLinkProblem(w, r, err)
			return
		}
		if settled(signer, sig) {
			s.renderSignerStatus(w, r, http.StatusConflict, signer, sig)
			return
		}
		fe := &model.FieldErrors{}
		fe.Add("decision", "signing.signer.decision.missing")
		s.render(w, r, http.StatusBadRequest, "signer", &page{Title: printerOf(r).T("titles.confirm_your_organisations_signature"), Errors: fe,
			Data: signerData{Signer: signer, Sig: sig, Token: token, Decisions: signerDecisions(printerOf(r))}})
		return
	}
	if !auth.ValidTokenShape(token) {
		s.signerLinkProblem(w, r, store.ErrSignerLinkUnknown)
		return
	}
	sig, err := s.db.RespondAsSigner(r.Context(), auth.Hash(token), decision == "confirm", s.signatureNews(langOf(r)))
	if model.ErrorCode(err) == model.ECONFLICT {
		// Answered before, or the signature moved on: say what happened.
		if signer, sig, err2 := s.signerByToken(r, token); err2 == nil {
			s.renderSignerStatus(w, r, http.StatusConflict, signer, sig)
			return
		}
	}
	if err != nil {
		s.signerLinkProblem(w, r, err)
		return
	}
	s.opts.Wake()
	done := "confirmed"
	if decision == "decline" {
		done = "declined"
	}
	s.render(w, r, http.StatusOK, "signer_done", &page{Title: printerOf(r).T("titles.thank_you"), Data: signerData{Sig: sig, Done: done}})
}

// signerLinkProblem explains a link that cannot be used, and what to do next.
func (s *Server) signerLinkProblem(w http.ResponseWriter, r *http.Request, err error) {
	code := model.ErrorCode(err)
	if code == model.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	pr := printerOf(r)
	ep := errorPage{Heading: pr.Error(err)}
	switch code {
	case model.ECONFLICT:
		ep.Heading = pr.T("signing.signer_link.conflict.heading")
		ep.Message = pr.T("signing.signer_link.conflict.message", "Problem", pr.Error(err))
		ep.Next = pr.T("signing.signer_link.conflict.next")
	default:
		ep.Message = pr.T("signing.signer_link.invalid.message")
		ep.Next = pr.T("signing.signer_link.invalid.next")
	}
	s.render(w, r, http.StatusBadRequest, "error", &page{Title: ep.Heading, Data: ep})
}
