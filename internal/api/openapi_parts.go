package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
)

// Each feature describes its own endpoints in openapi_parts/<feature>.json, holding
// {"paths": {...}, "components": {"schemas": {...}, "parameters": {...}}}, named by its
// Part; Routes merges the parts it mounts into openapi.json, so features can grow side
// by side.
//
//go:embed all:openapi_parts
var openAPIParts embed.FS

type openAPIPart struct {
	Paths      map[string]json.RawMessage            `json:"paths"`
	Components map[string]map[string]json.RawMessage `json:"components"`
}

// mergeOpenAPI adds the paths and components of the named parts to the base document.
func mergeOpenAPI(base []byte, parts fs.FS, names []string) (openAPIDoc, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(base, &doc); err != nil {
		return openAPIDoc{}, fmt.Errorf("api: openapi.json: %w", err)
	}
	var all openAPIPart
	if err := json.Unmarshal(doc["paths"], &all.Paths); err != nil {
		return openAPIDoc{}, fmt.Errorf("api: openapi.json paths: %w", err)
	}
	if err := json.Unmarshal(doc["components"], &all.Components); err != nil {
		return openAPIDoc{}, fmt.Errorf("api: openapi.json components: %w", err)
	}
	for _, name := range names {
		if err := addPart(&all, parts, name); err != nil {
			return openAPIDoc{}, err
		}
	}
	var err error
	if doc["paths"], err = json.Marshal(all.Paths); err != nil {
		return openAPIDoc{}, err
	}
	if doc["components"], err = json.Marshal(all.Components); err != nil {
		return openAPIDoc{}, err
	}
	return orderedDoc(doc), nil
}

func addPart(all *openAPIPart, parts fs.FS, name string) error {
	b, err := fs.ReadFile(parts, name)
	if err != nil {
		return err
	}
	var p openAPIPart
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("api: %s: %w", name, err)
	}
	for k, v := range p.Paths {
		if _, dup := all.Paths[k]; dup {
			return fmt.Errorf("api: %s: path %s is described twice", name, k)
		}
		all.Paths[k] = v
	}
	for kind, entries := range p.Components {
		if all.Components[kind] == nil {
			all.Components[kind] = map[string]json.RawMessage{}
		}
		for k, v := range entries {
			all.Components[kind][k] = v
		}
	}
	return nil
}

// orderedDoc keeps the document's top-level keys in the usual OpenAPI order.
func orderedDoc(doc map[string]json.RawMessage) openAPIDoc {
	var d openAPIDoc
	d.OpenAPI, d.Info, d.Tags, d.Paths, d.Components = doc["openapi"], doc["info"], doc["tags"], doc["paths"], doc["components"]
	json.Unmarshal(doc["servers"], &d.Servers)
	return d
}
