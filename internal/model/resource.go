package model

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ResourceType is a kind of shared resource. Codes are stored and published in open
// data, so they never change; names (catalog messages) may.
type ResourceType struct {
	Code string
	Name Msg
}

// ResourceTypes lists every kind of resource, in the order forms offer them.
var ResourceTypes = []ResourceType{
	{"business_case", Msg{Key: "resources.types.business_case"}},
	{"procurement_brief", Msg{Key: "resources.types.procurement_brief"}},
	{"service_pattern", Msg{Key: "resources.types.service_pattern"}},
	{"user_research", Msg{Key: "resources.types.user_research"}},
	{"code_repository", Msg{Key: "resources.types.code_repository"}},
	{"tool", Msg{Key: "resources.types.tool"}},
	{"framework", Msg{Key: "resources.types.framework"}},
	{"guidance", Msg{Key: "resources.types.guidance"}},
	{"other", Msg{Key: "resources.types.other"}},
}

// LookupResourceType returns the type with code, and whether it exists.
func LookupResourceType(code string) (ResourceType, bool) {
	for _, t := range ResourceTypes {
		if t.Code == code {
			return t, true
		}
	}
	return ResourceType{}, false
}

// ResourceTypeName returns the name of a type code, as a message; an unknown code is its
// own key, which the printer shows as it is.
func ResourceTypeName(code string) Msg {
	if t, ok := LookupResourceType(code); ok {
		return t.Name
	}
	return Msg{Key: code}
}

// Licence is a licence a resource may be shared under. Codes are SPDX identifiers, so that
// open data users can match them, except "other", which carries its own text.
type Licence struct {
	Code string
	Name Msg
	URL  string
}

// LicenceOther is the code of a licence described in words by the publisher.
const LicenceOther = "other"

// Licences lists the licences offered, the Open Government Licence first as the default
// for public sector work.
var Licences = []Licence{
	{"OGL-UK-3.0", Msg{Key: "resources.licences.ogl_uk_3_0"}, "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
	{"CC-BY-4.0", Msg{Key: "resources.licences.cc_by_4_0"}, "https://creativecommons.org/licenses/by/4.0/"},
	{"MIT", Msg{Key: "resources.licences.mit"}, "https://opensource.org/license/mit"},
	{"Apache-2.0", Msg{Key: "resources.licences.apache_2_0"}, "https://www.apache.org/licenses/LICENSE-2.0"},
	{LicenceOther, Msg{Key: "resources.licences.other"}, ""},
}

// LookupLicence returns the licence with code, and whether it exists.
func LookupLicence(code string) (Licence, bool) {
	for _, l := range Licences {
		if l.Code == code {
			return l, true
		}
	}
	return Licence{}, false
}

// Limits on what a resource holds.
const (
	MaxResourceTitle    = 150
	MaxResourceSummary  = 2000
	MaxResourceLink     = 2000
	MaxLicenceOther     = 200
	MaxResourceServices = 25
	MaxResourceOrgs     = 20
	MaxUseHow           = 500
	MaxReportReason     = 1000
	MaxHideReason       = 1000
)

// Resource is something an organisation shares for others to reuse: a business case, a
// procurement brief, a pattern, code. It carries either files, a link, or both.
type Resource struct {
	ID           int64
	Type         string
	Title        string
	Summary      string
	Link         string
	Licence      string
	LicenceOther string // the licence in words, when Licence is LicenceOther
	Language     string // the language its title and summary are written in: en or cy
	// Organisations made it: the publisher's first, then its partners.
	Organisations []OrgRef
	Principles    []int     // the Declaration's principles, 1 to 5, in order
	Services      []Service // LGSL services, by code
	Files         []ResourceFile
	Uses          []ResourceUse // the reuse register, oldest first
	UseCount      int
	PublishedBy   int64 // user id; never in open data
	Hidden        bool
	HiddenReason  string
	HiddenAt      time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// TypeName is the type's name, as a message.
func (r *Resource) TypeName() Msg { return ResourceTypeName(r.Type) }

// LicenceName is the licence's name, as a message: its name, or the publisher's own text.
func (r *Resource) LicenceName() Msg {
	if r.Licence == LicenceOther {
		return Msg{Key: "resources.licences.own_words", Args: []any{"Text", r.LicenceOther}}
	}
	if l, ok := LookupLicence(r.Licence); ok {
		return l.Name
	}
	return Msg{Key: "resources.licences.own_words", Args: []any{"Text", ""}}
}

// LicenceURL links to the licence text, or is "" for another licence.
func (r *Resource) LicenceURL() string {
	l, _ := LookupLicence(r.Licence)
	return l.URL
}

// HasOrganisation reports whether organisation id made the resource.
func (r *Resource) HasOrganisation(id int64) bool {
	for _, o := range r.Organisations {
		if o.ID == id {
			return true
		}
	}
	return false
}

// UseBy returns the organisation's entry in the reuse register, or nil.
func (r *Resource) UseBy(orgID int64) *ResourceUse {
	for i := range r.Uses {
		if r.Uses[i].Organisation.ID == orgID {
			return &r.Uses[i]
		}
	}
	return nil
}

// ServiceCodes lists the codes of the resource's services.
func (r *Resource) ServiceCodes() []int {
	out := make([]int, len(r.Services))
	for i, s := range r.Services {
		out[i] = s.Code
	}
	return out
}

// ResourceFile is one document of a resource. A new version keeps the old ones, so that
// a link to an older version still works and the history is visible.
type ResourceFile struct {
	ID       int64
	Versions []FileVersion // newest first
}

// Latest is the file's current version.
func (f *ResourceFile) Latest() *FileVersion {
	if len(f.Versions) == 0 {
		return nil
	}
	return &f.Versions[0]
}

// Older lists the versions before the current one, newest first.
func (f *ResourceFile) Older() []FileVersion {
	if len(f.Versions) < 2 {
		return nil
	}
	return f.Versions[1:]
}

// FileVersion is one upload. StoredName is made by the file store, never taken from the
// uploader; Name is what the uploader called it, for display and downloads only.
type FileVersion struct {
	ID          int64
	FileID      int64
	ResourceID  int64
	Version     int
	Name        string
	StoredName  string
	ContentType string
	TypeName    string // such as "PDF" or "Word document"
	Size        int64
	SHA256      string
	UploadedBy  int64
	UploadedAt  time.Time
}

// FileSize writes a number of bytes for people: "15 bytes", "340 KB", "2.1 MB" (pages
// word sizes under a kilobyte from the catalog: web.fileSize).
func FileSize(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1024*1024:
		return strconv.FormatInt((n+512)/1024, 10) + " KB"
	}
	mb := float64(n) / (1024 * 1024)
	if mb < 10 {
		return strconv.FormatFloat(mb, 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(mb, 'f', 0, 64) + " MB"
}

// ResourceUse is one entry of the reuse register: an organisation says it uses a
// resource, and optionally how.
type ResourceUse struct {
	ResourceID   int64
	Organisation OrgRef
	How          string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ReusedResource is a resource an organisation uses, for its page.
type ReusedResource struct {
	Resource Resource
	How      string
	Since    time.Time
}

// ValidateResource cleans r and checks it as the publishing form sends it. hasFile says
// whether a file comes with it: a resource needs a link, a file, or both. It does not
// know which service codes and organisations exist: the store checks that.
func ValidateResource(r *Resource, hasFile bool) *FieldErrors {
	fe := &FieldErrors{}
	r.Title = CleanLine(r.Title)
	r.Summary = CleanText(r.Summary)
	r.Link = CleanLine(r.Link)
	r.LicenceOther = CleanLine(r.LicenceOther)
	if _, ok := LookupResourceType(r.Type); !ok {
		fe.Add("type", "resources.form.type.missing")
	}
	switch {
	case r.Title == "":
		fe.Add("title", "resources.form.title.missing")
	case Length(r.Title) > MaxResourceTitle:
		fe.Add("title", "resources.form.title.too_long", "Max", MaxResourceTitle)
	}
	switch {
	case r.Summary == "":
		fe.Add("summary", "resources.form.summary.missing")
	case Length(r.Summary) > MaxResourceSummary:
		fe.Add("summary", "resources.form.summary.too_long", "Max", MaxResourceSummary)
	}
	if len(r.Organisations) == 0 {
		fe.Add("organisations", "resources.form.organisations.missing")
	} else if len(r.Organisations) > MaxResourceOrgs {
		fe.Add("organisations", "resources.form.organisations.too_many", "Max", MaxResourceOrgs)
	}
	validateLicence(r, fe)
	validatePrinciples(r, fe)
	if len(r.Services) > MaxResourceServices {
		fe.Add("services", "resources.form.services.too_many", "Max", MaxResourceServices)
	}
	for _, s := range r.Services {
		if s.Code <= 0 {
			fe.Add("services", "resources.form.services.unknown")
		}
	}
	switch {
	case r.Link == "" && !hasFile:
		fe.Add("link", "resources.form.link.missing")
	case r.Link != "" && !ValidLink(r.Link):
		fe.Add("link", "resources.form.link.invalid")
	}
	languageField(fe, &r.Language)
	return fe
}

func validateLicence(r *Resource, fe *FieldErrors) {
	if _, ok := LookupLicence(r.Licence); !ok {
		fe.Add("licence", "resources.form.licence.missing")
		return
	}
	if r.Licence != LicenceOther {
		r.LicenceOther = ""
		return
	}
	switch {
	case r.LicenceOther == "":
		fe.Add("licence_other", "resources.form.licence_other.missing")
	case Length(r.LicenceOther) > MaxLicenceOther:
		fe.Add("licence_other", "resources.form.licence_other.too_long", "Max", MaxLicenceOther)
	}
}

func validatePrinciples(r *Resource, fe *FieldErrors) {
	if len(r.Principles) == 0 {
		fe.Add("principles", "resources.form.principles.missing")
	}
	seen := map[int]bool{}
	var out []int
	for _, p := range r.Principles {
		if !ValidPrinciple(p) {
			fe.Add("principles", "resources.form.principles.unknown")
			return
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	slices.Sort(out)
	r.Principles = out
}

// ValidLink reports whether s is an absolute http or https address with a host.
func ValidLink(s string) bool {
	if Length(s) > MaxResourceLink || strings.ContainsAny(s, " \t\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// CleanReason checks a reason or note a person typed: required or not, and at most max
// characters. It returns the cleaned text and a message, or nil: missing is the catalog
// key of the message when it is empty, tooLong when it is too long (with .Max).
func CleanReason(s string, required bool, max int, missing, tooLong string) (string, *Msg) {
	s = CleanText(s)
	switch {
	case s == "" && required:
		return s, &Msg{Key: missing}
	case Length(s) > max:
		return s, &Msg{Key: tooLong, Args: []any{"Max", max}}
	}
	return s, nil
}

// Sort orders of the resources library.
const (
	SortResourcesNewest = "newest"
	SortResourcesReused = "most_reused"
)

// ResourceQuery filters the resources library. The zero value means "everything,
// newest first, first page".
type ResourceQuery struct {
	Q            string
	Type         string
	Principle    int
	Service      int
	Licence      string
	Organisation string // slug
	Language     string // en or cy: only those written in it; "" for all
	Sort         string
	Page         int
	PerPage      int
	// IncludeHidden lists hidden resources too, for the platform team.
	IncludeHidden bool
}

// ResourceQueryParams are the query parameters ParseResourceQuery reads (see
// RegisterQueryParams).
var ResourceQueryParams = []string{"q", "type", "principle", "service", "licence", "organisation", "language", "sort", "page", "per_page"}

// ParseResourceQuery reads and checks the library's query parameters, as
// ParseRegisterQuery does for the register: a bad value is an EINVALID *Error naming it.
func ParseResourceQuery(v url.Values) (ResourceQuery, error) {
	q := ResourceQuery{Sort: SortResourcesNewest, Page: 1, PerPage: DefaultPerPage}
	var err error
	if q.Q, err = searchParam(v); err != nil {
		return q, err
	}
	q.Type = strings.TrimSpace(v.Get("type"))
	if _, ok := LookupResourceType(q.Type); q.Type != "" && !ok {
		return q, InvalidParam("type", ReasonNotAnOption, 0, 0, "resources.query.type", "Value", q.Type)
	}
	if q.Principle, err = intParam(v, "principle", 0, 1, len(Principles)); err != nil {
		return q, err
	}
	if q.Service, err = intParam(v, "service", 0, 1, 99999); err != nil {
		return q, err
	}
	q.Licence = strings.TrimSpace(v.Get("licence"))
	if _, ok := LookupLicence(q.Licence); q.Licence != "" && !ok {
		return q, InvalidParam("licence", ReasonNotAnOption, 0, 0, "resources.query.licence", "Value", q.Licence)
	}
	q.Organisation = strings.TrimSpace(v.Get("organisation"))
	if q.Organisation != "" && (len(q.Organisation) > 200 || Slugify(q.Organisation) != q.Organisation) {
		return q, InvalidParam("organisation", ReasonNotAnOption, 0, 0, "resources.query.organisation")
	}
	if q.Language, err = languageParam(v); err != nil {
		return q, err
	}
	if q.Sort, err = sortParam(v, "resources.query.sort", SortResourcesNewest, SortResourcesNewest, SortResourcesReused); err != nil {
		return q, err
	}
	q.Page, q.PerPage, err = pageParams(v, MaxPerPage)
	return q, err
}

// Values turns the query back into URL parameters, leaving out defaults.
func (q ResourceQuery) Values() url.Values {
	v := url.Values{}
	setText(v, "q", q.Q, "")
	setText(v, "type", q.Type, "")
	setNumber(v, "principle", q.Principle)
	setNumber(v, "service", q.Service)
	setText(v, "licence", q.Licence, "")
	setText(v, "organisation", q.Organisation, "")
	setText(v, "language", q.Language, "")
	setText(v, "sort", q.Sort, SortResourcesNewest)
	setPage(v, q.Page, q.PerPage)
	return v
}
