package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

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
	q.Sort, q.Page, q.PerPage = model.SortResourcesNewest, 1, feedEntries
	rows, _, err := a.db.ListResources(r.Context(), q, false)
	serveFeed(a, w, resourcesFeed, q.Values(), rows, err, func(r *model.Resource) (atomEntry, time.Time) {
		return a.resourceEntry(r), r.UpdatedAt
	})
}

var resourcesFeed = feedSpec{what: "resources", path: PathResourcesFeed, page: pathResourcesPage,
	title: model.Msg{Key: "api.feeds.resources.title"}, rights: model.Msg{Key: "api.feeds.resources.rights"}}

// resourceEntry is one resource: its organisations as authors (the service when none),
// its type as category.
func (a *API) resourceEntry(r *model.Resource) atomEntry {
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
	return e
}
