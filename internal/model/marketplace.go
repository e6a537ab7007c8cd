package model

import (
	"strings"
	"time"
)

// The Digital Marketplace's published opportunities, imported from its export
// (`localdigital import marketplace opportunity-data.csv`): an organisation that bought
// through it uses the Digital Marketplace, a marker computed from them.

// MarketplaceColumns is the export's header, exactly.
var MarketplaceColumns = []string{"ID", "Opportunity", "Link", "Framework", "Category", "Specialist", "Organisation Name",
	"Buyer Domain", "Location Of The Work", "Published At", "Open For", "Expected Contract Length",
	"Applications from SMEs", "Applications from Large Organisations", "Total Organisations", "Status",
	"Winning supplier", "Size of supplier", "Contract amount", "Contract start date", "Clarification questions"}

// MarkerMarketplace is the computed marker: the organisation has bought through the
// Digital Marketplace (as of its first published opportunity).
const MarkerMarketplace = "marketplace"

// Opportunity is one row of the export, as kept: its ID, title, link, buyer and when it was published.
type Opportunity struct {
	ID          string
	Title       string
	Link        string
	BuyerName   string
	BuyerDomain string
	PublishedAt time.Time
	Line        int // in the file, for messages
}

// BuyerKey is how a buyer is known from one import to the next: its name (lower case,
// spaces single) and its domain.
func BuyerKey(name, domain string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), " ") + "|" + strings.ToLower(domain)
}

// Buyer statuses.
const (
	BuyerMatched = "matched"
	BuyerReview  = "review"
	BuyerIgnored = "ignored"
)

// Why a buyer waits for review.
const (
	BuyerSharedDomain = "shared_domain" // its domain is two or more organisations'
	BuyerNoMatch      = "no_match"      // no organisation has its domain or its name
)

// MarketplaceBuyer is a buyer as the export names it, and what it was matched to.
type MarketplaceBuyer struct {
	ID             int64
	Name, Domain   string
	Status, Reason string
	OrganisationID int64
	Opportunities  int
	// Candidates are the organisations that share its domain, for the review page.
	Candidates []OrgRef
}

// MarketplaceResult is what an import did, row by row.
type MarketplaceResult struct {
	Rows      int // in the file
	New       int // opportunities not seen before
	Unchanged int // already imported: nothing changes
	Matched   int // rows whose buyer is an organisation
	Queued    int // rows whose buyer waits for review
	Ignored   int // rows whose buyer a platform admin ignored
	NewBuyers int
	NewQueued int // buyers new to the review queue
}

// NormaliseName is a name as matching compares it: lower case, "&" as "and", spaces
// single, no punctuation.
func NormaliseName(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "&", " and "))
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ',' || r == '\'' || r == '’' || r == '(' || r == ')' || r == '-' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// MatchBuyer decides a new buyer from the organisations that have its email domain and
// those whose name, short name or other known name is its name: the one organisation of
// its domain; a domain shared by several goes to review; with no domain match, the one
// organisation of its name; otherwise review.
func MatchBuyer(byDomain, byName []int64) (status, reason string, org int64) {
	switch {
	case len(byDomain) == 1:
		return BuyerMatched, "", byDomain[0]
	case len(byDomain) > 1:
		return BuyerReview, BuyerSharedDomain, 0
	case len(byName) == 1:
		return BuyerMatched, "", byName[0]
	}
	return BuyerReview, BuyerNoMatch, 0
}
