package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// A bid's form is one page, like the case study form: partners are chosen with the
// shared organisation chooser, which works without JavaScript. It is saved as a draft
// as often as the lead's members like; the bid's page then shows the rules it keeps and
// breaks, and, once it keeps them all, the button that submits it.

// Email kinds of funding.
const (
	kindFundingPartner = "funding_partner_confirm"
	kindFundingReceipt = "funding_receipt"
	kindFundingOutcome = "funding_outcome"
)

// fundingMail words funding's emails, each for its reader; lead is the language of the
// page whose action sent them.
func (s *Server) fundingMail(lead string) store.FundingMail {
	base := s.opts.BaseURL
	return store.FundingMail{
		ConfirmPartner: func(to string, b *model.Bid, p model.OrgRef) model.Email {
			return letter(base, lead, func(m mailer) model.Email {
				return model.Email{To: to, Kind: kindFundingPartner,
					Subject: m.T("emails.funding.partner.subject", "Lead", b.Lead.Name),
					Body: m.T("emails.funding.partner.body", "Lead", b.Lead.Name, "Partner", p.Name, "Title", b.Title,
						"Round", b.RoundName, "Link", m.link(bidPath(b)))}
			})
		},
		Receipt: func(to string, b *model.Bid) model.Email {
			return letter(base, lead, func(m mailer) model.Email {
				return model.Email{To: to, Kind: kindFundingReceipt,
					Subject: m.T("emails.funding.receipt.subject", "Title", b.Title),
					Body: m.T("emails.funding.receipt.body", "Title", b.Title, "Round", b.RoundName,
						"Amount", model.Pounds(b.Amount), "Link", m.link(bidPath(b)))}
			})
		},
		Outcome: func(to string, b *model.Bid) model.Email {
			return letter(base, lead, func(m mailer) model.Email {
				return model.Email{To: to, Kind: kindFundingOutcome,
					Subject: m.T("emails.funding.outcome.subject", "Title", b.Title),
					Body: m.T("emails.funding.outcome.body", "Title", b.Title, "Round", b.RoundName,
						"Outcome", model.OutcomeName(b.Outcome), "Awarded", model.Pounds(b.Awarded), "Funded", b.Outcome == model.OutcomeFunded,
						"Link", m.link(bidPath(b)))}
			})
		},
	}
}

type bidFormData struct {
	Action   string
	Editing  bool
	Round    *model.FundingRound
	Lead     string
	Choice   orgChoice
	Phases   []choice
	Partners chooser
	Limits   map[string]int
}

var bidLimits = map[string]int{"title": model.MaxBidTitle, "section": model.MaxBidSection, "budget": model.MaxBudgetText,
	"partners": model.MaxBidPartners}

// bidForm is the bid form as sent.
type bidForm struct {
	text     map[string]string
	partners []int64
	action   string
	org      orgChoice
	orgProb  string
}

func readBidForm(r *http.Request) bidForm {
	f := bidForm{text: map[string]string{}, action: r.PostFormValue("action")}
	for _, k := range model.BidTextFields {
		f.text[k] = r.PostFormValue(k)
	}
	for _, v := range r.PostForm["organisations"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			f.partners = append(f.partners, n)
		}
	}
	return f
}

func bidFormOf(b *model.Bid) bidForm {
	f := bidForm{text: map[string]string{"title": b.Title, "problem": b.Problem, "users": b.Users, "phase": b.Phase,
		"reuse": b.Reuse, "budget": model.FormatBudget(b.Budget), "team": b.Team, "timeline": b.Timeline}}
	for _, p := range b.Partners {
		f.partners = append(f.partners, p.ID)
	}
	return f
}

func (f bidForm) bid() *model.Bid {
	b := &model.Bid{Title: f.text["title"], Problem: f.text["problem"], Users: f.text["users"], Phase: f.text["phase"],
		Reuse: f.text["reuse"], Team: f.text["team"], Timeline: f.text["timeline"]}
	for _, id := range f.partners {
		b.Partners = append(b.Partners, model.BidPartner{OrgRef: model.OrgRef{ID: id}})
	}
	return b
}

func (s *Server) renderBidForm(w http.ResponseWriter, r *http.Request, status int, action, lead string, f bidForm, fe *model.FieldErrors) {
	pr := printerOf(r)
	rd := roundFrom(r)
	d := &bidFormData{Action: action, Editing: bidFrom(r) != nil, Round: rd, Lead: lead, Choice: f.org, Limits: bidLimits,
		Phases: labelChoices(pr, model.FundingPhases, model.PhaseName)}
	for i := range d.Phases {
		d.Phases[i].Hint = pr.T("funding.bids.form.phase.cap", "Cap", model.Pounds(rd.Cap(d.Phases[i].Value)))
	}
	own := f.org.Chosen
	if b := bidFrom(r); b != nil {
		own = b.Lead.ID
	}
	var err error
	if d.Partners, err = s.orgChooser(r.Context(), own, itoas(f.partners), f.text["org_q"], f.action == actionFindOrgs); err != nil {
		s.serverError(w, r, err)
		return
	}
	title := pr.T("funding.bids.form.title_new")
	back := roundPath(rd.ID)
	if d.Editing {
		title, back = pr.T("funding.bids.form.title_edit"), bidPath(bidFrom(r))
	}
	s.render(w, r, status, "funding_bid_form", &page{Title: title, Nav: "funding", BackLink: back, Form: f.text, Errors: fe, Data: d})
}

func (s *Server) bidNewForm(w http.ResponseWriter, r *http.Request) {
	c, _ := choose("", userFrom(r).SignedMemberships())
	s.renderBidForm(w, r, http.StatusOK, roundPath(roundFrom(r).ID)+"/bids/new", authorName(r, c), bidForm{text: map[string]string{}, org: c}, nil)
}

func (s *Server) bidCreate(w http.ResponseWriter, r *http.Request) {
	action := roundPath(roundFrom(r).ID) + "/bids/new"
	f := readBidForm(r)
	f.org, f.orgProb = chooseFromForm(r, userFrom(r).SignedMemberships())
	lead := authorName(r, f.org)
	if f.action == actionFindOrgs {
		s.renderBidForm(w, r, http.StatusOK, action, lead, f, nil)
		return
	}
	b := f.bid()
	b.RoundID, b.Lead = roundFrom(r).ID, model.OrgRef{ID: f.org.Chosen}
	fe := &model.FieldErrors{}
	addOrgChoiceError(fe, f.orgProb, "funding.bids.form.organisation.missing")
	fe.Merge(model.ValidateBid(b, f.text["budget"]))
	if fe.Any() {
		s.renderBidForm(w, r, http.StatusBadRequest, action, lead, f, fe)
		return
	}
	err := s.db.SaveBid(r.Context(), actorOf(userFrom(r)), b, s.fundingMail(langOf(r)))
	if s.bidSaveFailed(w, r, action, lead, f, err) {
		return
	}
	s.setFlash(w, "flash.funding_bid_saved")
	http.Redirect(w, r, bidPath(b), http.StatusSeeOther)
}

func (s *Server) bidEditForm(w http.ResponseWriter, r *http.Request) {
	b := bidFrom(r)
	s.renderBidForm(w, r, http.StatusOK, bidPath(b)+"/edit", b.Lead.Name, bidFormOf(b), nil)
}

func (s *Server) bidUpdate(w http.ResponseWriter, r *http.Request) {
	old := bidFrom(r)
	action := bidPath(old) + "/edit"
	f := readBidForm(r)
	if f.action == actionFindOrgs {
		s.renderBidForm(w, r, http.StatusOK, action, old.Lead.Name, f, nil)
		return
	}
	b := f.bid()
	b.ID, b.RoundID, b.Lead = old.ID, old.RoundID, old.Lead
	if fe := model.ValidateBid(b, f.text["budget"]); fe.Any() {
		s.renderBidForm(w, r, http.StatusBadRequest, action, old.Lead.Name, f, fe)
		return
	}
	err := s.db.SaveBid(r.Context(), actorOf(userFrom(r)), b, s.fundingMail(langOf(r)))
	if s.bidSaveFailed(w, r, action, old.Lead.Name, f, err) {
		return
	}
	s.setFlash(w, "flash.funding_bid_saved")
	http.Redirect(w, r, bidPath(b), http.StatusSeeOther)
}

func (s *Server) bidSaveFailed(w http.ResponseWriter, r *http.Request, action, lead string, f bidForm, err error) bool {
	if err == nil {
		return false
	}
	var fe *model.FieldErrors
	if errors.As(err, &fe) {
		s.renderBidForm(w, r, http.StatusBadRequest, action, lead, f, fe)
		return true
	}
	s.fail(w, r, err)
	return true
}

type bidShowData struct {
	Bid        *model.Bid
	Round      *model.FundingRound
	Published  bool
	CanEdit    bool
	Problems   []model.Msg
	Incomplete *model.FieldErrors
	Confirm    []model.OrgRef // partners the person may confirm for
	Rules      []string
	IsAdmin    bool
	CanAssess  bool
}

// bidShow is a bid's page: public once published; before that, for the lead's and
// partners' members, its assessors and the platform team.
func (s *Server) bidShow(w http.ResponseWriter, r *http.Request) {
	r, ok := s.bidInPath(w, r)
	if !ok {
		return
	}
	s.renderBid(w, r, http.StatusOK, nil)
}

func (s *Server) renderBid(w http.ResponseWriter, r *http.Request, status int, problems []model.Msg) {
	b, rd, u, now := bidFrom(r), roundFrom(r), userFrom(r), s.fundingNow()
	assigned := false
	if model.CanAssess(u) {
		var err error
		if assigned, err = s.db.IsAssigned(r.Context(), b.ID, u.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	d := &bidShowData{Bid: b, Round: rd, Published: b.Published(now), CanEdit: model.CanEditBid(u, b), IsAdmin: u.IsPlatformAdmin(),
		CanAssess: assigned && b.Submitted()}
	if !d.Published && !model.CanSeeBid(u, b, assigned) {
		s.notFound(w, r)
		return
	}
	if !b.Submitted() {
		for _, p := range b.Partners {
			if !p.Confirmed() && model.CanConfirmPartner(u, b, p.ID) {
				d.Confirm = append(d.Confirm, p.OrgRef)
			}
		}
	}
	if d.CanEdit {
		d.Problems = problems
		if problems == nil {
			f, err := s.db.BidFacts(r.Context(), b)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			d.Problems = f.Problems()
		}
		d.Incomplete = b.Complete()
		d.Incomplete.Word(func(m model.Msg) string { return printerOf(r).Msg(m) })
	}
	p := &page{Title: b.Title, Nav: "funding", Data: d,
		Breadcrumbs: []crumb{{printerOf(r).T("funding.rounds.title"), "/funding"}, {rd.Name, roundPath(rd.ID)}}}
	if status == http.StatusOK {
		p.Flash = s.takeFlash(w, r)
	}
	s.render(w, r, status, "funding_bid", p)
}

// bidSubmit submits the draft if the rules allow it now; otherwise the page comes back
// with each rule it breaks.
func (s *Server) bidSubmit(w http.ResponseWriter, r *http.Request) {
	b := bidFrom(r)
	_, err := s.db.SubmitBid(r.Context(), actorOf(userFrom(r)), b.ID, s.fundingMail(langOf(r)))
	var refused *store.BidRefused
	var fe *model.FieldErrors
	switch {
	case errors.As(err, &refused):
		s.renderBid(w, r, http.StatusConflict, refused.Problems)
		return
	case errors.As(err, &fe):
		s.renderBid(w, r, http.StatusBadRequest, nil)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_bid_submitted")
	http.Redirect(w, r, bidPath(b), http.StatusSeeOther)
}

// bidConfirm records that the person's organisation (field organisation: one of the
// bid's partners they administer) is a partner.
func (s *Server) bidConfirm(w http.ResponseWriter, r *http.Request) {
	b := bidFrom(r)
	var mine []model.Membership
	for _, m := range userFrom(r).AdminMemberships() {
		if b.HasPartner(m.OrganisationID) {
			mine = append(mine, m)
		}
	}
	c, problem := chooseFromForm(r, mine)
	if problem != "" {
		s.fail(w, r, errNotPartner)
		return
	}
	if err := s.db.ConfirmPartner(r.Context(), actorOf(userFrom(r)), b.ID, c.Chosen); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.funding_partner_confirmed")
	http.Redirect(w, r, bidPath(b), http.StatusSeeOther)
}
