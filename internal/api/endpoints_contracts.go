package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// Paths of the contract register's open data.
const (
	PathContractsEnding    = "/api/v1/contracts/ending-together"
	PathContractsMarket    = "/api/v1/contracts/market"
	PathContractsMarketCSV = "/api/v1/contracts/market.csv"
)

// ContractsPart is the contract register's open data, described in
// openapi_parts/contracts.json. It counts only public contracts.
func (a *API) ContractsPart() Part {
	return Part{OpenAPI: "contracts.json", Endpoints: []Endpoint{
		{PathContractsEnding, a.ContractsEnding, model.ContractEndingParams},
		{PathContractsMarket, a.ContractsMarket, []string{"category"}},
		{PathContractsMarketCSV, a.ContractsMarketCSV, []string{"category"}},
	}}
}

type endingOut struct {
	Organisation orgRefOut `json:"organisation"`
	Region       string    `json:"region"`
	Supplier     string    `json:"supplier"`
	EndDate      string    `json:"end_date"`
}

type orgRefOut struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

type endingPage struct {
	Category   string      `json:"category"`
	From       string      `json:"from"`
	To         string      `json:"to"`
	Extensions bool        `json:"extensions"`
	Total      int         `json:"total"`
	Data       []endingOut `json:"data"`
}

// ContractsEnding serves the public contracts in a category ending in a window of up to
// 12 months (?category=&from=YYYY-MM&to=YYYY-MM&extensions=true), by region.
func (a *API) ContractsEnding(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		WriteError(w, errBadQueryString, a.log)
		return
	}
	q, err := model.ParseEndingQuery(v, a.db.Now(), false)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	rows, err := a.db.ContractsEnding(r.Context(), q)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := endingPage{Category: q.Category, From: q.From.Format(model.ContractDate), To: q.To.Format(model.ContractDate),
		Extensions: q.Extensions, Total: len(rows), Data: make([]endingOut, 0, len(rows))}
	for _, e := range rows {
		p.Data = append(p.Data, endingOut{Organisation: orgRefOut{e.OrganisationName, e.OrganisationSlug, a.orgURL(e.OrganisationSlug)},
			Region: e.Region, Supplier: e.Supplier, EndDate: e.End.Format(model.ContractDate)})
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

type marketOut struct {
	Category      string `json:"category"`
	Supplier      string `json:"supplier"`
	Organisations int    `json:"organisations"`
	Contracts     int    `json:"contracts"`
	EarliestEnd   string `json:"earliest_end_date"`
}

type marketPage struct {
	Total   int         `json:"total"`
	Counted int         `json:"contracts_counted"`
	LeftOut int         `json:"contracts_left_out"`
	Data    []marketOut `json:"data"`
}

// market reads the market for the request's category ("" for every one).
func (a *API) market(r *http.Request) (model.Market, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return model.Market{}, errBadQueryString
	}
	cat := v.Get("category")
	if _, ok := model.LookupContractCategory(cat); cat != "" && !ok {
		return model.Market{}, model.InvalidParam("category", model.ReasonNotAnOption, 0, 0, "contracts.query.category")
	}
	return a.db.ContractMarket(r.Context(), cat)
}

func marketOf(row model.MarketRow) marketOut {
	return marketOut{Category: row.Category, Supplier: row.Supplier, Organisations: row.Organisations,
		Contracts: row.Contracts, EarliestEnd: row.EarliestEnd.Format(model.ContractDate)}
}

// ContractsMarket serves, for each category, the suppliers by how many organisations
// hold a public contract with them, with the earliest end; and how many contracts were
// left out because they are not public.
func (a *API) ContractsMarket(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	m, err := a.market(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	p := marketPage{Total: len(m.Rows), Counted: m.Counted, LeftOut: m.LeftOut, Data: make([]marketOut, 0, len(m.Rows))}
	for _, row := range m.Rows {
		p.Data = append(p.Data, marketOf(row))
	}
	writeJSON(w, http.StatusOK, p, a.log)
}

// marketCSVHeader names the market CSV's columns. The order is part of the published contract.
var marketCSVHeader = []string{"category", "supplier", "organisations", "contracts", "earliest_end_date"}

// ContractsMarketCSV serves the same rows as ContractsMarket as a CSV file.
func (a *API) ContractsMarketCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	m, err := a.market(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "contracts-market.csv", marketCSVHeader, len(m.Rows), func(i int, rec []string) {
		o := marketOf(m.Rows[i])
		copy(rec, []string{o.Category, o.Supplier, strconv.Itoa(o.Organisations), strconv.Itoa(o.Contracts), o.EarliestEnd})
	})
}
