package model

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CaseStudy is a story of success one or more organisations share so that others need
// not start alone: the problem, what was done, the outcomes and the lessons. The four long
// fields are Markdown; HTML holds them rendered (see RenderMarkdown and ADR 0005).
type CaseStudy struct {
	ID       int64
	Title    string
	Summary  string // plain text, for lists and feeds
	Problem  string
	Approach string // what was done
	Outcomes string // with figures where known
	Lessons  string
	Language string // the language it is written in: en or cy

	HTML          CaseStudyHTML
	RenderVersion int

	Organisations []OrgRef  // those involved; the author's organisation first
	Principles    []int     // the Declaration's principles, 1 to 5
	Services      []Service // LGSL services; Label is filled when read
	Links         []CaseStudyLink

	CreatedBy    int64 // the user who wrote it; 0 once their account is deleted
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Hidden       bool // hidden by the platform team; then HiddenReason says why
	HiddenReason string
	HiddenAt     time.Time
}

// CaseStudyHTML is a case study's long fields as safe HTML.
type CaseStudyHTML struct {
	Problem, Approach, Outcomes, Lessons string
}

// CaseStudyLink is a link to a resource: one in the platform's resources library
// (ResourceID set, URL its page) or elsewhere on the web.
type CaseStudyLink struct {
	Title      string
	URL        string
	ResourceID int64
}

// Length limits of a case study, shown to people as hints.
const (
	MaxCaseStudyTitle         = 150
	MaxCaseStudySummary       = 500
	MaxCaseStudySection       = 10000
	MaxCaseStudyOrganisations = 20
	MaxCaseStudyServices      = 20
	MaxCaseStudyLinks         = 20
	MaxCaseStudyLinksText     = 5000 // the links field as a whole
	MaxCaseStudyLinkTitle     = 200
	MaxCaseStudyURL           = 2000
	MaxCaseStudyHiddenReason  = 1000
)

// CaseStudySections are the long Markdown fields: form field name and label, in page order.
var CaseStudySections = []struct {
	Field string
	Label Msg
}{
	{"problem", Msg{Key: "case_studies.sections.problem"}},
	{"approach", Msg{Key: "case_studies.sections.approach"}},
	{"outcomes", Msg{Key: "case_studies.sections.outcomes"}},
	{"lessons", Msg{Key: "case_studies.sections.lessons"}},
}

// AuthorOrgID is the organisation that wrote the case study: only its members edit it.
func (c *CaseStudy) AuthorOrgID() int64 {
	if len(c.Organisations) == 0 {
		return 0
	}
	return c.Organisations[0].ID
}

// Author is the organisation that wrote the case study.
func (c *CaseStudy) Author() OrgRef {
	if len(c.Organisations) == 0 {
		return OrgRef{}
	}
	return c.Organisations[0]
}

// Partners are the other organisations involved.
func (c *CaseStudy) Partners() []OrgRef {
	if len(c.Organisations) < 2 {
		return nil
	}
	return c.Organisations[1:]
}

// CanEdit reports whether u may change the case study: members of the author organisation.
func (c *CaseStudy) CanEdit(u *User) bool {
	return u.IsMemberOf(c.AuthorOrgID())
}

// Involves reports whether organisation id is one of those involved.
func (c *CaseStudy) Involves(id int64) bool {
	return slices.ContainsFunc(c.Organisations, func(o OrgRef) bool { return o.ID == id })
}

// PrincipleNames are the names of the case study's principles, in order.
func (c *CaseStudy) PrincipleNames() []Msg {
	out := make([]Msg, 0, len(c.Principles))
	for _, p := range c.Principles {
		out = append(out, PrincipleName(p))
	}
	return out
}

// CaseStudyPrinciple is a principle tag: its number and name.
type CaseStudyPrinciple struct {
	Number int
	Name   Msg
}

// PrincipleTags are the case study's principles with their names, in order.
func (c *CaseStudy) PrincipleTags() []CaseStudyPrinciple {
	out := make([]CaseStudyPrinciple, 0, len(c.Principles))
	for _, p := range c.Principles {
		out = append(out, CaseStudyPrinciple{Number: p, Name: PrincipleName(p)})
	}
	return out
}

// Section returns a long field's Markdown by form field name.
func (c *CaseStudy) Section(field string) *string {
	switch field {
	case "problem":
		return &c.Problem
	case "approach":
		return &c.Approach
	case "outcomes":
		return &c.Outcomes
	case "lessons":
		return &c.Lessons
	}
	return nil
}

// Render fills HTML from the Markdown with the current rules.
func (c *CaseStudy) Render() {
	c.HTML = CaseStudyHTML{Problem: RenderMarkdown(c.Problem), Approach: RenderMarkdown(c.Approach),
		Outcomes: RenderMarkdown(c.Outcomes), Lessons: RenderMarkdown(c.Lessons)}
	c.RenderVersion = MarkdownVersion
}

// Validate cleans the case study and returns errors keyed by the stable form fields:
// title, summary, problem, approach, outcomes, lessons, principles, organisations,
// services and links. Whether services and organisations exist is the store's to check.
func (c *CaseStudy) Validate() *FieldErrors {
	fe := &FieldErrors{}
	c.Title = CleanLine(c.Title)
	c.Summary = CleanText(c.Summary)
	required(fe, "title", c.Title, MaxCaseStudyTitle, "case_studies.form.title.missing", "case_studies.form.title.too_long")
	required(fe, "summary", c.Summary, MaxCaseStudySummary, "case_studies.form.summary.missing", "case_studies.form.summary.too_long")
	for _, s := range CaseStudySections {
		p := c.Section(s.Field)
		*p = CleanText(*p)
		m := caseStudySectionMessages[s.Field]
		required(fe, s.Field, *p, MaxCaseStudySection, m.missing.Key, m.tooLong.Key)
		if !fe.Has(s.Field) {
			checkImages(fe, s.Field, m.altText.Key, *p)
		}
	}
	c.Principles = dedupe(c.Principles)
	switch {
	case len(c.Principles) == 0:
		fe.Add("principles", "case_studies.form.principles.missing")
	case slices.ContainsFunc(c.Principles, func(p int) bool { return !ValidPrinciple(p) }):
		fe.Add("principles", "case_studies.form.principles.unknown")
	}
	c.Organisations = dedupeOrgs(c.Organisations)
	switch {
	case len(c.Organisations) == 0 || c.Organisations[0].ID == 0:
		fe.Add("organisations", "case_studies.form.organisations.missing")
	case len(c.Organisations) > MaxCaseStudyOrganisations:
		fe.Add("organisations", "case_studies.form.organisations.too_many", "Max", MaxCaseStudyOrganisations)
	}
	codes := dedupe(serviceCodes(c.Services))
	c.Services = c.Services[:0:0]
	for _, code := range codes {
		c.Services = append(c.Services, Service{Code: code})
	}
	if len(c.Services) > MaxCaseStudyServices {
		fe.Add("services", "case_studies.form.services.too_many", "Max", MaxCaseStudyServices)
	}
	if len(c.Links) > MaxCaseStudyLinks {
		fe.Add("links", "case_studies.form.links.too_many", "Max", MaxCaseStudyLinks)
	}
	languageField(fe, &c.Language)
	return fe
}

// caseStudySectionMessages are the catalog keys of each long section's messages.
var caseStudySectionMessages = map[string]struct {
	missing, tooLong, altText Msg
}{
	"problem": {Msg{Key: "case_studies.form.problem.missing"}, Msg{Key: "case_studies.form.problem.too_long"},
		Msg{Key: "case_studies.form.problem.alt_text"}},
	"approach": {Msg{Key: "case_studies.form.approach.missing"}, Msg{Key: "case_studies.form.approach.too_long"},
		Msg{Key: "case_studies.form.approach.alt_text"}},
	"outcomes": {Msg{Key: "case_studies.form.outcomes.missing"}, Msg{Key: "case_studies.form.outcomes.too_long"},
		Msg{Key: "case_studies.form.outcomes.alt_text"}},
	"lessons": {Msg{Key: "case_studies.form.lessons.missing"}, Msg{Key: "case_studies.form.lessons.too_long"},
		Msg{Key: "case_studies.form.lessons.alt_text"}},
}

// checkImages refuses images from other websites (only images uploaded to this site are
// shown) and requires alt text on every image in a long field, so that everyone can read
// the case study. altText is the key of the field's message about alt text.
func checkImages(fe *FieldErrors, field, altText, md string) {
	for _, img := range MarkdownImages(md) {
		if !IsSiteImage(img.URL) {
			fe.Add(field, "case_studies.form.image_not_on_site", "URL", shorten(img.URL, 60))
			return
		}
		if img.Alt == "" {
			fe.Add(field, altText, "URL", shorten(img.URL, 60))
			return
		}
	}
}

func shorten(s string, n int) string {
	if Length(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func serviceCodes(ss []Service) []int {
	out := make([]int, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.Code)
	}
	return out
}

// dedupe keeps the first of each value, in order.
func dedupe(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func dedupeOrgs(os []OrgRef) []OrgRef {
	out := make([]OrgRef, 0, len(os))
	for _, o := range os {
		if !slices.ContainsFunc(out, func(p OrgRef) bool { return p.ID == o.ID }) {
			out = append(out, o)
		}
	}
	return out
}

var resourcePath = regexp.MustCompile(`^/resources/([1-9][0-9]{0,17})/?$`)

// ParseCaseStudyLinks reads the links field: one link a line, a web address optionally
// after a title ("Business case https://…"). An address of a resource on this site
// (siteHost, or a path such as /resources/12) records the resource's id. It returns a
// message for the links field when a line is not a link, else nil.
func ParseCaseStudyLinks(text, siteHost string) ([]CaseStudyLink, *Msg) {
	var out []CaseStudyLink
	if Length(text) > MaxCaseStudyLinksText {
		return nil, &Msg{Key: "case_studies.form.links.too_long", Args: []any{"Max", MaxCaseStudyLinksText}}
	}
	for i, line := range strings.Split(CleanText(text), "\n") {
		line = CleanLine(line)
		if line == "" {
			continue
		}
		title, addr := "", line
		if j := strings.LastIndexByte(line, ' '); j >= 0 {
			title, addr = strings.TrimSpace(line[:j]), line[j+1:]
		}
		l, ok := parseLink(addr, siteHost)
		if !ok {
			return out, &Msg{Key: "case_studies.form.links.no_address", Args: []any{"Line", i + 1}}
		}
		if Length(title) > MaxCaseStudyLinkTitle || Length(l.URL) > MaxCaseStudyURL {
			return out, &Msg{Key: "case_studies.form.links.line_too_long",
				Args: []any{"Line", i + 1, "MaxTitle", MaxCaseStudyLinkTitle, "MaxURL", MaxCaseStudyURL}}
		}
		l.Title = title
		out = append(out, l)
	}
	return out, nil
}

func parseLink(addr, siteHost string) (CaseStudyLink, bool) {
	u, err := url.Parse(addr)
	if err != nil {
		return CaseStudyLink{}, false
	}
	if u.Scheme == "" && u.Host == "" && strings.HasPrefix(addr, "/") {
		if m := resourcePath.FindStringSubmatch(u.Path); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			return CaseStudyLink{URL: "/resources/" + m[1], ResourceID: id}, true
		}
		return CaseStudyLink{}, false
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return CaseStudyLink{}, false
	}
	if siteHost != "" && strings.EqualFold(u.Host, siteHost) {
		if m := resourcePath.FindStringSubmatch(u.Path); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			return CaseStudyLink{URL: "/resources/" + m[1], ResourceID: id}, true
		}
	}
	return CaseStudyLink{URL: u.String()}, true
}

// FormatCaseStudyLinks writes links back as the links field shows them.
func FormatCaseStudyLinks(links []CaseStudyLink) string {
	lines := make([]string, 0, len(links))
	for _, l := range links {
		lines = append(lines, strings.TrimSpace(l.Title+" "+l.URL))
	}
	return strings.Join(lines, "\n")
}

// CaseStudyQuery filters the list of case studies. The zero value means "all, newest first".
type CaseStudyQuery struct {
	Q            string
	Principle    int
	Service      int    // LGSL code
	Organisation string // slug of an organisation involved
	Language     string // en or cy: only those written in it; "" for all
	Sort         string // SortNewest or SortOldest
	Page         int
	PerPage      int
}

// MaxCaseStudiesPerPage bounds a page of case studies, which carry their full text.
const MaxCaseStudiesPerPage = 100

// Offset is the number of rows before the page.
func (q CaseStudyQuery) Offset() int { return max(q.Page-1, 0) * q.PerPage }

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,199}$`)

// CaseStudyQueryParams are the query parameters ParseCaseStudyQuery reads (see
// RegisterQueryParams).
var CaseStudyQueryParams = []string{"q", "principle", "service", "organisation", "language", "sort", "page", "per_page"}

// ParseCaseStudyQuery reads and checks the list's query parameters: q, principle,
// service, organisation, sort, page and per_page. A bad value is an EINVALID *Error
// naming the parameter.
func ParseCaseStudyQuery(v url.Values) (CaseStudyQuery, error) {
	q := CaseStudyQuery{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}
	var err error
	if q.Q, err = searchParam(v); err != nil {
		return q, err
	}
	if q.Principle, err = intParam(v, "principle", 0, 1, len(Principles)); err != nil {
		return q, err
	}
	if q.Service, err = intParam(v, "service", 0, 1, 1_000_000_000); err != nil {
		return q, err
	}
	q.Organisation = strings.TrimSpace(v.Get("organisation"))
	if q.Organisation != "" && !slugPattern.MatchString(q.Organisation) {
		return q, InvalidParam("organisation", ReasonNotAnOption, 0, 0, "case_studies.query.organisation")
	}
	if q.Language, err = languageParam(v); err != nil {
		return q, err
	}
	if q.Sort, err = sortParam(v, "case_studies.query.sort", SortNewest, SortNewest, SortOldest); err != nil {
		return q, err
	}
	q.Page, q.PerPage, err = pageParams(v, MaxCaseStudiesPerPage)
	return q, err
}

// Values turns the query back into URL parameters, leaving out defaults.
func (q CaseStudyQuery) Values() url.Values {
	v := url.Values{}
	setText(v, "q", q.Q, "")
	setNumber(v, "principle", q.Principle)
	setNumber(v, "service", q.Service)
	setText(v, "organisation", q.Organisation, "")
	setText(v, "language", q.Language, "")
	setText(v, "sort", q.Sort, SortNewest)
	setPage(v, q.Page, q.PerPage)
	return v
}
