package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
)

// openAPIJSON describes the register's endpoints; each feature's part adds its own (see
// openapi_parts.go). TestOpenAPI checks the document and the routes agree, and that its
// enums are the model's lists.
//
//go:embed openapi.json
var openAPIJSON []byte

// openAPIDoc keeps the document's top-level order and leaves each part as written, so
// that only the server address changes.
type openAPIDoc struct {
	OpenAPI    json.RawMessage `json:"openapi"`
	Info       json.RawMessage `json:"info"`
	Servers    []openAPIServer `json:"servers"`
	Tags       json.RawMessage `json:"tags,omitempty"`
	Paths      json.RawMessage `json:"paths"`
	Components json.RawMessage `json:"components"`
}

type openAPIServer struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// openAPIDocument is openapi.json with every part's paths and components added, and
// this site's address as its server (when known), so that tools which read it call
// this site.
func openAPIDocument(baseURL string, parts []Part) ([]byte, error) {
	var names []string
	for _, p := range parts {
		if p.OpenAPI != "" {
			names = append(names, "openapi_parts/"+p.OpenAPI)
		}
	}
	doc, err := mergeOpenAPI(openAPIJSON, openAPIParts, names)
	if err != nil {
		return nil, err
	}
	if baseURL != "" {
		doc.Servers = []openAPIServer{{URL: baseURL, Description: "This site"}}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("api: write OpenAPI document: %w", err)
	}
	return append(b, '\n'), nil
}

// serveOpenAPI serves doc, the OpenAPI 3.0 description of the open data.
func (a *API) serveOpenAPI(doc []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		setHeaders(w)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if _, err := w.Write(doc); err != nil {
			a.log.Warn("api: write OpenAPI document", "err", err)
		}
	}
}
