package locale

import (
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/template"

	"github.com/BurntSushi/toml"
)

// sameInWelsh are the only messages whose Welsh text may equal the English: names and codes
// that GOV.UK Wales services keep as they are. Every other Welsh entry must differ from its
// English one, so that a message left in English fails.
var sameInWelsh = map[string]string{
	"layout.phase":                  "the GOV.UK phase tag is Beta in Welsh too",
	"phases.beta":                   "the Service Manual phase is Beta in Welsh too, as the phase tag",
	"resource_show.about.lgsl_code": "LGSL is the code of the Local Government Service List",
}

// welshPluralForms are the CLDR plural categories of Welsh; go-i18n needs each of them.
var welshPluralForms = []string{"few", "many", "one", "other", "two", "zero"}

// catalogFile is one catalog file's messages: a string, or a table of plural forms.
type catalogFile map[string]any

// readCatalogs reads the embedded catalog files of lang, by area ("signing" for
// catalog/signing.en.toml).
func readCatalogs(t *testing.T, lang string) map[string]catalogFile {
	t.Helper()
	names, err := fs.Glob(catalogFiles, "catalog/*."+lang+".toml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]catalogFile{}
	for _, n := range names {
		buf, err := fs.ReadFile(catalogFiles, n)
		if err != nil {
			t.Fatal(err)
		}
		f := catalogFile{}
		if err := toml.Unmarshal(buf, &f); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[strings.TrimSuffix(path.Base(n), "."+lang+".toml")] = f
	}
	return out
}

// texts are a message's texts: the string, or its plural forms by category.
func texts(v any) map[string]string {
	switch x := v.(type) {
	case string:
		return map[string]string{"": x}
	case map[string]any:
		out := map[string]string{}
		for form, s := range x {
			out[form], _ = s.(string)
		}
		return out
	}
	return nil
}

var (
	templateAction = regexp.MustCompile(`\{\{.*?\}\}`)
	htmlTag        = regexp.MustCompile(`<[^>]*>`)
	letter         = regexp.MustCompile(`\pL`)
)

// words is what a person reads of a text: without its template actions and HTML tags.
func words(s string) string {
	return htmlTag.ReplaceAllString(templateAction.ReplaceAllString(s, ""), "")
}

// sorted returns the matches of re in s, sorted (nil for none).
func sorted(re *regexp.Regexp, s string) []string {
	m := re.FindAllString(s, -1)
	sort.Strings(m)
	return m
}

// distinct returns the distinct matches of re in all of ts, sorted.
func distinct(re *regexp.Regexp, ts map[string]string) []string {
	set := map[string]bool{}
	for _, s := range ts {
		for _, m := range re.FindAllString(s, -1) {
			set[m] = true
		}
	}
	out := []string{}
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// The Welsh catalog has a file beside each English one, with the same keys: every English
// key has a Welsh entry, and no Welsh key is unknown in English.
func TestWelshCatalogHasEveryKey(t *testing.T) {
	en, cy := readCatalogs(t, "en"), readCatalogs(t, "cy")
	if len(en) == 0 {
		t.Fatal("no English catalog files")
	}
	for area, ef := range en {
		cf, ok := cy[area]
		if !ok {
			t.Errorf("catalog/%s.en.toml has no Welsh file catalog/%s.cy.toml", area, area)
			continue
		}
		for k := range ef {
			if _, ok := cf[k]; !ok {
				t.Errorf("%s.cy.toml: no Welsh entry for %q", area, k)
			}
		}
		for k := range cf {
			if _, ok := ef[k]; !ok {
				t.Errorf("%s.cy.toml: %q is not a key of %s.en.toml", area, k, area)
			}
		}
	}
	for area := range cy {
		if _, ok := en[area]; !ok {
			t.Errorf("catalog/%s.cy.toml has no English file", area)
		}
	}
	// The loaded catalogs agree, whatever the files are called.
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	for k := range Keys(Default) {
		if !Keys("cy")[k] {
			t.Errorf("the loaded Welsh catalog lacks %q", k)
		}
	}
	for k := range Keys("cy") {
		if !Keys(Default)[k] {
			t.Errorf("the loaded Welsh catalog has %q, which the English one lacks", k)
		}
	}
	if got, want := Languages(), []string{"en", "cy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Languages() = %v, want %v", got, want)
	}
}

// Each Welsh entry is Welsh: a valid template, not its English text (outside sameInWelsh and texts that are
// only template actions and punctuation), with the same template actions and HTML tags as
// the English, and all six Welsh plural forms where the English has plural forms.
func TestWelshCatalogIsTranslated(t *testing.T) {
	en, cy := readCatalogs(t, "en"), readCatalogs(t, "cy")
	used := map[string]bool{}
	for area, ef := range en {
		for k, ev := range ef {
			cv, ok := cy[area][k]
			if !ok {
				continue // TestWelshCatalogHasEveryKey reports it
			}
			et, ct := texts(ev), texts(cv)
			_, enPlural := ev.(map[string]any)
			_, cyPlural := cv.(map[string]any)
			switch {
			case enPlural && !cyPlural:
				t.Errorf("%s: the English has plural forms, the Welsh has none", k)
			case !enPlural && cyPlural:
				t.Errorf("%s: the Welsh has plural forms, the English has none", k)
			case cyPlural:
				var forms []string
				for f := range ct {
					forms = append(forms, f)
				}
				sort.Strings(forms)
				if !reflect.DeepEqual(forms, welshPluralForms) {
					t.Errorf("%s: Welsh plural forms %v, want %v", k, forms, welshPluralForms)
				}
			}
			if !cyPlural && !enPlural {
				if e, c := sorted(templateAction, et[""]), sorted(templateAction, ct[""]); !reflect.DeepEqual(e, c) {
					t.Errorf("%s: template actions %q in Welsh, %q in English", k, c, e)
				}
				if e, c := sorted(htmlTag, et[""]), sorted(htmlTag, ct[""]); !reflect.DeepEqual(e, c) {
					t.Errorf("%s: HTML tags %q in Welsh, %q in English", k, c, e)
				}
			} else if e, c := distinct(templateAction, et), distinct(templateAction, ct); !reflect.DeepEqual(e, c) {
				t.Errorf("%s: template actions %q in Welsh, %q in English", k, c, e)
			}
			for form, c := range ct {
				if _, err := template.New(k).Parse(c); err != nil {
					t.Errorf("%s %s: the Welsh is not a valid template: %v", k, form, err)
				}
			}
			same, sameText := false, ""
			for _, c := range ct {
				for _, e := range et {
					if c == e && letter.MatchString(words(c)) {
						same, sameText = true, c
					}
				}
			}
			if _, ok := sameInWelsh[k]; ok {
				used[k] = true
				if !same {
					t.Errorf("%s is in sameInWelsh but its Welsh differs from the English: take it off the list", k)
				}
			} else if same {
				t.Errorf("%s: left in English: %q", k, sameText)
			}
		}
	}
	for k := range sameInWelsh {
		if !used[k] {
			t.Errorf("sameInWelsh has %q, which is not a catalog key", k)
		}
	}
}

// Welsh plurals for 0, 1, 2, 3, 6 and 20 (the CLDR forms zero, one, two, few, many and
// other), with the mutations after the numbers: soft after "dau"/"dwy" and after "un" for
// a feminine noun, aspirate after "chwe".
func TestWelshPlurals(t *testing.T) {
	cy := New("cy")
	for _, tc := range []struct {
		key  string
		args []any
		want [6]string // for 0, 1, 2, 3, 6, 20
	}{
		{"signatories.count", nil, [6]string{"llofnodwr", "llofnodwr", "lofnodwr", "llofnodwr", "llofnodwr", "llofnodwr"}},
		{"event_places.left", nil, [6]string{"0 lle ar ôl", "1 lle ar ôl", "2 le ar ôl", "3 lle ar ôl", "6 lle ar ôl", "20 lle ar ôl"}},
		{"import.errors.problems", nil, [6]string{
			"Mae gan y ffeil 0 problem", "Mae gan y ffeil 1 broblem", "Mae gan y ffeil 2 broblem",
			"Mae gan y ffeil 3 problem", "Mae gan y ffeil 6 phroblem", "Mae gan y ffeil 20 problem"}},
	} {
		for i, n := range []int{0, 1, 2, 3, 6, 20} {
			if got := cy.N(tc.key, n, tc.args...); got != tc.want[i] {
				t.Errorf("%s for %d: got %q, want %q", tc.key, n, got, tc.want[i])
			}
		}
	}
	// English keeps its own two forms.
	for n, want := range map[int]string{0: "0 places left", 1: "1 place left", 2: "2 places left", 6: "6 places left"} {
		if got := English.N("event_places.left", n); got != want {
			t.Errorf("English event_places.left for %d: got %q, want %q", n, got, want)
		}
	}
}
