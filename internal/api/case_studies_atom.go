package api

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// CaseStudiesAtom serves the newest published case studies as an Atom feed. It takes the
// list's filters (q, principle, service, organisation), so that, say, one council's case
// studies have a feed of their own.
func (a *API) CaseStudiesAtom(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	q, err := caseStudyQuery(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	q.Sort, q.Page, q.PerPage = model.SortNewest, 1, feedEntries
	list, _, err := a.db.ListCaseStudies(r.Context(), q)
	serveFeed(a, w, caseStudiesFeed, q.Values(), list, err, func(cs *model.CaseStudy) (atomEntry, time.Time) {
		return a.caseStudyEntry(cs), cs.UpdatedAt
	})
}

var caseStudiesFeed = feedSpec{what: "case studies", path: PathCaseStudiesFeed, page: pathCaseStudiesPage,
	title: model.Msg{Key: "api.feeds.case_studies.title"}, rights: model.Msg{Key: "api.feeds.rights"}}

// caseStudyEntry is one case study: its organisations as authors, its principles and
// services as categories, and its four sections as HTML content.
func (a *API) caseStudyEntry(cs *model.CaseStudy) atomEntry {
	e := atomEntry{ID: a.caseStudyURL(cs.ID), Title: cs.Title, Updated: atomTime(cs.UpdatedAt),
		Published: atomTime(cs.CreatedAt), Summary: cs.Summary,
		Link: atomLink{Rel: "alternate", Type: "text/html", Href: a.caseStudyURL(cs.ID)}}
	for _, o := range cs.Organisations {
		e.Authors = append(e.Authors, atomAuthor{Name: o.Name})
	}
	for _, p := range cs.PrincipleTags() {
		e.Categories = append(e.Categories, atomCategory{Term: fmt.Sprintf("principle-%d", p.Number), Label: locale.English.Msg(p.Name)})
	}
	for _, s := range cs.Services {
		e.Categories = append(e.Categories, atomCategory{Term: fmt.Sprintf("lgsl-%d", s.Code), Label: s.Label})
	}
	var b strings.Builder
	sections := map[string]string{"problem": cs.HTML.Problem, "approach": cs.HTML.Approach,
		"outcomes": cs.HTML.Outcomes, "lessons": cs.HTML.Lessons}
	for _, s := range model.CaseStudySections {
		b.WriteString("<h2>" + html.EscapeString(locale.English.Msg(s.Label)) + "</h2>\n" + a.feedHTML(sections[s.Field]) + "\n")
	}
	e.Content = &atomContent{Type: "html", Body: b.String()}
	return e
}

// feedHTML makes a section's HTML fit for feed readers and the JSON API's users, which
// show it elsewhere and fetch the images it names when a person reads it: an image of this site gets its full address, and any
// other image is left out, its alt text in its place, so that no other site learns who
// reads the feed. (Rendering shows only this site's images; this holds whatever HTML
// the entry carries.)
func (a *API) feedHTML(h string) string {
	z := xhtml.NewTokenizer(strings.NewReader(h))
	var b strings.Builder
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return b.String()
		}
		raw := string(z.Raw())
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.WriteString(raw)
			continue
		}
		tok := z.Token()
		if tok.Data != "img" {
			b.WriteString(raw)
			continue
		}
		var src, alt string
		for _, at := range tok.Attr {
			switch at.Key {
			case "src":
				src = at.Val
			case "alt":
				alt = at.Val
			}
		}
		if !model.IsSiteImage(src) {
			b.WriteString(html.EscapeString(alt))
			continue
		}
		b.WriteString(`<img src="` + html.EscapeString(a.baseURL+src) + `" alt="` + html.EscapeString(alt) + `">`)
	}
}
