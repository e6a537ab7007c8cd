package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// kindCaseStudyHidden is the outbox kind of the email telling an author why their case
// study was hidden.
const kindCaseStudyHidden = "case_study_hidden"

// caseStudyModeration is the case studies' part in the moderation flow (moderation.go).
func (s *Server) caseStudyModeration() moderation {
	return moderation{content: store.CaseStudies, emails: s.caseStudyHiddenEmail, admin: "/admin/case-studies", pages: "/case-studies",
		load: func(w http.ResponseWriter, r *http.Request) (moderated, bool) {
			cs, ok := s.caseStudyFromPath(w, r)
			if !ok {
				return moderated{}, false
			}
			return moderated{id: cs.ID, path: caseStudyPath(cs.ID), show: func(status int, form map[string]string, fe *model.FieldErrors) {
				s.renderCaseStudy(w, r, status, cs, form, fe)
			}}, true
		},
		notMember: model.Msg{Key: "case_studies.report.errors.no_organisation"},
		reported:  model.Msg{Key: "flash.case_study_reported"}, hidden: model.Msg{Key: "flash.case_study_hidden"},
		shown: model.Msg{Key: "flash.case_study_shown"}, dismissed: model.Msg{Key: "flash.case_study_reports_dismissed"},
		page: moderationWords{Title: model.Msg{Key: "case_studies.admin.title"}, Heading: model.Msg{Key: "case_study_admin.heading"}, ReportsRegion: model.Msg{Key: "case_study_admin.reports.region"},
			ReportsCaption: model.Msg{Key: "case_study_admin.reports.caption"}, ReportsContent: model.Msg{Key: "case_study_admin.reports.case_study"},
			ReportsNone: model.Msg{Key: "case_study_admin.reports.none"}, HiddenHeading: model.Msg{Key: "case_study_admin.hidden.heading"},
			HiddenNone: model.Msg{Key: "case_study_admin.hidden.none"}, Dismiss: model.Msg{Key: "case_study_admin.reports.dismiss"},
			HiddenItem: model.Msg{Key: "case_study_admin.hidden.item"}}}
}

// caseStudyHiddenEmail tells the person who wrote a case study that it was hidden, and
// why, in their language.
func (s *Server) caseStudyHiddenEmail(cs store.HiddenContent, to []string) []model.Email {
	out := make([]model.Email, 0, len(to))
	for _, addr := range to {
		out = append(out, letter(s.opts.BaseURL, locale.Default, func(m mailer) model.Email {
			body := m.T("emails.case_study_hidden.body", "Title", cs.Title, "Reason", cs.Reason,
				"URL", m.link(caseStudyPath(cs.ID)))
			return model.Email{To: addr, Kind: kindCaseStudyHidden, Subject: m.T("emails.case_study_hidden.subject"), Body: body}
		}))
	}
	return out
}
