package model

import (
	"strconv"
	"strings"
	"time"
)

// Funding rounds (issue 13): the platform runs rounds of a fund for signatories. A round
// has a prospectus, its dates, a cap per phase, its rules (partners needed, bids one
// organisation may lead) and the criteria assessors score against. Bids are drafted by
// the lead's members, confirmed by each partner's org admin, and submitted once; the
// eligibility rules (EligibilityRules) are shown before and checked again at submission.
// Amounts are whole pounds.

// RoleAssessor is the platform-wide role of people who score applications: held beside
// platform_admin (User.Assessor), given and taken away by the platform team.
const RoleAssessor = "assessor"

// FundingPhases are the phases a bid may ask funding for, in order (phase.go).
var FundingPhases = []string{PhaseDiscovery, PhaseAlpha, PhaseBeta}

// Stages of a bid: an expression of interest (when the round has that stage) or a full
// application.
const (
	StageEOI         = "eoi"
	StageApplication = "application"
)

var stageNames = map[string]Msg{
	StageEOI:         {Key: "funding.stages.eoi"},
	StageApplication: {Key: "funding.stages.application"},
}

// StageName is a stage's name.
func StageName(s string) Msg { return labelOf(stageNames, s) }

// Bid statuses: a draft may be changed by the lead's members; a submitted bid may not.
const (
	BidDraft     = "draft"
	BidSubmitted = "submitted"
)

// Outcomes of a bid, as published: an expression of interest is invited to apply or
// not; an application is funded or not.
const (
	OutcomeNone       = ""
	OutcomeInvited    = "invited"
	OutcomeNotInvited = "not_invited"
	OutcomeFunded     = "funded"
	OutcomeNotFunded  = "not_funded"
)

// OutcomesFor are the outcomes a bid of stage may be given.
func OutcomesFor(stage string) []string {
	if stage == StageEOI {
		return []string{OutcomeInvited, OutcomeNotInvited}
	}
	return []string{OutcomeFunded, OutcomeNotFunded}
}

var outcomeNames = map[string]Msg{
	OutcomeNone:       {Key: "funding.outcome_labels.none"},
	OutcomeInvited:    {Key: "funding.outcome_labels.invited"},
	OutcomeNotInvited: {Key: "funding.outcome_labels.not_invited"},
	OutcomeFunded:     {Key: "funding.outcome_labels.funded"},
	OutcomeNotFunded:  {Key: "funding.outcome_labels.not_funded"},
}

// OutcomeName is an outcome's label.
func OutcomeName(o string) Msg { return labelOf(outcomeNames, o) }

// Limits of a round's and a bid's fields.
const (
	MaxRoundName       = 150
	MaxProspectus      = 20000
	MaxCriterionName   = 100
	MaxCriteria        = 10
	MaxCriteriaText    = 2000
	MaxCap             = 100_000_000
	MaxBidTitle        = 150
	MaxBidSection      = 5000
	MaxBudgetItems     = 30
	MaxBudgetText      = 3000
	MaxBidPartners     = 20
	MaxQuestion        = 2000
	MaxAnswer          = 5000
	MaxScoreComment    = 2000
	MinScore, MaxScore = 0, 5
)

// Criterion is a criterion assessors score against, with its weight.
type Criterion struct {
	ID       int64  `json:"-"`
	Name     string `json:"name"`
	Weight   int    `json:"weight"`
	Position int    `json:"-"`
}

// FundingRound is one round of the fund.
type FundingRound struct {
	ID          int64
	Name        string
	Prospectus  string // Markdown
	OpensAt     time.Time
	EOIClosesAt time.Time // zero when the round has no expression of interest stage
	ClosesAt    time.Time // applications close
	DecisionsAt time.Time // decisions expected
	Caps        map[string]int
	MinPartners int
	MaxLeadBids int
	Criteria    []Criterion
	// OutcomesPublishedAt is when the platform team published the round's outcomes: until
	// then decisions are kept from everyone but the platform team.
	OutcomesPublishedAt time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// OutcomesPublished reports whether the round's outcomes are public.
func (r *FundingRound) OutcomesPublished() bool { return !r.OutcomesPublishedAt.IsZero() }

// HasEOI reports whether the round has an expression of interest stage.
func (r *FundingRound) HasEOI() bool { return !r.EOIClosesAt.IsZero() }

// Open reports whether bids may be written at now: the round has opened and
// applications have not closed.
func (r *FundingRound) Open(now time.Time) bool {
	return !now.Before(r.OpensAt) && !now.After(r.ClosesAt)
}

// Opened reports whether the round is public at now: it has opened.
func (r *FundingRound) Opened(now time.Time) bool { return !now.Before(r.OpensAt) }

// StageAt is the stage a bid started at now is in: expressions of interest until they
// close (when the round has them), then applications.
func (r *FundingRound) StageAt(now time.Time) string {
	if r.HasEOI() && !now.After(r.EOIClosesAt) {
		return StageEOI
	}
	return StageApplication
}

// Deadline is when bids of stage must be submitted by.
func (r *FundingRound) Deadline(stage string) time.Time {
	if stage == StageEOI && r.HasEOI() {
		return r.EOIClosesAt
	}
	return r.ClosesAt
}

// Cap is the most a bid for phase may ask for.
func (r *FundingRound) Cap(phase string) int { return r.Caps[phase] }

// BudgetItem is one line of a bid's budget.
type BudgetItem struct {
	Item   string `json:"item"`
	Amount int    `json:"amount"`
}

// BidPartner is a partner organisation of a bid, with whether its org admin has
// confirmed, and whether it has signed (its published signature stands) or withdrew.
type BidPartner struct {
	OrgRef
	ConfirmedAt time.Time
	Signed      bool
	Withdrawn   bool
}

// Confirmed reports whether the partner's org admin confirmed.
func (p BidPartner) Confirmed() bool { return !p.ConfirmedAt.IsZero() }

// Bid is an expression of interest or an application, led by one organisation.
type Bid struct {
	ID          int64
	RoundID     int64
	RoundName   string
	Lead        OrgRef
	LeadSigned  bool
	Stage       string
	Status      string
	Title       string
	Problem     string
	Users       string
	Phase       string
	Reuse       string // outcomes to be reused: user research, service patterns, code
	Team        string
	Timeline    string
	Budget      []BudgetItem
	Amount      int // the sum of the budget
	Partners    []BidPartner
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt time.Time
	SubmittedBy int64
	Outcome     string
	Awarded     int
	DecidedAt   time.Time
	// OutcomesPublished is whether the round's outcomes are public, loaded with the bid.
	OutcomesPublished bool
	// Deadline is the deadline of the bid's stage, loaded with it.
	Deadline time.Time
	// ProjectID is the project the bid became once funded (Bid.Project); 0 for none.
	ProjectID int64
}

// FundedProjectFor is how long a project a funded bid becomes is expected to run, until
// its lead says otherwise.
const FundedProjectFor = 1 // year

// Project is the project a funded bid becomes when its outcome is published, starting
// on day: led by the bid's lead with its partners, in the bid's phase, with its words,
// sharing the funding awarded (its band). Principles and services are the lead's to add.
func (b *Bid) Project(day time.Time) *Project {
	orgs := []OrgRef{b.Lead}
	for _, p := range b.Partners {
		orgs = append(orgs, p.OrgRef)
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return &Project{Title: b.Title, Summary: shorten(b.Problem, MaxProjectSummary-1), Problem: b.Problem,
		Users: b.Users, Phase: b.Phase, Collaboration: "sharing-funding", Funding: FundingBandOf(b.Awarded),
		StartsOn: day, EndsOn: day.AddDate(FundedProjectFor, 0, 0), Language: LanguageEnglish,
		Organisations: orgs, BidID: b.ID}
}

// Submitted reports whether the bid was submitted (and so can no longer change).
func (b *Bid) Submitted() bool { return b.Status == BidSubmitted }

// Published reports whether the bid is public at now: submitted, and its stage's
// deadline has passed.
func (b *Bid) Published(now time.Time) bool { return b.Submitted() && now.After(b.Deadline) }

// ShownOutcome is the outcome people see: the decision once the round's outcomes are
// published, "" before.
func (b *Bid) ShownOutcome() string {
	if !b.OutcomesPublished {
		return OutcomeNone
	}
	return b.Outcome
}

// ShownAwarded is the amount awarded people see, as ShownOutcome.
func (b *Bid) ShownAwarded() int {
	if b.ShownOutcome() != OutcomeFunded {
		return 0
	}
	return b.Awarded
}

// HasPartner reports whether organisation id is a partner of the bid.
func (b *Bid) HasPartner(id int64) bool {
	for _, p := range b.Partners {
		if p.ID == id {
			return true
		}
	}
	return false
}

// Involves reports whether organisation id leads the bid or is a partner in it.
func (b *Bid) Involves(id int64) bool { return b.Lead.ID == id || b.HasPartner(id) }

// CanEditBid reports whether the user may change or submit bid: a member of its lead
// organisation, while it is a draft.
func CanEditBid(u *User, b *Bid) bool { return b != nil && !b.Submitted() && u.IsMemberOf(b.Lead.ID) }

// CanConfirmPartner reports whether the user may confirm that organisation orgID is a
// partner of bid: an admin of that partner organisation.
func CanConfirmPartner(u *User, b *Bid, orgID int64) bool {
	if u == nil || b == nil || !b.HasPartner(orgID) {
		return false
	}
	m, ok := u.Membership(orgID)
	return ok && m.IsAdmin()
}

// CanSeeBid reports whether the user may see bid before it is published: the lead's and
// the partners' members, its assessors and the platform team.
func CanSeeBid(u *User, b *Bid, assessor bool) bool {
	if u == nil || b == nil {
		return false
	}
	if u.IsPlatformAdmin() || assessor {
		return true
	}
	for _, id := range u.OrganisationIDs() {
		if b.Involves(id) {
			return true
		}
	}
	return false
}

// CanAssess reports whether the user holds the assessor role.
func CanAssess(u *User) bool { return u != nil && u.Assessor }

// MayAssign reports why assessor a may not assess bid, or nil: they must hold the role
// and belong to neither the lead nor a partner.
func MayAssign(a *User, b *Bid) *Msg {
	if !CanAssess(a) {
		return &Msg{Key: "funding.assess.errors.not_assessor", Args: []any{"Email", a.Email}}
	}
	for _, id := range a.OrganisationIDs() {
		if b.Involves(id) {
			return &Msg{Key: "funding.assess.errors.conflict", Args: []any{"Email", a.Email}}
		}
	}
	return nil
}

// --- eligibility ---------------------------------------------------------------------

// BidFacts is what the eligibility rules read about a bid at a time: the round, the bid
// with its partners (each with whether it has signed and whether its org admin
// confirmed), and how many other bids its lead has submitted in the round's same stage.
type BidFacts struct {
	Now           time.Time
	Round         *FundingRound
	Bid           *Bid
	LeadSubmitted int
}

// EligibilityRule is one rule a bid must keep to be submitted: Check returns the
// problems it finds, each a sentence that says what is wrong and what to do.
type EligibilityRule struct {
	Name  string
	Check func(BidFacts) []Msg
}

// EligibilityRules are the rules of every round, in the order a bidder reads them.
var EligibilityRules = []EligibilityRule{
	{"lead_signed", func(f BidFacts) []Msg {
		if f.Bid.LeadSigned {
			return nil
		}
		return []Msg{{Key: "funding.rules.lead_not_signed", Args: []any{"Name", f.Bid.Lead.Name}}}
	}},
	{"partners_signed", func(f BidFacts) []Msg {
		var out []Msg
		for _, p := range f.Bid.Partners {
			switch {
			case p.Signed:
			case p.Withdrawn:
				out = append(out, Msg{Key: "funding.rules.partner_withdrawn", Args: []any{"Name", p.Name}})
			default:
				out = append(out, Msg{Key: "funding.rules.partner_not_signed", Args: []any{"Name", p.Name}})
			}
		}
		return out
	}},
	{"partners_confirmed", func(f BidFacts) []Msg {
		var out []Msg
		if len(f.Bid.Partners) < f.Round.MinPartners {
			out = append(out, Msg{Key: "funding.rules.too_few_partners", Args: []any{"Min", f.Round.MinPartners,
				"Have", len(f.Bid.Partners)}})
		}
		for _, p := range f.Bid.Partners {
			if !p.Confirmed() {
				out = append(out, Msg{Key: "funding.rules.partner_not_confirmed", Args: []any{"Name", p.Name}})
			}
		}
		return out
	}},
	{"lead_bids", func(f BidFacts) []Msg {
		if f.LeadSubmitted < f.Round.MaxLeadBids {
			return nil
		}
		return []Msg{{Key: "funding.rules.too_many_bids", Args: []any{"Name", f.Bid.Lead.Name, "Max", f.Round.MaxLeadBids}}}
	}},
	{"within_cap", func(f BidFacts) []Msg {
		limit := f.Round.Cap(f.Bid.Phase)
		switch {
		case f.Bid.Amount <= 0:
			return []Msg{{Key: "funding.rules.no_amount"}}
		case f.Bid.Amount > limit:
			return []Msg{{Key: "funding.rules.over_cap", Args: []any{"Amount", Pounds(f.Bid.Amount),
				"Cap", Pounds(limit), "Phase", PhaseName(f.Bid.Phase)}}}
		}
		return nil
	}},
	{"before_deadline", func(f BidFacts) []Msg {
		if f.Now.After(f.Bid.Deadline) {
			return []Msg{{Key: "funding.rules.closed"}}
		}
		if f.Now.Before(f.Round.OpensAt) {
			return []Msg{{Key: "funding.rules.not_open"}}
		}
		return nil
	}},
}

// Activity kinds and the follow kind of funding.
const (
	FollowFundingRound        = "funding_round"
	ActivityRoundOpened       = "funding.round_opened"
	ActivityOutcomesPublished = "funding.outcomes_published"
)

// Problems are every rule's problems with the bid, in the rules' order; none means it may
// be submitted.
func (f BidFacts) Problems() []Msg {
	var out []Msg
	for _, r := range EligibilityRules {
		out = append(out, r.Check(f)...)
	}
	return out
}

// Pounds writes a whole number of pounds as people read it: £180,000.
func Pounds(n int) string {
	if n < 0 {
		return "-£" + commaInt(-n)
	}
	return "£" + commaInt(n)
}

// --- the round form ------------------------------------------------------------------

// RoundForm is the round form as typed.
type RoundForm map[string]string

// roundDates are the round form's dates: the field's prefix, whether it has a time,
// whether it may be left empty, and its name in messages.
var roundDates = []struct {
	name     string
	timed    bool
	optional bool
}{
	{"opens", false, false}, {"eoi", true, true}, {"closes", true, false}, {"decisions", false, false},
}

// RoundFormFields are the round form's fields.
var RoundFormFields = func() []string {
	out := []string{"name", "prospectus"}
	for _, d := range roundDates {
		out = append(out, d.name+"-day", d.name+"-month", d.name+"-year")
		if d.timed {
			out = append(out, d.name+"-time")
		}
	}
	for _, p := range FundingPhases {
		out = append(out, "cap_"+p)
	}
	return append(out, "min_partners", "max_lead_bids", "criteria")
}()

// RoundFormOf is a round as the form shows it, in London time.
func RoundFormOf(r *FundingRound) RoundForm {
	f := RoundForm{"name": r.Name, "prospectus": r.Prospectus,
		"min_partners": strconv.Itoa(r.MinPartners), "max_lead_bids": strconv.Itoa(r.MaxLeadBids)}
	set := func(name string, t time.Time, timed bool) {
		if t.IsZero() {
			return
		}
		l := t.In(London)
		f[name+"-day"], f[name+"-month"], f[name+"-year"] = strconv.Itoa(l.Day()), strconv.Itoa(int(l.Month())), strconv.Itoa(l.Year())
		if timed {
			f[name+"-time"] = l.Format("15:04")
		}
	}
	set("opens", r.OpensAt, false)
	set("eoi", r.EOIClosesAt, true)
	set("closes", r.ClosesAt, true)
	set("decisions", r.DecisionsAt, false)
	for _, p := range FundingPhases {
		f["cap_"+p] = strconv.Itoa(r.Caps[p])
	}
	var lines []string
	for _, c := range r.Criteria {
		lines = append(lines, c.Name+": "+strconv.Itoa(c.Weight))
	}
	f["criteria"] = strings.Join(lines, "\n")
	return f
}

// roundDateNames name the round form's dates in its messages.
var roundDateNames = map[string]Msg{
	"opens": {Key: "funding.rounds.form.dates.opens"}, "eoi": {Key: "funding.rounds.form.dates.eoi"},
	"closes": {Key: "funding.rounds.form.dates.closes"}, "decisions": {Key: "funding.rounds.form.dates.decisions"},
}

func roundDateMessages(name string) dateMessages {
	what := roundDateNames[name]
	return dateMessages{Msg{Key: "funding.rounds.form.date.missing", Args: []any{"What", what}},
		Msg{Key: "funding.rounds.form.date.include"}, Msg{Key: "funding.rounds.form.date.year"},
		Msg{Key: "funding.rounds.form.date.real"}}
}

var roundTimeMessages = timeMessages{Msg{Key: "funding.rounds.form.time.missing"}, Msg{Key: "funding.rounds.form.time.format"}}

// Validate checks the form and returns the round it describes.
func (f RoundForm) Validate() (*FundingRound, *FieldErrors) {
	fe := &FieldErrors{}
	r := &FundingRound{Name: CleanLine(f["name"]), Prospectus: CleanText(f["prospectus"]), Caps: map[string]int{}}
	textField(fe, "name", r.Name, "funding.rounds.form.name.missing", "funding.rounds.form.name.too_long", MaxRoundName)
	textField(fe, "prospectus", r.Prospectus, "funding.rounds.form.prospectus.missing", "funding.rounds.form.prospectus.too_long", MaxProspectus)
	times := map[string]time.Time{}
	for _, d := range roundDates {
		if d.optional && strings.TrimSpace(f[d.name+"-day"]+f[d.name+"-month"]+f[d.name+"-year"]+f[d.name+"-time"]) == "" {
			continue
		}
		y, m, day, ok := dateField(fe, d.name, roundDateMessages(d.name), f[d.name+"-day"], f[d.name+"-month"], f[d.name+"-year"])
		h, mi := 0, 0
		if d.timed {
			var okT bool
			h, mi, okT = timeField(fe, d.name+"-time", roundTimeMessages, f[d.name+"-time"])
			ok = ok && okT
		}
		if ok {
			times[d.name] = time.Date(y, time.Month(m), day, h, mi, 0, 0, London).UTC()
		}
	}
	r.OpensAt, r.EOIClosesAt, r.ClosesAt, r.DecisionsAt = times["opens"], times["eoi"], times["closes"], times["decisions"]
	if !r.OpensAt.IsZero() && !r.ClosesAt.IsZero() && !r.ClosesAt.After(r.OpensAt) {
		fe.Add("closes-day", "funding.rounds.form.closes.before_opens")
	}
	if !r.EOIClosesAt.IsZero() && !r.ClosesAt.IsZero() && (!r.EOIClosesAt.After(r.OpensAt) || !r.EOIClosesAt.Before(r.ClosesAt)) {
		fe.Add("eoi-day", "funding.rounds.form.eoi.between")
	}
	if !r.DecisionsAt.IsZero() && !r.ClosesAt.IsZero() && r.DecisionsAt.Before(r.ClosesAt) {
		fe.Add("decisions-day", "funding.rounds.form.decisions.before_close")
	}
	for _, p := range FundingPhases {
		r.Caps[p] = wholeField(fe, "cap_"+p, f["cap_"+p], 0, MaxCap, Msg{Key: "funding.rounds.form.cap", Args: []any{"Phase", PhaseName(p)}})
	}
	r.MinPartners = wholeField(fe, "min_partners", f["min_partners"], 0, MaxBidPartners, Msg{Key: "funding.rounds.form.min_partners"})
	r.MaxLeadBids = wholeField(fe, "max_lead_bids", f["max_lead_bids"], 1, 100, Msg{Key: "funding.rounds.form.max_lead_bids"})
	r.Criteria = criteriaField(fe, f["criteria"])
	return r, fe
}

// wholeField reads a whole number from lo to hi; m's message (given .Min and .Max
// besides its own arguments) says so when it is not one.
func wholeField(fe *FieldErrors, name, v string, lo, hi int, m Msg) int {
	n, err := strconv.Atoi(strings.NewReplacer(",", "", "£", "", " ", "").Replace(v))
	if err != nil || n < lo || n > hi {
		m.Args = append([]any{"Min", lo, "Max", commaInt(hi)}, m.Args...)
		fe.AddMsg(name, m)
		return 0
	}
	return n
}

// criteriaField reads criteria written one to a line, "Strategic fit: 40".
func criteriaField(fe *FieldErrors, s string) []Criterion {
	var out []Criterion
	lines := nonEmptyLines(s)
	switch {
	case len(lines) == 0:
		fe.Add("criteria", "funding.rounds.form.criteria.missing")
		return nil
	case len(lines) > MaxCriteria || Length(s) > MaxCriteriaText:
		fe.Add("criteria", "funding.rounds.form.criteria.too_many", "Max", MaxCriteria)
		return nil
	}
	for i, l := range lines {
		name, w, ok := nameAndNumber(l)
		if !ok || w < 1 || w > 100 || name == "" || Length(name) > MaxCriterionName {
			fe.Add("criteria", "funding.rounds.form.criteria.line", "Line", i+1)
			return nil
		}
		out = append(out, Criterion{Name: name, Weight: w, Position: i + 1})
	}
	return out
}

// nonEmptyLines are the lines of s with text, trimmed.
func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = CleanLine(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// nameAndNumber splits "Strategic fit: 40" or "Research, £12,000" at its last colon or
// tab, or else its last space, into the words and the whole number after them.
func nameAndNumber(l string) (string, int, bool) {
	i := strings.LastIndexAny(l, ":\t")
	if i < 0 {
		i = strings.LastIndexByte(l, ' ')
	}
	if i < 0 {
		return "", 0, false
	}
	name := strings.TrimRight(strings.TrimSpace(l[:i]), ",;-–")
	num := strings.NewReplacer(",", "", "£", "", " ", "").Replace(l[i+1:])
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return "", 0, false
	}
	return strings.TrimSpace(name), n, true
}

// --- the bid form ---------------------------------------------------------------------

// BidTextFields are the bid form's text fields.
var BidTextFields = []string{"title", "problem", "users", "phase", "reuse", "budget", "team", "timeline", "org_q"}

// FormatBudget writes a budget as the form shows it, one item to a line.
func FormatBudget(items []BudgetItem) string {
	var lines []string
	for _, it := range items {
		lines = append(lines, it.Item+": "+strconv.Itoa(it.Amount))
	}
	return strings.Join(lines, "\n")
}

// ValidateBid checks a draft's fields (the title and phase are needed to save it; the
// rest may be written later, but what is written must fit) and sums its budget. A draft
// may be saved incomplete; Complete says what submitting needs besides the rules.
func ValidateBid(b *Bid, budget string) *FieldErrors {
	fe := &FieldErrors{}
	b.Title = CleanLine(b.Title)
	textField(fe, "title", b.Title, "funding.bids.form.title.missing", "funding.bids.form.title.too_long", MaxBidTitle)
	if !Contains(FundingPhases, b.Phase) {
		fe.Add("phase", "funding.bids.form.phase.missing")
	}
	for _, s := range []struct {
		name string
		v    *string
	}{{"problem", &b.Problem}, {"users", &b.Users}, {"reuse", &b.Reuse}, {"team", &b.Team}, {"timeline", &b.Timeline}} {
		*s.v = CleanText(*s.v)
		if Length(*s.v) > MaxBidSection {
			fe.Add(s.name, "funding.bids.form.too_long", "Max", commaInt(MaxBidSection))
		}
	}
	b.Budget, b.Amount = nil, 0
	lines := nonEmptyLines(budget)
	if len(lines) > MaxBudgetItems || Length(budget) > MaxBudgetText {
		fe.Add("budget", "funding.bids.form.budget.too_many", "Max", MaxBudgetItems)
	} else {
		for i, l := range lines {
			item, n, ok := nameAndNumber(l)
			if !ok || item == "" || n > MaxCap {
				fe.Add("budget", "funding.bids.form.budget.line", "Line", i+1)
				break
			}
			b.Budget = append(b.Budget, BudgetItem{Item: item, Amount: n})
			b.Amount += n
		}
	}
	if len(b.Partners) > MaxBidPartners {
		fe.Add("organisations", "funding.bids.form.partners.too_many", "Max", MaxBidPartners)
	}
	for _, p := range b.Partners {
		if p.ID == b.Lead.ID {
			fe.Add("organisations", "funding.bids.form.partners.lead")
		}
	}
	return fe
}

// Complete checks that a bid has every section written, before it is submitted.
func (b *Bid) Complete() *FieldErrors {
	fe := &FieldErrors{}
	for _, s := range []struct {
		name, v string
		m       Msg
	}{
		{"problem", b.Problem, Msg{Key: "funding.bids.form.problem.missing"}},
		{"users", b.Users, Msg{Key: "funding.bids.form.users.missing"}},
		{"reuse", b.Reuse, Msg{Key: "funding.bids.form.reuse.missing"}},
		{"budget", FormatBudget(b.Budget), Msg{Key: "funding.bids.form.budget.missing"}},
		{"team", b.Team, Msg{Key: "funding.bids.form.team.missing"}},
		{"timeline", b.Timeline, Msg{Key: "funding.bids.form.timeline.missing"}},
	} {
		if s.v == "" {
			fe.AddMsg(s.name, s.m)
		}
	}
	return fe
}

// --- assessment -----------------------------------------------------------------------

// Score is one assessor's score of a bid against one criterion.
type Score struct {
	CriterionID int64
	AssessorID  int64
	Assessor    string // email, for the platform team's moderation view only
	Score       int
	Comment     string
}

// ReadScores reads an assessor's form: a score_<criterion id> (0 to 5) and a
// comment_<criterion id> for each criterion.
func ReadScores(criteria []Criterion, get func(string) string) ([]Score, *FieldErrors) {
	fe := &FieldErrors{}
	var out []Score
	for _, c := range criteria {
		id := strconv.FormatInt(c.ID, 10)
		s := Score{CriterionID: c.ID, Comment: CleanText(get("comment_" + id))}
		n, err := strconv.Atoi(strings.TrimSpace(get("score_" + id)))
		if err != nil || n < MinScore || n > MaxScore {
			fe.Add("score_"+id, "funding.assess.errors.score", "Criterion", c.Name, "Min", MinScore, "Max", MaxScore)
		}
		if s.Comment == "" {
			fe.Add("comment_"+id, "funding.assess.errors.comment", "Criterion", c.Name)
		} else if Length(s.Comment) > MaxScoreComment {
			fe.Add("comment_"+id, "funding.assess.errors.comment_long", "Criterion", c.Name, "Max", commaInt(MaxScoreComment))
		}
		s.Score = n
		out = append(out, s)
	}
	return out, fe
}

// Spread is the scores of one criterion across a bid's assessors: lowest, highest and
// their difference, and the mean.
type Spread struct {
	Criterion     Criterion
	Scores        []Score
	Min, Max, Gap int
	Mean          float64
}

// Spreads groups a bid's scores by criterion, in the criteria's order.
func Spreads(criteria []Criterion, scores []Score) []Spread {
	out := make([]Spread, 0, len(criteria))
	for _, c := range criteria {
		sp := Spread{Criterion: c}
		sum := 0
		for _, s := range scores {
			if s.CriterionID != c.ID {
				continue
			}
			if len(sp.Scores) == 0 || s.Score < sp.Min {
				sp.Min = s.Score
			}
			if len(sp.Scores) == 0 || s.Score > sp.Max {
				sp.Max = s.Score
			}
			sum += s.Score
			sp.Scores = append(sp.Scores, s)
		}
		if n := len(sp.Scores); n > 0 {
			sp.Gap, sp.Mean = sp.Max-sp.Min, float64(sum)/float64(n)
		}
		out = append(out, sp)
	}
	return out
}

// WeightedMean is the bid's score out of 5, each criterion's mean weighted.
func WeightedMean(spreads []Spread) float64 {
	var sum, weights float64
	for _, sp := range spreads {
		if len(sp.Scores) == 0 {
			continue
		}
		sum += sp.Mean * float64(sp.Criterion.Weight)
		weights += float64(sp.Criterion.Weight)
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}

// ValidateDecision checks a decision on bid: an outcome of its stage, and for a funded
// application an amount from 1 to what it asked for.
func ValidateDecision(b *Bid, outcome, amount string) (int, *FieldErrors) {
	fe := &FieldErrors{}
	if !Contains(OutcomesFor(b.Stage), outcome) {
		fe.Add("outcome", "funding.decide.errors.outcome")
		return 0, fe
	}
	if outcome != OutcomeFunded {
		return 0, fe
	}
	return wholeField(fe, "amount", amount, 1, b.Amount, Msg{Key: "funding.decide.errors.amount"}), fe
}
