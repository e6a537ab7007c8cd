package web

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

//go:embed templates
var templateFiles embed.FS

// page is what every template gets: the layout's needs plus the page's own Data.
type page struct {
	// Lang is the page's language (langOf), set by render.
	Lang        string
	Title       string
	Nav         string
	User        *model.User
	Flash       string
	Errors      *model.FieldErrors
	Form        map[string]string
	Breadcrumbs []crumb
	BackLink    string
	Data        any
	// Contact is the team's email address, for the footer and error pages.
	Contact string
	// Languages are this page in every language, for the toggle and the alternate links
	// (none on a language-neutral page); SiteURL is the base URL the latter start with.
	Languages []langLink
	SiteURL   string
	// Body, when set, is the page's main content already rendered (bodycache.go): the
	// layout shows it instead of the page's "content" template.
	Body template.HTML
}

// HeadTitle is the page's <title>: its title and the service's name, with "Error: " first
// when the form has errors.
func (p *page) HeadTitle() string {
	pr := locale.New(p.Lang)
	if p.Errors.Any() {
		return pr.T("layout.title_with_errors", "Title", p.Title)
	}
	return pr.T("layout.title", "Title", p.Title)
}

type crumb struct{ Text, Href string }

type navItem struct {
	Href, Text string
	Active     bool
}

// templateFuncs are the templates' functions, with t and tn writing the catalog's messages
// in the words of printer: {{t "errors.page.not_found"}}, {{t "key" "Name" .Name}},
// {{tn "events.places_left" .Places}}; thtml is for the few messages that hold markup (a
// link inside a sentence), whose arguments it escapes; tnhtml is tn for such a message.
func templateFuncs(a *assets, printer *locale.Printer) template.FuncMap {
	funcs := template.FuncMap{
		"t":     printer.T,
		"tn":    printer.N,
		"thtml": func(key string, args ...any) template.HTML { return template.HTML(printer.HTML(key, args...)) },
		"tnhtml": func(key string, n int, args ...any) template.HTML {
			return template.HTML(printer.N(key, n, escapeArgs(args)...))
		},
		"asset": a.URL,
		"nav": func(p *page, key, href, text string) navItem {
			return navItem{Href: href, Text: text, Active: p.Nav == key}
		},
		"dict":               dict,
		"date":               func(t time.Time) string { return date(printer, t) },
		"datetime":           func(t time.Time) string { return dateAndExactTime(printer, t) },
		"dayAndTime":         func(t time.Time) string { return dayAndTime(printer, t) },
		"when":               func(start, end time.Time) string { return when(printer, start, end) },
		"msg":                printer.Msg,
		"statusName":         func(s string) string { return printer.Msg(model.SignatureStatusName(s)) },
		"statusColour":       model.SignatureStatusColour,
		"commitmentStatus":   func(s string) string { return printer.Msg(model.CommitmentStatusName(s)) },
		"commitmentColour":   model.CommitmentStatusColour,
		"quarterName":        func(year, q int) string { return printer.Msg(model.QuarterName(year, q)) },
		"roleName":           func(role string) string { return printer.Msg(model.RoleName(role)) },
		"nationName":         func(n string) string { return printer.Msg(model.NationName(n)) },
		"regionName":         func(n string) string { return printer.Msg(model.RegionName(n)) },
		"typeName":           func(o model.Organisation) string { return orgTypeName(printer, o) },
		"characterCountI18n": func() template.HTMLAttr { return characterCountI18n(printer) },
		"fileSize":           func(n int64) string { return fileSize(printer, n) },
		"chooserI18n":        func() template.HTMLAttr { return chooserI18n(printer) },
		"comma":              comma,
		"query":              func(v url.Values) string { return v.Encode() },
		"choices":            choices,
	}
	ownWordsFuncs(funcs, printer)
	return funcs
}

// orgTypeName is the name of o's type in printer's language: as stored (in English, as the
// register names it) on English pages, and the catalog's name of its type code elsewhere
// where the code is known.
func orgTypeName(printer *locale.Printer, o model.Organisation) string {
	if t, ok := model.LookupOrgType(o.TypeCode); ok && printer.Lang() != locale.Default {
		return printer.Msg(t.Name)
	}
	return o.TypeName
}

// characterCountI18n is the govuk-frontend character count's messages in printer's
// language, as the component's data-i18n attributes, one for each plural form the script
// may ask for; nothing on English pages, which use the component's own messages.
func characterCountI18n(printer *locale.Printer) template.HTMLAttr {
	if printer.Lang() == locale.Default {
		return ""
	}
	var b strings.Builder
	attr := func(name, text string) { fmt.Fprintf(&b, ` data-i18n.%s="%s"`, name, html.EscapeString(text)) }
	under, over := printer.T("character_count.under_limit"), printer.T("character_count.over_limit")
	for _, form := range []string{"zero", "one", "two", "few", "many", "other"} {
		attr("characters-under-limit."+form, under)
		attr("characters-over-limit."+form, over)
	}
	attr("characters-at-limit", printer.T("character_count.at_limit"))
	attr("textarea-description.other", printer.T("character_count.description"))
	return template.HTMLAttr(b.String())
}

// chooserI18n is accessible-autocomplete's messages in printer's language, as the
// chooser's data-i18n-* attributes, which static/chooser.js gives it; nothing on English
// pages, which use the component's own messages.
func chooserI18n(printer *locale.Printer) template.HTMLAttr {
	if printer.Lang() == locale.Default {
		return ""
	}
	var b strings.Builder
	for _, a := range [][2]string{
		{"no-results", printer.T("chooser.autocomplete.no_results")},
		{"no-results-status", printer.T("chooser.autocomplete.no_results_status")},
		{"query-too-short", printer.T("chooser.autocomplete.query_too_short")},
		{"selected", printer.T("chooser.autocomplete.selected")},
		{"results", printer.T("chooser.autocomplete.results")},
		{"hint", printer.T("chooser.autocomplete.hint")},
	} {
		fmt.Fprintf(&b, ` data-i18n-%s="%s"`, a[0], html.EscapeString(a[1]))
	}
	return template.HTMLAttr(b.String())
}

// printerOf is the printer of the request's page language.
func printerOf(r *http.Request) *locale.Printer { return locale.New(langOf(r)) }

// comma writes 12345 as "12,345".
func comma(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// renderer holds one parsed template set per page, each with the layout and partials, and
// a copy of them per language whose t writes that language's words.
type renderer struct {
	pages map[string]*template.Template // in the default language
	langs map[string]map[string]*template.Template
	bufs  sync.Pool
}

// page returns the template set of page name in lang, or in the default language.
func (r *renderer) page(lang, name string) (*template.Template, bool) {
	if pages, ok := r.langs[lang]; ok {
		t, ok := pages[name]
		return t, ok
	}
	t, ok := r.pages[name]
	return t, ok
}

func newRenderer(a *assets) (*renderer, error) {
	if err := locale.Check(); err != nil {
		return nil, err
	}
	r := &renderer{pages: map[string]*template.Template{}, langs: map[string]map[string]*template.Template{},
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// Every page gets the layout and every partials*.html file (one per feature).
	shared := []string{"templates/layout.html", "templates/partials*.html"}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" || strings.HasPrefix(base, "partials") {
			continue
		}
		t, err := template.New(base).Funcs(templateFuncs(a, locale.English)).ParseFS(templateFiles, append(shared, n)...)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		r.pages[strings.TrimSuffix(base, ".html")] = t
	}
	r.langs[locale.Default] = r.pages
	for _, lang := range locale.Languages() {
		if lang == locale.Default {
			continue
		}
		pr := locale.New(lang)
		funcs := templateFuncs(a, pr)
		r.langs[lang] = make(map[string]*template.Template, len(r.pages))
		for name, t := range r.pages {
			c, err := t.Clone()
			if err != nil {
				return nil, fmt.Errorf("web: %s in %s: %w", name, lang, err)
			}
			r.langs[lang][name] = c.Funcs(funcs)
			foldMessages(c, pr)
		}
	}
	for _, t := range r.pages {
		foldMessages(t, locale.English)
	}
	return r, nil
}

// foldMessages writes into the templates of t, once at start, the text of each call of t
// or thtml with a key whose message takes no arguments, so that a page costs no more for
// coming from the catalog. {{t "key"}} becomes its text, HTML-escaped (t is for element
// content and quoted attributes), {{thtml "key"}} its markup, and (t "key") as an argument
// a string. Calls with arguments stay calls.
func foldMessages(t *template.Template, pr *locale.Printer) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			foldList(tt.Tree.Root, pr)
		}
	}
}

// plainCall returns the text of a call of t or thtml with a plain message, and whether
// it is one.
func plainCall(args []parse.Node, pr *locale.Printer) (text string, html, ok bool) {
	if len(args) != 2 {
		return "", false, false
	}
	id, ok1 := args[0].(*parse.IdentifierNode)
	key, ok2 := args[1].(*parse.StringNode)
	if !ok1 || !ok2 || (id.Ident != "t" && id.Ident != "thtml") {
		return "", false, false
	}
	text, ok = pr.Plain(key.Text)
	return text, id.Ident == "thtml", ok
}

func foldList(l *parse.ListNode, pr *locale.Printer) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if p := n.Pipe; len(p.Decl) == 0 && len(p.Cmds) == 1 {
				if text, isHTML, ok := plainCall(p.Cmds[0].Args, pr); ok {
					if !isHTML {
						text = template.HTMLEscapeString(text)
					}
					l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
					continue
				}
			}
			foldPipe(n.Pipe, pr)
		case *parse.TemplateNode:
			foldPipe(n.Pipe, pr)
		case *parse.IfNode:
			foldBranch(&n.BranchNode, pr)
		case *parse.RangeNode:
			foldBranch(&n.BranchNode, pr)
		case *parse.WithNode:
			foldBranch(&n.BranchNode, pr)
		}
	}
}

func foldBranch(b *parse.BranchNode, pr *locale.Printer) {
	foldPipe(b.Pipe, pr)
	foldList(b.List, pr)
	foldList(b.ElseList, pr)
}

// foldPipe turns (t "key") arguments into strings.
func foldPipe(p *parse.PipeNode, pr *locale.Printer) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for i, a := range c.Args {
			sub, ok := a.(*parse.PipeNode)
			if !ok {
				continue
			}
			if len(sub.Decl) == 0 && len(sub.Cmds) == 1 {
				if text, isHTML, ok := plainCall(sub.Cmds[0].Args, pr); ok && !isHTML {
					c.Args[i] = &parse.StringNode{NodeType: parse.NodeString, Pos: sub.Pos, Quoted: strconv.Quote(text), Text: text}
					continue
				}
			}
			foldPipe(sub, pr)
		}
	}
}

// render writes a page with status. It renders into a buffer first, so that a template
// error becomes a 500 page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	p.Lang = langOf(r)
	if p.Errors.Any() {
		pr := locale.New(p.Lang)
		p.Errors.Word(func(m model.Msg) string { return pr.Msg(m) })
	}
	t, ok := s.tmpl.page(p.Lang, name)
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no template %q", name))
		return
	}
	if err := s.captureBody(r, t, name, status, p); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	if p.User == nil {
		p.User = userFrom(r)
	}
	p.Contact = s.opts.ContactEmail
	p.Languages, p.SiteURL = languageLinks(r), strings.TrimSuffix(s.opts.BaseURL, "/")
	buf := s.tmpl.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.tmpl.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	out := localizeLinks(p.Lang, buf.Bytes())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if h.Get("Cache-Control") == "" {
		if p.User != nil {
			h.Set("Cache-Control", "private, no-store") // a person's own page: no shared cache keeps it
		} else {
			h.Set("Cache-Control", "no-store")
		}
	}
	w.WriteHeader(status)
	w.Write(out)
}

// escapeArgs escapes the string values of name/value arguments, for tnhtml, as
// Printer.HTML does for thtml.
func escapeArgs(args []any) []any {
	esc := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok && i%2 == 1 {
			a = html.EscapeString(s)
		}
		esc[i] = a
	}
	return esc
}
