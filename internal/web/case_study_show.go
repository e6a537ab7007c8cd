package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

type caseStudyShowData struct {
	CS       *model.CaseStudy
	Sections []caseStudySection
	CanEdit  bool
	IsAdmin  bool
	// CanReport: members of an organisation on the platform report what is not hidden.
	CanReport bool
	MaxReason int
	Follow    followButton
}

// caseStudyShow is a case study's page: its sections rendered with GOV.UK typography,
// the organisations involved, its tags and links. The platform team sees the form to hide
// it (or show it again); the author organisation's members see a link to edit it.
func (s *Server) caseStudyShow(w http.ResponseWriter, r *http.Request) {
	cs, ok := s.caseStudyFromPath(w, r)
	if !ok {
		return
	}
	s.renderCaseStudy(w, r, http.StatusOK, cs, nil, nil)
}

func (s *Server) renderCaseStudy(w http.ResponseWriter, r *http.Request, status int, cs *model.CaseStudy, form map[string]string, fe *model.FieldErrors) {
	u := userFrom(r)
	d := &caseStudyShowData{CS: cs, Sections: caseStudySections(printerOf(r), cs), CanEdit: cs.CanEdit(u), IsAdmin: u.IsPlatformAdmin(),
		CanReport: u != nil && len(u.Memberships) > 0 && !cs.Hidden, MaxReason: model.MaxReportReason,
		Follow: s.followButton(r, model.FollowRef{Kind: model.FollowCaseStudy, ID: cs.ID})}
	p := &page{Title: cs.Title, Nav: "case-studies", Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.case_studies"), "/case-studies"}},
		Form: form, Errors: fe, Data: d}
	if status == http.StatusOK {
		p.Flash = s.takeFlash(w, r)
	}
	s.render(w, r, status, "case_study_show", p)
}
