package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
	"github.com/localdigital/localdigital/internal/web"
)

// t0 is where every test clock starts: a weekday morning, so dates read "15 March 2024".
var t0 = time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC)

const baseURL = "http://localhost:8080"

// clock is the database's clock in tests; it only moves when a test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Real councils from the local authority register, and a government department. Domains
// come from the website, as the importer makes them.
var (
	hackney = model.Organisation{Slug: "hackney", Name: "London Borough of Hackney",
		OfficialName: "London Borough of Hackney", TypeCode: "LBO", TypeName: "London borough", Nation: "England",
		Region: "London", GSSCode: "E09000012", LACode: "HCK", Website: "http://www.hackney.gov.uk/"}
	adur = model.Organisation{Slug: "adur", Name: "Adur District Council", OfficialName: "Adur District Council",
		TypeCode: "NMD", TypeName: "Non-metropolitan district", Nation: "England", Region: "South East",
		GSSCode: "E07000223", LACode: "ADU", Website: "https://www.adur-worthing.gov.uk/"}
	hammersmith = model.Organisation{Slug: "hammersmith-and-fulham", Name: "London Borough of Hammersmith & Fulham",
		OfficialName: "London Borough of Hammersmith & Fulham", TypeCode: "LBO", TypeName: "London borough",
		Nation: "England", Region: "London", GSSCode: "E09000013", LACode: "HMF", Website: "http://www.lbhf.gov.uk/"}
	mhclg = model.Organisation{Slug: "mhclg", Name: "Ministry of Housing, Communities and Local Government",
		OfficialName: "Ministry of Housing, Communities and Local Government", TypeCode: "DEPT",
		TypeName: "Central government department", Nation: "England", Website: "https://www.communities.gov.uk/"}
)

// env is one test's platform: a real SQLite database in a temporary folder, migrated and
// holding the organisations above, served by the real handler over HTTP.
type env struct {
	t     testing.TB
	base  string // the base URL links in emails start with
	db    *store.DB
	clock *clock
	srv   *httptest.Server
	orgs  map[string]*model.Organisation // by slug
}

func newEnv(t testing.TB) *env { return newEnvWith(t, web.Options{BaseURL: baseURL}) }

func newEnvWith(t testing.TB, opts web.Options) *env {
	t.Helper()
	db := openDB(t)
	e := &env{t: t, base: opts.BaseURL, db: db, clock: &clock{t: t0}, orgs: map[string]*model.Organisation{}}
	db.Now = e.clock.Now
	orgs := []model.Organisation{hackney, adur, hammersmith, mhclg}
	for i := range orgs {
		orgs[i].Domains = []string{model.DomainFromWebsite(orgs[i].Website)}
	}
	if _, err := db.ImportOrganisations(t.Context(), model.Actor{Label: "import"}, orgs); err != nil {
		t.Fatalf("ImportOrganisations: %v", err)
	}
	for i := range orgs {
		e.orgs[orgs[i].Slug] = &orgs[i]
	}
	h, err := web.New(db, testLogger(t), opts)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// openDB opens and migrates a new database: SQLite in a temporary folder, or a fresh
// PostgreSQL database when LD_TEST_POSTGRES_URL is set.
func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), testdb.Migrated(tb, os.Getenv, store.MigrateURL))
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("Migrate: %v", err)
	}
	return db
}

// testLogger shows warnings and errors in the test's output, where a failure explains
// itself, and drops the request lines.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func (e *env) org(slug string) *model.Organisation {
	e.t.Helper()
	o, ok := e.orgs[slug]
	if !ok {
		e.t.Fatalf("no organisation %q in the test set", slug)
	}
	return o
}

// client is one browser: it keeps cookies and does not follow redirects unless asked,
// so that tests see each 303 and its Location.
type client struct {
	e  *env
	hc *http.Client
}

func (e *env) newClient() *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is what a test looks at: the status, headers and the whole body.
type response struct {
	Method, Path string
	Status       int
	Header       http.Header
	Cookies      []*http.Cookie
	Body         string
}

func (r *response) Location() string { return r.Header.Get("Location") }

// cookie returns the Set-Cookie for name in the response, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (c *client) get(path string) *response {
	c.e.t.Helper()
	return c.do(c.request(http.MethodGet, path, nil))
}

// post sends form as a browser would from one of the site's own pages: no Origin or
// Sec-Fetch-Site header, which http.CrossOriginProtection lets through.
func (c *client) post(path string, form url.Values) *response {
	c.e.t.Helper()
	return c.do(c.request(http.MethodPost, path, form))
}

func (c *client) request(method, path string, form url.Values) *http.Request {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

func (c *client) do(req *http.Request) *response {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &response{Method: req.Method, Path: req.URL.RequestURI(), Status: res.StatusCode, Header: res.Header,
		Cookies: res.Cookies(), Body: string(b)}
}

// follow GETs each Location in turn until a page answers without redirecting.
func (c *client) follow(r *response) *response {
	c.e.t.Helper()
	for i := 0; r.Status >= 300 && r.Status < 400; i++ {
		if i == 10 {
			c.e.t.Fatalf("too many redirects from %s", r.Path)
		}
		r = c.get(r.Location())
	}
	return r
}

// sessionCookie is the value of the client's session cookie, or "".
func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.e.srv.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == "ld_session" {
			return ck.Value
		}
	}
	return ""
}

// withSession returns a new browser holding a copy of a session cookie value.
func (e *env) withSession(value string) *client {
	c := e.newClient()
	u, _ := url.Parse(e.srv.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "ld_session", Value: value, Path: "/"}})
	return c
}

// --- assertions on responses --------------------------------------------------------

func snippet(body string) string {
	if len(body) > 600 {
		// The page's own content is after the header; show that part.
		if i := strings.Index(body, `id="main-content"`); i >= 0 {
			body = body[i:]
		}
		if len(body) > 1500 {
			body = body[:1500] + "…"
		}
	}
	return body
}

func wantStatus(t testing.TB, r *response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s %s: status %d, want %d; Location %q\n%s", r.Method, r.Path, r.Status, status, r.Location(), snippet(r.Body))
	}
}

func wantRedirect(t testing.TB, r *response, location string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Location() != location {
		t.Fatalf("%s %s: got %d to %q, want 303 to %q\n%s", r.Method, r.Path, r.Status, r.Location(), location, snippet(r.Body))
	}
}

func wantBody(t testing.TB, r *response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page does not contain %q\n%s", r.Method, r.Path, p, snippet(r.Body))
		}
	}
}

func wantNoBody(t testing.TB, r *response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page contains %q and must not", r.Method, r.Path, p)
		}
	}
}

// esc is how html/template writes text: what a page shows for s.
func esc(s string) string { return html.EscapeString(s) }

// fieldValue returns what the input or textarea named field shows, unescaped, and
// whether the page has that field.
func fieldValue(body, field string) (string, bool) {
	q := regexp.QuoteMeta(field)
	input := regexp.MustCompile(`<input[^>]*\bname="` + q + `"[^>]*\bvalue="([^"]*)"`)
	if m := input.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1]), true
	}
	textarea := regexp.MustCompile(`(?s)<textarea[^>]*\bname="` + q + `"[^>]*>(.*?)</textarea>`)
	if m := textarea.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1]), true
	}
	return "", false
}

// formGroup returns the opening tag of the GOV.UK form group that holds the control
// with id field.
func formGroup(body, field string) string {
	i := strings.Index(body, `id="`+field+`"`)
	if i < 0 {
		return ""
	}
	j := strings.LastIndex(body[:i], `<div class="govuk-form-group`)
	if j < 0 {
		return ""
	}
	return body[j : j+strings.Index(body[j:], ">")+1]
}

// errorSummary returns the list of the page's GOV.UK error summary, or "".
func errorSummary(body string) string {
	_, list, ok := strings.Cut(body, `<ul class="govuk-list govuk-error-summary__list">`)
	if !ok {
		return ""
	}
	list, _, _ = strings.Cut(list, "</ul>")
	return list
}

// wantFieldError checks the GOV.UK error pattern for field: the error summary links to
// it, its form group is marked, and the message is beside it with id field-error.
func wantFieldError(t testing.TB, r *response, field string) {
	t.Helper()
	if !strings.Contains(r.Body, `class="govuk-error-summary"`) {
		t.Errorf("%s %s: no error summary", r.Method, r.Path)
	}
	if !strings.Contains(errorSummary(r.Body), `<a href="#`+field+`">`) {
		t.Errorf("%s %s: error summary has no link to #%s", r.Method, r.Path, field)
	}
	if g := formGroup(r.Body, field); !strings.Contains(g, "govuk-form-group--error") {
		t.Errorf("%s %s: form group of %s is %q, want govuk-form-group--error", r.Method, r.Path, field, g)
	}
	if !regexp.MustCompile(`<p id="` + regexp.QuoteMeta(field) + `-error" class="govuk-error-message">`).MatchString(r.Body) {
		t.Errorf("%s %s: no error message with id %s-error", r.Method, r.Path, field)
	}
	prefix := "<title>Error: "
	if strings.HasPrefix(r.Path, "/cy/") {
		prefix = "<title>Gwall: "
	}
	if !strings.Contains(r.Body, prefix) {
		t.Errorf("%s %s: page title does not start with %q", r.Method, r.Path, strings.TrimPrefix(prefix, "<title>"))
	}
}

// wantKept checks that each field shows what the person typed.
func wantKept(t testing.TB, r *response, form url.Values) {
	t.Helper()
	for field, vs := range form {
		got, ok := fieldValue(r.Body, field)
		if !ok {
			t.Errorf("%s %s: no field %s on the page", r.Method, r.Path, field)
			continue
		}
		if got != vs[0] {
			t.Errorf("%s %s: field %s shows %q, want %q as typed", r.Method, r.Path, field, got, vs[0])
		}
	}
}

// --- email ---------------------------------------------------------------------------

var (
	signInLinkRE = regexp.MustCompile(`https?://[^/\s]+(/sign-in/[A-Za-z0-9_-]+(?:\?next=[^\s]+)?)`)
	signerLinkRE = regexp.MustCompile(`https?://[^/\s]+(/confirm/[A-Za-z0-9_-]+)`)
)

// emailsTo returns the emails queued for addr, oldest first.
func (e *env) emailsTo(addr string) []model.Email {
	e.t.Helper()
	msgs, err := e.db.ListOutbox(e.t.Context(), 10000)
	if err != nil {
		e.t.Fatalf("ListOutbox: %v", err)
	}
	var out []model.Email
	for _, m := range slices.Backward(msgs) {
		if m.Email.To == addr {
			out = append(out, m.Email)
		}
	}
	return out
}

func (e *env) outboxCount() int {
	e.t.Helper()
	msgs, err := e.db.ListOutbox(e.t.Context(), 10000)
	if err != nil {
		e.t.Fatalf("ListOutbox: %v", err)
	}
	return len(msgs)
}

// lastEmail returns the newest email to addr.
func (e *env) lastEmail(addr string) model.Email {
	e.t.Helper()
	all := e.emailsTo(addr)
	if len(all) == 0 {
		e.t.Fatalf("no email to %s in the outbox", addr)
	}
	return all[len(all)-1]
}

// linkIn returns the path of the link re finds in an email's body.
func (e *env) linkIn(m model.Email, re *regexp.Regexp) string {
	e.t.Helper()
	match := re.FindStringSubmatch(m.Body)
	if match == nil {
		e.t.Fatalf("email %q to %s holds no link matching %s:\n%s", m.Subject, m.To, re, m.Body)
	}
	if !strings.HasPrefix(match[0], e.base+"/") {
		e.t.Errorf("link %s does not start with the base URL %s", match[0], e.base)
	}
	return match[1]
}

func subjects(ms []model.Email) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}

// --- signing in ----------------------------------------------------------------------

// signIn returns a browser signed in as email through the emailed link.
func (e *env) signIn(email string) *client {
	e.t.Helper()
	c := e.newClient()
	c.signIn(email)
	return c
}

func (c *client) signIn(email string) {
	t := c.e.t
	t.Helper()
	wantRedirect(t, c.post("/sign-in", url.Values{"email": {email}}), "/sign-in/check-email")
	link := c.e.linkIn(c.e.lastEmail(email), signInLinkRE)
	page := c.get(link)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, `action="`+link+`"`)
	r := c.post(link, url.Values{})
	wantRedirect(t, r, "/account")
	if r.cookie("ld_session") == nil {
		t.Fatalf("sign-in as %s set no session cookie", email)
	}
}

// admin returns a browser signed in as a platform admin, made as `admin grant` makes one.
func (e *env) admin() *client {
	e.t.Helper()
	return e.signInAs("platform.team@localdigital.gov.uk", model.RolePlatformAdmin)
}

// signInAs grants role to email and signs them in.
func (e *env) signInAs(email, role string) *client {
	e.t.Helper()
	if _, err := e.db.GrantRole(e.t.Context(), model.Actor{Label: "cli"}, email, role); err != nil {
		e.t.Fatalf("GrantRole: %v", err)
	}
	return e.signIn(email)
}

// --- signing -------------------------------------------------------------------------

func hackneyCommitment() url.Values {
	return url.Values{
		"title":    {"Open housing repairs data"},
		"partners": {"London Borough of Hammersmith & Fulham"},
		"mission":  {"Publish every housing repair request as open data, updated daily, within a year."},
		"impact":   {"Tenants can see when their repair will be done without phoning the council."},
	}
}

func hackneySigners() url.Values {
	return url.Values{
		"ceo_name": {"Dana Whitfield"}, "ceo_role": {"Chief Executive"}, "ceo_email": {"dana.whitfield@hackney.gov.uk"},
		"leader_name": {"Sam Okafor"}, "leader_role": {"Mayor of Hackney"}, "leader_email": {"sam.okafor@hackney.gov.uk"},
	}
}

// submit walks the signing journey's forms and sends the signature.
func (c *client) submit(commitment, signers url.Values) {
	t := c.e.t
	t.Helper()
	wantRedirect(t, c.post("/sign/commitment", commitment), "/sign/signers")
	wantRedirect(t, c.post("/sign/signers", signers), "/sign/check")
	wantRedirect(t, c.post("/sign/check", url.Values{}), "/sign/confirmation")
}

// signatures returns the organisation's signatures, newest first.
func (e *env) signatures(slug string) []*model.Signature {
	e.t.Helper()
	sigs, err := e.db.SignaturesForOrganisation(e.t.Context(), e.org(slug).ID)
	if err != nil {
		e.t.Fatalf("SignaturesForOrganisation: %v", err)
	}
	return sigs
}

// signature returns the organisation's only signature.
func (e *env) signature(slug string) *model.Signature {
	e.t.Helper()
	sigs := e.signatures(slug)
	if len(sigs) != 1 {
		e.t.Fatalf("%s has %d signatures, want 1", slug, len(sigs))
	}
	return sigs[0]
}

// respond answers a senior signer's emailed link from a browser with no session.
func (e *env) respond(email, decision string) *response {
	e.t.Helper()
	link := e.linkIn(e.lastEmail(email), signerLinkRE)
	return e.newClient().post(link, url.Values{"decision": {decision}})
}

// hackneyAwaitingVerification signs Hackney through the web journey up to the platform team's queue.
func (e *env) hackneyAwaitingVerification() *model.Signature {
	e.t.Helper()
	e.signIn("officer@hackney.gov.uk").submit(hackneyCommitment(), hackneySigners())
	for _, addr := range []string{"dana.whitfield@hackney.gov.uk", "sam.okafor@hackney.gov.uk"} {
		wantStatus(e.t, e.respond(addr, "confirm"), http.StatusOK)
	}
	sig := e.signature("hackney")
	if sig.Status != model.SigAwaitingVerification {
		e.t.Fatalf("Hackney's signature is %s, want awaiting verification", sig.Status)
	}
	return sig
}

// publish puts a verified signature for the organisation on the register through the
// store, as quick set-up for tests about the register.
func (e *env) publish(slug, title string) *model.Signature {
	e.t.Helper()
	return publish(e.t, e.db, e.org(slug), title)
}

func publish(tb testing.TB, db *store.DB, org *model.Organisation, title string) *model.Signature {
	tb.Helper()
	return publishCommitment(tb, db, org, model.Commitment{Title: title, Mission: "Deliver " + title + " within a year.",
		Impact: "Residents get answers sooner."})
}

// publishCommitment is publish with the whole commitment given.
func publishCommitment(tb testing.TB, db *store.DB, org *model.Organisation, c model.Commitment) *model.Signature {
	tb.Helper()
	ctx := context.Background()
	domain := "example.gov.uk"
	if len(org.Domains) > 0 {
		domain = org.Domains[0]
	}
	sig := &model.Signature{OrganisationID: org.ID, DeclarationVersion: model.CurrentDeclaration.Version,
		Commitment: c,
		Signers: []model.Signer{
			{Kind: model.SignerCEO, Name: "Alex Chief", Role: "Chief Executive", Email: "ceo@" + domain},
			{Kind: model.SignerLeader, Name: "Jo Leader", Role: "Leader of the Council", Email: "leader@" + domain},
		}}
	tokens := []string{auth.NewToken(), auth.NewToken()}
	hashes := []string{auth.Hash(tokens[0]), auth.Hash(tokens[1])}
	if err := db.StartSignature(ctx, model.Actor{Label: "set-up"}, sig, hashes, nil); err != nil {
		tb.Fatalf("StartSignature for %s: %v", org.Name, err)
	}
	for _, h := range hashes {
		if _, err := db.RespondAsSigner(ctx, h, true, nil); err != nil {
			tb.Fatalf("RespondAsSigner for %s: %v", org.Name, err)
		}
	}
	out, err := db.VerifySignature(ctx, model.Actor{Label: "set-up"}, sig.ID, nil)
	if err != nil {
		tb.Fatalf("VerifySignature for %s: %v", org.Name, err)
	}
	return out
}

// auditActions lists the audit log's actions, oldest first.
func (e *env) auditActions() []string {
	e.t.Helper()
	entries, _, err := e.db.ListAudit(e.t.Context(), 10000, 0)
	if err != nil {
		e.t.Fatalf("ListAudit: %v", err)
	}
	out := make([]string, 0, len(entries))
	for _, en := range slices.Backward(entries) {
		out = append(out, en.Action)
	}
	return out
}

// state sums up what a request could change: every signature and signer status, and the
// sizes of the audit log and outbox. Two equal states mean nothing was written.
func (e *env) state() string {
	e.t.Helper()
	var b strings.Builder
	for _, slug := range slices.Sorted(maps.Keys(e.orgs)) {
		for _, s := range e.signatures(slug) {
			b.WriteString(slug + ":" + s.Status + "[")
			for _, sg := range s.Signers {
				b.WriteString(sg.Kind + "=" + sg.Status + " ")
			}
			b.WriteString("] ")
		}
	}
	_, total, err := e.db.ListAudit(e.t.Context(), 1, 0)
	if err != nil {
		e.t.Fatalf("ListAudit: %v", err)
	}
	b.WriteString("audit=" + strconv.Itoa(total) + " outbox=" + strconv.Itoa(e.outboxCount()))
	return b.String()
}
