// Package api serves the platform's open data: the register of signatories and the
// organisation list as JSON and CSV, an Atom feed of signatures, and the OpenAPI document
// that describes them. Everything here is public and read-only, so any site may read it
// (CORS "*"), and nothing is cached, because a signature verified a moment ago must show
// on the very next request.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/store"
)

// Paths of the open data. They are a published contract: change them only by adding a
// new version beside the old.
const (
	PathSignatories     = "/api/v1/signatories"
	PathSignatoriesCSV  = "/api/v1/signatories.csv"
	PathOrganisations   = "/api/v1/organisations"
	PathSignatoriesFeed = "/feeds/signatories.atom"
	PathOpenAPI         = "/api/v1/openapi.json"
)

// API answers the open data requests from the store.
type API struct {
	db      *store.DB
	baseURL string
	log     *slog.Logger
}

// New returns the API. baseURL is the public address of the site (such as
// https://localdigital.gov.uk), which every link in a response starts with, so that data
// copied elsewhere still points home.
func New(db *store.DB, baseURL string, log *slog.Logger) *API {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	base := strings.TrimRight(baseURL, "/")
	return &API{db: db, baseURL: base, log: log}
}

// Route is one entry for the web package's route table.
type Route struct {
	Pattern string
	Handler http.HandlerFunc
	// Params are the query parameters a GET reads: the site caches its answers only for
	// addresses with no other parameter.
	Params []string
}

// Routes lists the API's Go 1.22 ServeMux patterns for parts, so that the site keeps a
// single route table: each data path answers GET and an OPTIONS preflight, the OpenAPI
// document describes every part, and any other GET under /api/ is a JSON 404 rather than
// the site's HTML page.
func (a *API) Routes(parts ...Part) ([]Route, error) {
	doc, err := openAPIDocument(a.baseURL, parts)
	if err != nil {
		return nil, err
	}
	endpoints := []Endpoint{{Path: PathOpenAPI, Handler: a.serveOpenAPI(doc)}}
	for _, p := range parts {
		endpoints = append(endpoints, p.Endpoints...)
	}
	routes := make([]Route, 0, 2*len(endpoints)+1)
	for _, e := range endpoints {
		routes = append(routes,
			Route{Pattern: "GET " + e.Path, Handler: e.Handler, Params: e.Params},
			Route{Pattern: "OPTIONS " + e.Path, Handler: a.Preflight})
	}
	return append(routes, Route{Pattern: "GET /api/", Handler: a.NotFound}), nil
}

// setHeaders marks a response as public, uncached and not to be sniffed.
func setHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
}

// Preflight answers a browser's CORS check before a cross-origin GET. No credentials are
// ever involved, so any request header may be sent.
func (a *API) Preflight(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "*")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// NotFound answers a GET for an API path that does not exist with a JSON error, which a
// client can read, instead of the site's HTML 404 page.
func (a *API) NotFound(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	WriteError(w, errNoEndpoint, a.log)
}
