package web

import "github.com/localdigital/localdigital/internal/model"

// caseStudyRoutes are this feature's part of the route table (see routes.go): case
// studies, which members of signatory organisations write and anyone reads.
func (s *Server) caseStudyRoutes() []route {
	user, admin, cached := s.requireUser, s.requirePlatformAdmin, s.cached
	return []route{
		{"GET /case-studies", accessPublic, cached(s.caseStudyList, model.CaseStudyQueryParams...)},
		{"GET /case-studies/new", accessUser, user(s.caseStudyNewForm)},
		{"POST /case-studies/new", accessUser, user(s.caseStudyCreate)},
		{"GET /case-studies/{id}", accessPublic, cached(s.caseStudyShow)},
		{"GET /case-studies/{id}/edit", accessUser, user(s.caseStudyEditForm)},
		{"POST /case-studies/{id}/edit", accessUser, user(s.caseStudyUpdate)},
		{"POST /case-studies/{id}/hide", accessPlatformAdmin, admin(s.caseStudyHide)},
		{"POST /case-studies/{id}/unhide", accessPlatformAdmin, admin(s.caseStudyUnhide)},
		// Images authors upload on the forms above, public: case studies show them.
		{"GET /case-study-images/{name}", accessPublic, s.caseStudyImage},
	}
}
