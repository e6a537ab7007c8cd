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

// Principles are the Declaration's five principles, by number, as tags.
var Principles = []string{
	"Redesign services around the needs of the people using them",
	"Fix our plumbing",
	"Share information safely and securely",
	"Demonstrate digital leadership",
	"Embed an open culture",
}

// PrincipleName returns the short name of principle n (1 to 5), or "".
func PrincipleName(n int) string {
	if n < 1 || n > len(Principles) {
		return ""
	}
	return Principles[n-1]
}
