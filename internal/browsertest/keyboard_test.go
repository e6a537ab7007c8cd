package browsertest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestKeyboardOnly goes from the commitment page to the confirmation with key presses
// only: Tab, typing, Enter and Space. On every page the skip link is the first Tab stop
// and moves focus to the main content, the fields come in the order they are read, and
// whatever has focus shows it.
func TestKeyboardOnly(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	e := newEnv(t, b)
	p := e.newTab(t, "the officer", true)
	e.signIn(p, "officer@hackney.gov.uk")

	p.wantPage(p.open("/sign/commitment"), http.StatusOK, "Your commitment")
	p.skipToMain()
	for _, f := range hackneyCommitment {
		p.tabTo("#" + f[0])
		p.keys(f[1])
	}
	p.tabTo("#language") // the language question, its page's language (English) chosen
	p.tabTo("main form button")
	p.wantText("main form button", "Continue")
	p.wantPage(p.navigate("press Enter", chromedp.KeyEvent(kb.Enter)), http.StatusOK, "Your senior signers")

	p.skipToMain()
	for _, f := range hackneySigners {
		p.tabTo("#" + f[0])
		p.keys(f[1])
	}
	p.tabTo("main form button")
	p.wantPage(p.navigate("press Space", chromedp.KeyEvent(" ")), http.StatusOK, "Check your answers before signing",
		"Open housing repairs data", "Sam Okafor, Mayor of Hackney, sam.okafor@hackney.gov.uk")

	// Check your answers: past the seven Change links to the button.
	p.skipToMain()
	for range 7 {
		p.tab()
		if got := eval[string](p, `document.activeElement.innerText`); !strings.HasPrefix(got, "Change") {
			t.Fatalf("a Tab stop on the check page is %q, want a Change link", got)
		}
	}
	p.tabTo("main form button")
	p.wantText("main form button", "Accept and send")
	p.wantPage(p.navigate("press Space", chromedp.KeyEvent(" ")), http.StatusOK, "Signature sent to your senior signers")
	p.skipToMain()
	p.shot("keyboard-confirmation")

	// The chief executive confirms from their emailed link: into the radio group, Space to
	// choose, on to the button, Enter to send.
	ceo := e.newTab(t, "Dana Whitfield", true)
	ceo.wantPage(ceo.open(e.link("dana.whitfield@hackney.gov.uk", signerLinkRE)), http.StatusOK, "Confirm your organisation’s signature")
	ceo.skipToMain()
	for i := 0; !eval[bool](ceo, `document.activeElement.name === 'decision'`); i++ {
		if i == 10 {
			t.Fatalf("ten Tabs from main did not reach the radio buttons; focus is on %s", ceo.focused())
		}
		ceo.tab() // past the link in the text, to the radio group
	}
	if got := ceo.focused(); !strings.Contains(got, `value="confirm"`) {
		t.Fatalf("the first radio is %s, want the confirm one", got)
	}
	ceo.keys(" ")
	if !eval[bool](ceo, `document.querySelector('input[value=confirm]').checked`) {
		t.Fatal("Space on the first radio did not choose it")
	}
	ceo.tabTo("main form button")
	ceo.wantPage(ceo.navigate("press Enter", chromedp.KeyEvent(kb.Enter)), http.StatusOK, "You have signed")
}

// keys types text into whatever has focus.
func (p *tab) keys(text string) {
	p.t.Helper()
	p.step("type "+text, chromedp.KeyEvent(text))
}

// tab presses Tab and checks that the element that gets focus shows it.
func (p *tab) tab() {
	p.t.Helper()
	p.step("press Tab", chromedp.KeyEvent(kb.Tab))
	// GOV.UK Frontend marks focus with a yellow outline, box shadow or background.
	visible := eval[bool](p, `(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return false;
		const s = getComputedStyle(el), r = el.getBoundingClientRect();
		const marked = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none' ||
			s.backgroundColor === 'rgb(255, 221, 0)';
		return marked && r.width > 0 && r.height > 0;
	})()`)
	if !visible {
		p.t.Errorf("%s at %s: the focused element %s does not show focus", p.name, p.location(), p.focused())
	}
}

// tabTo presses Tab once and checks that focus lands on sel: the page's Tab order is
// the order its fields are read in, with nothing in between.
func (p *tab) tabTo(sel string) {
	p.t.Helper()
	p.tab()
	if !eval[bool](p, `document.activeElement === document.querySelector(`+jsString(sel)+`)`) {
		p.t.Fatalf("%s at %s: Tab moved focus to %s, want %s", p.name, p.location(), p.focused(), sel)
	}
}

// focused describes the element with focus.
func (p *tab) focused() string {
	return eval[string](p, `(() => { const el = document.activeElement; return el ? el.outerHTML.slice(0, 160) : "nothing" })()`)
}

// skipToMain checks that the first Tab on a fresh page reaches the skip link, shown on
// screen, and that Enter on it moves focus to the main content.
func (p *tab) skipToMain() {
	p.t.Helper()
	p.tab()
	if !eval[bool](p, `document.activeElement.matches('a.govuk-skip-link[href="#main-content"]')`) {
		p.t.Fatalf("%s at %s: the first Tab stop is %s, not the skip link", p.name, p.location(), p.focused())
	}
	// Hidden until focused, the skip link must then be on screen, not a clipped pixel.
	if !eval[bool](p, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.height >= 20 && r.width >= 100 && r.top >= 0 })()`) {
		p.t.Errorf("%s at %s: the focused skip link is not shown", p.name, p.location())
	}
	p.step("press Enter on the skip link", chromedp.KeyEvent(kb.Enter))
	// GOV.UK Frontend's skip link moves focus to main; wait for it briefly.
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.id === 'main-content'`,
		chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		p.t.Fatalf("%s at %s: after Enter on the skip link focus is on %s, not main (%v)", p.name, p.location(), p.focused(), err)
	}
}
