package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// The things today's features let people follow (feature.Follows), and the activity
// they record (feature.Activity). Each Target finds one by id with its name and address.

func (s *Server) organisationFollows() []followKind {
	return []followKind{
		{Kind: model.FollowOrganisation, Key: "follows.kinds.organisation", Target: func(ctx context.Context, id int64) (model.FollowTarget, error) {
			o, err := s.db.Organisation(ctx, id)
			if err != nil {
				return model.FollowTarget{}, err
			}
			return model.FollowTarget{Title: o.Name, TitleCy: o.WelshName, Path: "/organisations/" + o.Slug}, nil
		}},
	}
}

var signingActivity = []activityKind{
	{Kind: model.ActivitySignaturePublished, Key: "activity.signature.published"},
	{Kind: model.ActivitySignatureWithdrawn, Key: "activity.signature.withdrawn"},
}

func (s *Server) resourceFollows() []followKind {
	return []followKind{
		{Kind: model.FollowResource, Key: "follows.kinds.resource", Target: func(ctx context.Context, id int64) (model.FollowTarget, error) {
			res, err := s.db.Resource(ctx, id)
			if err != nil {
				return model.FollowTarget{}, err
			}
			if res.Hidden {
				return model.FollowTarget{}, store.Resources.NotFound()
			}
			return model.FollowTarget{Title: res.Title, Path: resourcePath(res)}, nil
		}},
	}
}

var resourceActivity = []activityKind{
	{Kind: model.ActivityResourcePublished, Key: "activity.resource.published"},
	{Kind: model.ActivityResourceVersion, Key: "activity.resource.new_version"},
	{Kind: model.ActivityResourceUsed, Key: "activity.resource.used"},
}

func (s *Server) caseStudyFollows() []followKind {
	return []followKind{
		{Kind: model.FollowCaseStudy, Key: "follows.kinds.case_study", Target: func(ctx context.Context, id int64) (model.FollowTarget, error) {
			cs, err := s.db.CaseStudy(ctx, id)
			if err != nil {
				return model.FollowTarget{}, err
			}
			if cs.Hidden {
				return model.FollowTarget{}, store.CaseStudies.NotFound()
			}
			return model.FollowTarget{Title: cs.Title, Path: caseStudyPath(id)}, nil
		}},
	}
}

var caseStudyActivity = []activityKind{
	{Kind: model.ActivityCaseStudyPublished, Key: "activity.case_study.published"},
}

// eventFollows: an event series is the events an organisation runs, followed from any
// of its events' pages; its name says so in each language.
func (s *Server) eventFollows() []followKind {
	return []followKind{
		{Kind: model.FollowEventSeries, Key: "follows.kinds.event_series", Target: func(ctx context.Context, id int64) (model.FollowTarget, error) {
			o, err := s.db.Organisation(ctx, id)
			if err != nil {
				return model.FollowTarget{}, err
			}
			en, cy := locale.New("en"), locale.New("cy")
			return model.FollowTarget{Title: en.T("follows.event_series", "Org", o.NameIn("en")),
				TitleCy: cy.T("follows.event_series", "Org", o.NameIn("cy")),
				Path:    "/organisations/" + o.Slug}, nil
		}},
	}
}

var eventActivity = []activityKind{
	{Kind: model.ActivityEventAnnounced, Key: "activity.event.announced"},
	{Kind: model.ActivityEventCancelled, Key: "activity.event.cancelled"},
}

// tagFollows are the LGSL services (by code) and the principles: followed from the
// resources and case studies lists filtered by one, which are their pages.
func (s *Server) tagFollows() []followKind {
	return []followKind{
		{Kind: model.FollowService, Key: "follows.kinds.service", Target: func(ctx context.Context, code int64) (model.FollowTarget, error) {
			sv, err := s.db.Service(ctx, int(code))
			if err != nil {
				return model.FollowTarget{}, err
			}
			return model.FollowTarget{Title: sv.Label, Path: "/resources?service=" + strconv.FormatInt(code, 10)}, nil
		}},
		{Kind: model.FollowPrinciple, Key: "follows.kinds.principle", Target: func(ctx context.Context, n int64) (model.FollowTarget, error) {
			if n > int64(len(model.Principles)) || !model.ValidPrinciple(int(n)) {
				return model.FollowTarget{}, model.Errorf(model.ENOTFOUND, "follows.errors.unknown")
			}
			name := model.PrincipleName(int(n))
			return model.FollowTarget{Title: locale.New("en").Msg(name), TitleCy: locale.New("cy").Msg(name),
				Path: "/resources?principle=" + strconv.FormatInt(n, 10)}, nil
		}},
	}
}

// tagFollow is a follow button for a service or a principle, with its name.
type tagFollow struct {
	Name   string
	Button followButton
}

// tagFollowButtons are the buttons to follow service (a code) and principle (a number),
// each when not zero and known.
func (s *Server) tagFollowButtons(r *http.Request, service, principle int) []tagFollow {
	var out []tagFollow
	kinds := s.followKinds()
	for _, ref := range []model.FollowRef{{Kind: model.FollowService, ID: int64(service)}, {Kind: model.FollowPrinciple, ID: int64(principle)}} {
		if ref.ID == 0 {
			continue
		}
		t, err := kinds[ref.Kind].Target(r.Context(), ref.ID)
		if err != nil {
			continue // an unknown code lists nothing, and has nothing to follow
		}
		out = append(out, tagFollow{Name: t.TitleIn(langOf(r)), Button: s.followButton(r, ref)})
	}
	return out
}
