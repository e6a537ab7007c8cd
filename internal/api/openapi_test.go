package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// openAPI is the part of the document the tests read.
type openAPI struct {
	OpenAPI string `json:"openapi"`
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Parameters map[string]struct {
			Name   string  `json:"name"`
			In     string  `json:"in"`
			Schema *schema `json:"schema"`
		} `json:"parameters"`
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Ref        string             `json:"$ref"`
	Enum       []string           `json:"enum"`
	AllOf      []*schema          `json:"allOf"`
	Properties map[string]*schema `json:"properties"`
	Required   []string           `json:"required"`
}

func served(t *testing.T) openAPI {
	t.Helper()
	f := newFixture(t)
	w := f.get(t, "/api/v1/openapi.json")
	checkHeaders(t, w, 200, jsonType)
	var doc openAPI
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return doc
}

// apiPaths are the paths Routes serves GET on, leaving out the /api/ catch-all.
func apiPaths(t *testing.T, a *API) []string {
	var out []string
	for _, rt := range routes(t, a) {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method == "GET" && !strings.HasSuffix(path, "/") {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIPaths(t *testing.T) {
	doc := served(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != testBase {
		t.Errorf("servers = %+v, want %s", doc.Servers, testBase)
	}
	var described []string
	for path, ops := range doc.Paths {
		described = append(described, path)
		if _, ok := ops["get"]; !ok {
			t.Errorf("%s: no get operation", path)
		}
	}
	sort.Strings(described)
	if routes := apiPaths(t, New(nil, testBase, nil)); !reflect.DeepEqual(routes, described) {
		t.Errorf("served GET paths %q, described %q", routes, described)
	}
}

func TestOpenAPIEnumsMatchModel(t *testing.T) {
	doc := served(t)
	var types []string
	for _, ot := range model.OrgTypes {
		types = append(types, ot.Code)
	}
	tests := []struct {
		param string
		want  []string
	}{
		{"type", types},
		{"nation", model.Nations},
		{"region", model.Regions},
		{"sort", []string{model.SortName, model.SortNewest, model.SortOldest}},
		{"signed", []string{"yes", "no"}},
	}
	for _, tt := range tests {
		p, ok := doc.Components.Parameters[tt.param]
		if !ok || p.Schema == nil {
			t.Errorf("parameter %s is not described", tt.param)
			continue
		}
		if got := resolve(doc, p.Schema).Enum; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s enum = %q, want %q", tt.param, got, tt.want)
		}
	}
	status := resolve(doc, doc.Components.Schemas["Signature"]).Properties["status"].Enum
	if !reflect.DeepEqual(status, []string{model.SigVerified, model.SigWithdrawn}) {
		t.Errorf("signature status enum = %q", status)
	}
	errCodes := doc.Components.Schemas["Error"].Properties["error"].Properties["code"].Enum
	if !reflect.DeepEqual(errCodes, []string{model.EINVALID, model.ENOTFOUND, model.EINTERNAL}) {
		t.Errorf("error codes = %q", errCodes)
	}
}

// Every field of a real response is described, and every described field is sent.
func TestOpenAPIDescribesResponses(t *testing.T) {
	f := newFixture(t)
	doc := served(t)
	tests := []struct {
		path, schema string
	}{
		{"/api/v1/signatories", "Signatory"},
		{"/api/v1/organisations", "OrganisationEntry"},
	}
	for _, tt := range tests {
		var body struct {
			Data  []map[string]json.RawMessage `json:"data"`
			Links map[string]json.RawMessage   `json:"links"`
		}
		if err := json.Unmarshal(f.get(t, tt.path).Body.Bytes(), &body); err != nil || len(body.Data) == 0 {
			t.Fatalf("%s: %v, %d rows", tt.path, err, len(body.Data))
		}
		want := properties(doc, doc.Components.Schemas[tt.schema])
		for _, row := range body.Data {
			if got := keys(row); !reflect.DeepEqual(got, want) {
				t.Errorf("%s row fields %q, described %q", tt.path, got, want)
			}
		}
		links := properties(doc, doc.Components.Schemas["Links"])
		for k := range body.Links {
			if !slices.Contains(links, k) {
				t.Errorf("%s: link %q is not described", tt.path, k)
			}
		}
	}
}

func resolve(doc openAPI, s *schema) *schema {
	for s != nil && s.Ref != "" {
		s = doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

// properties lists a schema's property names, following $ref and allOf.
func properties(doc openAPI, s *schema) []string {
	s = resolve(doc, s)
	var out []string
	for k := range s.Properties {
		out = append(out, k)
	}
	for _, part := range s.AllOf {
		out = append(out, properties(doc, part)...)
	}
	sort.Strings(out)
	return out
}

func keys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIWithoutBaseURL(t *testing.T) {
	got, err := openAPIDocument("", parts(New(nil, "", nil)))
	if err != nil || !json.Valid(got) {
		t.Errorf("embedded document is not valid JSON: %v", err)
	}
}

// TestOpenAPIParts: a part names a file that describes it; a missing file, or a path
// described by two parts, is refused when the routes are made.
func TestOpenAPIParts(t *testing.T) {
	a := New(nil, testBase, nil)
	tests := []struct {
		name  string
		parts []Part
		ok    bool
	}{
		{"every part", parts(a), true},
		{"the register alone", []Part{a.RegisterPart()}, true},
		{"a missing file", []Part{{OpenAPI: "no-such-part.json"}}, false},
		{"a path described twice", []Part{a.ResourcesPart(), a.ResourcesPart()}, false},
	}
	for _, tc := range tests {
		_, err := a.Routes(tc.parts...)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v", tc.name, err)
		}
	}
}
