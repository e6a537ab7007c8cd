package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

// Outcomes of the authorization matrix.
const (
	allowed   = "allowed"   // the handler ran: 2xx, 3xx other than to sign in, or 400/429 about the input
	signin    = "signin"    // sent to sign in
	unauth    = "401"       // refused: not signed in
	forbidden = "403"       // refused: signed in without the role
	notFound  = "404"       // no such thing for this person
	everyone  = "everyone"  // shorthand used below for allowed × 5
	adminOnly = "adminOnly" // shorthand for the platform team's pages
)

var roles = []string{"anonymous", "other-member", "member", "org-admin", "platform-admin"}

// matrix gives, for every route in the route table, the outcome for each role in roles.
// Each feature's rows come from a method of matrices named after the feature in
// CamelCase ("case-studies" is CaseStudies), written beside its other tests (those of
// the resources, case studies and events are in authz_<feature>_test.go, with the worlds
// that test them further), and found by that name: there is no list of them to keep. A
// new route without a row fails TestAuthorizationMatrix; a feature without a method, or a
// method that names no feature, fails TestEveryFeatureHasMatrixRows.
type matrices struct{}

// The register, signing, accounts, admin and the site share coreMatrix.
func (matrices) Register() map[string][]string { return coreMatrix }
func (matrices) Signing() map[string][]string  { return coreMatrix }
func (matrices) Accounts() map[string][]string { return coreMatrix }
func (matrices) Admin() map[string][]string    { return coreMatrix }
func (matrices) Site() map[string][]string     { return coreMatrix }

// featureMatrices are the methods of matrices by feature name (gathered on first use:
// package variables the methods return are not set yet while others are initialised).
var featureMatrices = sync.OnceValue(func() map[string]map[string][]string {
	out := map[string]map[string][]string{}
	v := reflect.ValueOf(matrices{})
	for i := range v.NumMethod() {
		if rows, ok := v.Method(i).Interface().(func() map[string][]string); ok {
			out[featureName(v.Type().Method(i).Name)] = rows()
		}
	}
	return out
})

// featureName is the feature a method of matrices is named after: CaseStudies is
// "case-studies".
func featureName(method string) string {
	var b strings.Builder
	for i, r := range method {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

var matrix = sync.OnceValue(func() map[string][]string {
	all := map[string][]string{}
	for _, rows := range featureMatrices() {
		for pattern, want := range rows {
			all[pattern] = want
		}
	}
	return all
})

// coreMatrix is the rows of the register, signing, accounts, admin and the site.
var coreMatrix = map[string][]string{
	"GET /{$}":                                    {everyone},
	"GET /declaration":                            {everyone},
	"GET /signatories":                            {everyone},
	"GET /organisations/{slug}":                   {everyone},
	"GET /sign-in":                                {everyone},
	"POST /sign-in":                               {everyone},
	"GET /sign-in/check-email":                    {everyone},
	"GET /sign-in/{token}":                        {everyone},
	"POST /sign-in/{token}":                       {everyone},
	"POST /sign-out":                              {everyone},
	"GET /account":                                {signin, allowed, allowed, allowed, allowed},
	"GET /account/data":                           {signin, allowed, allowed, allowed, allowed},
	"POST /account/language":                      {unauth, allowed, allowed, allowed, allowed},
	"GET /account/delete":                         {signin, allowed, allowed, allowed, allowed},
	"POST /account/delete":                        {unauth, allowed, allowed, allowed, allowed},
	"GET /sign":                                   {everyone},
	"GET /sign/commitment":                        {signin, allowed, allowed, allowed, allowed},
	"POST /sign/commitment":                       {unauth, allowed, allowed, allowed, allowed},
	"GET /sign/signers":                           {signin, allowed, allowed, allowed, allowed},
	"POST /sign/signers":                          {unauth, allowed, allowed, allowed, allowed},
	"GET /sign/check":                             {signin, allowed, allowed, allowed, allowed},
	"POST /sign/check":                            {unauth, allowed, allowed, allowed, allowed},
	"GET /sign/confirmation":                      {signin, allowed, allowed, allowed, allowed},
	"GET /confirm/{token}":                        {everyone},
	"POST /confirm/{token}":                       {everyone},
	"GET /signatures/{id}/cancel":                 {signin, forbidden, forbidden, allowed, allowed},
	"POST /signatures/{id}/cancel":                {unauth, forbidden, forbidden, allowed, allowed},
	"GET /signatures/{id}/signers/{kind}":         {signin, forbidden, forbidden, allowed, allowed},
	"POST /signatures/{id}/signers/{kind}":        {unauth, forbidden, forbidden, allowed, allowed},
	"POST /signatures/{id}/signers/{kind}/resend": {unauth, forbidden, forbidden, allowed, allowed},
	"POST /admin/signatures/{id}/cancel":          {adminOnly},
	"GET /organisations/{slug}/withdraw":          {signin, forbidden, forbidden, allowed, allowed},
	"POST /organisations/{slug}/withdraw":         {unauth, forbidden, forbidden, allowed, allowed},
	"GET /admin":                                  {adminOnly},
	"GET /admin/signatures":                       {adminOnly},
	"GET /admin/signatures/{id}":                  {adminOnly},
	"POST /admin/signatures/{id}/verify":          {adminOnly},
	"POST /admin/signatures/{id}/reject":          {adminOnly},
	"GET /admin/audit":                            {adminOnly},
	"GET /admin/users":                            {adminOnly},
	"POST /admin/users":                           {adminOnly},
	"GET /admin/organisations/new":                {adminOnly},
	"POST /admin/organisations/new":               {adminOnly},
	"GET /admin/organisations/{slug}/domains":     {adminOnly},
	"POST /admin/organisations/{slug}/domains":    {adminOnly},
	"GET /choose/services":                        {everyone},
	"GET /choose/organisations":                   {everyone},
	"GET /api/v1":                                 {everyone},
	"GET /api/":                                   {notFound, notFound, notFound, notFound, notFound},
	"GET /healthz":                                {everyone},
	"GET /readyz":                                 {everyone},
	"GET /metrics":                                {notFound, notFound, notFound, notFound, notFound},
	"GET /static/{hash}/{name...}":                {everyone},
	"GET /assets/{name...}":                       {everyone},
	"/":                                           {notFound, notFound, notFound, notFound, notFound},
	"POST /sign":                                  {unauth, allowed, allowed, allowed, allowed},
	"GET /organisations/{slug}/members":           {signin, forbidden, forbidden, allowed, allowed},
	"POST /organisations/{slug}/members":          {unauth, forbidden, forbidden, allowed, allowed},
	"POST /organisations/{slug}/members/add":      {adminOnly},
	"GET /contact":                                {everyone},
	"GET /admin/organisations/{slug}/name":        {adminOnly},
	"POST /admin/organisations/{slug}/name":       {adminOnly},
}

func expected(pattern string) []string {
	e, ok := matrix()[pattern]
	if !ok && strings.HasPrefix(pattern, "GET /api/") || strings.HasPrefix(pattern, "OPTIONS /api/") ||
		strings.HasPrefix(pattern, "GET /feeds/") || strings.HasPrefix(pattern, "OPTIONS /feeds/") {
		e = []string{everyone} // the open data API is read-only and public
	}
	switch {
	case len(e) == 1 && e[0] == everyone:
		return []string{allowed, allowed, allowed, allowed, allowed}
	case len(e) == 1 && e[0] == adminOnly:
		if strings.HasPrefix(pattern, "POST") {
			return []string{unauth, forbidden, forbidden, forbidden, allowed}
		}
		return []string{signin, forbidden, forbidden, forbidden, allowed}
	}
	return e
}

// ownWorld says whether a request needs a world of its own: a form post the matrix lets
// through may change what later requests see; one it refuses must change nothing (and if
// it is let through after all, the outcome it gets fails the test).
func ownWorld(pattern, want string) bool {
	return strings.HasPrefix(pattern, "POST ") && want == allowed
}

// authzWorld is a database with Hackney signed (by its org admin's colleague), Adur
// unsigned, and a session for each role.
type authzWorld struct {
	srv      *Server
	db       *store.DB
	sessions map[string]string // role -> cookie value
	sigID    int64
}

func newAuthzWorld(t *testing.T) *authzWorld {
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.Migrated(t, os.Getenv, store.MigrateURL))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	orgs := []model.Organisation{
		{Name: "London Borough of Hackney", Slug: "hackney", GSSCode: "E09000012", TypeCode: "LBO", TypeName: "London borough", Nation: "England", Region: "London", Domains: []string{"hackney.gov.uk"}},
		{Name: "Adur District Council", Slug: "adur", GSSCode: "E07000223", TypeCode: "NMD", TypeName: "Non-metropolitan district", Nation: "England", Region: "South East", Domains: []string{"adur-worthing.gov.uk"}},
		{Name: "MHCLG", Slug: "mhclg", LACode: "MHCLG", TypeCode: "DEPT", TypeName: "Central government department", Domains: []string{"communities.gov.uk"}},
	}
	if _, err := db.ImportOrganisations(ctx, model.Actor{Label: "test"}, orgs); err != nil {
		t.Fatal(err)
	}
	w := &authzWorld{db: db, sessions: map[string]string{}}
	users := map[string][2]string{
		"other-member": {"someone@adur-worthing.gov.uk", model.RoleMember}, "member": {"member@hackney.gov.uk", model.RoleMember},
		"org-admin": {"admin@hackney.gov.uk", model.RoleOrgAdmin}, "platform-admin": {"team@communities.gov.uk", model.RolePlatformAdmin},
	}
	for role, u := range users {
		if _, err := db.GrantRole(ctx, model.Actor{Label: "test"}, u[0], u[1]); err != nil {
			t.Fatal(err)
		}
		tok, sess := auth.NewToken(), auth.NewToken()
		if err := db.RequestSignIn(ctx, auth.Hash(tok), u[0], model.Email{To: u[0], Kind: "sign_in", Subject: "s", Body: "b"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignIn(ctx, auth.Hash(tok), auth.Hash(sess), "csrf"); err != nil {
			t.Fatal(err)
		}
		w.sessions[role] = sess
	}
	w.sigID = w.signHackney(t)
	w.srv, err = New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{BaseURL: "http://localhost:8080"})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *authzWorld) signHackney(t *testing.T) int64 {
	ctx := context.Background()
	hackney, _ := w.db.OrganisationBySlug(ctx, "hackney")
	sig := &model.Signature{OrganisationID: hackney.ID, DeclarationVersion: 1,
		Commitment: model.Commitment{Title: "t", Mission: "m", Impact: "i"},
		Signers: []model.Signer{{Kind: model.SignerCEO, Name: "A", Role: "CEO", Email: "ceo@hackney.gov.uk"},
			{Kind: model.SignerLeader, Name: "B", Role: "Leader", Email: "leader@hackney.gov.uk"}}}
	if err := w.db.StartSignature(ctx, model.Actor{Label: "test"}, sig, []string{"h1", "h2"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"h1", "h2"} {
		if _, err := w.db.RespondAsSigner(ctx, h, true, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.db.VerifySignature(ctx, model.Actor{Label: "test"}, sig.ID, nil); err != nil {
		t.Fatal(err)
	}
	return sig.ID
}

// concrete turns a route pattern into a request path for the matrix.
func (w *authzWorld) concrete(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", "/no-such-page"
	}
	r := strings.NewReplacer("{$}", "", "{slug}", "hackney", "{token}", strings.Repeat("A", 43),
		"{id}", itoa64(w.sigID), "{kind}", model.SignerCEO, "{hash}", w.srv.assets.files["app.css"].hash, "{name...}", "app.css")
	path = r.Replace(path)
	if strings.HasPrefix(pattern, "GET /assets/") {
		path = "/assets/images/favicon.svg"
	}
	return method, path
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func outcome(rec *httptest.ResponseRecorder) string {
	switch {
	case rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/sign-in?"):
		return signin
	case rec.Code == http.StatusUnauthorized:
		return unauth
	case rec.Code == http.StatusForbidden:
		return forbidden
	case rec.Code == http.StatusNotFound:
		return notFound
	case rec.Code >= 500:
		return "5xx"
	}
	return allowed
}

// TestAuthorizationMatrix requests every route in the route table as each role and
// compares the outcome with the matrix above. A post the matrix allows gets a fresh world
// per role, so one role's change does not decide another's outcome.
func TestAuthorizationMatrix(t *testing.T) {
	shared := newAuthzWorld(t)
	check := func(t *testing.T, w *authzWorld, pattern, role, want string) {
		t.Helper()
		method, path := w.concrete(pattern)
		form := url.Values{"email": {"x@hackney.gov.uk"}, "decision": {"confirm"}, "reason": {"r"},
			"role": {"member"}, "name": {"N"}, "type": {"OTHER"}, "domains": {"n.gov.uk"}}
		req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		if method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if c := w.sessions[role]; c != "" {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c})
		}
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, req)
		if got := outcome(rec); got != want {
			t.Errorf("%s as %s (%s %s): got %s (status %d, location %q), want %s",
				pattern, role, method, path, got, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	t.Run("routes", func(t *testing.T) {
		for _, rt := range shared.srv.routeTable() {
			want := expected(rt.Pattern)
			if len(want) != len(roles) {
				t.Errorf("route %q has no entry in the authorization matrix: add one", rt.Pattern)
				continue
			}
			if !strings.HasPrefix(rt.Pattern, "POST ") {
				for i, role := range roles {
					check(t, shared, rt.Pattern, role, want[i])
				}
				continue
			}
			// A form post may change the world: each role the matrix allows posts in a world
			// of its own, made side by side, as making one waits mostly on the database.
			// A refused post changes nothing, so it is tried in the shared world.
			for i, role := range roles {
				if !ownWorld(rt.Pattern, want[i]) {
					check(t, shared, rt.Pattern, role, want[i])
					continue
				}
				t.Run(rt.Pattern+" as "+role, func(t *testing.T) {
					t.Parallel()
					check(t, newAuthzWorld(t), rt.Pattern, role, want[i])
				})
			}
		}
	})
	for pattern := range matrix() {
		found := false
		for _, rt := range shared.srv.routeTable() {
			found = found || rt.Pattern == pattern
		}
		if !found {
			t.Errorf("the matrix names %q, which is not in the route table", pattern)
		}
	}
}

// TestMatrixAgreesWithAccess reads each route's access value, the one routes() applies,
// and checks the matrix expects what it says: only public and token routes let an
// anonymous person through, the platform team's routes refuse every other role, and a
// route for members of a signatory refuses the member of an unsigned organisation.
func TestMatrixAgreesWithAccess(t *testing.T) {
	w := newAuthzWorld(t)
	for _, rt := range w.srv.routeTable() {
		want := expected(rt.Pattern)
		if len(want) != len(roles) {
			continue // TestAuthorizationMatrix reports it
		}
		anonymousRefused := want[0] == signin || want[0] == unauth
		refused := func(outcome string) bool { return outcome == forbidden || outcome == notFound }
		var ok bool
		switch rt.Access.Kind {
		case accessPublic, accessToken:
			ok = !anonymousRefused
		case accessUser:
			ok = anonymousRefused
		case accessPlatformAdmin:
			ok = anonymousRefused && want[1] == forbidden && want[2] == forbidden && want[3] == forbidden
		case accessPublisher:
			ok = anonymousRefused && want[1] == forbidden
		case accessOrgAdmin, accessStarter:
			ok = anonymousRefused && refused(want[1]) && refused(want[2])
		case accessOrgMember:
			ok = anonymousRefused && refused(want[1])
		default:
			t.Errorf("%s: unknown access %q", rt.Pattern, rt.Access.Kind)
			continue
		}
		if !ok {
			t.Errorf("%s: access %s, but the matrix expects %v", rt.Pattern, rt.Access.Kind, want)
		}
	}
}

// TestEveryFeatureHasMatrixRows: each feature's routes have rows among its own, in the
// method of matrices named after it, and each method of matrices names a feature.
func TestEveryFeatureHasMatrixRows(t *testing.T) {
	w := newAuthzWorld(t)
	names := map[string]bool{}
	for _, f := range w.srv.features() {
		names[f.Name] = true
		rows, ok := featureMatrices()[f.Name]
		if !ok {
			t.Errorf("feature %s has no rows: write func (matrices) %s() map[string][]string beside its tests", f.Name, methodName(f.Name))
			continue
		}
		for _, rt := range f.Routes {
			if _, ok := rows[rt.Pattern]; !ok {
				t.Errorf("feature %s: route %q has no row in its matrix", f.Name, rt.Pattern)
			}
		}
	}
	typ := reflect.TypeFor[matrices]()
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		if _, ok := reflect.ValueOf(matrices{}).Method(i).Interface().(func() map[string][]string); !ok {
			t.Errorf("matrices.%s is a %s, want func() map[string][]string", m.Name, m.Type)
		}
		if !names[featureName(m.Name)] {
			t.Errorf("matrices.%s names no feature (%q)", m.Name, featureName(m.Name))
		}
	}
}

// methodName is featureName backwards: "case-studies" is CaseStudies.
func methodName(feature string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(feature, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func TestFeatureMethodNames(t *testing.T) {
	for _, name := range []string{"register", "case-studies", "events", "news-posts"} {
		if got := featureName(methodName(name)); got != name {
			t.Errorf("%s: method %s names %s", name, methodName(name), got)
		}
	}
	if got := featureName("CaseStudies"); got != "case-studies" {
		t.Errorf("CaseStudies names %q", got)
	}
}
