package api

// caseStudyEndpoints lists this feature's open data endpoints.
func (a *API) caseStudyEndpoints() []Endpoint { return nil }
