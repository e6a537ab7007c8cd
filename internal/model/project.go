package model

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Project is work an organisation leads, so that others can see it and join in: the
// problem, who the users are, its phase, how much help it wants and its funding band,
// tagged with the Declaration's principles and LGSL services. Organisations are the lead
// first, then the partners that joined (ProjectJoinRequest).
type Project struct {
	ID            int64
	Title         string
	Summary       string // plain text, for lists and feeds
	Problem       string // the problem and why it matters
	Users         string // who the users are
	Phase         string
	Collaboration string
	Funding       string
	StartsOn      time.Time // a day, at midnight UTC
	EndsOn        time.Time // the expected end
	AssessmentOn  time.Time // the next service assessment; zero for none
	// System is the kind of system it replaces or needs: a contract category's slug
	// (ContractCategories), or "".
	System   string
	Language string

	Organisations []OrgRef
	Principles    []int
	Services      []Service
	Links         []CaseStudyLink // links to resources, as case studies have them

	// SignatureID is the signature whose commitment became this project; 0 for none.
	SignatureID int64
	// BidID is the funded bid that became this project; 0 for none.
	BidID int64

	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastUpdateAt time.Time // the last update posted, or when it was added
}

// A project as a follow target, and the activity it records.
const (
	FollowProject = "project"
	// ActivityProjectAdded touches the project's lead, services and principles;
	// ActivityProjectLikeYours the projects that share one of its services, so that
	// their followers hear of a project like theirs.
	ActivityProjectAdded         = "project.added"
	ActivityProjectLikeYours     = "project.like_yours"
	ActivityProjectUpdatePosted  = "project.update_posted"
	ActivityProjectPartnerJoined = "project.partner_joined"
)

// ProjectPhases are the phases a project may be in: all of them (phase.go).
var ProjectPhases = Phases

// CollaborationLevels say how much help a project wants, from least to most.
var CollaborationLevels = []string{"sharing-ideas", "open-to-conversation", "seeking-partners", "sharing-funding"}

// FundingBands are a project's funding, in order.
var FundingBands = []string{"unknown", "up-to-50k", "50k-100k", "100k-250k", "250k-500k", "500k-1m", "over-1m"}

// FundingBandOf is the funding band an amount of whole pounds falls in: "unknown" for
// none.
func FundingBandOf(pounds int) string {
	for i, top := range fundingBandTops {
		if pounds <= top {
			return FundingBands[i]
		}
	}
	return FundingBands[len(FundingBands)-1]
}

// fundingBandTops are the most each of FundingBands but the last holds, in pounds.
var fundingBandTops = []int{0, 50000, 100000, 250000, 500000, 1000000}

// CollaborationName and FundingName are a value's words.
func CollaborationName(c string) Msg { return labelOf(collaborationNames, c) }
func FundingName(f string) Msg       { return labelOf(fundingNames, f) }

var (
	collaborationNames = map[string]Msg{"sharing-ideas": {Key: "projects.collaboration.sharing_ideas"},
		"open-to-conversation": {Key: "projects.collaboration.open_to_conversation"},
		"seeking-partners":     {Key: "projects.collaboration.seeking_partners"},
		"sharing-funding":      {Key: "projects.collaboration.sharing_funding"}}
	fundingNames = map[string]Msg{"unknown": {Key: "projects.funding.unknown"}, "up-to-50k": {Key: "projects.funding.up_to_50k"},
		"50k-100k": {Key: "projects.funding.from_50k_to_100k"}, "100k-250k": {Key: "projects.funding.from_100k_to_250k"},
		"250k-500k": {Key: "projects.funding.from_250k_to_500k"}, "500k-1m": {Key: "projects.funding.from_500k_to_1m"},
		"over-1m": {Key: "projects.funding.over_1m"}}
)

// PhaseName, CollaborationName and FundingName are the project's values in words.
func (p *Project) PhaseName() Msg         { return PhaseName(p.Phase) }
func (p *Project) CollaborationName() Msg { return CollaborationName(p.Collaboration) }
func (p *Project) FundingName() Msg       { return FundingName(p.Funding) }

// SystemName is the kind of system in words.
func (p *Project) SystemName() Msg { return ContractCategoryName(p.System) }

// Gone quiet: with no update for ProjectReminderAfter the lead's members are reminded
// once; after ProjectDormantAfter the project shows as dormant.
const (
	ProjectReminderAfter = 60 * 24 * time.Hour
	ProjectDormantAfter  = 120 * 24 * time.Hour
)

// Length limits of a project, shown to people as hints.
const (
	MaxProjectTitle    = 150
	MaxProjectSummary  = 500
	MaxProjectText     = 5000
	MaxProjectServices = 20
	MaxProjectUpdate   = 10000
	MaxJoinMessage     = 1000
)

// Lead is the organisation leading the project.
func (p *Project) Lead() OrgRef {
	if len(p.Organisations) == 0 {
		return OrgRef{}
	}
	return p.Organisations[0]
}

// Partners are the organisations that joined.
func (p *Project) Partners() []OrgRef {
	if len(p.Organisations) < 2 {
		return nil
	}
	return p.Organisations[1:]
}

// Involves reports whether organisation id leads the project or is a partner.
func (p *Project) Involves(id int64) bool {
	return slices.ContainsFunc(p.Organisations, func(o OrgRef) bool { return o.ID == id })
}

// Dormant reports whether the project has had no update for ProjectDormantAfter at now.
func (p *Project) Dormant(now time.Time) bool {
	return p.Phase != PhaseRetired && !now.Before(p.LastUpdateAt.Add(ProjectDormantAfter))
}

// PrincipleTags are the project's principles with their names, in order.
func (p *Project) PrincipleTags() []CaseStudyPrinciple {
	out := make([]CaseStudyPrinciple, 0, len(p.Principles))
	for _, n := range p.Principles {
		out = append(out, CaseStudyPrinciple{Number: n, Name: PrincipleName(n)})
	}
	return out
}

// CanEditProject reports whether u may change p: members of its lead organisation.
func CanEditProject(u *User, p *Project) bool { return p != nil && u.IsMemberOf(p.Lead().ID) }

// CanPostProjectUpdate reports whether u may post an update: members of the lead and the
// partners.
func CanPostProjectUpdate(u *User, p *Project) bool {
	if u == nil || p == nil {
		return false
	}
	return slices.ContainsFunc(p.Organisations, func(o OrgRef) bool { return u.IsMemberOf(o.ID) })
}

// CanAddProject reports whether u may add a project: a member of any organisation.
func CanAddProject(u *User) bool { return u != nil && len(u.Memberships) > 0 }

// ProjectJoinOrgs are the organisations u may ask to join p for: theirs, less the lead
// and partners. Empty when u belongs to the lead (a lead's member cannot ask).
func ProjectJoinOrgs(u *User, p *Project) []Membership {
	if u == nil || p == nil || u.IsMemberOf(p.Lead().ID) {
		return nil
	}
	var out []Membership
	for _, m := range u.Memberships {
		if !p.Involves(m.OrganisationID) {
			out = append(out, m)
		}
	}
	return out
}

// projectDateMessages are the date inputs' messages.
var (
	projectStartMessages = dateMessages{Msg{Key: "projects.form.starts.missing"}, Msg{Key: "projects.form.starts.include"},
		Msg{Key: "projects.form.starts.year"}, Msg{Key: "projects.form.starts.real"}}
	projectEndMessages = dateMessages{Msg{Key: "projects.form.ends.missing"}, Msg{Key: "projects.form.ends.include"},
		Msg{Key: "projects.form.ends.year"}, Msg{Key: "projects.form.ends.real"}}
	projectAssessmentMessages = dateMessages{Msg{Key: "projects.form.assessment.missing"}, Msg{Key: "projects.form.assessment.include"},
		Msg{Key: "projects.form.assessment.year"}, Msg{Key: "projects.form.assessment.real"}}
)

// ProjectForm is a project's form as typed: the dates in their parts (starts-day, ...).
type ProjectForm struct {
	Title, Summary, Problem, Users, Phase, Collaboration, Funding, Language, System string
	Starts, Ends, Assessment                                                        [3]string // day, month, year
	Principles                                                                      []int
	Services                                                                        []int
	Links                                                                           []CaseStudyLink
}

// Validate checks the form and returns the project it describes, with errors keyed by
// the stable form fields (title, summary, problem, users, phase, collaboration, funding,
// starts-day…, ends-day…, assessment-day…, principles, services, language). Whether the
// services exist is the store's to check.
func (f ProjectForm) Validate() (*Project, *FieldErrors) {
	fe := &FieldErrors{}
	p := &Project{Title: CleanLine(f.Title), Summary: CleanText(f.Summary), Problem: CleanText(f.Problem),
		Users: CleanText(f.Users), Phase: strings.TrimSpace(f.Phase), Collaboration: strings.TrimSpace(f.Collaboration),
		Funding: strings.TrimSpace(f.Funding), Language: f.Language, Links: f.Links, System: strings.TrimSpace(f.System)}
	required(fe, "title", p.Title, MaxProjectTitle, "projects.form.title.missing", "projects.form.title.too_long")
	required(fe, "summary", p.Summary, MaxProjectSummary, "projects.form.summary.missing", "projects.form.summary.too_long")
	required(fe, "problem", p.Problem, MaxProjectText, "projects.form.problem.missing", "projects.form.problem.too_long")
	required(fe, "users", p.Users, MaxProjectText, "projects.form.users.missing", "projects.form.users.too_long")
	oneOf(fe, "phase", p.Phase, ProjectPhases, "projects.form.phase.missing")
	oneOf(fe, "collaboration", p.Collaboration, CollaborationLevels, "projects.form.collaboration.missing")
	oneOf(fe, "funding", p.Funding, FundingBands, "projects.form.funding.missing")
	if _, ok := LookupContractCategory(p.System); p.System != "" && !ok {
		fe.Add("system", "projects.form.system.unknown")
	}
	start, okStart := dayField(fe, "starts", projectStartMessages, f.Starts)
	end, okEnd := dayField(fe, "ends", projectEndMessages, f.Ends)
	if okStart && okEnd && end.Before(start) {
		fe.Add("ends-day", "projects.form.ends.before_start")
	}
	p.StartsOn, p.EndsOn = start, end
	if strings.TrimSpace(strings.Join(f.Assessment[:], "")) != "" {
		p.AssessmentOn, _ = dayField(fe, "assessment", projectAssessmentMessages, f.Assessment)
	}
	p.Principles = dedupe(f.Principles)
	switch {
	case len(p.Principles) == 0:
		fe.Add("principles", "projects.form.principles.missing")
	case slices.ContainsFunc(p.Principles, func(n int) bool { return !ValidPrinciple(n) }):
		fe.Add("principles", "projects.form.principles.unknown")
	}
	for _, code := range dedupe(f.Services) {
		p.Services = append(p.Services, Service{Code: code})
	}
	switch {
	case len(p.Services) == 0:
		fe.Add("services", "projects.form.services.missing")
	case len(p.Services) > MaxProjectServices:
		fe.Add("services", "projects.form.services.too_many", "Max", MaxProjectServices)
	}
	if len(p.Links) > MaxCaseStudyLinks {
		fe.Add("links", "case_studies.form.links.too_many", "Max", MaxCaseStudyLinks)
	}
	languageField(fe, &p.Language)
	return p, fe
}

// oneOf checks that v is one of options, adding key for field otherwise.
func oneOf(fe *FieldErrors, field, v string, options []string, key string) {
	if !slices.Contains(options, v) {
		fe.Add(field, key)
	}
}

// dayField reads a date input as a day at midnight UTC.
func dayField(fe *FieldErrors, prefix string, msgs dateMessages, parts [3]string) (time.Time, bool) {
	y, m, d, ok := dateField(fe, prefix, msgs, parts[0], parts[1], parts[2])
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// DateParts writes a day back as a date input's parts.
func DateParts(t time.Time) [3]string {
	if t.IsZero() {
		return [3]string{}
	}
	return [3]string{strconv.Itoa(t.Day()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Year())}
}

// ProjectUpdate is a sprint note: Markdown rendered as case studies are.
type ProjectUpdate struct {
	ID            int64
	ProjectID     int64
	Organisation  OrgRef
	AuthorID      int64
	AuthorEmail   string
	Body          string
	HTML          string
	RenderVersion int
	CreatedAt     time.Time
}

// Validate cleans the update and renders it.
func (u *ProjectUpdate) Validate() *FieldErrors {
	fe := &FieldErrors{}
	u.Body = CleanText(u.Body)
	required(fe, "body", u.Body, MaxProjectUpdate, "projects.update.body.missing", "projects.update.body.too_long")
	if !fe.Has("body") {
		checkImages(fe, "body", "projects.update.body.alt_text", u.Body)
	}
	u.HTML, u.RenderVersion = RenderMarkdown(u.Body), MarkdownVersion
	return fe
}

// Join request statuses.
const (
	JoinPending  = "pending"
	JoinApproved = "approved"
	JoinDeclined = "declined"
)

// ProjectJoinRequest is an organisation asking to join a project as a partner.
type ProjectJoinRequest struct {
	ID           int64
	ProjectID    int64
	ProjectTitle string
	Organisation OrgRef
	AskedBy      int64
	AskedByEmail string
	Message      string
	Status       string
	CreatedAt    time.Time
	DecidedAt    time.Time
}

// ValidateJoinMessage cleans the message sent with a request to join.
func ValidateJoinMessage(msg string) (string, *FieldErrors) {
	fe := &FieldErrors{}
	msg = CleanText(msg)
	required(fe, "message", msg, MaxJoinMessage, "projects.join.message.missing", "projects.join.message.too_long")
	return msg, fe
}

// Sort orders of the list of projects.
const (
	SortUpdated = "updated"
)

// ProjectQuery filters the list of projects. The zero value means "all but dormant, last
// updated first".
type ProjectQuery struct {
	Q             string
	Phase         string
	Collaboration string
	Funding       string
	Service       int
	Principle     int
	Organisation  string // slug of the lead or a partner
	Region        string // the lead's region
	UpdatedSince  time.Time
	Dormant       bool // include dormant projects
	Sort          string
	Page, PerPage int
}

// ProjectQueryParams are the query parameters ParseProjectQuery reads.
var ProjectQueryParams = []string{"q", "phase", "collaboration", "funding", "service", "principle", "organisation",
	"region", "updated_since", "dormant", "sort", "page", "per_page"}

// ParseProjectQuery reads and checks the list's query parameters; a bad value is an
// EINVALID *Error naming the parameter.
func ParseProjectQuery(v url.Values) (ProjectQuery, error) {
	q := ProjectQuery{Sort: SortUpdated, Page: 1, PerPage: DefaultPerPage}
	var err error
	if q.Q, err = searchParam(v); err != nil {
		return q, err
	}
	for _, f := range []struct {
		name    string
		dst     *string
		options []string
		Key     string
	}{{name: "phase", dst: &q.Phase, options: ProjectPhases, Key: "projects.query.phase"},
		{name: "collaboration", dst: &q.Collaboration, options: CollaborationLevels, Key: "projects.query.collaboration"},
		{name: "funding", dst: &q.Funding, options: FundingBands, Key: "projects.query.funding"},
		{name: "region", dst: &q.Region, options: Regions, Key: "projects.query.region"}} {
		*f.dst = strings.TrimSpace(v.Get(f.name))
		if *f.dst != "" && !slices.Contains(f.options, *f.dst) {
			return q, InvalidParam(f.name, ReasonNotAnOption, 0, 0, f.Key)
		}
	}
	if q.Service, err = intParam(v, "service", 0, 1, 1_000_000_000); err != nil {
		return q, err
	}
	if q.Principle, err = intParam(v, "principle", 0, 1, len(Principles)); err != nil {
		return q, err
	}
	q.Organisation = strings.TrimSpace(v.Get("organisation"))
	if q.Organisation != "" && !slugPattern.MatchString(q.Organisation) {
		return q, InvalidParam("organisation", ReasonNotAnOption, 0, 0, "projects.query.organisation")
	}
	if s := strings.TrimSpace(v.Get("updated_since")); s != "" {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return q, InvalidParam("updated_since", ReasonNotAnOption, 0, 0, "projects.query.updated_since")
		}
		q.UpdatedSince = t
	}
	switch strings.TrimSpace(v.Get("dormant")) {
	case "":
	case "yes":
		q.Dormant = true
	default:
		return q, InvalidParam("dormant", ReasonNotAnOption, 0, 0, "projects.query.dormant")
	}
	if q.Sort, err = sortParam(v, "projects.query.sort", SortUpdated, SortUpdated, SortNewest); err != nil {
		return q, err
	}
	q.Page, q.PerPage, err = pageParams(v, MaxPerPage)
	return q, err
}

// Values turns the query back into URL parameters, leaving out defaults.
func (q ProjectQuery) Values() url.Values {
	v := url.Values{}
	setText(v, "q", q.Q, "")
	setText(v, "phase", q.Phase, "")
	setText(v, "collaboration", q.Collaboration, "")
	setText(v, "funding", q.Funding, "")
	setNumber(v, "service", q.Service)
	setNumber(v, "principle", q.Principle)
	setText(v, "organisation", q.Organisation, "")
	setText(v, "region", q.Region, "")
	if !q.UpdatedSince.IsZero() {
		v.Set("updated_since", q.UpdatedSince.Format("2006-01-02"))
	}
	if q.Dormant {
		v.Set("dormant", "yes")
	}
	setText(v, "sort", q.Sort, SortUpdated)
	setPage(v, q.Page, q.PerPage)
	return v
}
