package model

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The contract register (issue 11 part 2): an organisation's contracts for the systems it
// buys, so that councils buying the same kind of system at the same time can find each
// other. Categories and value bands are fixed lists: their slugs are stored and published
// in open data, so they never change; their names (catalog messages) may.

// ContractCategory is a kind of system a council buys. Projects name one as the kind of
// system they replace or need; the partner finder matches contracts by it.
type ContractCategory struct {
	Slug string
	Name Msg
	// Label is the English name as the issue writes it, which a contracts file may give
	// in any case instead of the slug.
	Label string
}

// ContractCategories lists every category, in the order forms offer them.
var ContractCategories = []ContractCategory{
	{"revenues_benefits", Msg{Key: "contracts.categories.revenues_benefits"}, "revenues and benefits"},
	{"social_care", Msg{Key: "contracts.categories.social_care"}, "social care case management"},
	{"planning_building_control", Msg{Key: "contracts.categories.planning_building_control"}, "planning and building control"},
	{"housing_management", Msg{Key: "contracts.categories.housing_management"}, "housing management"},
	{"waste_environmental", Msg{Key: "contracts.categories.waste_environmental"}, "waste and environmental services"},
	{"crm_contact_centre", Msg{Key: "contracts.categories.crm_contact_centre"}, "CRM and contact centre"},
	{"finance_erp", Msg{Key: "contracts.categories.finance_erp"}, "finance and ERP"},
	{"hr_payroll", Msg{Key: "contracts.categories.hr_payroll"}, "HR and payroll"},
	{"website_cms", Msg{Key: "contracts.categories.website_cms"}, "website content management"},
	{"document_records", Msg{Key: "contracts.categories.document_records"}, "document and records management"},
	{"libraries", Msg{Key: "contracts.categories.libraries"}, "libraries"},
	{"education_admin", Msg{Key: "contracts.categories.education_admin"}, "education administration"},
	{"parking_enforcement", Msg{Key: "contracts.categories.parking_enforcement"}, "parking and enforcement"},
	{"licensing", Msg{Key: "contracts.categories.licensing"}, "licensing"},
	{"electoral_registration", Msg{Key: "contracts.categories.electoral_registration"}, "electoral registration"},
	{"gis_mapping", Msg{Key: "contracts.categories.gis_mapping"}, "GIS and mapping"},
	{"telephony", Msg{Key: "contracts.categories.telephony"}, "telephony"},
	{"hosting_infrastructure", Msg{Key: "contracts.categories.hosting_infrastructure"}, "hosting and infrastructure"},
	{"other", Msg{Key: "contracts.categories.other"}, "other"},
}

// LookupContractCategory returns the category with slug, and whether it exists.
func LookupContractCategory(slug string) (ContractCategory, bool) {
	for _, c := range ContractCategories {
		if c.Slug == slug {
			return c, true
		}
	}
	return ContractCategory{}, false
}

// ParseContractCategory reads a category as a file or a person writes it: its slug or its
// English name, in any case, with spaces around ignored.
func ParseContractCategory(s string) (ContractCategory, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, c := range ContractCategories {
		if s == c.Slug || s == strings.ToLower(c.Label) {
			return c, true
		}
	}
	return ContractCategory{}, false
}

// ContractCategoryName returns the name of a category slug, as a message; an unknown slug
// is its own key, which the printer shows as it is.
func ContractCategoryName(slug string) Msg {
	if c, ok := LookupContractCategory(slug); ok {
		return c.Name
	}
	return Msg{Key: slug}
}

// ContractValueBand is a range of a contract's annual value.
type ContractValueBand struct {
	Slug string
	Name Msg
	// Label is the band as the issue writes it ("£100k–£500k"); a file may give it in any
	// case, with a hyphen for the dash, or give the slug.
	Label string
}

// ContractValueBands lists every annual value band, smallest first.
var ContractValueBands = []ContractValueBand{
	{"under_100k", Msg{Key: "contracts.value_bands.under_100k"}, "under £100k"},
	{"100k_500k", Msg{Key: "contracts.value_bands.100k_500k"}, "£100k–£500k"},
	{"500k_1m", Msg{Key: "contracts.value_bands.500k_1m"}, "£500k–£1m"},
	{"1m_5m", Msg{Key: "contracts.value_bands.1m_5m"}, "£1m–£5m"},
	{"over_5m", Msg{Key: "contracts.value_bands.over_5m"}, "over £5m"},
}

// LookupContractValueBand returns the band with slug, and whether it exists.
func LookupContractValueBand(slug string) (ContractValueBand, bool) {
	for _, b := range ContractValueBands {
		if b.Slug == slug {
			return b, true
		}
	}
	return ContractValueBand{}, false
}

// bandFold is a band as compared: lower case, dashes as hyphens, no spaces.
func bandFold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("–", "-", "—", "-", " ", "").Replace(s)
	return s
}

// ParseContractValueBand reads a band as a file writes it: its slug or its label, in any
// case, with a hyphen or a dash.
func ParseContractValueBand(s string) (ContractValueBand, bool) {
	f := bandFold(s)
	for _, b := range ContractValueBands {
		if strings.TrimSpace(strings.ToLower(s)) == b.Slug || f == bandFold(b.Label) {
			return b, true
		}
	}
	return ContractValueBand{}, false
}

// ContractValueBandName returns the name of a band slug, as a message.
func ContractValueBandName(slug string) Msg {
	if b, ok := LookupContractValueBand(slug); ok {
		return b.Name
	}
	return Msg{Key: slug}
}

// Who may see a contract. Public contracts count in public figures and show on the
// organisation's page; "signatories" ones only to members of organisations that have
// signed the Declaration; "organisation" ones only to the organisation's own members.
const (
	ContractPublic       = "public"
	ContractSignatories  = "signatories"
	ContractOrganisation = "organisation"
)

// ContractVisibilities lists every visibility, widest first.
var ContractVisibilities = []string{ContractPublic, ContractSignatories, ContractOrganisation}

var contractVisibilityNames = map[string]Msg{
	ContractPublic:       {Key: "contracts.visibility.public"},
	ContractSignatories:  {Key: "contracts.visibility.signatories"},
	ContractOrganisation: {Key: "contracts.visibility.organisation"},
}

// ContractVisibilityName is the name of a visibility, as a message.
func ContractVisibilityName(v string) Msg { return labelOf(contractVisibilityNames, v) }

// ContractDate is how contract dates are written, in files, forms and the database.
const ContractDate = "2006-01-02"

// Contract is one of an organisation's contracts.
type Contract struct {
	ID               int64
	OrganisationID   int64
	OrganisationSlug string
	OrganisationName string
	Region           string
	Category         string // a ContractCategories slug
	SupplierID       int64
	Supplier         string // the known supplier's name
	Product          string
	Start            time.Time // a date, at midnight UTC
	End              time.Time
	// ExtensionEnd is the end of the possible extensions; zero when there are none.
	ExtensionEnd time.Time
	ValueBand    string // a ContractValueBands slug
	Satisfaction int    // 1 to 5, or 0 when not given
	Notes        string
	Visibility   string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// FinalEnd is the last day the contract can run: the end of its extensions, or its end.
func (c *Contract) FinalEnd() time.Time {
	if !c.ExtensionEnd.IsZero() && c.ExtensionEnd.After(c.End) {
		return c.ExtensionEnd
	}
	return c.End
}

// VisibleTo reports whether u may see c: anyone a public contract, members of signed
// organisations a signatories one, and the organisation's own members (and the platform
// team) every one.
func (c *Contract) VisibleTo(u *User) bool {
	switch {
	case c.Visibility == ContractPublic:
		return true
	case u.IsMemberOf(c.OrganisationID) || u.IsPlatformAdmin():
		return true
	case c.Visibility == ContractSignatories:
		return CanPublish(u)
	}
	return false
}

// ContractViewer says which contracts of other organisations a person may see, for the
// store's queries: public ones always, signatories ones when Signatory, and every contract
// of the organisations in Own.
type ContractViewer struct {
	Signatory bool
	Own       []int64
	All       bool // the platform team
}

// ContractViewerOf is what u may see.
func ContractViewerOf(u *User) ContractViewer {
	v := ContractViewer{Signatory: CanPublish(u), All: u.IsPlatformAdmin()}
	if u != nil {
		for _, m := range u.Memberships {
			v.Own = append(v.Own, m.OrganisationID)
		}
	}
	return v
}

// CanEditContracts reports whether the user may add and change organisation orgID's
// contracts: its members and the platform team.
func CanEditContracts(u *User, orgID int64) bool {
	return u.IsMemberOf(orgID) || u.IsPlatformAdmin()
}

// ContractEnding is an organisation with a contract in a category ending in a window: a
// row of "ending together", and what the projects' partner finder asks for.
type ContractEnding struct {
	ContractID       int64
	OrganisationID   int64
	OrganisationSlug string
	OrganisationName string
	Region           string
	Supplier         string
	End              time.Time // the end asked about: with extensions or without
}

// EndingQuery asks for the contracts in Category ending between From and To (dates,
// both included), counting extensions when Extensions is set, that Viewer may see.
type EndingQuery struct {
	Category   string
	From, To   time.Time
	Extensions bool
	Viewer     ContractViewer
}

// ContractFields are a contract's fields as forms and files name them, in page order:
// the header of a contracts file is these, in this order.
var ContractFields = []string{"category", "supplier", "product", "start_date", "end_date",
	"extension_end_date", "annual_value_band", "satisfaction", "notes", "visibility"}

// Limits of a contract's text.
const (
	MaxSupplierName  = 200
	MaxContractText  = 200
	MaxContractNotes = 2000
)

// ParseContract reads a contract from its fields as a form or a file row gives them
// (get returns a field's text by its ContractFields name) and checks it. Categories and
// bands may be given by slug or as the issue writes them, in any case; dates are
// YYYY-MM-DD; an empty visibility is public.
func ParseContract(get func(string) string) (Contract, *FieldErrors) {
	fe := &FieldErrors{}
	v := func(name string) string { return strings.TrimSpace(get(name)) }
	var c Contract
	if cat, ok := ParseContractCategory(v("category")); ok {
		c.Category = cat.Slug
	} else {
		fe.Add("category", "contracts.form.category.unknown")
	}
	c.Supplier = CleanText(v("supplier"))
	switch {
	case SupplierKey(c.Supplier) == "":
		fe.Add("supplier", "contracts.form.supplier.missing")
	case Length(c.Supplier) > MaxSupplierName:
		fe.Add("supplier", "contracts.form.supplier.too_long", "Max", MaxSupplierName)
	}
	c.Product = CleanText(v("product"))
	if Length(c.Product) > MaxContractText {
		fe.Add("product", "contracts.form.product.too_long", "Max", MaxContractText)
	}
	c.Start = contractDate(fe, "start_date", v("start_date"), true)
	c.End = contractDate(fe, "end_date", v("end_date"), true)
	if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
		fe.Add("end_date", "contracts.form.end_date.before_start")
	}
	c.ExtensionEnd = contractDate(fe, "extension_end_date", v("extension_end_date"), false)
	if !c.ExtensionEnd.IsZero() && !c.End.IsZero() && c.ExtensionEnd.Before(c.End) {
		fe.Add("extension_end_date", "contracts.form.extension_end_date.before_end")
	}
	if b, ok := ParseContractValueBand(v("annual_value_band")); ok {
		c.ValueBand = b.Slug
	} else {
		fe.Add("annual_value_band", "contracts.form.annual_value_band.unknown")
	}
	if s := v("satisfaction"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			fe.Add("satisfaction", "contracts.form.satisfaction.invalid")
		}
		c.Satisfaction = n
	}
	c.Notes = CleanText(get("notes"))
	if Length(c.Notes) > MaxContractNotes {
		fe.Add("notes", "contracts.form.notes.too_long", "Max", MaxContractNotes)
	}
	c.Visibility = strings.ToLower(v("visibility"))
	if c.Visibility == "" {
		c.Visibility = ContractPublic
	}
	if !slices.Contains(ContractVisibilities, c.Visibility) {
		fe.Add("visibility", "contracts.form.visibility.unknown")
	}
	if fe.Any() {
		return c, fe
	}
	return c, nil
}

// contractDateMessages are each date field's messages: missing (for a required one), and
// not a date written YYYY-MM-DD.
var contractDateMessages = map[string][2]Msg{
	"start_date":         {{Key: "contracts.form.start_date.missing"}, {Key: "contracts.form.start_date.invalid"}},
	"end_date":           {{Key: "contracts.form.end_date.missing"}, {Key: "contracts.form.end_date.invalid"}},
	"extension_end_date": {{}, {Key: "contracts.form.extension_end_date.invalid"}},
}

// contractDate reads a date written YYYY-MM-DD into fe's field name.
func contractDate(fe *FieldErrors, name, s string, required bool) time.Time {
	return isoDate(fe, name, s, contractDateMessages[name], required)
}

// isoDate reads a date written YYYY-MM-DD into fe's field name, with msgs its messages
// when it is missing (and required) and when it is not such a date.
func isoDate(fe *FieldErrors, name, s string, msgs [2]Msg, required bool) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			fe.AddMsg(name, msgs[0])
		}
		return time.Time{}
	}
	t, err := time.Parse(ContractDate, s)
	if err != nil {
		fe.AddMsg(name, msgs[1])
		return time.Time{}
	}
	return t
}

// ContractFormOf is c's fields as a form shows them.
func ContractFormOf(c *Contract) map[string]string {
	m := map[string]string{"category": c.Category, "supplier": c.Supplier, "product": c.Product,
		"start_date": c.Start.Format(ContractDate), "end_date": c.End.Format(ContractDate),
		"annual_value_band": c.ValueBand, "notes": c.Notes, "visibility": c.Visibility}
	if !c.ExtensionEnd.IsZero() {
		m["extension_end_date"] = c.ExtensionEnd.Format(ContractDate)
	}
	if c.Satisfaction > 0 {
		m["satisfaction"] = strconv.Itoa(c.Satisfaction)
	}
	return m
}

// DuplicateKey is what makes two contracts the same row: organisation, category,
// supplier (by its key), product and dates.
func (c *Contract) DuplicateKey() string {
	return strings.Join([]string{c.Category, SupplierKey(c.Supplier), strings.ToLower(c.Product),
		c.Start.Format(ContractDate), c.End.Format(ContractDate)}, "\x00")
}

// ContractEndingParams are the query parameters of "ending together", on the page and in
// the API.
var ContractEndingParams = []string{"category", "from", "to", "extensions"}

// EndingMonth is how "ending together" writes a window's months: YYYY-MM.
const EndingMonth = "2006-01"

// ParseEndingQuery reads "ending together"'s parameters: a category (required unless
// optional), a window from one month to another (YYYY-MM, both included, at most 12
// months; from this month for 12 months by default) and extensions (true to count the
// end of extensions rather than the end).
func ParseEndingQuery(v url.Values, now time.Time, optional bool) (EndingQuery, error) {
	var q EndingQuery
	cat := strings.TrimSpace(v.Get("category"))
	if c, ok := LookupContractCategory(cat); ok {
		q.Category = c.Slug
	} else if cat != "" || !optional {
		return q, InvalidParam("category", ReasonNotAnOption, 0, 0, "contracts.query.category")
	}
	month := func(name string, def time.Time) (time.Time, error) {
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			return def, nil
		}
		t, err := time.Parse(EndingMonth, s)
		if err != nil {
			return t, InvalidParam(name, ReasonNotAnOption, 0, 0, "contracts.query.month", "Name", name)
		}
		return t, nil
	}
	this := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var err error
	if q.From, err = month("from", this); err != nil {
		return q, err
	}
	if q.To, err = month("to", q.From.AddDate(0, 11, 0)); err != nil {
		return q, err
	}
	if q.To.Before(q.From) || q.To.After(q.From.AddDate(0, 11, 0)) {
		return q, InvalidParam("to", ReasonNotAnOption, 0, 0, "contracts.query.window")
	}
	q.To = q.To.AddDate(0, 1, -1) // the last day of the month
	switch strings.TrimSpace(v.Get("extensions")) {
	case "", "false":
	case "true":
		q.Extensions = true
	default:
		return q, InvalidParam("extensions", ReasonNotAnOption, 0, 0, "contracts.query.extensions")
	}
	return q, nil
}

// Values is q as URL parameters.
func (q EndingQuery) Values() url.Values {
	v := url.Values{"category": {q.Category}, "from": {q.From.Format(EndingMonth)}, "to": {q.To.Format(EndingMonth)}}
	if q.Extensions {
		v.Set("extensions", "true")
	}
	return v
}

// MarketRow is a supplier's share of a category: how many organisations have a contract
// with it, and the earliest of those contracts' ends.
type MarketRow struct {
	Category      string
	SupplierID    int64
	Supplier      string
	Organisations int
	Contracts     int
	EarliestEnd   time.Time
}

// Market is the contracts market as the public may see it: Rows count only public
// contracts; LeftOut is how many contracts were not counted because of their visibility.
type Market struct {
	Rows    []MarketRow
	Counted int
	LeftOut int
}

// CategoryName, ValueBandName and VisibilityName are c's in words, as messages.
func (c *Contract) CategoryName() Msg   { return ContractCategoryName(c.Category) }
func (c *Contract) ValueBandName() Msg  { return ContractValueBandName(c.ValueBand) }
func (c *Contract) VisibilityName() Msg { return ContractVisibilityName(c.Visibility) }

// CategoryName is the row's category in words, as a message.
func (r MarketRow) CategoryName() Msg { return ContractCategoryName(r.Category) }

// CategoryName is the query's category in words, as a message.
func (q EndingQuery) CategoryName() Msg { return ContractCategoryName(q.Category) }

// ContractCategorySlugs are the categories' slugs, in the order forms offer them.
func ContractCategorySlugs() []string {
	out := make([]string, len(ContractCategories))
	for i, c := range ContractCategories {
		out[i] = c.Slug
	}
	return out
}

// ContractValueBandSlugs are the bands' slugs, smallest first.
func ContractValueBandSlugs() []string {
	out := make([]string, len(ContractValueBands))
	for i, b := range ContractValueBands {
		out[i] = b.Slug
	}
	return out
}
