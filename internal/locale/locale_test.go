package locale

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// testMessage is a Message as model errors are.
type testMessage struct {
	key  string
	args []any
}

func (m testMessage) MessageKey() (string, []any) { return m.key, m.args }
func (m testMessage) Error() string               { return m.key }

func testPrinter(t *testing.T, lang string) *Printer {
	t.Helper()
	fsys := fstest.MapFS{
		"catalog/common.en.toml": {Data: []byte(`
"common.plain" = "Plain words"
"common.args" = "{{.Name}} must be {{.Max}} characters or fewer"
"errors.internal" = "Sorry"
["common.places"]
one = "{{.Count}} place left"
other = "{{.Count}} places left"
`)},
		"catalog/common.cy.toml": {Data: []byte(`
"common.plain" = "Geiriau plaen"
["common.places"]
zero = "{{.Count}} lle (zero)"
one = "{{.Count}} lle (one)"
two = "{{.Count}} le (two)"
few = "{{.Count}} lle (few)"
many = "{{.Count}} lle (many)"
other = "{{.Count}} lle (other)"
`)},
	}
	b, ks, ss, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return newPrinter(b, ks, ss, lang)
}

func TestPrinter(t *testing.T) {
	en, cy := testPrinter(t, "en"), testPrinter(t, "cy")
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"plain", en.T("common.plain"), "Plain words"},
		{"arguments", en.T("common.args", "Name", "Title", "Max", 120), "Title must be 120 characters or fewer"},
		{"unknown key shows itself", en.T("common.nothing"), "common.nothing"},
		{"English one", en.N("common.places", 1), "1 place left"},
		{"English other", en.N("common.places", 0), "0 places left"},
		{"English other 2", en.N("common.places", 2), "2 places left"},
		{"Welsh plain", cy.T("common.plain"), "Geiriau plaen"},
		{"Welsh falls back to English", cy.T("common.args", "Name", "Teitl", "Max", 5), "Teitl must be 5 characters or fewer"},
		{"Welsh zero", cy.N("common.places", 0), "0 lle (zero)"},
		{"Welsh one", cy.N("common.places", 1), "1 lle (one)"},
		{"Welsh two", cy.N("common.places", 2), "2 le (two)"},
		{"Welsh few", cy.N("common.places", 3), "3 lle (few)"},
		{"Welsh many", cy.N("common.places", 6), "6 lle (many)"},
		{"Welsh other", cy.N("common.places", 7), "7 lle (other)"},
		{"a Message", en.Msg(testMessage{"common.args", []any{"Name", "Summary", "Max", 9}}), "Summary must be 9 characters or fewer"},
		{"an error holding a Message", en.Error(fmt.Errorf("wrapped: %w", testMessage{"common.plain", nil})), "Plain words"},
		{"any other error", en.Error(errors.New("boom")), "Sorry"},
		{"HTML escapes arguments", en.HTML("common.args", "Name", "<b>", "Max", 1), "&lt;b&gt; must be 1 characters or fewer"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestLoadRefusesAKeyInTwoFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"catalog/a.en.toml": {Data: []byte(`"common.x" = "A"`)},
		"catalog/b.en.toml": {Data: []byte(`"common.x" = "B"`)},
	}
	if _, _, _, err := load(fsys); err == nil {
		t.Fatal("a key in two files was accepted")
	}
}

// The catalogs in the repository load, and the English one has the internal error.
func TestCatalogLoads(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	if got := English.T("errors.internal"); got != "Sorry, there is a problem with the service. Try again later." {
		t.Fatalf("errors.internal = %q", got)
	}
}

// TestTexts: a language's catalog as written, a text for each plural form, actions kept.
func TestTexts(t *testing.T) {
	en, cy := Texts("en"), Texts("cy")
	for _, c := range []struct {
		texts map[string][]string
		key   string
		want  []string
	}{
		{en, "pagination.label", []string{"Pagination"}},
		{cy, "pagination.label", []string{"Tudalennu"}},
		{en, "pagination.page_label", []string{"Page {{.Number}}"}},
		{en, "textarea.count_message", []string{"You can enter up to {{.Count}} character", "You can enter up to {{.Count}} characters"}},
	} {
		if got := c.texts[c.key]; strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.key, got, c.want)
		}
	}
	if n := len(cy["textarea.count_message"]); n != 6 {
		t.Errorf("textarea.count_message has %d Welsh forms, want 6", n)
	}
	if len(en) != len(Keys("en")) || len(cy) != len(Keys("cy")) {
		t.Errorf("Texts has %d English and %d Welsh keys; the catalog %d and %d", len(en), len(cy), len(Keys("en")), len(Keys("cy")))
	}
	if len(Texts("fr")) != 0 {
		t.Error("Texts(fr) is not empty")
	}
}
