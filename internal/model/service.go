package model

// Service is one entry of the Local Government Service List (LGSL), used to tag
// resources, case studies and, later, projects and contracts by what councils deliver.
type Service struct {
	Code             int
	Label            string
	Description      string
	GovUKDescription string // GOV.UK's wording, for the services GOV.UK links to
	ProvidingTier    string // "county/unitary", "district/unitary" or "all"; "" if unknown
}

// Principles are the Declaration's five principles' short names, by number, as tags.
var Principles = []Msg{
	{Key: "principles.redesign_services"},
	{Key: "principles.fix_plumbing"},
	{Key: "principles.share_information"},
	{Key: "principles.digital_leadership"},
	{Key: "principles.open_culture"},
}

// ValidPrinciple reports whether n is a principle's number (1 to 5).
func ValidPrinciple(n int) bool { return n >= 1 && n <= len(Principles) }

// PrincipleName returns the short name of principle n (1 to 5), as a message; it is
// empty (no key) for another number.
func PrincipleName(n int) Msg {
	if !ValidPrinciple(n) {
		return Msg{}
	}
	return Principles[n-1]
}

// NumberedPrinciple is principle n's name after its number ("2. Fix our plumbing").
func NumberedPrinciple(n int) Msg {
	return Msg{Key: "principles.numbered", Args: []any{"Number", n, "Name", PrincipleName(n)}}
}
