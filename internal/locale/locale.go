// Package locale holds the message catalog: every sentence a person reads, by a stable,
// dotted, lower-case key ("resources.form.title.label"), in catalog/*.<lang>.toml files
// (one per area, so that features own their sentences). A Printer puts keys into the words
// of one language; go-i18n gives the CLDR plural rules (Welsh has six forms).
//
// Keys are always full string literals where they are used, never built, so that the key
// test (keys_test.go) can find every use and every unused or missing key.
package locale

import (
	"embed"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed catalog/*.toml
var catalogFiles embed.FS

// Default is the language of the full catalog; other languages fall back to it key by key.
const Default = "en"

// Message is a sentence as a catalog key and its arguments (name/value pairs), as model and
// store return it; a Printer puts it into words.
type Message interface {
	MessageKey() (key string, args []any)
}

// Printer writes the catalog's messages in one language.
type Printer struct {
	lang  string
	loc   *i18n.Localizer
	plain map[string]string             // messages with no arguments and no plural forms, resolved once
	tmpls map[string]*template.Template // messages with arguments but no plural forms, parsed once
	simps map[string]*simple            // those whose only actions are {{.Name}}, split once
}

// simple is a message whose only actions are fields ({{.Name}}): its literal parts with
// the fields between them, so that writing it allocates only the result.
type simple struct {
	parts  []string // len(fields)+1
	fields []string
}

var fieldAction = regexp.MustCompile(`\{\{\s*\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}`)

func parseSimple(s string) *simple {
	m := &simple{}
	last := 0
	for _, loc := range fieldAction.FindAllStringSubmatchIndex(s, -1) {
		m.parts = append(m.parts, s[last:loc[0]])
		m.fields = append(m.fields, s[loc[2]:loc[3]])
		last = loc[1]
	}
	m.parts = append(m.parts, s[last:])
	for _, part := range m.parts {
		if strings.Contains(part, "{{") {
			return nil
		}
	}
	return m
}

func (m *simple) write(p *Printer, args []any) string {
	var b strings.Builder
	for i, f := range m.fields {
		b.WriteString(m.parts[i])
		v, found := any("<no value>"), false
		for j := 0; j+1 < len(args); j += 2 {
			if name, _ := args[j].(string); name == f {
				v, found = args[j+1], true
			}
		}
		switch x := v.(type) {
		case string:
			b.WriteString(x)
		case int:
			b.WriteString(strconv.Itoa(x))
		case Message:
			b.WriteString(p.Msg(x))
		case messageLines:
			b.WriteString(p.lines(x))
		default:
			if found {
				fmt.Fprint(&b, x)
			} else {
				b.WriteString("<no value>")
			}
		}
	}
	b.WriteString(m.parts[len(m.parts)-1])
	return b.String()
}

// The catalog, loaded once from the embedded files.
var bundle, keys, singles, loadErr = load(catalogFiles)

var printers sync.Map // language -> *Printer

// load parses every catalog file: catalog/<area>.<lang>.toml.
func load(fsys fs.FS) (*i18n.Bundle, map[string]map[string]bool, map[string]map[string]string, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(fsys, "catalog/*.toml")
	if err != nil {
		return nil, nil, nil, err
	}
	ks, ps := map[string]map[string]bool{}, map[string]map[string]string{}
	for _, n := range names {
		buf, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, nil, nil, err
		}
		mf, err := b.ParseMessageFileBytes(buf, n)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("locale: %s: %w", n, err)
		}
		lang := mf.Tag.String()
		if ks[lang] == nil {
			ks[lang], ps[lang] = map[string]bool{}, map[string]string{}
		}
		for _, m := range mf.Messages {
			if ks[lang][m.ID] {
				return nil, nil, nil, fmt.Errorf("locale: %s: key %q is in two files", path.Base(n), m.ID)
			}
			ks[lang][m.ID] = true
			if m.Zero+m.One+m.Two+m.Few+m.Many == "" {
				ps[lang][m.ID] = m.Other
			}
		}
	}
	return b, ks, ps, nil
}

// Check reports a catalog that could not be loaded; the server calls it at start.
func Check() error { return loadErr }

// Keys returns the keys of lang's catalog.
func Keys(lang string) map[string]bool { return keys[lang] }

// English is the printer of the default language.
var English = New(Default)

// New returns the printer for lang (a BCP 47 tag such as "en" or "cy"), made once.
func New(lang string) *Printer {
	if p, ok := printers.Load(lang); ok {
		return p.(*Printer)
	}
	actual, _ := printers.LoadOrStore(lang, newPrinter(bundle, keys, singles, lang))
	return actual.(*Printer)
}

// newPrinter makes lang's printer: singles are the messages without plural forms, by
// language; those without arguments are kept as text, the others as parsed templates,
// so that only plurals go through go-i18n at each call.
func newPrinter(b *i18n.Bundle, keys map[string]map[string]bool, singles map[string]map[string]string, lang string) *Printer {
	p := &Printer{lang: lang, plain: map[string]string{}, tmpls: map[string]*template.Template{}, simps: map[string]*simple{}}
	if b == nil {
		return p
	}
	p.loc = i18n.NewLocalizer(b, lang, Default)
	for k, s := range singles[Default] {
		if keys[lang][k] {
			t, ok := singles[lang][k]
			if !ok {
				continue // plural forms in this language: go-i18n
			}
			s = t
		} // else not translated yet: the default language's words
		if !strings.Contains(s, "{{") {
			p.plain[k] = s
		} else if m := parseSimple(s); m != nil {
			p.simps[k] = m
		} else if t, err := template.New(k).Option("missingkey=default").Parse(s); err == nil {
			p.tmpls[k] = t
		}
	}
	return p
}

// Lang is the printer's language.
func (p *Printer) Lang() string { return p.lang }

// T returns the message key in words, with args as name/value pairs for its template
// ("Max", 120); an argument that is a Message is put into words first. An unknown key is returned as it is, so that it shows and the key test fails.
func (p *Printer) T(key string, args ...any) string {
	if len(args) == 0 {
		if s, ok := p.plain[key]; ok {
			return s
		}
	}
	return p.localize(key, args)
}

// N is T for a message with plural forms, chosen by count under the language's CLDR rules;
// the message's template has count as .Count. (T with an argument "Count" does the same.)
func (p *Printer) N(key string, count int, args ...any) string {
	return p.localize(key, append(args, "Count", count))
}

// messageLines is an argument made of several messages (model.Lines), written one to
// a line.
type messageLines interface {
	EachMessage(f func(key string, args []any))
}

func (p *Printer) lines(l messageLines) string {
	var out []string
	l.EachMessage(func(key string, args []any) { out = append(out, p.T(key, args...)) })
	return strings.Join(out, "\n")
}

// Msg returns a Message in words.
func (p *Printer) Msg(m Message) string {
	key, args := m.MessageKey()
	return p.T(key, args...)
}

// Error returns err in words: the first Message in its chain, or the catalog's sentence
// for a problem with the service.
func (p *Printer) Error(err error) string {
	var m Message
	if errors.As(err, &m) {
		return p.Msg(m)
	}
	return p.T("errors.internal")
}

// localize writes key with its arguments; an argument named Count chooses the plural form,
// so that model errors can carry plurals too.
func (p *Printer) localize(key string, args []any) string {
	if p.loc == nil {
		return key
	}
	if m := p.simps[key]; m != nil {
		return m.write(p, args)
	}
	t := p.tmpls[key]
	if t == nil {
		if s, ok := p.plain[key]; ok {
			return s
		}
	}
	var count any
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if name, ok := args[i].(string); ok {
			v := args[i+1]
			switch m := v.(type) {
			case Message: // a part of the sentence that is itself a message
				v = p.Msg(m)
			case messageLines: // several, one to a line
				v = p.lines(m)
			}
			data[name] = v
			if name == "Count" {
				count = v
			}
		}
	}
	if t != nil && count == nil {
		var b strings.Builder
		if err := t.Execute(&b, data); err == nil {
			return b.String()
		}
	}
	s, err := p.loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return key
	}
	return s
}

// Languages lists the languages that have a catalog, the default first.
func Languages() []string {
	out := []string{Default}
	for lang := range keys {
		if lang != Default {
			out = append(out, lang)
		}
	}
	sort.Strings(out[1:])
	return out
}

// HTML is T for a message whose text is HTML (a link inside a sentence): string arguments
// are escaped, the catalog's own markup is kept. Only the catalog's text is trusted.
func (p *Printer) HTML(key string, args ...any) string {
	esc := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok && i%2 == 1 {
			a = html.EscapeString(s)
		}
		esc[i] = a
	}
	return p.T(key, esc...)
}

// Has reports whether the default catalog has key.
func Has(key string) bool { return keys[Default][key] }

// Plain returns the text of a message that takes no arguments, and whether key is one.
func (p *Printer) Plain(key string) (string, bool) {
	s, ok := p.plain[key]
	return s, ok
}

// Texts returns lang's own catalog as written, for tests that look for one language's words
// in another's pages: by key, the message's texts (one, or one for each plural form, in a
// fixed order), with their template actions as written.
func Texts(lang string) map[string][]string {
	out := map[string][]string{}
	names, _ := fs.Glob(catalogFiles, "catalog/*."+lang+".toml")
	for _, n := range names {
		buf, err := fs.ReadFile(catalogFiles, n)
		if err != nil {
			continue
		}
		mf, err := i18n.ParseMessageFileBytes(buf, n, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			continue
		}
		for _, m := range mf.Messages {
			for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				if s != "" {
					out[m.ID] = append(out[m.ID], s)
				}
			}
		}
	}
	return out
}
