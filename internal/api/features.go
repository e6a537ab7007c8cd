package api

import "net/http"

// Endpoint is one read-only open data path and its handler.
type Endpoint struct {
	Path    string
	Handler http.HandlerFunc
}

// featureEndpoints gathers the open data of each feature (resources, case studies,
// events), each listed in its own file.
func (a *API) featureEndpoints() []Endpoint {
	var out []Endpoint
	for _, f := range []func() []Endpoint{a.resourceEndpoints, a.caseStudyEndpoints, a.eventEndpoints} {
		out = append(out, f()...)
	}
	return out
}
