package web

import "github.com/localdigital/localdigital/internal/model"

// resourceRoutes are the resources library's part of the route table (see routes.go).
// Pages that change something check, in the handler, that the person belongs to a
// signatory organisation (publish, "we use this"), to one of the organisations that
// made the resource (files), or to any organisation (report).
func (s *Server) resourceRoutes() []route {
	user, admin, cached := s.requireUser, s.requirePlatformAdmin, s.cached
	return []route{
		{"GET /resources", accessPublic, cached(s.resources, model.ResourceQueryParams...)},
		{"GET /resources/new", accessUser, user(s.resourceNewForm)},
		{"POST /resources/new", accessUser, user(s.resourceCreate)},
		{"GET /resources/{id}", accessPublic, cached(s.resourceShow)},
		// Downloads are not cached in memory: files are large, and immutable per version.
		{"GET /resources/{id}/files/{version}", accessPublic, s.resourceDownload},
		{"GET /resources/{id}/files", accessUser, user(s.resourceFilesForm)},
		{"POST /resources/{id}/files", accessUser, user(s.resourceFilesAdd)},
		{"POST /resources/{id}/use", accessUser, user(s.resourceUse)},
		{"POST /resources/{id}/use/delete", accessUser, user(s.resourceUnuse)},
		{"POST /resources/{id}/report", accessUser, user(s.resourceReport)},
		{"POST /resources/{id}/hide", accessPlatformAdmin, admin(s.resourceHide)},
		{"POST /resources/{id}/unhide", accessPlatformAdmin, admin(s.resourceUnhide)},
		{"POST /resources/{id}/reports/dismiss", accessPlatformAdmin, admin(s.resourceReportsDismiss)},
		{"GET /admin/resources", accessPlatformAdmin, admin(s.adminResources)},
	}
}
