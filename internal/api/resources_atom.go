package api

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

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

func (a *API) resourceFeed(q model.ResourceQuery, rows []*model.Resource) atomFeed {
	v := q.Values()
	for _, k := range []string{"sort", "page", "per_page"} {
		v.Del(k)
	}
	self := a.absURL(PathResourcesFeed, v)
	f := atomFeed{
		ID:    self,
		Title: locale.English.T("api.feeds.resources.title"),
		Link: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: a.absURL(pathResourcesPage, v)},
		},
		Author:  atomAuthor{Name: locale.English.T("api.feeds.author")},
		Rights:  locale.English.T("api.feeds.resources.rights"),
		Entries: make([]atomEntry, 0, len(rows)),
	}
	var updated time.Time
	for _, r := range rows {
		page := a.resourceURL(r.ID)
		e := atomEntry{ID: page, Title: r.Title, Updated: atomTime(r.UpdatedAt), Published: atomTime(r.CreatedAt),
			Link:       atomLink{Rel: "alternate", Type: "text/html", Href: page},
			Categories: []atomCategory{{Term: r.Type, Label: locale.English.Msg(r.TypeName())}},
			Summary:    locale.English.T("api.feeds.resources.summary", "Summary", r.Summary, "Licence", r.LicenceName())}
		for _, o := range r.Organisations {
			e.Authors = append(e.Authors, atomAuthor{Name: o.Name})
		}
		if len(e.Authors) == 0 {
			e.Authors = []atomAuthor{{Name: locale.English.T("api.feeds.author")}}
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
