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
	"sort"
	"strings"
	"sync"

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
	plain map[string]string // messages with no arguments and no plural forms, resolved once
}

// The catalog, loaded once from the embedded files.
var bundle, keys, plains, loadErr = load(catalogFiles)

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
			if m.Zero+m.One+m.Two+m.Few+m.Many == "" && !strings.Contains(m.Other, "{{") {
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
	actual, _ := printers.LoadOrStore(lang, newPrinter(bundle, keys, plains, lang))
	return actual.(*Printer)
}

func newPrinter(b *i18n.Bundle, keys map[string]map[string]bool, plains map[string]map[string]string, lang string) *Printer {
	p := &Printer{lang: lang, plain: map[string]string{}}
	if b == nil {
		return p
	}
	p.loc = i18n.NewLocalizer(b, lang, Default)
	for k, s := range plains[Default] {
		if !keys[lang][k] {
			p.plain[k] = s // not translated yet: the default language's words
		} else if t, ok := plains[lang][k]; ok {
			p.plain[k] = t
		}
	}
	return p
}

// Lang is the printer's language.
func (p *Printer) Lang() string { return p.lang }

// T returns the message key in words, with args as name/value pairs for its template
// ("Max", 120). An unknown key is returned as it is, so that it shows and the key test fails.
func (p *Printer) T(key string, args ...any) string {
	if len(args) == 0 {
		if s, ok := p.plain[key]; ok {
			return s
		}
	}
	return p.localize(key, nil, args)
}

// N is T for a message with plural forms, chosen by count under the language's CLDR rules;
// the message's template has count as .Count.
func (p *Printer) N(key string, count int, args ...any) string {
	return p.localize(key, count, append(args, "Count", count))
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

func (p *Printer) localize(key string, count any, args []any) string {
	if p.loc == nil {
		return key
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if name, ok := args[i].(string); ok {
			data[name] = args[i+1]
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
