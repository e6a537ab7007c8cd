package web

import "github.com/localdigital/localdigital/internal/model"

// resourcesFeature is the resources library (see feature.go).
// Publishing and "we use this" are for members of signatory organisations; adding files
// (members of the organisations that made the resource, model.CanEditResource) and
// reporting are checked in the handler once the resource is found, since a hidden one is
// not found for others.
func (s *Server) resourcesFeature() feature {
	cached := s.cached
	return feature{Name: "resources", Routes: []route{
		{"GET /resources", anyone, cached(s.resources, model.ResourceQueryParams...)},
		{"GET /resources/new", resourcePublisher, s.resourceNewForm},
		{"POST /resources/new", resourcePublisher, s.resourceCreate},
		{"GET /resources/{id}", anyone, cached(s.resourceShow)},
		// Downloads are not cached in memory: files are large, and immutable per version.
		{"GET /resources/{id}/files/{version}", anyone, s.resourceDownload},
		{"GET /resources/{id}/files", signedIn, s.resourceFilesForm},
		{"POST /resources/{id}/files", signedIn, s.resourceFilesAdd},
		{"POST /resources/{id}/use", resourceUser, s.resourceUse},
		{"POST /resources/{id}/use/delete", signedIn, s.resourceUnuse},
		// The moderation flow (moderation.go).
		{"POST /resources/{id}/report", signedIn, s.moderating((*Server).reportContent, s.resourceModeration)},
		{"POST /resources/{id}/hide", platformTeam, s.moderating((*Server).hideContent, s.resourceModeration)},
		{"POST /resources/{id}/unhide", platformTeam, s.moderating((*Server).unhideContent, s.resourceModeration)},
		{"POST /resources/{id}/reports/dismiss", platformTeam, s.moderating((*Server).dismissReports, s.resourceModeration)},
		{"GET /admin/resources", platformTeam, s.moderating((*Server).moderationAdmin, s.resourceModeration)},
	},
		API: s.api.ResourcesPart(),
		Tables: []string{"resources", "resource_files", "resource_file_versions", "resource_organisations",
			"resource_principles", "resource_services", "resource_uses", "resource_reports"},
		Seed:     seedResources,
		Follows:  s.resourceFollows(),
		Activity: resourceActivity,
	}
}

// Who may publish a resource, and who may say their organisation uses one.
var (
	resourcePublisher = publisher(model.Errorf(model.EFORBIDDEN, "resources.errors.publisher_not_signatory"))
	resourceUser      = publisher(model.Errorf(model.EFORBIDDEN, "resources.use.errors.not_signatory"))
)
