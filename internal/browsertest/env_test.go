package browsertest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
	"github.com/localdigital/localdigital/internal/web"
)

// Real councils from the local authority register, and a government department, as the
// importer makes them.
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

// env is one test's platform: a real database (SQLite, or PostgreSQL when
// LD_TEST_POSTGRES_URL is set), migrated and holding organisations, served by the real
// handler on 127.0.0.1, with a Chromium to look at it.
type env struct {
	t    testing.TB
	b    *browser
	db   *store.DB
	srv  *httptest.Server
	orgs map[string]*model.Organisation
	skew atomic.Int64 // how far the database's clock is ahead of the real one
	// chart is the address of an image uploaded for case studies (newSharingEnv).
	chart string
}

func newEnv(t testing.TB, b *browser, orgs ...model.Organisation) *env {
	t.Helper()
	if len(orgs) == 0 {
		orgs = []model.Organisation{hackney, adur, hammersmith, mhclg}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.Migrated(t, os.Getenv, store.MigrateURL))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	e := &env{t: t, b: b, db: db, orgs: map[string]*model.Organisation{}}
	db.Now = func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }
	orgs = slices.Clone(orgs)
	for i := range orgs {
		orgs[i].Domains = []string{model.DomainFromWebsite(orgs[i].Website)}
	}
	if _, err := db.ImportOrganisations(ctx, model.Actor{Label: "import"}, orgs); err != nil {
		t.Fatalf("ImportOrganisations: %v", err)
	}
	for i := range orgs {
		e.orgs[orgs[i].Slug] = &orgs[i]
	}

	// Links in emails start with the base URL, so it must be this server's address,
	// which is known only once it listens.
	var h http.Handler = http.NotFoundHandler()
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(e.srv.Close)
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := web.New(db, logger, web.Options{BaseURL: e.srv.URL})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	h = s
	return e
}

// advance moves the database's clock on, as time passing would.
func (e *env) advance(d time.Duration) { e.skew.Add(int64(d)) }

func (e *env) org(slug string) *model.Organisation {
	e.t.Helper()
	o, ok := e.orgs[slug]
	if !ok {
		e.t.Fatalf("no organisation %q in the test set", slug)
	}
	return o
}

// --- email -------------------------------------------------------------------------

var (
	signInLinkRE = regexp.MustCompile(`https?://\S+/sign-in/[A-Za-z0-9_-]+(?:\?next=\S+)?`)
	signerLinkRE = regexp.MustCompile(`https?://\S+/confirm/[A-Za-z0-9_-]+`)
)

// link returns the link re finds in the newest email to addr, checking that it points
// at this server.
func (e *env) link(addr string, re *regexp.Regexp) string {
	e.t.Helper()
	msgs, err := e.db.ListOutbox(context.Background(), 10000)
	if err != nil {
		e.t.Fatalf("ListOutbox: %v", err)
	}
	for _, m := range msgs { // newest first
		if m.Email.To != addr {
			continue
		}
		link := re.FindString(m.Email.Body)
		if link == "" {
			e.t.Fatalf("email %q to %s holds no link matching %s:\n%s", m.Email.Subject, addr, re, m.Email.Body)
		}
		if !regexp.MustCompile(`^` + regexp.QuoteMeta(e.srv.URL) + `/`).MatchString(link) {
			e.t.Fatalf("link %s does not start with the server's address %s", link, e.srv.URL)
		}
		return link
	}
	e.t.Fatalf("no email to %s in the outbox", addr)
	return ""
}

// --- people ------------------------------------------------------------------------

// signIn signs the tab in as email the way a person does: types the address, asks for a
// link, follows the link from the email and presses Continue.
func (e *env) signIn(p *tab, email string) {
	p.t.Helper()
	p.wantPage(p.open("/sign-in"), http.StatusOK, "Sign in with your email address")
	p.fill("#email", email)
	p.wantPage(p.clickText("Email me a sign-in link"), http.StatusOK, "Check your email")
	p.wantPage(p.open(e.link(email, signInLinkRE)), http.StatusOK, "Sign in to Local Digital")
	p.wantPage(p.click("#continue"), http.StatusOK, "Your account", email)
}

// grant gives email a role, as `localdigital admin grant` does.
func (e *env) grant(email, role string) {
	e.t.Helper()
	if _, err := e.db.GrantRole(context.Background(), model.Actor{Label: "cli"}, email, role); err != nil {
		e.t.Fatalf("GrantRole: %v", err)
	}
}

// --- set-up through the store --------------------------------------------------------

// publish puts a verified signature for the organisation on the register through the
// store, as quick set-up for pages that show one.
func (e *env) publish(slug, title string) *model.Signature {
	e.t.Helper()
	sig := e.awaitingVerification(slug, title)
	out, err := e.db.VerifySignature(context.Background(), model.Actor{Label: "set-up"}, sig.ID, nil)
	if err != nil {
		e.t.Fatalf("VerifySignature for %s: %v", slug, err)
	}
	return out
}

// awaitingVerification starts a signature for the organisation through the store and has
// every senior signer confirm it, so that it waits for the platform team.
func (e *env) awaitingVerification(slug, title string) *model.Signature {
	e.t.Helper()
	ctx := context.Background()
	org := e.org(slug)
	domain := org.Domains[0]
	sig := &model.Signature{OrganisationID: org.ID, DeclarationVersion: model.CurrentDeclaration.Version,
		Commitment: model.Commitment{Title: title, Mission: "Deliver " + title + " within a year.",
			Impact: "Residents get answers sooner."},
		Signers: []model.Signer{
			{Kind: model.SignerCEO, Name: "Alex Chief", Role: "Chief Executive", Email: "ceo@" + domain},
			{Kind: model.SignerLeader, Name: "Jo Leader", Role: "Leader of the Council", Email: "leader@" + domain},
		}}
	if !org.IsCouncil() {
		sig.Signers = []model.Signer{{Kind: model.SignerSenior, Name: "Alex Chief", Role: "Permanent Secretary", Email: "ceo@" + domain}}
	}
	var hashes []string
	for range sig.Signers {
		hashes = append(hashes, auth.Hash(auth.NewToken()))
	}
	if err := e.db.StartSignature(ctx, model.Actor{Label: "set-up"}, sig, hashes, nil); err != nil {
		e.t.Fatalf("StartSignature for %s: %v", org.Name, err)
	}
	for _, h := range hashes {
		if _, err := e.db.RespondAsSigner(ctx, h, true, nil); err != nil {
			e.t.Fatalf("RespondAsSigner for %s: %v", org.Name, err)
		}
	}
	return sig
}

// withdraw withdraws a published signature through the store.
func (e *env) withdraw(sig *model.Signature) {
	e.t.Helper()
	if _, err := e.db.WithdrawSignature(context.Background(), model.Actor{Label: "set-up"}, sig.ID, "test", nil); err != nil {
		e.t.Fatalf("WithdrawSignature: %v", err)
	}
}

// signature returns the organisation's newest signature.
func (e *env) signature(slug string) *model.Signature {
	e.t.Helper()
	sigs, err := e.db.SignaturesForOrganisation(context.Background(), e.org(slug).ID)
	if err != nil || len(sigs) == 0 {
		e.t.Fatalf("signatures of %s: %d, %v", slug, len(sigs), err)
	}
	return sigs[0]
}
