package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Paths of the funding rounds' open data.
const (
	PathFundingRounds    = "/api/v1/funding/rounds"
	PathFundingRoundsCSV = "/api/v1/funding/rounds.csv"
	PathFundingBids      = "/api/v1/funding/bids"
	PathFundingBidsCSV   = "/api/v1/funding/bids.csv"
	PathFundingFeed      = "/feeds/funding.atom"
	pathFundingPage      = "/funding"
)

// fundingBidParams are the bids' query parameters.
var fundingBidParams = []string{"round"}

// FundingPart is the funding rounds' open data, described in openapi_parts/funding.json:
// rounds that have opened, and bids once published (submitted, their deadline passed),
// with their outcomes. Assessors' scores and comments, and who wrote a bid or asked a
// question, are never in it.
func (a *API) FundingPart() Part {
	return Part{OpenAPI: "funding.json", Endpoints: []Endpoint{
		{PathFundingRounds, a.FundingRounds, nil},
		{PathFundingRoundsCSV, a.FundingRoundsCSV, nil},
		{PathFundingBids, a.FundingBids, fundingBidParams},
		{PathFundingBidsCSV, a.FundingBidsCSV, fundingBidParams},
		{PathFundingFeed, a.FundingAtom, fundingBidParams},
	}}
}

type roundOut struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Prospectus  caseStudyTextOut  `json:"prospectus"`
	OpensAt     string            `json:"opens_at"`
	EOIClosesAt *string           `json:"eoi_closes_at"`
	ClosesAt    string            `json:"closes_at"`
	DecisionsAt string            `json:"decisions_expected_at"`
	Caps        map[string]int    `json:"caps"`
	MinPartners int               `json:"min_partners"`
	MaxLeadBids int               `json:"max_lead_bids"`
	Criteria    []model.Criterion `json:"criteria"`
	URL         string            `json:"url"`
}

type bidOrgOut struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

type bidOut struct {
	ID          int64              `json:"id"`
	RoundID     int64              `json:"round_id"`
	Round       string             `json:"round"`
	Stage       string             `json:"stage"`
	Title       string             `json:"title"`
	Problem     string             `json:"problem"`
	Users       string             `json:"users"`
	Phase       string             `json:"phase"`
	Reuse       string             `json:"reuse"`
	Team        string             `json:"team"`
	Timeline    string             `json:"timeline"`
	Budget      []model.BudgetItem `json:"budget"`
	Amount      int                `json:"amount"`
	Lead        bidOrgOut          `json:"lead"`
	Partners    []bidOrgOut        `json:"partners"`
	SubmittedAt string             `json:"submitted_at"`
	Outcome     *string            `json:"outcome"`
	Awarded     int                `json:"awarded"`
	URL         string             `json:"url"`
}

func (a *API) fundingRoundURL(id int64) string {
	return a.baseURL + pathFundingPage + "/" + strconv.FormatInt(id, 10)
}

func (a *API) fundingBidURL(b *model.Bid) string {
	return a.fundingRoundURL(b.RoundID) + "/bids/" + strconv.FormatInt(b.ID, 10)
}

func (a *API) roundOut(r *model.FundingRound) roundOut {
	out := roundOut{ID: r.ID, Name: r.Name, Prospectus: caseStudyTextOut{r.Prospectus, a.feedHTML(model.RenderMarkdown(r.Prospectus))},
		OpensAt: atomTime(r.OpensAt), ClosesAt: atomTime(r.ClosesAt), DecisionsAt: atomTime(r.DecisionsAt),
		Caps: r.Caps, MinPartners: r.MinPartners, MaxLeadBids: r.MaxLeadBids, Criteria: r.Criteria, URL: a.fundingRoundURL(r.ID)}
	if r.HasEOI() {
		t := atomTime(r.EOIClosesAt)
		out.EOIClosesAt = &t
	}
	if out.Criteria == nil {
		out.Criteria = []model.Criterion{}
	}
	return out
}

func (a *API) bidOut(b *model.Bid) bidOut {
	out := bidOut{ID: b.ID, RoundID: b.RoundID, Round: b.RoundName, Stage: b.Stage, Title: b.Title, Problem: b.Problem,
		Users: b.Users, Phase: b.Phase, Reuse: b.Reuse, Team: b.Team, Timeline: b.Timeline, Budget: b.Budget, Amount: b.Amount,
		Lead:     bidOrgOut{b.Lead.Name, b.Lead.Slug, a.orgURL(b.Lead.Slug)},
		Partners: make([]bidOrgOut, 0, len(b.Partners)), SubmittedAt: atomTime(b.SubmittedAt), Awarded: b.ShownAwarded(),
		URL: a.fundingBidURL(b)}
	if out.Budget == nil {
		out.Budget = []model.BudgetItem{}
	}
	if o := b.ShownOutcome(); o != "" {
		out.Outcome = &o
	}
	for _, p := range b.Partners {
		out.Partners = append(out.Partners, bidOrgOut{p.Name, p.Slug, a.orgURL(p.Slug)})
	}
	return out
}

// openedRounds are the rounds that have opened, newest first.
func (a *API) openedRounds(r *http.Request) ([]*model.FundingRound, error) {
	all, err := a.db.Rounds(r.Context())
	if err != nil {
		return nil, err
	}
	now := a.db.Now()
	var out []*model.FundingRound
	for _, rd := range all {
		if rd.Opened(now) {
			full, err := a.db.Round(r.Context(), rd.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, full)
		}
	}
	return out, nil
}

// FundingRounds serves the rounds that have opened, newest first, as JSON.
func (a *API) FundingRounds(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	rounds, err := a.openedRounds(r)
	if err != nil {
		WriteError(w, fmt.Errorf("api: funding rounds: %w", err), a.log)
		return
	}
	p := page[roundOut]{Total: len(rounds), Page: 1, PerPage: len(rounds), Data: make([]roundOut, 0, len(rounds))}
	for _, rd := range rounds {
		p.Data = append(p.Data, a.roundOut(rd))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

var roundsCSVHeader = []string{"id", "name", "opens_at", "eoi_closes_at", "closes_at", "decisions_expected_at",
	"cap_discovery", "cap_alpha", "cap_beta", "min_partners", "max_lead_bids", "criteria", "url"}

// FundingRoundsCSV serves the same rounds as a CSV file; criteria are "name: weight"
// joined by "; ".
func (a *API) FundingRoundsCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	rounds, err := a.openedRounds(r)
	if err != nil {
		WriteError(w, fmt.Errorf("api: funding rounds: %w", err), a.log)
		return
	}
	a.writeCSVFile(w, "funding-rounds.csv", roundsCSVHeader, len(rounds), func(i int, rec []string) {
		rd := rounds[i]
		var crit []string
		for _, c := range rd.Criteria {
			crit = append(crit, c.Name+": "+strconv.Itoa(c.Weight))
		}
		eoi := ""
		if rd.HasEOI() {
			eoi = atomTime(rd.EOIClosesAt)
		}
		copy(rec, []string{strconv.FormatInt(rd.ID, 10), rd.Name, atomTime(rd.OpensAt), eoi, atomTime(rd.ClosesAt),
			atomTime(rd.DecisionsAt), strconv.Itoa(rd.Caps[model.PhaseDiscovery]), strconv.Itoa(rd.Caps[model.PhaseAlpha]),
			strconv.Itoa(rd.Caps[model.PhaseBeta]), strconv.Itoa(rd.MinPartners), strconv.Itoa(rd.MaxLeadBids),
			strings.Join(crit, "; "), a.fundingRoundURL(rd.ID)})
	})
}

// publishedBids reads round (a round's id, optional) and lists the published bids.
func (a *API) publishedBids(r *http.Request) ([]*model.Bid, url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, nil, errBadQueryString
	}
	q := store.BidQuery{Published: true, Now: a.db.Now()}
	if s := v.Get("round"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			return nil, nil, model.InvalidParam("round", model.ReasonWholeNumber, 1, 0, "api.errors.funding_round")
		}
		q.RoundID = id
	}
	bids, err := a.db.Bids(r.Context(), q)
	return bids, v, err
}

// FundingBids serves the published bids as JSON, by round (newest first) and title.
func (a *API) FundingBids(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	bids, _, err := a.publishedBids(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := page[bidOut]{Total: len(bids), Page: 1, PerPage: len(bids), Data: make([]bidOut, 0, len(bids))}
	for _, b := range bids {
		p.Data = append(p.Data, a.bidOut(b))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

var bidsCSVHeader = []string{"id", "round_id", "round", "stage", "title", "phase", "lead", "partners", "amount",
	"submitted_at", "outcome", "awarded", "url"}

// FundingBidsCSV serves the same bids as a CSV file; partners are joined by "; ".
func (a *API) FundingBidsCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	bids, _, err := a.publishedBids(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "funding-bids.csv", bidsCSVHeader, len(bids), func(i int, rec []string) {
		b := bids[i]
		var partners []string
		for _, p := range b.Partners {
			partners = append(partners, p.Name)
		}
		copy(rec, []string{strconv.FormatInt(b.ID, 10), strconv.FormatInt(b.RoundID, 10), b.RoundName, b.Stage, b.Title, b.Phase,
			b.Lead.Name, strings.Join(partners, "; "), strconv.Itoa(b.Amount), atomTime(b.SubmittedAt), b.ShownOutcome(),
			strconv.Itoa(b.ShownAwarded()), a.fundingBidURL(b)})
	})
}

// FundingAtom serves the published bids, newest first, as an Atom feed.
func (a *API) FundingAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	bids, v, err := a.publishedBids(r)
	if err == nil && len(bids) > feedEntries {
		bids = bids[:feedEntries]
	}
	if model.ErrorCode(err) == model.EINVALID {
		WriteError(w, err, a.log)
		return
	}
	serveFeed(a, w, fundingFeed, v, bids, err, func(b *model.Bid) (atomEntry, time.Time) {
		updated := b.SubmittedAt
		if b.OutcomesPublished && b.DecidedAt.After(updated) {
			updated = b.DecidedAt
		}
		e := atomEntry{ID: a.fundingBidURL(b), Title: b.Title, Updated: atomTime(updated), Published: atomTime(b.SubmittedAt),
			Summary: locale.English.T("api.feeds.funding.summary", "Lead", b.Lead.Name, "Round", b.RoundName,
				"Amount", model.Pounds(b.Amount), "Outcome", model.OutcomeName(b.ShownOutcome())),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: a.fundingBidURL(b)}}
		e.Authors = append(e.Authors, atomAuthor{Name: b.Lead.Name})
		for _, p := range b.Partners {
			e.Authors = append(e.Authors, atomAuthor{Name: p.Name})
		}
		return e, updated
	})
}

var fundingFeed = feedSpec{what: "funding", path: PathFundingFeed, page: pathFundingPage,
	title: model.Msg{Key: "api.feeds.funding.title"}, rights: model.Msg{Key: "api.feeds.rights"}}
