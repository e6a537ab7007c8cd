package browsertest

import (
	"net/http"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// TestLanguageToggle: with JavaScript off, the Welsh register shows the Welsh names of
// councils and is marked as Welsh; the toggle leads to the same page in English, its
// search kept, and back; each language is named in itself, marked with lang and hreflang.
// axe-core finds no problem on the Welsh pages.
func TestLanguageToggle(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	e := newEnv(t, b, registerOrgs()...)
	if _, err := e.db.SetWelshNames(t.Context(), model.Actor{Label: "test"},
		[]model.WelshName{{GSSCode: "W06000015", WelshName: "Cyngor Dinas Caerdydd"}}); err != nil {
		t.Fatal(err)
	}
	e.publish("cardiff", "Bilingual forms")
	e.publish("hackney", "Open housing data")
	p := e.newTab(t, "a Welsh speaker", false)

	type toggle struct{ Lang, HTMLLang, LinkText, LinkLang, LinkHreflang, Current, CurrentLang string }
	read := func() toggle {
		return eval[toggle](p, `(() => {
			const a = document.querySelector('.ld-language-toggle a'), cur = document.querySelector('.ld-language-toggle [aria-current]');
			return {Lang: document.documentElement.lang, HTMLLang: document.documentElement.getAttribute('lang'),
				LinkText: a ? a.innerText.trim() : '', LinkLang: a ? a.lang : '', LinkHreflang: a ? a.hreflang : '',
				Current: cur ? cur.innerText.trim() : '', CurrentLang: cur ? cur.lang : ''};
		})()`)
	}
	welsh := toggle{"cy", "cy", "English", "en", "en", "Cymraeg", "cy"}
	english := toggle{"en", "en", "Cymraeg", "cy", "cy", "English", "en"}

	status := p.open("/cy/signatories?q=caerdydd")
	if status != http.StatusOK {
		t.Fatalf("/cy/signatories: status %d", status)
	}
	p.wantScripts()
	if got := read(); got != welsh {
		t.Errorf("/cy/signatories: %+v, want %+v", got, welsh)
	}
	p.wantText("main", "Cyngor Dinas Caerdydd")
	p.wantNoText("main", "London Borough of Hackney")

	p.wantPage(p.click(".ld-language-toggle a"), http.StatusOK, "Signatories", "Cardiff Council")
	p.wantPath("/signatories?q=caerdydd")
	if got := read(); got != english {
		t.Errorf("/signatories: %+v, want %+v", got, english)
	}
	p.wantNoText("main", "Cyngor Dinas Caerdydd")

	if status := p.click(".ld-language-toggle a"); status != http.StatusOK {
		t.Fatalf("back to Welsh: status %d", status)
	}
	p.wantPath("/cy/signatories?q=caerdydd")
	if got := read(); got != welsh {
		t.Errorf("back in Welsh: %+v, want %+v", got, welsh)
	}
	// A link on the Welsh page stays in Welsh.
	p.click(`main a[href="/cy/organisations/cardiff"]`)
	p.wantPath("/cy/organisations/cardiff")
	if got := read(); got != welsh {
		t.Errorf("/cy/organisations/cardiff: %+v, want %+v", got, welsh)
	}
	p.wantText("h1", "Cyngor Dinas Caerdydd")

	// axe-core runs where JavaScript does.
	a, js := &auditor{t: t, axe: loadAxe(t)}, e.newTab(t, "a Welsh speaker with JavaScript", true)
	for name, path := range map[string]string{"the Welsh register": "/cy/signatories?q=caerdydd",
		"a Welsh organisation page": "/cy/organisations/cardiff"} {
		if status := js.open(path); status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		a.check(js, name)
	}
}
