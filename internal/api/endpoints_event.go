package api

// eventEndpoints lists this feature's open data endpoints.
func (a *API) eventEndpoints() []Endpoint { return nil }
