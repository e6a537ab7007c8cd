package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// englishSentence is a sentence of the English catalog that a Welsh page must not show.
type englishSentence struct {
	key     string
	text    string
	longest string // the longest literal part, looked for first
	re      *regexp.Regexp
}

var (
	catalogAction = regexp.MustCompile(`\{\{.*?\}\}`)
	catalogTag    = regexp.MustCompile(`<[^>]*>`)
	wordRun       = regexp.MustCompile(`[\p{L}\p{N}’']+`)
)

// englishSentences lists the English catalog's messages of two words or more whose
// Welsh text differs, as patterns over visible text: markup dropped, template actions
// turned into wildcards, spaces made one.
func englishSentences() []englishSentence {
	welsh := map[string]bool{}
	for _, texts := range locale.Texts("cy") {
		for _, s := range texts {
			welsh[s] = true
		}
	}
	var out []englishSentence
	for key, texts := range locale.Texts(locale.Default) {
		for _, s := range texts {
			if welsh[s] {
				continue
			}
			visible := html.UnescapeString(catalogTag.ReplaceAllString(s, ""))
			var parts []string
			words, longest := 0, ""
			for _, lit := range catalogAction.Split(visible, -1) {
				lit = strings.Join(strings.Fields(lit), " ")
				words += len(wordRun.FindAllString(lit, -1))
				if len(lit) > len(longest) {
					longest = lit
				}
				parts = append(parts, regexp.QuoteMeta(lit))
			}
			if words < 2 {
				continue
			}
			pattern := strings.Join(parts, `.{0,200}?`)
			out = append(out, englishSentence{key: key, text: s, longest: longest, re: regexp.MustCompile(pattern)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// visibleText is what a person reads on a page, or hears from a screen reader: the text
// outside scripts, styles and templates, and outside code (records as stored, such as the
// audit's), with the attributes people read (alt, title,
// aria-label, placeholder, and the value of inputs shown as buttons), spaces made one.
func visibleText(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "template", "code":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if tt == html.EndTagToken {
				b.WriteString(" ")
				continue
			}
			button := false // an input shown as a button, whose value is its text
			for _, a := range tok.Attr {
				if a.Key == "type" && tok.Data == "input" && (a.Val == "submit" || a.Val == "button" || a.Val == "reset") {
					button = true
				}
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "alt", a.Key == "title", a.Key == "aria-label", a.Key == "placeholder",
					a.Key == "value" && button:
					b.WriteString(" " + a.Val + " ")
				}
			}
			b.WriteString(" ")
		}
	}
}

func TestVisibleText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<p>Hello <b>there</b></p>`, "Hello there"},
		{`<p>a</p><script>var x = "Sign in"</script><style>.x{}</style><p>b</p>`, "a b"},
		{`<img alt="A map"><a title="Go" aria-label="Read more">x</a>`, "A map Go Read more x"},
		{`<input placeholder="Search" value="typed"><input type="submit" value="Send">`, "Search Send"},
		{`<button value="save" name="action">Add</button>`, "Add"},
		{`<input type="reset" value="Clear">`, "Clear"},
		{`<template><p>hidden</p></template><p>&amp; shown</p>`, "& shown"},
		{`<td><code>{"type": "London borough"}</code></td>`, ""},
	} {
		if got := visibleText([]byte(c.in)); got != c.want {
			t.Errorf("visibleText(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEnglishSentences(t *testing.T) {
	all := englishSentences()
	find := func(key string) *englishSentence {
		for i := range all {
			if all[i].key == key {
				return &all[i]
			}
		}
		return nil
	}
	if len(all) < 300 {
		t.Fatalf("only %d English sentences: the catalog is not read", len(all))
	}
	if s := find("layout.phase"); s != nil {
		t.Errorf("layout.phase is the same in Welsh but is a sentence to look for: %q", s.text)
	}
	for _, s := range all {
		if !s.re.MatchString(strings.Join(strings.Fields(html.UnescapeString(catalogTag.ReplaceAllString(catalogAction.ReplaceAllString(s.text, "Xyz"), ""))), " ")) {
			t.Errorf("%s: the pattern %s does not match its own text %q", s.key, s.re, s.text)
		}
	}
}

// TestWelshPagesHaveNoEnglish requests every GET route of the route table under /cy/, as
// each role, in a world where the objects exist (a signed organisation, a resource with a
// file, a case study, an event with a booking, a funding round with a draft bid), then
// posts every form empty, and fails when a page's visible text has a sentence of the
// English catalog in it.
func TestWelshPagesHaveNoEnglish(t *testing.T) {
	w := newEventAuthzWorld(t)
	resource, _ := w.resourceFor(t, false)
	caseStudy := w.caseStudyFor(t, false)
	project := w.projectFor(t)
	funding := w.fundingFor(t)
	sentences := englishSentences()
	ids := map[string]int64{"/resources/": resource, "/case-studies/": caseStudy, "/events/": w.event.ID, "/projects/": project,
		"/bookings/": w.booking.ID, "/signatures/": w.sigID, "/admin/signatures/": w.sigID, "/briefs/": w.briefFor(t)}
	type visit struct{ pattern, method, path string }
	var visits []visit
	gets, posts := 0, 0
	for _, rt := range w.srv.routeTable() {
		method, path, ok := strings.Cut(rt.Pattern, " ")
		// Forms are posted empty, after every page has been read, so that the problems
		// they come back with are read too; signing out and deleting the account would end
		// the sessions the walk uses.
		if !ok || (method != http.MethodGet && method != http.MethodPost) || languageNeutral(rt.Pattern) ||
			path == "/sign-out" || path == "/account/delete" {
			continue
		}
		if method == http.MethodGet {
			gets++
		} else {
			posts++
		}
		for prefix, id := range ids {
			if strings.HasPrefix(path, prefix) {
				if strings.HasSuffix(path, "/attendance") {
					id = w.started.ID
				}
				path = strings.Replace(path, "{id}", itoa64(id), 1)
			}
		}
		if strings.HasPrefix(path, "/funding/") {
			_, path, _ = funding.request("GET " + path)
		}
		_, path = w.concrete("GET " + path)
		visits = append(visits, visit{rt.Pattern, method, path})
	}
	// Pages with a bad filter, beyond the last page, and not found.
	for _, path := range []string{"/signatories?type=nope&sort=x", "/signatories?page=9", "/resources?type=nope",
		"/resources?page=9", "/case-studies?principle=9", "/events?audience=nope", "/admin/audit?page=99", "/no-such-page"} {
		visits = append(visits, visit{"GET " + path, http.MethodGet, path})
	}
	sort.SliceStable(visits, func(i, j int) bool { return visits[i].method == http.MethodGet && visits[j].method != http.MethodGet })
	pages := 0
	for _, v := range visits {
		for _, role := range roles {
			req := httptest.NewRequest(v.method, "/cy"+v.path, strings.NewReader(""))
			if v.method == http.MethodPost {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if c := w.sessions[role]; c != "" {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, req)
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				continue
			}
			pages++
			text := visibleText(rec.Body.Bytes())
			for _, s := range sentences {
				if !strings.Contains(text, s.longest) {
					continue
				}
				if m := s.re.FindString(text); m != "" {
					t.Errorf("%s as %s (status %d): /cy%s shows %q, English of %s", v.pattern, role, rec.Code, v.path, m, s.key)
				}
			}
		}
	}
	t.Logf("%d GET routes, %d forms, %d Welsh pages read", gets, posts, pages)
	if gets < 40 || posts < 30 || pages < 200 {
		t.Fatalf("walked only %d GET routes, %d forms, %d pages", gets, posts, pages)
	}
}

// TestOrgTypeName: English pages show the type as stored; Welsh pages show the catalog's
// name of a known type code, and the stored name of an unknown one.
func TestOrgTypeName(t *testing.T) {
	for _, c := range []struct{ lang, code, stored, want string }{
		{"en", "WPA", "Welsh unitary authority", "Welsh unitary authority"},
		{"en", "WPA", "Principal council", "Principal council"},
		{"cy", "WPA", "Welsh unitary authority", "Prif gyngor yng Nghymru"},
		{"cy", "LBO", "London borough", "Bwrdeistref yn Llundain"},
		{"cy", "XYZ", "Parish council", "Parish council"},
		{"cy", "", "", ""},
	} {
		o := model.Organisation{TypeCode: c.code, TypeName: c.stored}
		if got := orgTypeName(locale.New(c.lang), o); got != c.want {
			t.Errorf("orgTypeName(%s, %s %q) = %q, want %q", c.lang, c.code, c.stored, got, c.want)
		}
	}
}

// TestCharacterCountI18n: Welsh pages give the character count script every Welsh plural
// form of its messages; English pages give it nothing, so that it uses its own.
func TestCharacterCountI18n(t *testing.T) {
	if got := characterCountI18n(locale.New("en")); got != "" {
		t.Errorf("in English: %q, want nothing", got)
	}
	cy := string(characterCountI18n(locale.New("cy")))
	for _, want := range []string{
		` data-i18n.characters-under-limit.zero="Mae gennych %{count} nod ar ôl"`,
		` data-i18n.characters-under-limit.two="Mae gennych %{count} nod ar ôl"`,
		` data-i18n.characters-under-limit.many="Mae gennych %{count} nod ar ôl"`,
		` data-i18n.characters-over-limit.one="Mae gennych %{count} nod yn ormod"`,
		` data-i18n.characters-over-limit.few="Mae gennych %{count} nod yn ormod"`,
		` data-i18n.characters-over-limit.other="Mae gennych %{count} nod yn ormod"`,
		` data-i18n.characters-at-limit="Mae gennych 0 nod ar ôl"`,
		` data-i18n.textarea-description.other="Gallwch roi hyd at %{count} nod"`,
	} {
		if !strings.Contains(cy, want) {
			t.Errorf("in Welsh: %s lacks %s", cy, want)
		}
	}
}

// TestFileSize: sizes under a kilobyte are worded by the catalog, larger ones in KB and MB
// in both languages.
func TestFileSize(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 15, "15 bytes"},
		{"cy", 15, "15 beit"},
		{"cy", 1023, "1023 beit"},
		{"en", 2048, "2 KB"},
		{"cy", 2048, "2 KB"},
		{"cy", 3 * 1024 * 1024, "3.0 MB"},
	} {
		if got := fileSize(locale.New(c.lang), c.n); got != c.want {
			t.Errorf("fileSize(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

// TestChooserI18n: Welsh pages give accessible-autocomplete its messages in Welsh, with the
// script's placeholders; English pages give it nothing, so that it uses its own.
func TestChooserI18n(t *testing.T) {
	if got := chooserI18n(locale.New("en")); got != "" {
		t.Errorf("in English: %q, want nothing", got)
	}
	cy := string(chooserI18n(locale.New("cy")))
	for _, want := range []string{
		` data-i18n-no-results="Dim canlyniadau"`,
		` data-i18n-no-results-status="Dim canlyniadau chwilio"`,
		` data-i18n-query-too-short="Teipiwch %{count} nod neu ragor i gael canlyniadau"`,
		` data-i18n-selected="%{option} %{index} o %{count} wedi’i amlygu"`,
		` data-i18n-results="Mae %{count} canlyniad ar gael. %{option}"`,
		` data-i18n-hint="Pan fydd canlyniadau ar gael`,
	} {
		if !strings.Contains(cy, want) {
			t.Errorf("in Welsh: %s lacks %s", cy, want)
		}
	}
}
