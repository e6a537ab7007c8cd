package api

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// pathRegisterPage is the register's HTML page, which takes the same filters.
const pathRegisterPage = "/signatories"

// feedEntries is how many of the newest entries a feed holds.
const feedEntries = 50

// The Atom 1.0 document (RFC 4287). encoding/xml escapes every name and title, so
// "Telford & Wrekin" cannot break the feed.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Rights  string      `xml:"rights"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

// atomEntry is one entry of any of the platform's feeds (signatories, resources, case
// studies); empty authors, categories and content are left out.
type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Link       atomLink       `xml:"link"`
	Authors    []atomAuthor   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary"`
	Content    *atomContent   `xml:"content,omitempty"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// SignatoriesAtom serves the newest published signatures as an Atom feed, so that people
// can follow the register in a feed reader. It takes the register's filters (q, type,
// nation, region, year), so that, say, Welsh councils have a feed of their own.
func (a *API) SignatoriesAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	q, _, err := parseQuery(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	q.Signed, q.Sort, q.Page, q.PerPage = "", model.SortNewest, 1, feedEntries
	rows, _, err := a.db.ListRegister(r.Context(), q, store.ModePublished)
	serveFeed(a, w, signatoriesFeed, q.Values(), rows, err, a.entry)
}

var signatoriesFeed = feedSpec{what: "signatories", path: PathSignatoriesFeed, page: pathRegisterPage,
	title: model.Msg{Key: "api.feeds.signatories.title"}, rights: model.Msg{Key: "api.feeds.rights"}}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// feedSpec is one of the platform's feeds: what it holds (for the log), its address and
// its HTML page's, its title and its rights statement.
type feedSpec struct {
	what, path, page string
	title, rights    model.Msg
}

// serveFeed answers with the feed of rows, read with the filters v, or with err when
// reading them failed; entry gives a row's entry and the time the row last changed. The
// feed's id is its own address with the filters, which is stable and different for each
// filtered feed; it links to its HTML page with the same filters.
func serveFeed[T any](a *API, w http.ResponseWriter, spec feedSpec, v url.Values, rows []T, err error, entry func(T) (atomEntry, time.Time)) {
	if err != nil {
		WriteError(w, fmt.Errorf("api: %s feed: %w", spec.what, err), a.log)
		return
	}
	for _, k := range []string{"sort", "page", "per_page"} {
		v.Del(k)
	}
	self := a.absURL(spec.path, v)
	f := atomFeed{
		ID:    self,
		Title: locale.English.Msg(spec.title),
		Link: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: a.absURL(spec.page, v)},
		},
		Author:  atomAuthor{Name: locale.English.T("api.feeds.author")},
		Rights:  locale.English.Msg(spec.rights),
		Entries: make([]atomEntry, 0, len(rows)),
	}
	var updated time.Time
	for _, row := range rows {
		e, at := entry(row)
		f.Entries = append(f.Entries, e)
		if at.After(updated) {
			updated = at
		}
	}
	if updated.IsZero() {
		updated = time.Now()
	}
	f.Updated = atomTime(updated)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if err := writeXML(w, f); err != nil {
		a.log.Warn("api: write "+spec.what+" feed", "err", err)
	}
}

// entry is one signature. Its id stays the same when the signature is withdrawn, so that
// a feed reader shows the withdrawal as a change to the entry it already has.
func (a *API) entry(r model.SignatoryRow) (atomEntry, time.Time) {
	o := &r.Organisation
	title := locale.English.T("api.feeds.signatories.signed", "Name", o.Name)
	updated := r.SignedAt
	if r.Status == model.SigWithdrawn {
		title = locale.English.T("api.feeds.signatories.withdrew", "Name", o.Name)
		if !r.WithdrawnAt.IsZero() {
			updated = r.WithdrawnAt
		}
	}
	page := a.orgURL(o.Slug)
	return atomEntry{
		ID:         page + "#signature-" + strconv.FormatInt(r.SignatureID, 10),
		Title:      title,
		Updated:    atomTime(updated),
		Published:  atomTime(r.SignedAt),
		Link:       atomLink{Rel: "alternate", Type: "text/html", Href: page},
		Categories: []atomCategory{{Term: o.TypeCode, Label: o.TypeName}},
		Summary:    locale.English.T("api.feeds.signatories.commitment", "Title", r.Title),
	}, updated
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
