package api

import "github.com/localdigital/localdigital/internal/model"

// queryParams are the query parameters each GET path reads, for Route.Params. A path
// not listed reads none. A parameter missing here only costs the cache, never a wrong
// answer: the address is then served afresh.
var queryParams = map[string][]string{
	PathSignatories:     registerHistoryParams,
	PathSignatoriesCSV:  registerHistoryParams,
	PathOrganisations:   model.RegisterQueryParams,
	PathSignatoriesFeed: model.RegisterQueryParams,
	PathCaseStudies:     model.CaseStudyQueryParams,
	PathCaseStudiesFeed: model.CaseStudyQueryParams,
	PathEvents:          model.EventQueryParams,
	PathEventsCSV:       model.EventQueryParams,
	PathEventsTakeUp:    {"organisation"},
	PathResources:       model.ResourceQueryParams,
	PathResourcesCSV:    model.ResourceQueryParams,
	PathResourcesFeed:   model.ResourceQueryParams,
}

// registerHistoryParams are the register's parameters and include=history.
var registerHistoryParams = append(append([]string{}, model.RegisterQueryParams...), "include")
