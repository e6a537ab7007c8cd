package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Paths of joint briefs' open data: published (and closed) briefs only.
const (
	PathBriefs     = "/api/v1/briefs"
	PathBrief      = "/api/v1/briefs/{id}"
	PathBriefsFeed = "/feeds/briefs.atom"
	pathBriefsPage = "/briefs"
)

// BriefsPart is joint briefs' open data, described in openapi_parts/briefs.json.
func (a *API) BriefsPart() Part {
	return Part{OpenAPI: "briefs.json", Endpoints: []Endpoint{
		{PathBriefs, a.Briefs, nil},
		{PathBrief, a.Brief, nil},
		{PathBriefsFeed, a.BriefsAtom, nil},
	}}
}

// briefOrgOut is an organisation of a brief.
type briefOrgOut struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// briefOut is a brief as open data. Its fields are named as the Digital Marketplace
// names a Digital Outcomes brief's (lot "digital-outcomes"), so that a buyer can copy
// them into the procurement tool; the organisations, address and dates are ours.
type briefOut struct {
	ID                             int64         `json:"id"`
	URL                            string        `json:"url"`
	Status                         string        `json:"status"`
	Lot                            string        `json:"lot"`
	Title                          string        `json:"title"`
	Organisation                   string        `json:"organisation"`
	LeadOrganisation               briefOrgOut   `json:"leadOrganisation"`
	CoSigners                      []briefOrgOut `json:"coSigners"`
	BackgroundInformation          string        `json:"backgroundInformation"`
	Outcome                        string        `json:"outcome"`
	EndUsers                       string        `json:"endUsers"`
	EarlyMarketEngagement          string        `json:"earlyMarketEngagement"`
	WorkAlreadyDone                string        `json:"workAlreadyDone"`
	Phase                          string        `json:"phase"`
	ExistingTeam                   string        `json:"existingTeam"`
	Location                       string        `json:"location"`
	StartDate                      string        `json:"startDate"`
	ContractLength                 string        `json:"contractLength"`
	BudgetRange                    string        `json:"budgetRange"`
	SecurityClearance              string        `json:"securityClearance"`
	TechnicalWeighting             int           `json:"technicalWeighting"`
	CulturalWeighting              int           `json:"culturalWeighting"`
	PriceWeighting                 int           `json:"priceWeighting"`
	SocialValueWeighting           int           `json:"socialValueWeighting"`
	ClarificationQuestionsClosedAt string        `json:"clarificationQuestionsClosedAt"`
	Category                       string        `json:"category,omitempty"`
	Language                       string        `json:"language"`
	PublishedAt                    string        `json:"publishedAt"`
}

func (a *API) briefURL(id int64) string { return a.baseURL + "/briefs/" + strconv.FormatInt(id, 10) }

func (a *API) briefOut(b *model.Brief) briefOut {
	o := briefOut{ID: b.ID, URL: a.briefURL(b.ID), Status: b.Status, Lot: "digital-outcomes", Title: b.Title,
		Organisation:     b.OrganisationNames(),
		LeadOrganisation: briefOrgOut{b.Lead.Name, b.Lead.Slug, a.orgURL(b.Lead.Slug)}, CoSigners: []briefOrgOut{},
		BackgroundInformation: b.Background, Outcome: b.Outcome, EndUsers: b.EndUsers,
		EarlyMarketEngagement: b.EarlyMarketEngagement, WorkAlreadyDone: b.WorkAlreadyDone, Phase: b.Phase,
		ExistingTeam: b.ExistingTeam, Location: b.Location, StartDate: b.StartDate.Format(model.ContractDate),
		ContractLength: b.ContractLength, BudgetRange: b.BudgetRange, SecurityClearance: b.SecurityClearance,
		TechnicalWeighting: b.TechnicalWeighting, CulturalWeighting: b.CulturalWeighting, PriceWeighting: b.PriceWeighting,
		SocialValueWeighting: b.SocialValueWeighting, ClarificationQuestionsClosedAt: b.QuestionsDeadline.Format(model.ContractDate),
		Category: b.Category, Language: b.Language, PublishedAt: timestamp(b.PublishedAt)}
	for _, c := range b.CoSigners {
		o.CoSigners = append(o.CoSigners, briefOrgOut{c.OrganisationName, c.OrganisationSlug, a.orgURL(c.OrganisationSlug)})
	}
	return o
}

type briefsPage struct {
	Total int        `json:"total"`
	Data  []briefOut `json:"data"`
}

// Briefs serves every published brief, newest first.
func (a *API) Briefs(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	list, err := a.db.PublishedBriefs(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := briefsPage{Total: len(list), Data: make([]briefOut, 0, len(list))}
	for _, b := range list {
		p.Data = append(p.Data, a.briefOut(b))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

// errNoBrief is a brief that does not exist or is not published.
var errNoBrief = model.Errorf(model.ENOTFOUND, "briefs.errors.not_found")

// Brief serves one published brief, in the Digital Marketplace's field names.
func (a *API) Brief(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		WriteError(w, errNoBrief, a.log)
		return
	}
	b, err := a.db.Brief(r.Context(), id)
	if err == nil && !b.Public() {
		err = errNoBrief
	}
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	writeJSON(w, http.StatusOK, a.briefOut(b), a.log)
}

var briefsFeed = feedSpec{what: "briefs", path: PathBriefsFeed, page: pathBriefsPage,
	title: model.Msg{Key: "api.feeds.briefs.title"}, rights: model.Msg{Key: "api.feeds.rights"}}

// BriefsAtom serves the newest published briefs as an Atom feed.
func (a *API) BriefsAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	list, err := a.db.PublishedBriefs(r.Context())
	if len(list) > feedEntries {
		list = list[:feedEntries]
	}
	serveFeed(a, w, briefsFeed, r.URL.Query(), list, err, func(b *model.Brief) (atomEntry, time.Time) {
		e := atomEntry{ID: a.briefURL(b.ID), Title: b.Title, Updated: atomTime(b.UpdatedAt), Published: atomTime(b.PublishedAt),
			Summary: b.Outcome, Link: atomLink{Rel: "alternate", Type: "text/html", Href: a.briefURL(b.ID)}}
		for _, o := range b.Organisations() {
			e.Authors = append(e.Authors, atomAuthor{Name: o})
		}
		return e, b.UpdatedAt
	})
}
