package api

import (
	_ "embed"
	"encoding/json"
	"log/slog"
	"net/http"
)

// openAPIJSON describes every endpoint in Routes. TestOpenAPI checks the two agree, and
// that its enums are the model's lists.
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

// openAPIDocument returns the document with this site's address as its server, so that
// tools which read it call this site. It falls back to the document as embedded.
func openAPIDocument(baseURL string, log *slog.Logger) []byte {
	if baseURL == "" {
		return openAPIJSON
	}
	var doc openAPIDoc
	if err := json.Unmarshal(openAPIJSON, &doc); err != nil {
		log.Error("api: read embedded OpenAPI document", "err", err)
		return openAPIJSON
	}
	doc.Servers = []openAPIServer{{URL: baseURL, Description: "This site"}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		log.Error("api: write OpenAPI document", "err", err)
		return openAPIJSON
	}
	return append(b, '\n')
}

// OpenAPI serves the OpenAPI 3.0 description of the open data.
func (a *API) OpenAPI(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if _, err := w.Write(a.openapi); err != nil {
		a.log.Warn("api: write OpenAPI document", "err", err)
	}
}
