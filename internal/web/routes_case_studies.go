package web

import "github.com/localdigital/localdigital/internal/model"

// caseStudiesFeature is the case studies (see feature.go), which members of signatory organisations write and anyone reads. Changing
// one (members of its author organisation, CaseStudy.CanEdit) and reporting one are
// checked in the handler once the case study is found, since a hidden one is not found
// for others.
func (s *Server) caseStudiesFeature() feature {
	cached := s.cached
	return feature{Name: "case-studies", Routes: []route{
		{"GET /case-studies", anyone, cached(s.caseStudyList, model.CaseStudyQueryParams...)},
		{"GET /case-studies/new", caseStudyWriter, s.caseStudyNewForm},
		{"POST /case-studies/new", caseStudyWriter, s.caseStudyCreate},
		{"GET /case-studies/{id}", anyone, cached(s.caseStudyShow)},
		{"GET /case-studies/{id}/edit", signedIn, s.caseStudyEditForm},
		{"POST /case-studies/{id}/edit", signedIn, s.caseStudyUpdate},
		// The moderation flow (moderation.go), as for resources.
		{"POST /case-studies/{id}/report", signedIn, s.moderating((*Server).reportContent, s.caseStudyModeration)},
		{"POST /case-studies/{id}/hide", platformTeam, s.moderating((*Server).hideContent, s.caseStudyModeration)},
		{"POST /case-studies/{id}/unhide", platformTeam, s.moderating((*Server).unhideContent, s.caseStudyModeration)},
		{"POST /case-studies/{id}/reports/dismiss", platformTeam, s.moderating((*Server).dismissReports, s.caseStudyModeration)},
		{"GET /admin/case-studies", platformTeam, s.moderating((*Server).moderationAdmin, s.caseStudyModeration)},
		// Images authors upload on the forms above, public: case studies show them.
		{"GET /case-study-images/{name}", anyone, s.caseStudyImage},
	},
		API: s.api.CaseStudiesPart(),
		Tables: []string{"case_studies", "case_study_images", "case_study_links", "case_study_organisations",
			"case_study_principles", "case_study_services", "case_study_reports"},
		Seed:     seedCaseStudies,
		Follows:  s.caseStudyFollows(),
		Activity: caseStudyActivity,
	}
}

// caseStudyWriter is who may write a case study.
var caseStudyWriter = publisher(model.Errorf(model.EFORBIDDEN, "case_studies.errors.writer_not_signatory"))
