package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium, shared by every test of the package; each person in
// a test gets a tab in a browser context of their own, so cookies never leak between
// them, and many tabs run at once (go test -parallel).
type browser struct {
	ctx context.Context
}

var (
	shared      browser
	sharedOnce  sync.Once
	sharedErr   error
	stopBrowser = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	os.Exit(code)
}

// chromePath finds Chromium. Without it the test skips, unless CI is "true": there a
// missing browser is a broken build, not a reason to pass.
func chromePath(t testing.TB) string {
	t.Helper()
	path := os.Getenv("CHROME_PATH")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		msg := fmt.Sprintf("no Chromium at %s (%v): install Debian's chromium (scripts/test.sh does) or set CHROME_PATH", path, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true, so the browser tests must run")
		}
		t.Skip(msg)
	}
	return path
}

// newBrowser returns the package's Chromium, starting it for the first test that asks;
// TestMain stops it after the last.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromePath(t)
	sharedOnce.Do(func() {
		// The defaults are headless, with no first-run page, sync or background
		// networking; the network here is closed, so QUIC and component updates go too.
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.WindowSize(1280, 900),
		)
		if os.Geteuid() == 0 {
			opts = append(opts, chromedp.NoSandbox)
		}
		// The allocator makes a fresh --user-data-dir for the browser and removes it after.
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		stopBrowser = func() {
			cancel()
			cancelAlloc()
		}
		sharedErr = chromedp.Do(ctx)
		shared.ctx = ctx
	})
	if sharedErr != nil {
		t.Fatalf("start Chromium: %v", sharedErr)
	}
	return &shared
}

// tab is one person's browser: a tab in a new browser context (no cookies), with
// JavaScript on or off.
type tab struct {
	t    testing.TB
	e    *env
	ctx  context.Context
	js   bool
	name string
}

// stepTimeout bounds each browser action, so that a page that never loads fails the test
// instead of hanging it.
const stepTimeout = 30 * time.Second

// newTab opens a tab for a new person. With js false, script execution is off before the
// first page loads, as in a browser with JavaScript turned off.
func (e *env) newTab(t testing.TB, name string, js bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &tab{t: t, e: e, ctx: ctx, js: js, name: name}
	// The first run opens the tab; it must not have a timeout, or the tab closes with it.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		// Tabs run side by side: each behaves as if its window had focus, so focus
		// moves and :focus styles work as they would for a person.
		if _, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
			return err
		}
		if !js {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}
		return nil
	}))
	if err != nil {
		t.Fatalf("%s: open a tab: %v", name, err)
	}
	return p
}

// step runs actions with a timeout and fails the test, saying where the tab was, if one
// fails.
func (p *tab) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fatalf("%s: %v", what, err)
	}
}

func (p *tab) fatalf(format string, args ...any) {
	p.t.Helper()
	p.t.Fatalf("%s at %s: %s", p.name, p.location(), fmt.Sprintf(format, args...))
}

// location is the tab's address, without the test server's origin.
func (p *tab) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	return strings.TrimPrefix(loc, p.e.srv.URL)
}

// open goes to a path on the test server, or to a whole URL, and returns the status.
func (p *tab) open(path string) int64 {
	p.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = p.e.srv.URL + path
	}
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		p.fatalf("open %s: %v", path, err)
	}
	return res.Status
}

// navigate runs actions that make the browser load a page (a click on a button, Enter in
// a form), waits for the page and returns its status.
func (p *tab) navigate(what string, actions ...chromedp.Action[chromedp.Void]) int64 {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		p.fatalf("%s: %v", what, err)
	}
	return res.Status
}

// click clicks the element sel with the mouse and waits for the page it loads.
func (p *tab) click(sel string) int64 {
	p.t.Helper()
	return p.navigate("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// clickText clicks the link or button whose visible text is text, and waits for the
// page it loads.
func (p *tab) clickText(text string) int64 {
	p.t.Helper()
	sel := chromedp.JSPath(`[...document.querySelectorAll('a, button')].find(el => el.innerText.trim() === ` + jsString(text) + `)`)
	return p.navigate("click "+text, chromedp.Click(sel, chromedp.NodeVisible))
}

// clickIn clicks the link or button in scope whose visible text is text, for a click
// that does not load a page.
func clickIn(scope, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.JSPath(`[...document.querySelectorAll(`+jsString(scope+" a, "+scope+" button")+`)].find(el => el.innerText.trim() === `+jsString(text)+`)`), chromedp.NodeVisible)
}

// clickLabel clicks the label whose text is text, as a person chooses a radio button.
func clickLabel(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.JSPath(`[...document.querySelectorAll('label')].find(el => el.innerText.trim() === `+jsString(text)+`)`), chromedp.NodeVisible)
}

// fill types value into the field sel, key by key, as a person would.
func (p *tab) fill(sel, value string) {
	p.t.Helper()
	p.step("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// fillAll types each value into the field with that id.
func (p *tab) fillAll(fields [][2]string) {
	p.t.Helper()
	for _, f := range fields {
		p.fill("#"+f[0], f[1])
	}
}

// value is what the form control sel holds.
func (p *tab) value(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		p.fatalf("value of %s: %v", sel, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](p *tab, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text is what a person sees of the first element matching sel: its rendered text,
// without anything hidden by CSS.
func (p *tab) text(sel string) string {
	p.t.Helper()
	return eval[string](p, `(() => { const el = document.querySelector(`+jsString(sel)+`); return el ? el.innerText : "" })()`)
}

var spaces = regexp.MustCompile(`\s+`)

// wantText checks that the element sel shows each part, with white space folded.
func (p *tab) wantText(sel string, parts ...string) {
	p.t.Helper()
	got := spaces.ReplaceAllString(p.text(sel), " ")
	for _, part := range parts {
		if !strings.Contains(got, part) {
			p.t.Errorf("%s at %s: %s does not show %q; it shows:\n%s", p.name, p.location(), sel, part, clip(got))
		}
	}
}

// wantNoText checks that the element sel shows none of parts.
func (p *tab) wantNoText(sel string, parts ...string) {
	p.t.Helper()
	got := spaces.ReplaceAllString(p.text(sel), " ")
	for _, part := range parts {
		if strings.Contains(got, part) {
			p.t.Errorf("%s at %s: %s shows %q and must not", p.name, p.location(), sel, part)
		}
	}
}

// wantPage checks the page's status, its h1 and that its main content shows parts.
func (p *tab) wantPage(status, want int64, h1 string, parts ...string) {
	p.t.Helper()
	if status != want {
		p.t.Fatalf("%s at %s: status %d, want %d; the page shows:\n%s", p.name, p.location(), status, want, clip(p.text("main")))
	}
	if got := strings.TrimSpace(p.text("h1")); got != h1 {
		p.t.Fatalf("%s at %s: the heading is %q, want %q; the page shows:\n%s", p.name, p.location(), got, h1, clip(p.text("main")))
	}
	p.wantText("main", parts...)
}

// wantPath checks the path and query the tab is at.
func (p *tab) wantPath(want string) {
	p.t.Helper()
	if got := p.location(); got != want {
		p.t.Errorf("%s is at %s, want %s", p.name, got, want)
	}
}

// wantScripts checks that JavaScript is on or off in the page, as the tab asked: GOV.UK
// Frontend's inline script marks the body when it runs.
func (p *tab) wantScripts() {
	p.t.Helper()
	if got := eval[bool](p, `document.body.classList.contains('js-enabled')`); got != p.js {
		p.t.Fatalf("%s at %s: scripts ran = %v, want %v", p.name, p.location(), got, p.js)
	}
}

func clip(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `"` + r.Replace(s) + `"`
}

// --- screenshots ------------------------------------------------------------------

var (
	shotsOnce sync.Once
	shotsDir  string
	shotsErr  error
)

// screenshotDir is $LD_SCREENSHOTS, or screenshots/ at the repository root (ignored by
// git), created on first use.
func screenshotDir() (string, error) {
	shotsOnce.Do(func() {
		shotsDir = os.Getenv("LD_SCREENSHOTS")
		if shotsDir == "" {
			root, err := repoRoot()
			if err != nil {
				shotsErr = err
				return
			}
			shotsDir = filepath.Join(root, "screenshots")
		}
		shotsErr = os.MkdirAll(shotsDir, 0o755)
	})
	return shotsDir, shotsErr
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// shot saves a full-page PNG of the tab as name, with "js" or "nojs" added.
func (p *tab) shot(name string) {
	p.t.Helper()
	dir, err := screenshotDir()
	if err != nil {
		p.t.Fatalf("screenshots: %v", err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.fatalf("screenshot %s: %v", name, err)
	}
	mode := "js"
	if !p.js {
		mode = "nojs"
	}
	file := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(name+"-"+mode), "-"), "-") + ".png"
	if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
}

// repoRoot is the folder holding go.mod, above the test's working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
