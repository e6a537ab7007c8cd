package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/localdigital/localdigital/internal/model"
)

// axeTags are the rule sets axe-core runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}

// violation is the part of an axe-core result a person needs to fix the page.
type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// loadAxe reads axe-core from node_modules, where `npm ci` (scripts/assets.sh) puts it.
func loadAxe(t *testing.T) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run scripts/assets.sh, which runs npm ci and installs it from package-lock.json", err)
	}
	return string(src)
}

// auditor runs axe-core on pages and reports each violation.
type auditor struct {
	t       *testing.T
	axe     string
	checked []string
}

// check runs axe-core on the page the tab shows, as a subtest named name.
func (a *auditor) check(p *tab, name string) {
	a.t.Helper()
	a.checked = append(a.checked, name)
	where := p.location()
	a.t.Run(name, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
		defer cancel()
		// Injected through the DevTools protocol, axe is not subject to the page's
		// Content-Security-Policy, which allows no script but the site's own.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](a.axe+"\n;typeof axe === 'object'")); err != nil {
			t.Fatalf("inject axe-core into %s: %v", where, err)
		}
		opts := `{runOnly: {type: 'tag', values: ['` + strings.Join(axeTags, `', '`) + `']}, resultTypes: ['violations']}`
		vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`axe.run(document, `+opts+`).then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary || ''})),
		})))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("run axe-core on %s: %v", where, err)
		}
		for _, v := range vs {
			var b strings.Builder
			fmt.Fprintf(&b, "%s: axe-core %s (%s): %s\n  %s", where, v.ID, v.Impact, v.Help, v.HelpURL)
			for _, n := range v.Nodes {
				fmt.Fprintf(&b, "\n  - %s\n    %s\n    %s", strings.Join(n.Target, " "), n.HTML,
					strings.ReplaceAll(n.Summary, "\n", "\n    "))
			}
			t.Error(b.String())
		}
		over, err := reflow(ctx)
		if err != nil {
			t.Fatalf("lay out %s at phone widths: %v", where, err)
		}
		if len(over) > 0 {
			if len(over) > 10 {
				over = append(over[:10], fmt.Sprintf("… and %d more", len(over)-10))
			}
			t.Errorf("%s: these make the page scroll sideways:\n  %s", where, strings.Join(over, "\n  "))
		}
	})
}

// narrowWidths are the phone widths every page must fit without scrolling sideways: 320
// CSS pixels (a 1280-pixel screen zoomed to 400%, WCAG 1.4.10 Reflow) and 375 (a common
// phone).
var narrowWidths = []int64{320, 375}

// reflow returns what makes the page scroll sideways: anything at all at the browser's
// 1280 CSS pixels, and at each of narrowWidths the document being wider than the window
// (its scrollWidth against its clientWidth) or any element reaching past the edge, except
// a data table inside its own scrolling container (which WCAG 1.4.10 allows, as the page
// itself then does not scroll).
func reflow(ctx context.Context) ([]string, error) {
	var over []string
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		wide, err := chromedp.Evaluate[[]string](overflowing+`(false)`, chromedp.EvalAwaitPromise)(ctx, tg)
		if err != nil {
			return err
		}
		for _, el := range wide {
			over = append(over, "at 1280 CSS pixels: "+el)
		}
		for _, width := range narrowWidths {
			if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: width, Height: 640, DeviceScaleFactor: 1}); err != nil {
				return err
			}
			narrow, err := chromedp.Evaluate[[]string](overflowing+`(true)`, chromedp.EvalAwaitPromise)(ctx, tg)
			_, clearErr := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			if err = errors.Join(err, clearErr); err != nil {
				return err
			}
			for _, el := range narrow {
				over = append(over, fmt.Sprintf("at %d CSS pixels (WCAG 1.4.10 Reflow): %s", width, el))
			}
		}
		// Let the page lay itself out at full width again before the test goes on.
		_, err = chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)(ctx, tg)
		return err
	}))
	return over, err
}

// overflowing is a JavaScript function that waits for the page to lay out at the current
// width, then lists the innermost elements that reach past the right edge, leaving out
// those in a table that scrolls in a container of its own when tablesMayScroll, and says
// first when the document itself is wider than the window.
const overflowing = `(tablesMayScroll => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
	const doc = document.documentElement;
	const edge = doc.clientWidth + 1;
	// Whether el sits in a container that scrolls sideways, so the page does not.
	const inScroller = el => {
		for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
			if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
		}
		return false;
	};
	// How far right an element reaches, or its content where it lets content spill out.
	// Inside an SVG (a chart) only the box counts: Chrome gives a text element in it a
	// scrollWidth that is not laid out on the page.
	const right = el => {
		const r = el.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) return 0;
		// An SVG's parts do not scroll and are clipped to the drawing: their box is all.
		if (el instanceof SVGElement) return r.right;
		return getComputedStyle(el).overflowX === 'visible' ? Math.max(r.right, r.left + el.scrollWidth) : r.right;
	};
	const out = new Set([...document.body.querySelectorAll('*')].filter(el => right(el) > edge));
	const found = [...out]
		.filter(el => ![...el.children].some(c => out.has(c)) &&
			!(tablesMayScroll && el.closest('table') && inScroller(el.closest('table'))))
		.map(el => el.outerHTML.slice(0, 200));
	if (doc.scrollWidth > doc.clientWidth) {
		found.unshift('the page is ' + doc.scrollWidth + ' CSS pixels wide in a window ' + doc.clientWidth + ' wide');
	}
	resolve(found);
}))))`

// visit opens path, checks the page is the one expected, and runs axe-core on it.
func (a *auditor) visit(p *tab, name, path string, status int64, h1 string) {
	a.t.Helper()
	p.wantPage(p.open(path), status, h1)
	a.check(p, name)
}

// TestAccessibility runs axe-core's WCAG 2.2 A and AA rules, with JavaScript on, on every
// page template in each of its states: empty, with errors, signed in or not, for a council
// and for another body. The groups each have a platform of their own and run side by side,
// each in tabs of its own, in the package's one Chromium (go test -parallel sets how many).
func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe := loadAxe(t)
	b := newBrowser(t)
	for _, g := range []struct {
		name string
		run  func(a *auditor, e *env)
	}{
		{"public pages", auditPublic},
		{"sign-in problems", auditSignInProblems},
		{"signing, council", auditSigning},
		{"signing, department", auditSigningDepartment},
		{"admin", auditAdmin},
		{"organisation admin", auditOrgAdmin},
	} {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			a := &auditor{t: t, axe: axe}
			g.run(a, newEnv(t, b))
			t.Logf("axe-core checked %d pages", len(a.checked))
		})
	}
}

// auditPublic checks the pages anyone sees, and the sign-in pages' problems.
func auditPublic(a *auditor, e *env) {
	t := a.t
	e.publish("adur", "Adur open planning data")
	e.withdraw(e.publish("hammersmith-and-fulham", "Shared parking permits"))

	anon := e.newTab(t, "someone not signed in", true)
	a.visit(anon, "home", "/", http.StatusOK, "The Local Digital Declaration")
	a.visit(anon, "declaration", "/declaration", http.StatusOK, "The Local Digital Declaration")
	a.visit(anon, "contact", "/contact", http.StatusOK, "Contact the Local Digital team")
	a.visit(anon, "signatories", "/signatories", http.StatusOK, "Signatories")
	a.visit(anon, "signatories withdrawn", "/signatories?status=withdrawn", http.StatusOK, "Signatories")
	anon.wantText("main", "Organisations that have withdrawn")
	a.visit(anon, "signatories past the last page", "/signatories?page=999", http.StatusBadRequest, "Signatories")
	anon.wantText("main", "There is no page 999")
	a.visit(anon, "signatories with a bad filter", "/signatories?q=council&nation=Atlantis", http.StatusBadRequest, "Signatories")
	anon.wantText(".govuk-error-summary", "There is a problem")
	a.visit(anon, "organisation signed", "/organisations/adur", http.StatusOK, "Adur District Council")
	a.visit(anon, "organisation withdrawn", "/organisations/hammersmith-and-fulham", http.StatusOK, "London Borough of Hammersmith & Fulham")
	anon.wantText("main", "Withdrew on")
	a.visit(anon, "organisation unsigned", "/organisations/mhclg", http.StatusOK, "Ministry of Housing, Communities and Local Government")
	a.visit(anon, "sign, not signed in", "/sign", http.StatusOK, "Sign the Local Digital Declaration")
	a.visit(anon, "sign in", "/sign-in", http.StatusOK, "Sign in with your email address")
	anon.wantPage(anon.clickText("Email me a sign-in link"), http.StatusBadRequest, "Sign in with your email address", "Enter your email address")
	a.check(anon, "sign in with an error")
	a.visit(anon, "open data API", "/api/v1", http.StatusOK, "Open data API")
	a.visit(anon, "page not found", "/no-such-page", http.StatusNotFound, "Page not found")
}

// auditSignInProblems checks the pages of someone with no organisation, and of sign-in
// links asked for too often or used too late.
func auditSignInProblems(a *auditor, e *env) {
	t := a.t
	anon := e.newTab(t, "someone not signed in", true)

	// Someone whose email address belongs to no organisation on the platform.
	resident := e.newTab(t, "a resident", true)
	e.signIn(resident, "resident@example.com")
	a.check(resident, "account, no organisation")
	a.visit(resident, "sign, no organisation", "/sign", http.StatusOK, "Sign the Local Digital Declaration")
	resident.wantText("main", "does not belong to an organisation on Local Digital")

	// Too many sign-in links for one address: the sixth in 15 minutes is refused.
	const busy = "busy@hackney.gov.uk"
	for range 5 {
		res, err := http.PostForm(e.srv.URL+"/sign-in", url.Values{"email": {busy}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	anon.open("/sign-in")
	anon.fill("#email", busy)
	anon.wantPage(anon.clickText("Email me a sign-in link"), http.StatusTooManyRequests, "You have tried too many times")
	a.check(anon, "too many requests")

	// A sign-in link used after 30 minutes.
	const late = "late@hackney.gov.uk"
	anon.open("/sign-in")
	anon.fill("#email", late)
	anon.clickText("Email me a sign-in link")
	e.advance(model.SignInLinkTTL + time.Minute)
	anon.open(e.link(late, signInLinkRE))
	anon.wantPage(anon.click("#continue"), http.StatusBadRequest, "This link has expired")
	a.check(anon, "expired link")
}

// auditSigning checks the signing journey for a council, and its senior signer's pages.
func auditSigning(a *auditor, e *env) {
	t := a.t
	const starter = "officer@hackney.gov.uk"
	officer := e.newTab(t, "the Hackney officer", true)
	officer.wantPage(officer.open("/sign-in"), http.StatusOK, "Sign in with your email address")
	officer.fill("#email", starter)
	officer.wantPage(officer.clickText("Email me a sign-in link"), http.StatusOK, "Check your email")
	a.check(officer, "sign in, check your email")
	a.visit(officer, "sign-in link", e.link(starter, signInLinkRE), http.StatusOK, "Sign in to Local Digital")
	officer.wantPage(officer.click("#continue"), http.StatusOK, "Your account")
	a.check(officer, "account")
	a.visit(officer, "sign, signed in", "/sign", http.StatusOK, "Sign the Local Digital Declaration")
	a.visit(officer, "commitment", "/sign/commitment", http.StatusOK, "Your commitment")
	officer.wantPage(officer.clickText("Continue"), http.StatusBadRequest, "Your commitment")
	a.check(officer, "commitment with errors")
	officer.fillAll(hackneyCommitment)
	officer.wantPage(officer.clickText("Continue"), http.StatusOK, "Your senior signers")
	a.check(officer, "signers, council")
	officer.wantPage(officer.clickText("Continue"), http.StatusBadRequest, "Your senior signers")
	a.check(officer, "signers, council, with errors")
	officer.fillAll(hackneySigners)
	officer.wantPage(officer.clickText("Continue"), http.StatusOK, "Check your answers before signing")
	a.check(officer, "check your answers")
	officer.wantPage(officer.clickText("Accept and send"), http.StatusOK, "Signature sent to your senior signers")
	a.check(officer, "confirmation")
	a.visit(officer, "sign, with a live signature", "/sign", http.StatusOK, "Sign the Local Digital Declaration")
	a.visit(officer, "organisation signing in progress", "/organisations/hackney", http.StatusOK, "London Borough of Hackney")
	sigPath := "/signatures/" + strconv.FormatInt(e.signature("hackney").ID, 10)
	a.visit(officer, "change a senior signer", sigPath+"/signers/leader", http.StatusOK, "Change the leader or lead member")
	officer.step("clear the address", chromedp.Clear(chromedp.CSS("#leader_email")))
	officer.fill("#leader_email", "officer+leader@hackney.gov.uk")
	officer.wantPage(officer.clickText("Save and send a new link"), http.StatusBadRequest, "Change the leader or lead member", "not yours")
	a.check(officer, "change a senior signer with an error")
	a.visit(officer, "cancel the signature in progress", sigPath+"/cancel", http.StatusOK, "Are you sure you want to cancel the signature in progress?")
	officer.open("/account")
	officer.wantPage(officer.clickText("Sign out"), http.StatusOK, "Sign in with your email address")
	a.check(officer, "sign in, after signing out")

	// A senior signer answers from their emailed link, with no session.
	dana := e.newTab(t, "Dana Whitfield", true)
	a.visit(dana, "senior signer", e.link("dana.whitfield@hackney.gov.uk", signerLinkRE), http.StatusOK, "Confirm your organisation’s signature")
	dana.wantPage(dana.clickText("Send"), http.StatusBadRequest, "Confirm your organisation’s signature")
	dana.wantText(".govuk-error-summary", "There is a problem")
	a.check(dana, "senior signer with an error")
	dana.step("choose yes", clickLabel("Yes, I confirm and sign"))
	dana.wantPage(dana.clickText("Send"), http.StatusOK, "You have signed")
	a.check(dana, "senior signer confirmed")
	a.visit(dana, "senior signer, link used again", e.link("dana.whitfield@hackney.gov.uk", signerLinkRE), http.StatusOK, "You have already answered")
}

// auditSigningDepartment checks the senior signers' page for a body with one senior
// signer, and a senior signer declining.
func auditSigningDepartment(a *auditor, e *env) {
	t := a.t
	// Someone at a government department names one senior signer.
	dept := e.newTab(t, "the MHCLG officer", true)
	e.signIn(dept, "digital.lead@communities.gov.uk")
	dept.open("/sign/commitment")
	dept.fillAll([][2]string{{"title", "Shared planning data standard"},
		{"mission", "Agree and publish a planning application data standard with councils."},
		{"impact", "Planning officers get applications they can process without re-keying."}})
	dept.wantPage(dept.clickText("Continue"), http.StatusOK, "Your senior signers", "Senior signer")
	a.check(dept, "signers, one senior signer")
	dept.wantPage(dept.clickText("Continue"), http.StatusBadRequest, "Your senior signers")
	a.check(dept, "signers, one senior signer, with errors")
	dept.fillAll([][2]string{{"ceo_name", "Priya Natarajan"}, {"ceo_role", "Permanent Secretary"},
		{"ceo_email", "priya.natarajan@communities.gov.uk"}})
	dept.clickText("Continue")
	dept.wantPage(dept.clickText("Accept and send"), http.StatusOK, "Signature sent to your senior signers")

	// The senior signer answers from the emailed link, with no session.
	priya := e.newTab(t, "Priya Natarajan", true)
	priya.open(e.link("priya.natarajan@communities.gov.uk", signerLinkRE))
	priya.step("choose no", clickLabel("No, I decline"))
	priya.wantPage(priya.clickText("Send"), http.StatusOK, "You have declined to sign")
	a.check(priya, "senior signer declined")
}

// auditAdmin checks the platform team's pages and an organisation admin's.
func auditAdmin(a *auditor, e *env) {
	t := a.t
	e.publish("adur", "Adur open planning data")
	sig := e.awaitingVerification("hackney", "Open housing repairs data")

	const adminEmail = "platform.team@localdigital.gov.uk"
	e.grant(adminEmail, model.RolePlatformAdmin)
	admin := e.newTab(t, "the platform admin", true)
	e.signIn(admin, adminEmail)
	a.visit(admin, "admin", "/admin", http.StatusOK, "Admin")
	a.visit(admin, "admin queue", "/admin/signatures", http.StatusOK, "Signatures to verify")
	a.visit(admin, "admin signature", "/admin/signatures/"+strconv.FormatInt(sig.ID, 10), http.StatusOK, "London Borough of Hackney")
	admin.wantPage(admin.clickText("Reject"), http.StatusBadRequest, "London Borough of Hackney", "Enter the reason")
	a.check(admin, "admin signature, reject without a reason")
	admin.wantPage(admin.clickText("Verify and publish"), http.StatusOK, "Signatures to verify", "verified and published")
	a.check(admin, "admin queue, after verifying")
	a.visit(admin, "admin audit log", "/admin/audit", http.StatusOK, "Audit log")
	a.visit(admin, "admin users", "/admin/users", http.StatusOK, "People with admin roles")
	admin.wantPage(admin.clickText("Save role"), http.StatusBadRequest, "People with admin roles")
	a.check(admin, "admin users with errors")
	a.visit(admin, "admin new organisation", "/admin/organisations/new", http.StatusOK, "Add an organisation")
	admin.wantPage(admin.clickText("Add organisation"), http.StatusBadRequest, "Add an organisation")
	a.check(admin, "admin new organisation with errors")
	a.visit(admin, "admin domains", "/admin/organisations/adur/domains", http.StatusOK, "Email domains")
	admin.step("clear the domains", chromedp.Clear(chromedp.CSS("#domains")))
	admin.fill("#domains", "not a domain")
	admin.wantPage(admin.clickText("Save domains"), http.StatusBadRequest, "Email domains")
	a.check(admin, "admin domains with an error")
	a.visit(admin, "organisation members, as the platform team", "/organisations/adur/members", http.StatusOK, "Members")
	admin.wantPage(admin.clickText("Add person"), http.StatusBadRequest, "Members", "Add a person", "Enter an email address")
	a.check(admin, "organisation members, add with errors")
}

// auditOrgAdmin checks an organisation admin's pages: an organisation admin withdraws;
// the platform team's pages are not theirs.
func auditOrgAdmin(a *auditor, e *env) {
	t := a.t
	e.publish("adur", "Adur open planning data")
	const adurAdmin = "officer@adur-worthing.gov.uk"
	e.grant(adurAdmin, model.RoleOrgAdmin)
	orgAdmin := e.newTab(t, "the Adur organisation admin", true)
	e.signIn(orgAdmin, adurAdmin)
	a.visit(orgAdmin, "organisation, as its admin", "/organisations/adur", http.StatusOK, "Adur District Council")
	orgAdmin.wantPage(orgAdmin.clickText("Withdraw this signature"), http.StatusOK, "Are you sure you want to withdraw your signature?")
	a.check(orgAdmin, "withdraw")
	orgAdmin.wantPage(orgAdmin.clickText("Withdraw signature"), http.StatusBadRequest, "Are you sure you want to withdraw your signature?", "Enter the reason")
	a.check(orgAdmin, "withdraw without a reason")
	a.visit(orgAdmin, "forbidden", "/admin", http.StatusForbidden, "You cannot do that")
	a.visit(orgAdmin, "organisation members, as its admin", "/organisations/adur/members", http.StatusOK, "Members")
}
