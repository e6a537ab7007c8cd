package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Assessment: the platform team gives people the assessor role and assigns them bids;
// assessors score each criterion from 0 to 5 with a comment; the moderation view shows
// the spread of the scores; the platform team records the decision. Scores and comments
// are shown only to the platform team, and to each assessor their own.

func (s *Server) assessorsPage(w http.ResponseWriter, r *http.Request) {
	s.renderAssessors(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderAssessors(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	people, err := s.db.Assessors(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := &page{Title: printerOf(r).T("funding.assessors.title"), Nav: "funding", BackLink: "/funding", Form: form, Errors: fe,
		Data: map[string]any{"People": people}}
	if status == http.StatusOK {
		p.Flash = s.takeFlash(w, r)
	}
	s.render(w, r, status, "funding_assessors", p)
}

// assessorsSave gives the role (action "add") or takes it away ("remove").
func (s *Server) assessorsSave(w http.ResponseWriter, r *http.Request) {
	email, ok := model.NormaliseEmail(r.PostFormValue("email"))
	form := map[string]string{"email": r.PostFormValue("email")}
	if !ok {
		fe := &model.FieldErrors{}
		fe.Add("email", "funding.assessors.errors.email")
		s.renderAssessors(w, r, http.StatusBadRequest, form, fe)
		return
	}
	_, err := s.db.SetAssessor(r.Context(), actorOf(userFrom(r)), email, r.PostFormValue("action") != "remove")
	if model.ErrorCode(err) == model.EINVALID {
		fe := &model.FieldErrors{}
		fe.AddError("email", err)
		s.renderAssessors(w, r, http.StatusBadRequest, form, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_assessors_saved")
	http.Redirect(w, r, "/funding/assessors", http.StatusSeeOther)
}

// assessmentsPage lists the bids the assessor is assigned.
func (s *Server) assessmentsPage(w http.ResponseWriter, r *http.Request) {
	bids, err := s.db.Bids(r.Context(), store.BidQuery{Assessor: userFrom(r).ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "funding_assessments", &page{Title: printerOf(r).T("funding.assess.list_title"), Nav: "funding",
		BackLink: "/funding", Flash: s.takeFlash(w, r), Data: map[string]any{"Bids": bids}})
}

func (s *Server) assessForm(w http.ResponseWriter, r *http.Request) {
	scores, err := s.db.Scores(r.Context(), bidFrom(r).ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	form := map[string]string{}
	for _, sc := range scores {
		if sc.AssessorID == userFrom(r).ID {
			id := strconv.FormatInt(sc.CriterionID, 10)
			form["score_"+id], form["comment_"+id] = strconv.Itoa(sc.Score), sc.Comment
		}
	}
	s.renderAssess(w, r, http.StatusOK, form, nil)
}

type scoreField struct {
	Criterion       model.Criterion
	Score, Comment  string
	Options         []choice
	ScoreName, Name string
}

func (s *Server) renderAssess(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	b, rd := bidFrom(r), roundFrom(r)
	var fields []scoreField
	for _, c := range rd.Criteria {
		id := strconv.FormatInt(c.ID, 10)
		f := scoreField{Criterion: c, ScoreName: "score_" + id, Name: "comment_" + id}
		for n := model.MinScore; n <= model.MaxScore; n++ {
			f.Options = append(f.Options, choice{Value: strconv.Itoa(n), Text: strconv.Itoa(n)})
		}
		fields = append(fields, f)
	}
	s.render(w, r, status, "funding_assess", &page{Title: printerOf(r).T("funding.assess.title"), Nav: "funding", BackLink: bidPath(b),
		Form: form, Errors: fe, Data: map[string]any{"Bid": b, "Fields": fields, "Max": model.MaxScoreComment}})
}

func (s *Server) assessSave(w http.ResponseWriter, r *http.Request) {
	b, rd := bidFrom(r), roundFrom(r)
	form := map[string]string{}
	get := func(k string) string { form[k] = r.PostFormValue(k); return form[k] }
	scores, fe := model.ReadScores(rd.Criteria, get)
	if fe.Any() {
		s.renderAssess(w, r, http.StatusBadRequest, form, fe)
		return
	}
	if err := s.db.SaveScores(r.Context(), actorOf(userFrom(r)), b.ID, scores); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_scores_saved")
	http.Redirect(w, r, "/funding/assessments", http.StatusSeeOther)
}

// bidModeration is the platform team's view of a bid's assessment: its assessors, the
// spread of the scores by criterion with each comment, the form to assign another
// assessor and the decision.
func (s *Server) bidModeration(w http.ResponseWriter, r *http.Request) {
	s.renderModeration(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderModeration(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	b, rd := bidFrom(r), roundFrom(r)
	ctx := r.Context()
	assessors, err := s.db.BidAssessors(ctx, b.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	scores, err := s.db.Scores(ctx, b.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	spreads := model.Spreads(rd.Criteria, scores)
	pr := printerOf(r)
	if form == nil {
		form = map[string]string{"outcome": b.Outcome}
		if b.Awarded > 0 {
			form["amount"] = strconv.Itoa(b.Awarded)
		}
	}
	p := &page{Title: pr.T("funding.moderation.title"), Nav: "funding", BackLink: bidPath(b), Form: form, Errors: fe,
		Data: map[string]any{"Bid": b, "Assessors": assessors, "Spreads": spreads,
			"Weighted": strconv.FormatFloat(model.WeightedMean(spreads), 'f', 1, 64),
			"Outcomes": labelChoices(pr, model.OutcomesFor(b.Stage), model.OutcomeName)}}
	if status == http.StatusOK {
		p.Flash = s.takeFlash(w, r)
	}
	s.render(w, r, status, "funding_moderation", p)
}

func (s *Server) bidAssign(w http.ResponseWriter, r *http.Request) {
	b := bidFrom(r)
	email, _ := model.NormaliseEmail(r.PostFormValue("assessor"))
	err := s.db.AssignAssessor(r.Context(), actorOf(userFrom(r)), b.ID, email)
	if model.ErrorCode(err) == model.EINVALID {
		fe := &model.FieldErrors{}
		fe.AddError("assessor", err)
		s.renderModeration(w, r, http.StatusBadRequest, map[string]string{"assessor": r.PostFormValue("assessor")}, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_assessor_assigned")
	http.Redirect(w, r, bidPath(b)+"/moderation", http.StatusSeeOther)
}

func (s *Server) bidDecide(w http.ResponseWriter, r *http.Request) {
	b := bidFrom(r)
	form := map[string]string{"outcome": r.PostFormValue("outcome"), "amount": r.PostFormValue("amount")}
	amount, fe := model.ValidateDecision(b, form["outcome"], form["amount"])
	if fe.Any() {
		s.renderModeration(w, r, http.StatusBadRequest, form, fe)
		return
	}
	err := s.db.DecideBid(r.Context(), actorOf(userFrom(r)), b.ID, form["outcome"], amount)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_decision_saved")
	http.Redirect(w, r, bidPath(b)+"/moderation", http.StatusSeeOther)
}

// roundPublishOutcomes makes the round's decisions public and emails them.
func (s *Server) roundPublishOutcomes(w http.ResponseWriter, r *http.Request) {
	rd := roundFrom(r)
	if err := s.db.PublishOutcomes(r.Context(), actorOf(userFrom(r)), rd.ID, s.fundingMail(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_outcomes_published")
	http.Redirect(w, r, roundPath(rd.ID), http.StatusSeeOther)
}

// fundingOutcomes lists every funded bid that is published, with its amount, and each
// round's total: the sum of its decisions.
func (s *Server) fundingOutcomes(w http.ResponseWriter, r *http.Request) {
	bids, err := s.db.Bids(r.Context(), store.BidQuery{Outcome: model.OutcomeFunded, Published: true, Now: s.fundingNow()})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	totals, err := s.db.RoundTotals(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sum := 0
	for _, t := range totals {
		sum += t.Total
	}
	s.render(w, r, http.StatusOK, "funding_outcomes", &page{Title: printerOf(r).T("funding.outcomes.title"), Nav: "funding",
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("funding.rounds.title"), "/funding"}},
		Data:        map[string]any{"Bids": bids, "Totals": totals, "Sum": sum}})
}

// seedFunding adds a demo round, open for a month, with a draft bid by the first
// signatory the demo admin belongs to, if any, so that every funding table has a row.
func seedFunding(ctx context.Context, db *store.DB, actor model.Actor) error {
	now := db.Now().UTC()
	rd := &model.FundingRound{Name: "Local Digital Fund: round 1 (demo)",
		Prospectus: "The fund pays for councils to work **together** on common problems.\n\nBids need a lead council and two partner councils.",
		OpensAt:    now.Add(-24 * time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour), DecisionsAt: now.Add(60 * 24 * time.Hour),
		Caps:        map[string]int{model.PhaseDiscovery: 100000, model.PhaseAlpha: 180000, model.PhaseBeta: 350000},
		MinPartners: 2, MaxLeadBids: 2,
		Criteria: []model.Criterion{{Name: "Strategic fit", Weight: 40, Position: 1}, {Name: "Deliverability", Weight: 30, Position: 2},
			{Name: "Value for money", Weight: 30, Position: 3}}}
	if err := db.SaveRound(ctx, actor, rd); err != nil {
		return err
	}
	return db.SeedFunding(ctx, actor, rd.ID, store.FundingDemo{Title: "Shared repairs reporting (demo)",
		Problem: "Residents chase repairs by phone.", Users: "Council tenants", Outcomes: "User research and a service pattern",
		Team: "Two researchers and a designer", Timeline: "Eight weeks", BudgetItem: "User research",
		Question: "May a county council lead a bid?", Answer: "Yes: any signatory may lead.",
		ScoreComment: "A clear problem shared by many councils."})
}
