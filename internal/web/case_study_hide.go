package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// kindCaseStudyHidden is the outbox kind of the email telling an author why their case
// study was hidden.
const kindCaseStudyHidden = "case_study_hidden"

// caseStudyModeration is the case studies' part in the moderation flow (moderation.go).
// Members cannot report case studies yet: they have no reports table.
func (s *Server) caseStudyModeration() moderation {
	return moderation{content: store.CaseStudies, emails: s.caseStudyHiddenEmail,
		load: func(w http.ResponseWriter, r *http.Request) (moderated, bool) {
			cs, ok := s.caseStudyFromPath(w, r)
			if !ok {
				return moderated{}, false
			}
			return moderated{id: cs.ID, path: caseStudyPath(cs.ID), show: func(status int, form map[string]string, fe *model.FieldErrors) {
				s.renderCaseStudy(w, r, status, cs, form, fe)
			}}, true
		},
		hidden: model.Msg{Key: "flash.case_study_hidden"}, shown: model.Msg{Key: "flash.case_study_shown"}}
}

// caseStudyHide takes a case study off the public pages and open data, with a reason the
// author is emailed. A missing reason is shown next to the field on the case study's page.
func (s *Server) caseStudyHide(w http.ResponseWriter, r *http.Request) {
	s.hideContent(w, r, s.caseStudyModeration())
}

// caseStudyUnhide puts a hidden case study back on the public pages.
func (s *Server) caseStudyUnhide(w http.ResponseWriter, r *http.Request) {
	s.unhideContent(w, r, s.caseStudyModeration())
}

// caseStudyHiddenEmail tells the person who wrote a case study that it was hidden, and why.
func (s *Server) caseStudyHiddenEmail(cs store.HiddenContent, to []string) []model.Email {
	out := make([]model.Email, 0, len(to))
	for _, addr := range to {
		body := mailWords.T("emails.case_study_hidden.body", "Title", cs.Title, "Reason", cs.Reason,
			"URL", s.opts.BaseURL+caseStudyPath(cs.ID))
		out = append(out, model.Email{To: addr, Kind: kindCaseStudyHidden, Subject: mailWords.T("emails.case_study_hidden.subject"), Body: body})
	}
	return out
}
