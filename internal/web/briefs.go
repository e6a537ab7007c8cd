package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// briefsFeature is joint briefs (issue 11 part 3): Digital Outcomes briefs a lead
// organisation writes with co-signing organisations, public once every co-signer's org
// admin has confirmed.
func (s *Server) briefsFeature() feature {
	cached := s.cached
	return feature{Name: "briefs",
		Routes: []route{
			{"GET /briefs", anyone, cached(s.briefList)},
			{"GET /briefs/new", briefWriter, s.briefNewForm},
			{"POST /briefs/new", briefWriter, s.briefCreate},
			{"GET /briefs/{id}", briefReader, cached(s.briefShow)},
			{"GET /briefs/{id}/print", briefReader, cached(s.briefPrint)},
			{"GET /briefs/{id}/edit", briefLead, s.briefEditForm},
			{"POST /briefs/{id}/edit", briefLead, s.briefUpdate},
			{"POST /briefs/{id}/send", briefLead, s.briefSend},
			{"POST /briefs/{id}/close", briefLead, s.briefClose},
			{"POST /briefs/{id}/answer", briefCoSigner, s.briefAnswer},
		},
		API:    s.api.BriefsPart(),
		Tables: []string{"briefs", "brief_cosigners"},
		Seed:   seedBriefs,
		Follows: []followKind{{Kind: model.FollowBrief, Key: "follows.kinds.brief",
			Target: func(ctx context.Context, id int64) (model.FollowTarget, error) {
				b, err := s.db.Brief(ctx, id)
				if err != nil {
					return model.FollowTarget{}, err
				}
				if !b.Public() {
					return model.FollowTarget{}, model.Errorf(model.ENOTFOUND, "briefs.errors.not_found")
				}
				return model.FollowTarget{Title: b.Title, Path: store.BriefPath(id)}, nil
			}}},
		Activity: []activityKind{{Kind: model.ActivityBriefPublished, Key: "activity.brief.published"}},
	}
}

// briefWriter lets through people who belong to an organisation, which may lead a brief.
var briefWriter = signedInAnd(accessUser, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	if len(userFrom(r).Memberships) == 0 {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "briefs.errors.no_organisation"))
		return r, false
	}
	return r, true
})

// briefInPath loads the brief in the path for those can allows (briefFrom reads it);
// to others it is not found.
func briefInPath(can func(*model.User, *model.Brief) bool) admitter {
	return func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		id, ok := eventIDFrom(r, "id")
		if !ok {
			s.notFound(w, r)
			return r, false
		}
		b, err := s.db.Brief(r.Context(), id)
		if !s.found(w, r, err) {
			return r, false
		}
		if !can(userFrom(r), b) {
			s.notFound(w, r)
			return r, false
		}
		return withValue(r, keyBrief, b), true
	}
}

var (
	// briefReader: anyone may read a published brief; before, its organisations' members.
	briefReader = access{Kind: accessPublic, guard: func(s *Server, h http.HandlerFunc) http.HandlerFunc {
		admit := briefInPath(model.CanReadBrief)
		return func(w http.ResponseWriter, r *http.Request) {
			if r, ok := admit(s, w, r); ok {
				h(w, r)
			}
		}
	}}
	// briefLead: members of the lead organisation change, send and close it.
	briefLead = signedInAnd(accessOrgMember, briefInPath(model.CanLeadBrief))
	// briefCoSigner: an admin of a co-signing organisation whose answer is awaited.
	briefCoSigner = signedInAnd(accessOrgAdmin, briefInPath(model.CanConfirmBrief))
)

func briefFrom(r *http.Request) *model.Brief {
	b, _ := r.Context().Value(keyBrief).(*model.Brief)
	return b
}

type briefListData struct {
	Published []*model.Brief
	// Own are the drafts and briefs awaiting co-signers of the person's organisations.
	Own      []*model.Brief
	CanWrite bool
}

func (s *Server) briefList(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	d := briefListData{CanWrite: u != nil && len(u.Memberships) > 0}
	var err error
	if d.Published, err = s.db.PublishedBriefs(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Own, err = s.db.BriefsOf(r.Context(), u.OrganisationIDs()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "brief_list", &page{Title: printerOf(r).T("briefs.list.title"), Nav: "contracts",
		Flash: s.takeFlash(w, r), Data: d})
}

type briefFormData struct {
	Action     string
	Choice     orgChoice
	CoSigners  chooser
	Phases     []choice
	Categories []choice
	Weightings []choice // the weightings' fields and labels
}

func (s *Server) renderBriefForm(w http.ResponseWriter, r *http.Request, status int, action string, c orgChoice, v url.Values, fe *model.FieldErrors) {
	pr := printerOf(r)
	d := briefFormData{Action: action, Choice: c, Phases: labelChoices(pr, model.BriefPhases, model.PhaseName),
		Categories: labelChoices(pr, model.ContractCategorySlugs(), model.ContractCategoryName),
		Weightings: labelChoices(pr, model.BriefWeightings, model.BriefWeightingName)}
	var err error
	if d.CoSigners, err = s.orgChooser(r.Context(), c.Chosen, v["organisations"], v.Get("org_q"), v.Get("action") == actionFindOrgs); err != nil {
		s.serverError(w, r, err)
		return
	}
	form := map[string]string{}
	for k := range v {
		form[k] = v.Get(k)
	}
	form["language"] = formLanguage(r, v.Get("language"))
	title := pr.T("briefs.form.title_new")
	if action != "/briefs/new" {
		title = pr.T("briefs.form.title_edit")
	}
	s.render(w, r, status, "brief_form", &page{Title: title, Nav: "contracts", BackLink: "/briefs", Form: form, Errors: fe, Data: d})
}

// briefNewForm starts a brief, for the organisation and kind of system "ending together"
// sent when it did.
func (s *Server) briefNewForm(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	q := r.URL.Query()
	c, _ := choose("", u.Memberships)
	for _, m := range u.Memberships {
		if m.OrganisationSlug == q.Get("organisation") {
			c.Chosen = m.OrganisationID
		}
	}
	v := url.Values{"technical_weighting": {"60"}, "cultural_weighting": {"10"}, "price_weighting": {"20"}, "social_value_weighting": {"10"}}
	if _, ok := model.LookupContractCategory(q.Get("category")); ok {
		v.Set("category", q.Get("category"))
	}
	s.renderBriefForm(w, r, http.StatusOK, "/briefs/new", c, v, nil)
}

// briefFromForm reads the posted brief and checks it; a search of the co-signer chooser
// shows the form again.
func (s *Server) briefFromForm(w http.ResponseWriter, r *http.Request, action string, c orgChoice, problem string) (*model.Brief, bool) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, model.Errorf(model.EINVALID, "resources.upload.errors.unreadable"))
		return nil, false
	}
	v := r.PostForm
	if v.Get("action") == actionFindOrgs {
		s.renderBriefForm(w, r, http.StatusOK, action, c, v, nil)
		return nil, false
	}
	b, fe := model.ParseBrief(v.Get, v["organisations"])
	if fe == nil {
		fe = &model.FieldErrors{}
	}
	addOrgChoiceError(fe, problem, "briefs.form.organisation.missing")
	if !fe.Any() {
		b.Lead = model.OrgRef{ID: c.Chosen}
		return &b, true
	}
	s.renderBriefForm(w, r, http.StatusBadRequest, action, c, v, fe)
	return nil, false
}

// saveBrief saves b with save; refusals about the form show it again.
func (s *Server) saveBrief(w http.ResponseWriter, r *http.Request, action string, c orgChoice, b *model.Brief, save func() error) {
	err := save()
	var me *model.Error
	if err != nil && errors.As(err, &me) && me.Code == model.EINVALID && me.Field != "" {
		fe := &model.FieldErrors{}
		fe.AddError(me.Field, err)
		s.renderBriefForm(w, r, http.StatusBadRequest, action, c, r.PostForm, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.brief_saved")
	http.Redirect(w, r, store.BriefPath(b.ID), http.StatusSeeOther)
}

func (s *Server) briefCreate(w http.ResponseWriter, r *http.Request) {
	c, problem := chooseFromForm(r, userFrom(r).Memberships)
	b, ok := s.briefFromForm(w, r, "/briefs/new", c, problem)
	if !ok {
		return
	}
	s.saveBrief(w, r, "/briefs/new", c, b, func() error { return s.db.CreateBrief(r.Context(), actorOf(userFrom(r)), b) })
}

// leadChoice is the lead organisation of a brief being changed: fixed.
func leadChoice(b *model.Brief) orgChoice {
	return orgChoice{Options: []model.Membership{{OrganisationID: b.Lead.ID, OrganisationName: b.Lead.Name, OrganisationSlug: b.Lead.Slug}},
		Chosen: b.Lead.ID}
}

func (s *Server) briefEditForm(w http.ResponseWriter, r *http.Request) {
	b := briefFrom(r)
	if b.Status != model.BriefDraft {
		s.fail(w, r, model.Errorf(model.ECONFLICT, "briefs.errors.not_draft"))
		return
	}
	s.renderBriefForm(w, r, http.StatusOK, store.BriefPath(b.ID)+"/edit", leadChoice(b), model.BriefFormOf(b), nil)
}

func (s *Server) briefUpdate(w http.ResponseWriter, r *http.Request) {
	was := briefFrom(r)
	action, c := store.BriefPath(was.ID)+"/edit", leadChoice(was)
	b, ok := s.briefFromForm(w, r, action, c, "")
	if !ok {
		return
	}
	b.ID = was.ID
	s.saveBrief(w, r, action, c, b, func() error { return s.db.UpdateBrief(r.Context(), actorOf(userFrom(r)), b) })
}

// briefAct runs a change to the brief in the path and goes back to its page.
func (s *Server) briefAct(w http.ResponseWriter, r *http.Request, flash string, act func(b *model.Brief) error) {
	b := briefFrom(r)
	if err := act(b); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	s.setFlash(w, flash)
	http.Redirect(w, r, store.BriefPath(b.ID), http.StatusSeeOther)
}

func (s *Server) briefSend(w http.ResponseWriter, r *http.Request) {
	s.briefAct(w, r, "flash.brief_sent", func(b *model.Brief) error {
		_, err := s.db.SendBrief(r.Context(), actorOf(userFrom(r)), b.ID, s.briefNews(langOf(r)))
		return err
	})
}

func (s *Server) briefClose(w http.ResponseWriter, r *http.Request) {
	s.briefAct(w, r, "flash.brief_closed", func(b *model.Brief) error {
		return s.db.CloseBrief(r.Context(), actorOf(userFrom(r)), b.ID)
	})
}

// kindBriefToAnswer is the email asking a co-signer's admin to answer for their
// organisation.
const kindBriefToAnswer = "brief_to_answer"

// briefNews words the email to each co-signing organisation's admins when a brief is
// sent to them, in each reader's language (lead the sender's).
func (s *Server) briefNews(lead string) store.BriefNotifier {
	return func(b *model.Brief, to string) model.Email {
		return letter(s.opts.BaseURL, lead, func(m mailer) model.Email {
			return model.Email{To: to, Kind: kindBriefToAnswer, Subject: m.T("emails.brief.to_answer.subject", "Title", b.Title),
				Body: m.T("emails.brief.to_answer.body", "Title", b.Title, "Lead", b.Lead.Name, "URL", m.link(store.BriefPath(b.ID)))}
		})
	}
}

// briefAnswer confirms or declines the brief for the co-signing organisation chosen
// (the first the person answers for, unless they chose); a decline needs a reason.
func (s *Server) briefAnswer(w http.ResponseWriter, r *http.Request) {
	b, u := briefFrom(r), userFrom(r)
	confirmers := model.BriefConfirmers(u, b)
	org := confirmers[0].OrganisationID
	for _, c := range confirmers {
		if strconv.FormatInt(c.OrganisationID, 10) == r.PostFormValue("organisation") {
			org = c.OrganisationID
		}
	}
	confirm := r.PostFormValue("decision") == "confirm"
	reason := ""
	if !confirm {
		var problem *model.Msg
		reason, problem = model.CleanDeclineReason(r.PostFormValue("reason"))
		fe := &model.FieldErrors{}
		switch {
		case r.PostFormValue("decision") != "decline":
			fe.Add("decision", "briefs.answer.decision.missing")
		case problem != nil:
			fe.AddMsg("reason", *problem)
		}
		if fe.Any() {
			s.renderBrief(w, r, http.StatusBadRequest, "brief_show", map[string]string{"reason": r.PostFormValue("reason")}, fe)
			return
		}
	}
	answer := func(b *model.Brief) error {
		_, err := s.db.AnswerBrief(r.Context(), actorOf(u), b.ID, org, confirm, reason)
		return err
	}
	if confirm {
		s.briefAct(w, r, "flash.brief_confirmed", answer)
	} else {
		s.briefAct(w, r, "flash.brief_declined", answer)
	}
}

// briefView is a brief as its page shows it.
type briefView struct {
	*model.Brief
	// HTML are the long fields as Markdown made safe (model.RenderMarkdown).
	HTML       map[string]template.HTML
	Lead       bool // the person is a member of the lead organisation
	Confirmers []model.CoSigner
	Follow     followButton
	Printable  bool
}

func (s *Server) renderBrief(w http.ResponseWriter, r *http.Request, status int, name string, form map[string]string, fe *model.FieldErrors) {
	b, u := briefFrom(r), userFrom(r)
	v := briefView{Brief: b, HTML: map[string]template.HTML{}, Lead: model.CanLeadBrief(u, b),
		Confirmers: model.BriefConfirmers(u, b), Printable: name == "brief_print"}
	for k, text := range map[string]string{"background": b.Background, "outcome": b.Outcome, "end_users": b.EndUsers,
		"early_market_engagement": b.EarlyMarketEngagement, "work_already_done": b.WorkAlreadyDone, "existing_team": b.ExistingTeam} {
		v.HTML[k] = template.HTML(model.RenderMarkdown(text))
	}
	if b.Public() && !v.Printable {
		v.Follow = s.followButton(r, model.FollowRef{Kind: model.FollowBrief, ID: b.ID})
	}
	s.render(w, r, status, name, &page{Title: b.Title, Nav: "contracts", BackLink: "/briefs", Flash: s.takeFlash(w, r),
		Form: form, Errors: fe, Data: v})
}

func (s *Server) briefShow(w http.ResponseWriter, r *http.Request) {
	s.renderBrief(w, r, http.StatusOK, "brief_show", nil, nil)
}

func (s *Server) briefPrint(w http.ResponseWriter, r *http.Request) {
	s.renderBrief(w, r, http.StatusOK, "brief_print", nil, nil)
}

// seedBriefs publishes a joint brief from Hackney and Camden for the demo.
func seedBriefs(ctx context.Context, db *store.DB, actor model.Actor) error {
	hackney, camden := mustOrg(ctx, db, "hackney"), mustOrg(ctx, db, "camden")
	officer, err := demoOfficer(ctx, db, actor)
	if err != nil {
		return err
	}
	camdenAdmin, err := db.GrantRole(ctx, actor, "digital@camden.gov.uk", model.RoleOrgAdmin)
	if err != nil {
		return err
	}
	start := time.Now().UTC().AddDate(0, 6, 0).Truncate(24 * time.Hour)
	b := &model.Brief{Title: "A shared revenues and benefits system for two London boroughs", Category: "revenues_benefits",
		Lead:       model.OrgRef{ID: hackney.ID},
		Background: "Hackney's and Camden's revenues and benefits contracts end within six months of each other.",
		Outcome:    "One system, bought together, that residents can use online to pay council tax and claim support.",
		EndUsers:   "Residents paying council tax or claiming housing benefit; the boroughs' benefits officers.",
		Phase:      "alpha", Location: "London", StartDate: start, ContractLength: "2 years", BudgetRange: "£500k to £1m",
		TechnicalWeighting: 60, CulturalWeighting: 10, PriceWeighting: 20, SocialValueWeighting: 10,
		QuestionsDeadline: start.AddDate(0, -2, 0), Language: model.LanguageEnglish,
		CoSigners: []model.CoSigner{{OrganisationID: camden.ID}}}
	if err := db.CreateBrief(ctx, officer, b); err != nil {
		return err
	}
	if _, err := db.SendBrief(ctx, officer, b.ID, nil); err != nil {
		return err
	}
	_, err = db.AnswerBrief(ctx, model.Actor{UserID: camdenAdmin.ID, Label: camdenAdmin.Email}, b.ID, camden.ID, true, "")
	return err
}
