package model

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// FollowBrief is a joint brief, as a thing followed and an activity's object;
// ActivityBriefPublished is its activity when the last co-signer confirms it.
const (
	FollowBrief            = "brief"
	ActivityBriefPublished = "brief.published"
)

// Joint briefs (issue 11 part 3): a Digital Outcomes brief written by a lead organisation
// with co-signing organisations, so that councils replacing the same system at the same
// time can buy together. Its fields are those of the UK Digital Marketplace's Digital
// Outcomes brief; its JSON export uses the Marketplace's field names.

// States of a brief: draft, then awaiting co-signers once the lead sends it, published
// once every co-signer has confirmed, closed by the lead. A co-signer's decline returns it
// to draft with the reason.
const (
	BriefDraft     = "draft"
	BriefAwaiting  = "awaiting_cosigners"
	BriefPublished = "published"
	BriefClosed    = "closed"
)

var briefStatusNames = map[string]Msg{
	BriefDraft:     {Key: "briefs.status.draft"},
	BriefAwaiting:  {Key: "briefs.status.awaiting_cosigners"},
	BriefPublished: {Key: "briefs.status.published"},
	BriefClosed:    {Key: "briefs.status.closed"},
}

// BriefStatusName is a state in words, as a message.
func BriefStatusName(s string) Msg { return labelOf(briefStatusNames, s) }

// A co-signer's answer.
const (
	CoSignerPending   = "pending"
	CoSignerConfirmed = "confirmed"
	CoSignerDeclined  = "declined"
)

var coSignerStatusNames = map[string]Msg{
	CoSignerPending:   {Key: "briefs.cosigner.pending"},
	CoSignerConfirmed: {Key: "briefs.cosigner.confirmed"},
	CoSignerDeclined:  {Key: "briefs.cosigner.declined"},
}

// BriefPhases are the phases a brief may buy, as the Digital Marketplace names them
// (phase.go names them all).
var BriefPhases = []string{PhaseDiscovery, PhaseAlpha, PhaseBeta, PhaseLive}

// CoSigner is an organisation co-signing a brief, and its answer.
type CoSigner struct {
	OrganisationID   int64
	OrganisationSlug string
	OrganisationName string
	Status           string
	DecidedAt        time.Time
}

// StatusName is the co-signer's answer in words, as a message.
func (c CoSigner) StatusName() Msg { return labelOf(coSignerStatusNames, c.Status) }

// Brief is a joint Digital Outcomes brief.
type Brief struct {
	ID       int64
	Status   string
	Title    string
	Category string // a ContractCategories slug, or "" (the kind of system it buys)
	Lead     OrgRef
	// CoSigners are the organisations co-signing, in the order the lead named them.
	CoSigners             []CoSigner
	Background            string
	Outcome               string
	EndUsers              string
	EarlyMarketEngagement string
	WorkAlreadyDone       string
	Phase                 string
	ExistingTeam          string
	Location              string
	StartDate             time.Time
	ContractLength        string
	BudgetRange           string
	SecurityClearance     string
	TechnicalWeighting    int
	CulturalWeighting     int
	PriceWeighting        int
	SocialValueWeighting  int
	QuestionsDeadline     time.Time
	Language              string
	// DeclineReason and DeclinedBy say why the last decline returned it to draft.
	DeclineReason string
	DeclinedBy    string
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	PublishedAt   time.Time
	ClosedAt      time.Time
}

// StatusName is the brief's state in words, as a message.
func (b *Brief) StatusName() Msg { return BriefStatusName(b.Status) }

// PhaseName is the brief's phase in words, as a message.
func (b *Brief) PhaseName() Msg { return PhaseName(b.Phase) }

// CategoryName is the kind of system the brief buys, as a message.
func (b *Brief) CategoryName() Msg { return ContractCategoryName(b.Category) }

// Public reports whether anyone may read the brief: once published (and after closing).
func (b *Brief) Public() bool { return b.Status == BriefPublished || b.Status == BriefClosed }

// CoSigner returns organisation orgID's place among the co-signers, if it has one.
func (b *Brief) CoSigner(orgID int64) (CoSigner, bool) {
	for _, c := range b.CoSigners {
		if c.OrganisationID == orgID {
			return c, true
		}
	}
	return CoSigner{}, false
}

// Organisations are the lead's and every co-signer's names, lead first.
func (b *Brief) Organisations() []string {
	out := []string{b.Lead.Name}
	for _, c := range b.CoSigners {
		out = append(out, c.OrganisationName)
	}
	return out
}

// OrganisationNames are the lead's and co-signers' names in one line, lead first.
func (b *Brief) OrganisationNames() string { return strings.Join(b.Organisations(), ", ") }

// CanReadBrief reports whether u may read b: anyone once it is public; before, members
// of the lead and co-signing organisations, and the platform team.
func CanReadBrief(u *User, b *Brief) bool {
	if b == nil {
		return false
	}
	if b.Public() || u.IsPlatformAdmin() || u.IsMemberOf(b.Lead.ID) {
		return true
	}
	for _, c := range b.CoSigners {
		if u.IsMemberOf(c.OrganisationID) {
			return true
		}
	}
	return false
}

// CanLeadBrief reports whether u may change, send and close b: members of its lead
// organisation.
func CanLeadBrief(u *User, b *Brief) bool { return b != nil && u.IsMemberOf(b.Lead.ID) }

// BriefConfirmers are the co-signing organisations u may answer for on b: those u is an
// admin of whose answer is awaited.
func BriefConfirmers(u *User, b *Brief) []CoSigner {
	if b == nil || b.Status != BriefAwaiting || u == nil {
		return nil
	}
	var out []CoSigner
	for _, c := range b.CoSigners {
		if m, ok := u.Membership(c.OrganisationID); ok && m.IsAdmin() && c.Status == CoSignerPending {
			out = append(out, c)
		}
	}
	return out
}

// CanConfirmBrief reports whether u may confirm or decline b for some co-signer.
func CanConfirmBrief(u *User, b *Brief) bool { return len(BriefConfirmers(u, b)) > 0 }

// Limits of a brief's fields, as the Digital Marketplace sets them where it does.
const (
	MaxBriefTitle     = 100
	MaxBriefText      = 5000
	MaxBriefShort     = 200
	MaxBriefCoSigners = 20
	MaxDeclineReason  = 1000
)

// BriefTextFields are the form's text fields, in page order, with whether each is
// required and its limit.
var BriefTextFields = []struct {
	Name     string
	Required bool
	Max      int
}{
	{"title", true, MaxBriefTitle},
	{"background", true, MaxBriefText},
	{"outcome", true, MaxBriefText},
	{"end_users", true, MaxBriefText},
	{"early_market_engagement", false, MaxBriefText},
	{"work_already_done", false, MaxBriefText},
	{"existing_team", false, MaxBriefText},
	{"location", true, MaxBriefShort},
	{"contract_length", true, MaxBriefShort},
	{"budget_range", false, MaxBriefShort},
	{"security_clearance", false, MaxBriefShort},
}

// briefTextMessages are each text field's messages: missing (when required) and too long.
var briefTextMessages = map[string][2]Msg{
	"title":                   {{Key: "briefs.form.title.missing"}, {Key: "briefs.form.title.too_long"}},
	"background":              {{Key: "briefs.form.background.missing"}, {Key: "briefs.form.text.too_long"}},
	"outcome":                 {{Key: "briefs.form.outcome.missing"}, {Key: "briefs.form.text.too_long"}},
	"end_users":               {{Key: "briefs.form.end_users.missing"}, {Key: "briefs.form.text.too_long"}},
	"early_market_engagement": {{}, {Key: "briefs.form.text.too_long"}},
	"work_already_done":       {{}, {Key: "briefs.form.text.too_long"}},
	"existing_team":           {{}, {Key: "briefs.form.text.too_long"}},
	"location":                {{Key: "briefs.form.location.missing"}, {Key: "briefs.form.text.too_long"}},
	"contract_length":         {{Key: "briefs.form.contract_length.missing"}, {Key: "briefs.form.text.too_long"}},
	"budget_range":            {{}, {Key: "briefs.form.text.too_long"}},
	"security_clearance":      {{}, {Key: "briefs.form.text.too_long"}},
}

// BriefWeightings are the evaluation weightings' fields, which sum to 100.
var BriefWeightings = []string{"technical_weighting", "cultural_weighting", "price_weighting", "social_value_weighting"}

var briefWeightingNames = map[string]Msg{
	"technical_weighting":    {Key: "briefs.fields.technical_weighting"},
	"cultural_weighting":     {Key: "briefs.fields.cultural_weighting"},
	"price_weighting":        {Key: "briefs.fields.price_weighting"},
	"social_value_weighting": {Key: "briefs.fields.social_value_weighting"},
}

// BriefWeightingName is a weighting's name, as a message.
func BriefWeightingName(field string) Msg { return labelOf(briefWeightingNames, field) }

// ParseBrief reads a brief's fields from a form (get returns a field by name; coSigners
// are the co-signing organisations' ids as sent) and checks them. The lead and the
// co-signers' existence are checked by the caller and the store.
func ParseBrief(get func(string) string, coSigners []string) (Brief, *FieldErrors) {
	fe := &FieldErrors{}
	var b Brief
	text := map[string]*string{"title": &b.Title, "background": &b.Background, "outcome": &b.Outcome,
		"end_users": &b.EndUsers, "early_market_engagement": &b.EarlyMarketEngagement, "work_already_done": &b.WorkAlreadyDone,
		"existing_team": &b.ExistingTeam, "location": &b.Location, "contract_length": &b.ContractLength,
		"budget_range": &b.BudgetRange, "security_clearance": &b.SecurityClearance}
	for _, f := range BriefTextFields {
		v := CleanText(get(f.Name))
		*text[f.Name] = v
		msgs := briefTextMessages[f.Name]
		switch {
		case v == "" && f.Required:
			fe.AddMsg(f.Name, msgs[0])
		case Length(v) > f.Max:
			fe.Add(f.Name, msgs[1].Key, "Max", f.Max)
		}
	}
	b.Phase = strings.TrimSpace(get("phase"))
	if !Contains(BriefPhases, b.Phase) {
		fe.Add("phase", "briefs.form.phase.missing")
	}
	if cat := strings.TrimSpace(get("category")); cat != "" {
		if _, ok := LookupContractCategory(cat); !ok {
			fe.Add("category", "contracts.form.category.unknown")
		}
		b.Category = cat
	}
	b.StartDate = briefDate(fe, "start_date", get("start_date"))
	b.QuestionsDeadline = briefDate(fe, "questions_deadline", get("questions_deadline"))
	if !b.StartDate.IsZero() && !b.QuestionsDeadline.IsZero() && b.QuestionsDeadline.After(b.StartDate) {
		fe.Add("questions_deadline", "briefs.form.questions_deadline.after_start")
	}
	weights := []*int{&b.TechnicalWeighting, &b.CulturalWeighting, &b.PriceWeighting, &b.SocialValueWeighting}
	sum, ok := 0, true
	for i, f := range BriefWeightings {
		n, err := strconv.Atoi(strings.TrimSpace(get(f)))
		if err != nil || n < 0 || n > 100 {
			fe.Add(f, "briefs.form.weighting.invalid")
			ok = false
			continue
		}
		*weights[i] = n
		sum += n
	}
	if ok && sum != 100 {
		fe.Add(BriefWeightings[0], "briefs.form.weighting.sum", "Sum", sum)
	}
	seen := map[int64]bool{}
	for _, v := range coSigners {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 {
			fe.Add("organisations", "briefs.form.cosigners.unknown")
			continue
		}
		if !seen[id] {
			seen[id] = true
			b.CoSigners = append(b.CoSigners, CoSigner{OrganisationID: id, Status: CoSignerPending})
		}
	}
	switch {
	case len(b.CoSigners) == 0:
		fe.Add("organisations", "briefs.form.cosigners.missing")
	case len(b.CoSigners) > MaxBriefCoSigners:
		fe.Add("organisations", "briefs.form.cosigners.too_many", "Max", MaxBriefCoSigners)
	}
	b.Language = get("language")
	languageField(fe, &b.Language)
	if fe.Any() {
		return b, fe
	}
	return b, nil
}

var briefDateMessages = map[string][2]Msg{
	"start_date":         {{Key: "briefs.form.start_date.missing"}, {Key: "briefs.form.start_date.invalid"}},
	"questions_deadline": {{Key: "briefs.form.questions_deadline.missing"}, {Key: "briefs.form.questions_deadline.invalid"}},
}

func briefDate(fe *FieldErrors, name, s string) time.Time {
	return isoDate(fe, name, s, briefDateMessages[name], true)
}

// BriefFormOf is b's fields as the form shows them (co-signers apart).
func BriefFormOf(b *Brief) url.Values {
	v := url.Values{"title": {b.Title}, "category": {b.Category}, "background": {b.Background}, "outcome": {b.Outcome},
		"end_users": {b.EndUsers}, "early_market_engagement": {b.EarlyMarketEngagement},
		"work_already_done": {b.WorkAlreadyDone}, "phase": {b.Phase}, "existing_team": {b.ExistingTeam},
		"location": {b.Location}, "start_date": {b.StartDate.Format(ContractDate)}, "contract_length": {b.ContractLength},
		"budget_range": {b.BudgetRange}, "security_clearance": {b.SecurityClearance},
		"technical_weighting": {strconv.Itoa(b.TechnicalWeighting)}, "cultural_weighting": {strconv.Itoa(b.CulturalWeighting)},
		"price_weighting": {strconv.Itoa(b.PriceWeighting)}, "social_value_weighting": {strconv.Itoa(b.SocialValueWeighting)},
		"questions_deadline": {b.QuestionsDeadline.Format(ContractDate)}, "language": {b.Language},
		"organisation": {strconv.FormatInt(b.Lead.ID, 10)}}
	for _, c := range b.CoSigners {
		v.Add("organisations", strconv.FormatInt(c.OrganisationID, 10))
	}
	return v
}

// CleanDeclineReason checks the reason a co-signer gives for declining: required.
func CleanDeclineReason(s string) (string, *Msg) {
	return CleanReason(s, true, MaxDeclineReason, "briefs.decline.reason.missing", "briefs.decline.reason.too_long")
}
