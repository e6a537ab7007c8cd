package api

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

// Part is one feature's open data: its endpoints, and the file in openapi_parts/ that
// describes them. The web package's features each hold theirs, and the server mounts
// them all with Routes.
type Part struct {
	Endpoints []Endpoint
	// OpenAPI names the file in openapi_parts/ describing Endpoints; "" when they are in
	// openapi.json itself (the register).
	OpenAPI string
}

// Endpoint is one read-only open data path and its handler.
type Endpoint struct {
	Path    string
	Handler http.HandlerFunc
	// Params are the query parameters it reads: the site caches its answers only for
	// addresses with no other parameter. A parameter missing here only costs the cache,
	// never a wrong answer.
	Params []string
}

// RegisterPart is the register's open data: signatories, organisations and the feed of
// signatures, described in openapi.json.
func (a *API) RegisterPart() Part {
	return Part{Endpoints: []Endpoint{
		{PathSignatories, a.Signatories, registerHistoryParams},
		{PathSignatoriesCSV, a.SignatoriesCSV, registerHistoryParams},
		{PathOrganisations, a.Organisations, model.RegisterQueryParams},
		{PathSignatoriesFeed, a.SignatoriesAtom, model.RegisterQueryParams},
	}}
}

// registerHistoryParams are the register's parameters and include=history.
var registerHistoryParams = append(append([]string{}, model.RegisterQueryParams...), "include")
