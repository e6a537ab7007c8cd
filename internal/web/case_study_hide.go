package web

import (
	"errors"
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

// kindCaseStudyHidden is the outbox kind of the email telling an author why their case
// study was hidden.
const kindCaseStudyHidden = "case_study_hidden"

// caseStudyHide takes a case study off the public pages and open data, with a reason the
// author is emailed. A missing reason is shown next to the field on the case study's page.
func (s *Server) caseStudyHide(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.caseStudyFromPath(w, r)
	if !ok {
		return
	}
	reason := r.PostFormValue("reason")
	_, err := s.db.HideCaseStudy(r.Context(), actorOf(userFrom(r)), cs.ID, reason, s.caseStudyHiddenEmail)
	var fe *model.FieldErrors
	if errors.As(err, &fe) {
		s.renderCaseStudy(w, r, http.StatusBadRequest, cs, map[string]string{"reason": reason}, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.case_study_hidden")
	http.Redirect(w, r, caseStudyPath(cs.ID), http.StatusSeeOther)
}

// caseStudyUnhide puts a hidden case study back on the public pages.
func (s *Server) caseStudyUnhide(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.caseStudyFromPath(w, r)
	if !ok {
		return
	}
	if _, err := s.db.UnhideCaseStudy(r.Context(), actorOf(userFrom(r)), cs.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.case_study_shown")
	http.Redirect(w, r, caseStudyPath(cs.ID), http.StatusSeeOther)
}

// caseStudyHiddenEmail tells the person who wrote a case study that it was hidden, and why.
func (s *Server) caseStudyHiddenEmail(cs *model.CaseStudy, author string) []model.Email {
	if author == "" {
		return nil
	}
	body := mailWords.T("emails.case_study_hidden.body", "Title", cs.Title, "Reason", cs.HiddenReason,
		"URL", s.opts.BaseURL+caseStudyPath(cs.ID))
	return []model.Email{{To: author, Kind: kindCaseStudyHidden, Subject: mailWords.T("emails.case_study_hidden.subject"), Body: body}}
}
