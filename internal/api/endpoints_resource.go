package api

// resourceEndpoints lists this feature's open data endpoints.
func (a *API) resourceEndpoints() []Endpoint { return nil }
