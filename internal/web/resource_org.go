package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

// orgResources is what the "org-resources" partial (templates/partials_resources.html)
// shows on an organisation's page: the resources it made, alone or with others, and the
// ones it says it reuses. Hidden resources are in neither list.
type orgResources struct {
	Org        *model.Organisation
	Published  []resourceRow
	Reused     []model.ReusedResource
	CanPublish bool // the viewer is a member of this organisation and may publish
}

// orgResourcesFor gathers the organisation page's resources section. To show it, the
// organisation page adds it to its data and calls {{template "org-resources" ...}}.
func (s *Server) orgResourcesFor(r *http.Request, org *model.Organisation) (*orgResources, error) {
	d := &orgResources{Org: org}
	published, err := s.db.ResourcesByOrganisation(r.Context(), org.ID)
	if err != nil {
		return nil, err
	}
	for _, res := range published {
		d.Published = append(d.Published, resourceRow{Resource: res, Excerpt: resourceExcerpt(res.Summary)})
	}
	if d.Reused, err = s.db.ReusedByOrganisation(r.Context(), org.ID); err != nil {
		return nil, err
	}
	d.CanPublish = model.CanPublishFor(userFrom(r), org.ID)
	return d, nil
}
