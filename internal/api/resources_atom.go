package api

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const resourcesFeedTitle = "Local Digital: new resources"

// resourceFeed is an Atom 1.0 document (RFC 4287) of new resources.
type resourceFeed struct {
	XMLName xml.Name        `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string          `xml:"id"`
	Title   string          `xml:"title"`
	Updated string          `xml:"updated"`
	Link    []atomLink      `xml:"link"`
	Author  atomAuthor      `xml:"author"`
	Rights  string          `xml:"rights"`
	Entries []resourceEntry `xml:"entry"`
}

type resourceEntry struct {
	ID        string         `xml:"id"`
	Title     string         `xml:"title"`
	Updated   string         `xml:"updated"`
	Published string         `xml:"published"`
	Link      atomLink       `xml:"link"`
	Authors   []atomAuthor   `xml:"author"`
	Category  []atomCategory `xml:"category"`
	Summary   string         `xml:"summary"`
}

// resourceFeedEntries is how many of the newest resources the feed holds.
const resourceFeedEntries = 50

// ResourcesAtom serves the newest resources as an Atom feed. It takes the library's
// filters (q, type, principle, service, licence, organisation), so that, say, procurement
// briefs have a feed of their own. Hidden resources are never in it.
func (a *API) ResourcesAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		WriteError(w, errBadQueryString, a.log)
		return
	}
	q, err := model.ParseResourceQuery(v)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	q.Sort, q.Page, q.PerPage = model.SortResourcesNewest, 1, resourceFeedEntries
	rows, _, err := a.db.ListResources(r.Context(), q, false)
	if err != nil {
		WriteError(w, fmt.Errorf("api: resources feed: %w", err), a.log)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if err := writeXML(w, a.resourceFeed(q, rows)); err != nil {
		a.log.Warn("api: write resources feed", "err", err)
	}
}

func (a *API) resourceFeed(q model.ResourceQuery, rows []*model.Resource) resourceFeed {
	v := q.Values()
	for _, k := range []string{"sort", "page", "per_page"} {
		v.Del(k)
	}
	self := a.absURL(PathResourcesFeed, v)
	f := resourceFeed{
		ID:    self,
		Title: resourcesFeedTitle,
		Link: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: a.absURL(pathResourcesPage, v)},
		},
		Author:  atomAuthor{Name: feedAuthor},
		Rights:  "Each resource is shared under the licence given in its entry.",
		Entries: make([]resourceEntry, 0, len(rows)),
	}
	var updated time.Time
	for _, r := range rows {
		page := a.resourceURL(r.ID)
		e := resourceEntry{ID: page, Title: r.Title, Updated: atomTime(r.UpdatedAt), Published: atomTime(r.CreatedAt),
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: page},
			Category: []atomCategory{{Term: r.Type, Label: r.TypeName()}},
			Summary:  r.Summary + "\n\nLicence: " + r.LicenceName()}
		for _, o := range r.Organisations {
			e.Authors = append(e.Authors, atomAuthor{Name: o.Name})
		}
		if len(e.Authors) == 0 {
			e.Authors = []atomAuthor{{Name: feedAuthor}}
		}
		f.Entries = append(f.Entries, e)
		if r.UpdatedAt.After(updated) {
			updated = r.UpdatedAt
		}
	}
	if updated.IsZero() {
		updated = time.Now()
	}
	f.Updated = atomTime(updated)
	return f
}
