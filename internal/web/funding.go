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

// fundingFeature is the fund's rounds (issue 13): the platform team writes rounds; members
// of signatories draft bids, partners' org admins confirm them, the lead submits them once
// the rules allow; assessors score the bids they are assigned; the platform team records
// decisions; submitted bids are published after their deadline with their outcome.
// Funding pages are not cached: a bid becomes public when its deadline passes, which
// changes nothing in the database.
func (s *Server) fundingFeature() feature {
	return feature{Name: "funding", Routes: []route{
		{"GET /funding", anyone, s.fundingRounds},
		{"GET /funding/new", platformTeam, s.roundNewForm},
		{"POST /funding/new", platformTeam, s.roundCreate},
		{"GET /funding/outcomes", anyone, s.fundingOutcomes},
		{"GET /funding/assessors", platformTeam, s.assessorsPage},
		{"POST /funding/assessors", platformTeam, s.assessorsSave},
		{"GET /funding/assessments", assessorOnly, s.assessmentsPage},
		{"GET /funding/{id}", anyone, s.roundShow},
		{"GET /funding/{id}/edit", platformTeamOnRound, s.roundEditForm},
		{"POST /funding/{id}/edit", platformTeamOnRound, s.roundUpdate},
		{"POST /funding/{id}/outcomes", platformTeamOnRound, s.roundPublishOutcomes},
		{"POST /funding/{id}/questions", signedIn, s.questionAsk},
		{"POST /funding/{id}/questions/{qid}/answer", platformTeamOnRound, s.questionAnswer},
		{"GET /funding/{id}/bids/new", bidWriter, s.bidNewForm},
		{"POST /funding/{id}/bids/new", bidWriter, s.bidCreate},
		{"GET /funding/{id}/bids/{bid}", anyone, s.bidShow},
		{"GET /funding/{id}/bids/{bid}/edit", bidLead, s.bidEditForm},
		{"POST /funding/{id}/bids/{bid}/edit", bidLead, s.bidUpdate},
		{"POST /funding/{id}/bids/{bid}/submit", bidLead, s.bidSubmit},
		{"POST /funding/{id}/bids/{bid}/confirm", bidPartnerAdmin, s.bidConfirm},
		{"GET /funding/{id}/bids/{bid}/assess", bidAssessor, s.assessForm},
		{"POST /funding/{id}/bids/{bid}/assess", bidAssessor, s.assessSave},
		{"GET /funding/{id}/bids/{bid}/moderation", platformTeamOnBid, s.bidModeration},
		{"POST /funding/{id}/bids/{bid}/assessors", platformTeamOnBid, s.bidAssign},
		{"POST /funding/{id}/bids/{bid}/decision", platformTeamOnBid, s.bidDecide},
	},
		API: s.api.FundingPart(),
		Tables: []string{"funding_rounds", "funding_criteria", "funding_bids", "funding_budget_items",
			"funding_bid_partners", "funding_questions", "funding_assignments", "funding_scores"},
		Seed: seedFunding,
		Follows: []followKind{{Kind: model.FollowFundingRound, Key: "follows.kinds.funding_round",
			Target: func(ctx context.Context, id int64) (model.FollowTarget, error) {
				rd, err := s.db.Round(ctx, id)
				if err != nil {
					return model.FollowTarget{}, err
				}
				return model.FollowTarget{Title: rd.Name, Path: roundPath(id)}, nil
			}}},
		Activity: []activityKind{{Kind: model.ActivityRoundOpened, Key: "activity.funding.round_opened"},
			{Kind: model.ActivityOutcomesPublished, Key: "activity.funding.outcomes_published"}},
		Jobs: []Job{{Name: "funding-moments", Run: func(ctx context.Context) { s.runFundingMoments(ctx, eventJobsInterval) }}},
	}
}

// runFundingMoments records rounds that have opened (store.OpenRounds, once across
// instances) and marks public data as changed when a round opens or a deadline passes
// (store.PassFundingMoments), every interval until ctx is done.
func (s *Server) runFundingMoments(ctx context.Context, interval time.Duration) {
	since := s.fundingNow()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.db.OpenRounds(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("funding rounds opened", "err", err)
		}
		next, err := s.db.PassFundingMoments(ctx, since)
		if err != nil && ctx.Err() == nil {
			s.log.Error("funding moments", "err", err)
		}
		since = next
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Keys of what the funding access checks loaded.
const (
	keyRound accessKey = 100 + iota
	keyBid
)

func roundFrom(r *http.Request) *model.FundingRound {
	v, _ := r.Context().Value(keyRound).(*model.FundingRound)
	return v
}

func bidFrom(r *http.Request) *model.Bid {
	v, _ := r.Context().Value(keyBid).(*model.Bid)
	return v
}

// fundingNow is the server's clock, as the rules read it.
func (s *Server) fundingNow() time.Time { return s.db.Now().UTC() }

// roundInPath loads the round in the path (roundFrom), or answers 404.
func (s *Server) roundInPath(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	id, ok := eventIDFrom(r, "id")
	if !ok {
		s.notFound(w, r)
		return r, false
	}
	round, err := s.db.Round(r.Context(), id)
	if !s.found(w, r, err) {
		return r, false
	}
	return withValue(r, keyRound, round), true
}

// bidInPath loads the round and the bid in the path (bidFrom), or answers 404: the bid
// must be of that round.
func (s *Server) bidInPath(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	r, ok := s.roundInPath(w, r)
	if !ok {
		return r, false
	}
	id, ok := eventIDFrom(r, "bid")
	if !ok {
		s.notFound(w, r)
		return r, false
	}
	b, err := s.db.Bid(r.Context(), id)
	if !s.found(w, r, err) {
		return r, false
	}
	if b.RoundID != roundFrom(r).ID {
		s.notFound(w, r)
		return r, false
	}
	return withValue(r, keyBid, b), true
}

// signedInWith is signed-in access of kind that loads with load and then asks allow,
// refusing with refusal.
func signedInWith(kind string, load admitter, allow func(s *Server, r *http.Request) (bool, error), refusal error) access {
	return signedInAnd(kind, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		r, ok := load(s, w, r)
		if !ok {
			return r, false
		}
		ok, err := allow(s, r)
		if err != nil {
			s.serverError(w, r, err)
			return r, false
		}
		if !ok {
			s.fail(w, r, refusal)
		}
		return r, ok
	})
}

var (
	errNotBidLead   = model.Errorf(model.EFORBIDDEN, "funding.bids.errors.not_lead")
	errNotPartner   = model.Errorf(model.EFORBIDDEN, "funding.bids.errors.not_partner_admin")
	errNotAssessor  = model.Errorf(model.EFORBIDDEN, "funding.assess.errors.not_assessor_you")
	errNotAssigned  = model.Errorf(model.EFORBIDDEN, "funding.assess.errors.not_assigned")
	errNotBidderOrg = model.Errorf(model.EFORBIDDEN, "funding.bids.errors.not_signatory")
)

var (
	// bidWriter: members of a signatory, on a round in the path.
	bidWriter = signedInAnd(accessPublisher, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		if !model.CanPublish(userFrom(r)) {
			s.fail(w, r, errNotBidderOrg)
			return r, false
		}
		return s.roundInPath(w, r)
	})
	// bidLead: members of the bid's lead, while it is a draft.
	bidLead = signedInWith(accessUser, (*Server).bidInPath,
		func(_ *Server, r *http.Request) (bool, error) { return model.CanEditBid(userFrom(r), bidFrom(r)), nil }, errNotBidLead)
	// bidPartnerAdmin: an admin of one of the bid's partners.
	bidPartnerAdmin = signedInWith(accessUser, (*Server).bidInPath,
		func(_ *Server, r *http.Request) (bool, error) {
			for _, m := range userFrom(r).AdminMemberships() {
				if bidFrom(r).HasPartner(m.OrganisationID) {
					return true, nil
				}
			}
			return false, nil
		}, errNotPartner)
	// bidAssessor: an assessor assigned to the bid.
	bidAssessor = signedInWith(accessUser, (*Server).bidInPath,
		func(s *Server, r *http.Request) (bool, error) {
			if !model.CanAssess(userFrom(r)) {
				return false, nil
			}
			return s.db.IsAssigned(r.Context(), bidFrom(r).ID, userFrom(r).ID)
		}, errNotAssigned)
	// assessorOnly: people holding the assessor role.
	assessorOnly = signedInWith(accessUser, func(_ *Server, _ http.ResponseWriter, r *http.Request) (*http.Request, bool) { return r, true },
		func(_ *Server, r *http.Request) (bool, error) { return model.CanAssess(userFrom(r)), nil }, errNotAssessor)
)

// platformTeamOnRound and platformTeamOnBid are the platform team's access to the round
// (and bid) in the path.
var (
	platformTeamOnRound = platformTeamLoading((*Server).roundInPath)
	platformTeamOnBid   = platformTeamLoading((*Server).bidInPath)
)

func platformTeamLoading(load admitter) access {
	return access{Kind: accessPlatformAdmin, guard: func(s *Server, h http.HandlerFunc) http.HandlerFunc {
		return s.requirePlatformAdmin(func(w http.ResponseWriter, r *http.Request) {
			if r, ok := load(s, w, r); ok {
				h(w, r)
			}
		})
	}}
}

// --- rounds -------------------------------------------------------------------------------

type roundRow struct {
	Round  *model.FundingRound
	Open   bool
	Opened bool
}

func (s *Server) fundingRounds(w http.ResponseWriter, r *http.Request) {
	rounds, err := s.db.Rounds(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	now, u := s.fundingNow(), userFrom(r)
	var rows []roundRow
	for _, rd := range rounds {
		if rd.Opened(now) || u.IsPlatformAdmin() {
			rows = append(rows, roundRow{rd, rd.Open(now), rd.Opened(now)})
		}
	}
	var mine []*model.Bid
	if ids := u.OrganisationIDs(); len(ids) > 0 {
		if mine, err = s.db.Bids(r.Context(), store.BidQuery{Orgs: ids}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "funding_rounds", &page{Title: printerOf(r).T("funding.rounds.title"), Nav: "funding",
		Flash: s.takeFlash(w, r), Data: map[string]any{"Rounds": rows, "Mine": mine, "IsAdmin": u.IsPlatformAdmin(),
			"Assessor": model.CanAssess(u)}})
}

type roundShowData struct {
	Round     *model.FundingRound
	Open      bool
	Stage     string
	Bids      []*model.Bid
	Questions []store.Question
	Criteria  []model.Criterion
	Phases    []string
	IsAdmin   bool
	CanBid    bool
	SignedIn  bool
	Prospect  string
	MaxQ      int
	// CanPublishOutcomes: the platform team, once applications have closed, until done.
	CanPublishOutcomes bool
	Follow             followButton
}

func (s *Server) roundShow(w http.ResponseWriter, r *http.Request) {
	r, ok := s.roundInPath(w, r)
	if !ok {
		return
	}
	s.renderRound(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	rd, u, now := roundFrom(r), userFrom(r), s.fundingNow()
	if !rd.Opened(now) && !u.IsPlatformAdmin() {
		s.notFound(w, r)
		return
	}
	q := store.BidQuery{RoundID: rd.ID, Published: !u.IsPlatformAdmin(), Now: now}
	bids, err := s.db.Bids(r.Context(), q)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if u.IsPlatformAdmin() { // the platform team sees every submitted bid, drafts left out
		var sub []*model.Bid
		for _, b := range bids {
			if b.Submitted() {
				sub = append(sub, b)
			}
		}
		bids = sub
	}
	questions, err := s.db.Questions(r.Context(), rd.ID, !u.IsPlatformAdmin())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &roundShowData{Round: rd, Open: rd.Open(now), Stage: rd.StageAt(now), Bids: bids, Questions: questions,
		Phases: model.FundingPhases, IsAdmin: u.IsPlatformAdmin(), CanBid: rd.Open(now) && model.CanPublish(u), SignedIn: u != nil,
		Prospect: model.RenderMarkdown(rd.Prospectus), MaxQ: model.MaxQuestion,
		CanPublishOutcomes: u.IsPlatformAdmin() && now.After(rd.ClosesAt) && !rd.OutcomesPublished(),
		Follow:             s.followButton(r, model.FollowRef{Kind: model.FollowFundingRound, ID: rd.ID})}
	p := &page{Title: rd.Name, Nav: "funding", Form: form, Errors: fe, Data: d,
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("funding.rounds.title"), "/funding"}}}
	if status == http.StatusOK {
		p.Flash = s.takeFlash(w, r)
	}
	s.render(w, r, status, "funding_round", p)
}

func (s *Server) roundNewForm(w http.ResponseWriter, r *http.Request) {
	f := model.RoundForm{"min_partners": "2", "max_lead_bids": "2", "cap_discovery": "100000", "cap_alpha": "180000",
		"cap_beta": "350000", "criteria": printerOf(r).T("funding.rounds.form.criteria.example")}
	s.renderRoundForm(w, r, http.StatusOK, "/funding/new", f, nil)
}

func (s *Server) renderRoundForm(w http.ResponseWriter, r *http.Request, status int, action string, f model.RoundForm, fe *model.FieldErrors) {
	title := printerOf(r).T("funding.rounds.form.title_new")
	if action != "/funding/new" {
		title = printerOf(r).T("funding.rounds.form.title_edit")
	}
	s.render(w, r, status, "funding_round_form", &page{Title: title, Nav: "funding", BackLink: "/funding", Form: f, Errors: fe,
		Data: map[string]any{"Action": action, "Phases": model.FundingPhases, "MaxName": model.MaxRoundName, "MaxProspectus": model.MaxProspectus,
			"MaxCriteria": model.MaxCriteriaText}})
}

func readRoundForm(r *http.Request) model.RoundForm {
	f := model.RoundForm{}
	for _, k := range model.RoundFormFields {
		f[k] = r.PostFormValue(k)
	}
	return f
}

func (s *Server) roundCreate(w http.ResponseWriter, r *http.Request) {
	s.roundSave(w, r, "/funding/new", 0)
}

func (s *Server) roundEditForm(w http.ResponseWriter, r *http.Request) {
	rd := roundFrom(r)
	s.renderRoundForm(w, r, http.StatusOK, roundPath(rd.ID)+"/edit", model.RoundFormOf(rd), nil)
}

func (s *Server) roundUpdate(w http.ResponseWriter, r *http.Request) {
	rd := roundFrom(r)
	s.roundSave(w, r, roundPath(rd.ID)+"/edit", rd.ID)
}

func (s *Server) roundSave(w http.ResponseWriter, r *http.Request, action string, id int64) {
	f := readRoundForm(r)
	rd, fe := f.Validate()
	if fe.Any() {
		s.renderRoundForm(w, r, http.StatusBadRequest, action, f, fe)
		return
	}
	rd.ID = id
	if err := s.db.SaveRound(r.Context(), actorOf(userFrom(r)), rd); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_round_saved")
	http.Redirect(w, r, roundPath(rd.ID), http.StatusSeeOther)
}

func roundPath(id int64) string { return "/funding/" + strconv.FormatInt(id, 10) }

func bidPath(b *model.Bid) string {
	return roundPath(b.RoundID) + "/bids/" + strconv.FormatInt(b.ID, 10)
}

// --- questions ----------------------------------------------------------------------------

func (s *Server) questionAsk(w http.ResponseWriter, r *http.Request) {
	r, ok := s.roundInPath(w, r)
	if !ok {
		return
	}
	text := r.PostFormValue("question")
	err := s.db.AskQuestion(r.Context(), actorOf(userFrom(r)), roundFrom(r).ID, text)
	if s.fieldProblem(w, r, err, "question", map[string]string{"question": text}) {
		return
	}
	s.setFlash(w, "flash.funding_question_asked")
	http.Redirect(w, r, roundPath(roundFrom(r).ID)+"#questions", http.StatusSeeOther)
}

func (s *Server) questionAnswer(w http.ResponseWriter, r *http.Request) {
	qid, ok := eventIDFrom(r, "qid")
	if !ok {
		s.notFound(w, r)
		return
	}
	field := "answer-" + strconv.FormatInt(qid, 10)
	text := r.PostFormValue(field)
	err := s.db.AnswerQuestion(r.Context(), actorOf(userFrom(r)), roundFrom(r).ID, qid, text)
	if s.fieldProblem(w, r, err, field, map[string]string{field: text}) {
		return
	}
	s.setFlash(w, "flash.funding_answer_published")
	http.Redirect(w, r, roundPath(roundFrom(r).ID)+"#questions", http.StatusSeeOther)
}

// fieldProblem shows the round page again with a field's problem (an EINVALID error from
// the store), or the error page, and reports whether err was one.
func (s *Server) fieldProblem(w http.ResponseWriter, r *http.Request, err error, field string, form map[string]string) bool {
	if err == nil {
		return false
	}
	if model.ErrorCode(err) == model.EINVALID {
		fe := &model.FieldErrors{}
		fe.AddError(field, err)
		s.renderRound(w, r, http.StatusBadRequest, form, fe)
		return true
	}
	s.fail(w, r, err)
	return true
}

// fundingFuncs are the funding templates' functions: amounts in pounds, and the names of
// phases, stages and outcomes in the page's words.
func fundingFuncs(funcs template.FuncMap) {
	funcs["pounds"] = model.Pounds
	funcs["phaseName"] = model.PhaseName
	funcs["stageName"] = model.StageName
	funcs["outcomeName"] = model.OutcomeName
}
