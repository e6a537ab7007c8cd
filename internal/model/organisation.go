package model

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// OrgType is an organisation type. Local authority types use the register's codes (see
// the import format); the others are added by platform admins. Name is a catalog message.
type OrgType struct {
	Code    string
	Name    Msg
	Council bool // councils name two senior signers: chief executive and leader
}

// OrgTypes lists every organisation type the platform knows, in display order.
var OrgTypes = []OrgType{
	{"NMD", Msg{Key: "organisations.types.nmd"}, true},
	{"UA", Msg{Key: "organisations.types.ua"}, true},
	{"MD", Msg{Key: "organisations.types.md"}, true},
	{"LBO", Msg{Key: "organisations.types.lbo"}, true},
	{"CC", Msg{Key: "organisations.types.cc"}, true},
	{"CTY", Msg{Key: "organisations.types.cty"}, true},
	{"SCO", Msg{Key: "organisations.types.sco"}, true},
	{"WPA", Msg{Key: "organisations.types.wpa"}, true},
	{"NID", Msg{Key: "organisations.types.nid"}, true},
	{"COMB", Msg{Key: "organisations.types.comb"}, true},
	{"SRA", Msg{Key: "organisations.types.sra"}, true},
	{"DEPT", Msg{Key: "organisations.types.dept"}, false},
	{"SECTOR", Msg{Key: "organisations.types.sector"}, false},
	{"SUPPLIER", Msg{Key: "organisations.types.supplier"}, false},
	{"OTHER", Msg{Key: "organisations.types.other"}, false},
}

// LookupOrgType returns the type with code, and whether it exists.
func LookupOrgType(code string) (OrgType, bool) {
	for _, t := range OrgTypes {
		if t.Code == code {
			return t, true
		}
	}
	return OrgType{}, false
}

// Nations of the United Kingdom, as the register spells them.
var Nations = []string{"England", "Scotland", "Wales", "Northern Ireland"}

// Regions lists the English regions and the other nations, as the register spells them.
var Regions = []string{
	"East Midlands", "East of England", "London", "North East", "North West",
	"South East", "South West", "West Midlands", "Yorkshire and The Humber",
	"Scotland", "Wales", "Northern Ireland",
}

// nationNames and regionNames are the names people read of the nations and regions,
// whose register spellings above are their codes (stored, and the open data's values).
var (
	nationNames = map[string]Msg{
		"England":          {Key: "organisations.nations.england"},
		"Scotland":         {Key: "organisations.nations.scotland"},
		"Wales":            {Key: "organisations.nations.wales"},
		"Northern Ireland": {Key: "organisations.nations.northern_ireland"},
	}
	regionNames = map[string]Msg{
		"East Midlands":            {Key: "organisations.regions.east_midlands"},
		"East of England":          {Key: "organisations.regions.east_of_england"},
		"London":                   {Key: "organisations.regions.london"},
		"North East":               {Key: "organisations.regions.north_east"},
		"North West":               {Key: "organisations.regions.north_west"},
		"South East":               {Key: "organisations.regions.south_east"},
		"South West":               {Key: "organisations.regions.south_west"},
		"West Midlands":            {Key: "organisations.regions.west_midlands"},
		"Yorkshire and The Humber": {Key: "organisations.regions.yorkshire_and_the_humber"},
		"Scotland":                 {Key: "organisations.regions.scotland"},
		"Wales":                    {Key: "organisations.regions.wales"},
		"Northern Ireland":         {Key: "organisations.regions.northern_ireland"},
	}
)

// NationName is a nation's name, as a message.
func NationName(code string) Msg { return labelOf(nationNames, code) }

// RegionName is a region's name, as a message.
func RegionName(code string) Msg { return labelOf(regionNames, code) }

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// OrgRef is an organisation as other records name it (a resource's publisher and
// partners, a case study's authors, a resource's users): enough to link to its page.
type OrgRef struct {
	ID   int64
	Slug string
	Name string
}

// Organisation is a council or other body that can sign the Declaration.
type Organisation struct {
	ID                    int64
	Slug                  string
	Name                  string
	OfficialName          string
	TypeCode              string
	TypeName              string
	Nation                string
	Region                string
	GSSCode               string
	LACode                string
	Website               string
	Powers                string
	CountyCode            string
	CombinedAuthorityCode string
	// WelshName is the organisation's name in Welsh (a Welsh council's statutory name,
	// "Cyngor Caerdydd"), or "": Welsh pages show it where present.
	WelshName string
	Domains   []string
	// Aliases are the other names the organisation is known by (the register's short and
	// GOV.UK names, names it had before): search finds them.
	Aliases   []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsCouncil reports whether the organisation names two senior signers.
func (o *Organisation) IsCouncil() bool {
	t, ok := LookupOrgType(o.TypeCode)
	return ok && t.Council
}

// Key is what an import matches on: the GSS code, or the local authority code.
func (o *Organisation) Key() string {
	if o.GSSCode != "" {
		return "gss:" + o.GSSCode
	}
	return "la:" + o.LACode
}

var gssPattern = regexp.MustCompile(`^[ENSWK][0-9]{8}$`)

// ValidGSSCode reports whether s looks like an ONS GSS code (e.g. E07000223).
func ValidGSSCode(s string) bool { return gssPattern.MatchString(s) }

var laCodePattern = regexp.MustCompile(`^[A-Z]{2,5}$`)

// ValidLACode reports whether s looks like a local authority code (e.g. ADU, GMCA).
func ValidLACode(s string) bool { return laCodePattern.MatchString(s) }

var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)

// ValidDomain reports whether s is a lower-case host name with a dot.
func ValidDomain(s string) bool { return len(s) <= 253 && domainPattern.MatchString(s) }

// DomainFromWebsite returns the email domain implied by a home page: its host without a
// leading "www.". It returns "" when the address has no usable host.
func DomainFromWebsite(website string) string {
	u, err := url.Parse(strings.TrimSpace(website))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if !ValidDomain(host) {
		return ""
	}
	return host
}

// NormaliseDomains cleans, de-duplicates and sorts a list of domains, returning the
// first invalid one, if any.
func NormaliseDomains(in []string) (out []string, bad string) {
	seen := map[string]bool{}
	for _, d := range in {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
		if d == "" {
			continue
		}
		if !ValidDomain(d) {
			return nil, d
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out, ""
}

// ValidateNewOrganisation checks an organisation a platform admin adds by hand.
func ValidateNewOrganisation(o *Organisation) *FieldErrors {
	fe := &FieldErrors{}
	o.Name = CleanLine(o.Name)
	o.Website = CleanLine(o.Website)
	switch {
	case o.Name == "":
		fe.Add("name", "admin.organisation.name.missing")
	case Length(o.Name) > 200:
		fe.Add("name", "admin.organisation.name.too_long")
	}
	if _, ok := LookupOrgType(o.TypeCode); !ok {
		fe.Add("type", "admin.organisation.type.missing")
	}
	if o.Nation != "" && !Contains(Nations, o.Nation) {
		fe.Add("nation", "admin.organisation.nation.unknown")
	}
	if o.Website != "" {
		u, err := url.Parse(o.Website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fe.Add("website", "admin.organisation.website.invalid")
		}
	}
	return fe
}

// NameIn is the organisation's name in lang ("en", "cy"): its Welsh name on Welsh pages
// where it has one, else its name.
func (o Organisation) NameIn(lang string) string {
	if lang == "cy" && o.WelshName != "" {
		return o.WelshName
	}
	return o.Name
}

// WelshName is one row of a file of Welsh names (`import organisations` with gss_code
// and welsh_name columns): the organisation by GSS code, its Welsh name and, when the
// file has the column, its official name in English, which must match. Line is the
// row's line in the file, for errors.
type WelshName struct {
	GSSCode, WelshName, OfficialName string
	Line                             int
}
