package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// projectsFeature is the projects (see feature.go): what councils work on, so that others
// can find partners. Any member of an organisation adds one for it; members of the lead
// edit it and decide who joins; members of the lead and partners post updates.
func (s *Server) projectsFeature() feature {
	cached := s.cached
	return feature{Name: "projects", Routes: []route{
		{"GET /projects", anyone, cached(s.projectList, model.ProjectQueryParams...)},
		{"GET /projects/new", projectAdder, s.projectNewForm},
		{"POST /projects/new", projectAdder, s.projectCreate},
		{"GET /projects/{id}", anyone, cached(s.projectShow)},
		{"GET /projects/{id}/updates.atom", anyone, cached(s.api.ProjectAtom)},
		{"GET /projects/{id}/edit", projectEditor, s.projectEditForm},
		{"POST /projects/{id}/edit", projectEditor, s.projectUpdate},
		{"POST /projects/{id}/join", signedIn, s.projectJoin},
		{"POST /projects/{id}/requests/{request}", projectEditor, s.projectDecide},
		{"POST /projects/{id}/updates", projectPoster, s.projectPostUpdate},
	},
		API: s.api.ProjectsPart(),
		Tables: []string{"projects", "project_organisations", "project_principles", "project_services", "project_links",
			"project_updates", "project_join_requests"},
		Jobs: []Job{{Name: "projects gone quiet",
			Run: func(ctx context.Context) { s.runProjectJobs(ctx, projectJobsInterval) }}},
		Seed:     seedProjects,
		Follows:  s.projectFollows(),
		Activity: projectActivity,
	}
}

// Who may use the project routes.
var (
	projectAdder = signedInAnd(accessUser, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		if !model.CanAddProject(userFrom(r)) {
			s.fail(w, r, model.Errorf(model.EFORBIDDEN, "projects.errors.no_organisation"))
			return r, false
		}
		return r, true
	})
	projectEditor = projectAccess(model.CanEditProject, "projects.errors.not_lead_named")
	projectPoster = projectAccess(model.CanPostProjectUpdate, "projects.errors.not_involved_named")
)

func projectPath(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }

// projectFromPath reads the project in the path, or answers 404.
func (s *Server) projectFromPath(w http.ResponseWriter, r *http.Request) (*model.Project, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	p, err := s.db.Project(r.Context(), id)
	if !s.found(w, r, err) {
		return nil, false
	}
	return p, true
}

type projectShowData struct {
	P        *model.Project
	Dormant  bool
	Updates  []projectUpdateView
	Requests []*model.ProjectJoinRequest // pending, for the lead's members
	CanEdit  bool
	// Join is the organisations the person may ask to join for; Poster those they may
	// post an update for.
	Join, Poster   orgChoice
	CanJoin        bool
	CanPost        bool
	Retired        bool
	IsLeadMember   bool
	MaxJoinMessage int
	MaxUpdate      int
	Partners       []partnerSuggestion
	Follow         followButton
	Bid            *model.Bid // the funded bid it came from; nil for none
}

// projectUpdateView is an update as the page shows it.
type projectUpdateView struct {
	*model.ProjectUpdate
	HTML template.HTML
}

// projectUpdatesShown is how many updates the page shows; the feed has more.
const projectUpdatesShown = 50

// projectShow is a project's page: what it is, its lead and partners, its updates, and
// the forms to ask to join, decide requests and post an update, for those who may.
func (s *Server) projectShow(w http.ResponseWriter, r *http.Request) {
	p, ok := s.projectFromPath(w, r)
	if !ok {
		return
	}
	s.renderProject(w, r, http.StatusOK, p, nil, nil)
}

func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, status int, p *model.Project, form map[string]string, fe *model.FieldErrors) {
	u := userFrom(r)
	ctx := r.Context()
	d := &projectShowData{P: p, Dormant: p.Dormant(s.now()), CanEdit: model.CanEditProject(u, p), Retired: p.Phase == model.PhaseRetired,
		Follow:       s.followButton(r, model.FollowRef{Kind: model.FollowProject, ID: p.ID}),
		IsLeadMember: u.IsMemberOf(p.Lead().ID), MaxJoinMessage: model.MaxJoinMessage, MaxUpdate: model.MaxProjectUpdate}
	updates, err := s.db.ProjectUpdates(ctx, p.ID, projectUpdatesShown)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, up := range updates {
		// Stored HTML made by model.RenderMarkdown, which sanitises it (ADR 0005).
		d.Updates = append(d.Updates, projectUpdateView{up, template.HTML(up.HTML)})
	}
	if d.CanEdit {
		if d.Requests, err = s.db.PendingJoinRequests(ctx, p.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if orgs := model.ProjectJoinOrgs(u, p); len(orgs) > 0 && !d.Retired {
		d.Join, _ = choose(form[orgField], orgs)
		d.CanJoin = true
	}
	if model.CanPostProjectUpdate(u, p) {
		d.Poster, _ = choose(form[orgField], involvedMemberships(u, p))
		d.CanPost = true
	}
	if d.Partners, err = s.partnerSuggestions(ctx, p); err != nil {
		s.serverError(w, r, err)
		return
	}
	if p.BidID != 0 {
		if d.Bid, err = s.db.Bid(ctx, p.BidID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	pr := printerOf(r)
	pg := &page{Title: p.Title, Nav: "projects", Breadcrumbs: []crumb{{pr.T("crumbs.home"), "/"}, {pr.T("crumbs.projects"), "/projects"}},
		Form: form, Errors: fe, Data: d}
	if status == http.StatusOK {
		pg.Flash = s.takeFlash(w, r)
	}
	s.render(w, r, status, "project_show", pg)
}

// involvedMemberships are u's memberships of the project's lead and partners.
func involvedMemberships(u *model.User, p *model.Project) []model.Membership {
	var out []model.Membership
	for _, m := range u.Memberships {
		if p.Involves(m.OrganisationID) {
			out = append(out, m)
		}
	}
	return out
}

// seedProjects adds a demo project led by Hackney, with Camden as a partner and an update.
func seedProjects(ctx context.Context, db *store.DB, actor model.Actor) error {
	hackney, camden := mustOrg(ctx, db, "hackney"), mustOrg(ctx, db, "camden")
	officer, err := demoOfficer(ctx, db, actor)
	if err != nil {
		return err
	}
	start := time.Now().UTC().Truncate(24 * time.Hour)
	p := &model.Project{Title: "Reporting a missed bin online", Summary: "A shared service for reporting missed bin collections.",
		Problem: "Residents phone to report missed bins, and most calls chase an earlier report.",
		Users:   "Residents whose bin was missed, and the crews who collect them.", Phase: model.PhaseDiscovery,
		Collaboration: "seeking-partners", Funding: "50k-100k", StartsOn: start, EndsOn: start.AddDate(1, 0, 0), Language: "en",
		Principles: []int{1, 2}, Services: []model.Service{{Code: 524}},
		Links: []model.CaseStudyLink{{Title: "Code", URL: "https://github.com/LBHackney-IT"}}}
	if err := db.CreateProject(ctx, officer, hackney.ID, p); err != nil {
		return err
	}
	camdenOfficer, err := db.GrantRole(ctx, actor, "officer@camden.gov.uk", model.RoleMember)
	if err != nil {
		return err
	}
	asker := model.Actor{UserID: camdenOfficer.ID, Label: camdenOfficer.Email}
	req, err := db.AskToJoin(ctx, asker, p.ID, camden.ID, "We are starting the same work.", nil)
	if err != nil {
		return err
	}
	if _, err := db.DecideJoin(ctx, officer, p.ID, req.ID, true, nil); err != nil {
		return err
	}
	return db.PostProjectUpdate(ctx, officer, hackney.ID, &model.ProjectUpdate{ProjectID: p.ID,
		Body: "We finished **discovery** interviews with 12 residents."})
}
