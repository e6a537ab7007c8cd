package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

type runResult struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, env map[string]string, args ...string) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}, args)
	return runResult{code, out.String(), errb.String()}
}

func tempEnv(t *testing.T) map[string]string {
	return map[string]string{"LD_DATABASE_URL": testdb.URL(t, os.Getenv)}
}

func registerFile(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data", "uk_local_authorities.csv")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the real register is not at %s (../shared is absent): %v", p, err)
	}
	return p
}

func TestImportRealRegisterTwice(t *testing.T) {
	env := tempEnv(t)
	file := registerFile(t)
	r := run(t, env, "import", "organisations", file)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "397 created, 0 updated, 0 unchanged" {
		t.Fatalf("first import: %+v", r)
	}
	r = run(t, env, "import", "organisations", file)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "0 created, 0 updated, 397 unchanged" {
		t.Fatalf("second import: %+v", r)
	}
}

func TestImportBadFileChangesNothing(t *testing.T) {
	env := tempEnv(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	csv := "local_authority_code,official_name,gss_code,type_code,nation,region,website\n" +
		"ADU,Adur District Council,E07000223,NMD,England,South East,https://www.adur-worthing.gov.uk/\n" +
		"WOT,Worthing Borough Council,X123,NMD,England,South East,https://www.adur-worthing.gov.uk/\n" +
		"ADU,Adur again,E07000999,NMD,England,South East,\n"
	os.WriteFile(bad, []byte(csv), 0o600)
	r := run(t, env, "import", "organisations", bad)
	if r.code != 1 || !strings.Contains(r.stderr, "line 3") || !strings.Contains(r.stderr, "line 4") || !strings.Contains(r.stderr, "Nothing was imported") {
		t.Fatalf("bad import: %+v", r)
	}
	good := filepath.Join(t.TempDir(), "good.csv")
	os.WriteFile(good, []byte(strings.Join(strings.Split(csv, "\n")[:2], "\n")+"\n"), 0o600)
	if r := run(t, env, "import", "organisations", good); strings.TrimSpace(r.stdout) != "1 created, 0 updated, 0 unchanged" {
		t.Fatalf("after a bad import the database should be empty: %+v", r)
	}
}

func TestSeedAdminMailBackup(t *testing.T) {
	env := tempEnv(t)
	if r := run(t, env, "seed", "--demo"); r.code != 0 || !strings.Contains(r.stdout, "14 signatures added") {
		t.Fatalf("seed: %+v", r)
	}
	if r := run(t, env, "seed", "--demo"); r.code != 0 || !strings.Contains(r.stdout, "0 signatures added") {
		t.Fatalf("seed again should add nothing: %+v", r)
	}
	checkDemoOfficer(t, env["LD_DATABASE_URL"])
	if r := run(t, env, "admin", "grant", "Someone@Camden.gov.uk", "org_admin"); r.code != 0 || !strings.Contains(r.stdout, "someone@camden.gov.uk is now Organisation admin") {
		t.Fatalf("admin grant: %+v", r)
	}
	if r := run(t, env, "admin", "grant", "someone@camden.gov.uk", "emperor"); r.code != 1 {
		t.Fatalf("bad role should fail: %+v", r)
	}
	r := run(t, env, "mail", "list", "--json")
	var msgs []outboxJSON
	if err := json.Unmarshal([]byte(r.stdout), &msgs); err != nil || r.code != 0 {
		t.Fatalf("mail list --json: %v %+v", err, r)
	}
	if r := run(t, env, "digests", "send", "--as-of", "monday"); r.code != 1 || !strings.Contains(r.stderr, "RFC 3339") {
		t.Fatalf("digests send with a bad time: %+v", r)
	}
	for _, want := range []string{"follow emails queued as of 2100-01-04T08:30:00Z", "0 follow emails queued"} {
		if r := run(t, env, "digests", "send", "--as-of", "2100-01-04T09:30:00+01:00"); r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("digests send: %+v, want %q", r, want)
		}
	}
	if testdb.Engine(os.Getenv) != "sqlite" {
		return // PostgreSQL is backed up with pg_dump (README)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if r := run(t, env, "backup", backup); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	copyEnv := map[string]string{"LD_DATABASE_URL": "sqlite:" + backup}
	if r := run(t, copyEnv, "seed", "--demo"); !strings.Contains(r.stdout, "0 signatures added") {
		t.Fatalf("the backup should hold the seeded signatures: %+v", r)
	}
}

func TestUsageErrors(t *testing.T) {
	env := tempEnv(t)
	for _, args := range [][]string{{}, {"frobnicate"}, {"import"}, {"import", "people", "x.csv"}, {"mail"}, {"seed"}, {"backup"}} {
		if r := run(t, env, args...); r.code == 0 {
			t.Errorf("%v should fail: %+v", args, r)
		}
	}
}

func TestServeAndShutDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := tempEnv(t)
	env["LD_ADDR"] = addr
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var errb bytes.Buffer
	go func() {
		done <- runServe(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &errb, Getenv: func(k string) string { return env[k] }}, nil)
	}()
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/readyz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz: %v %v\n%s", resp, err, errb.String())
	}
	resp.Body.Close()
	// headers beyond 64 KB are refused before they reach a handler
	req, _ := http.NewRequest("GET", "http://"+addr+"/readyz", nil)
	req.Header.Set("X-Padding", strings.Repeat("x", 100<<10))
	if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("100 KB of headers: %v %v, want 431", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestCopyDataSQLiteToPostgres(t *testing.T) {
	if testdb.Engine(os.Getenv) != "postgres" {
		t.Skip("set " + testdb.EnvPostgres + " (scripts/test.sh does) to copy into PostgreSQL")
	}
	src := map[string]string{"LD_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "src.db")}
	if r := run(t, src, "seed", "--demo"); r.code != 0 {
		t.Fatalf("seed: %+v", r)
	}
	if file := registerFile(t); file != "" {
		run(t, src, "import", "organisations", file)
	}
	dst := testdb.URL(t, os.Getenv)
	r := run(t, nil, "copy-data", "--from", src["LD_DATABASE_URL"], "--to", dst)
	if r.code != 0 || !strings.Contains(r.stdout, "Copied.") || !strings.Contains(r.stdout, "organisations") {
		t.Fatalf("copy-data: %+v", r)
	}
	// The copy is a working installation: new rows get fresh ids, the register matches.
	dstEnv := map[string]string{"LD_DATABASE_URL": dst}
	if r := run(t, dstEnv, "admin", "grant", "new.person@camden.gov.uk", "org_admin"); r.code != 0 {
		t.Fatalf("grant on the copy: %+v", r)
	}
	if r := run(t, dstEnv, "seed", "--demo"); !strings.Contains(r.stdout, "0 signatures added") {
		t.Fatalf("the copy should hold the signatures: %+v", r)
	}
	if r := run(t, nil, "copy-data", "--from", src["LD_DATABASE_URL"], "--to", dst); r.code == 0 || !strings.Contains(r.stderr, "empty database") {
		t.Fatalf("copying into a non-empty database must fail: %+v", r)
	}
}

// checkDemoOfficer: the README's demo officer is an admin of Adur and a member of
// Worthing, which shares Adur's email domain.
func checkDemoOfficer(t *testing.T, url string) {
	t.Helper()
	db, err := store.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	adur, err1 := db.OrganisationBySlug(t.Context(), "adur")
	worthing, err2 := db.OrganisationBySlug(t.Context(), "worthing")
	if err1 != nil || err2 != nil {
		t.Fatalf("demo councils: %v %v", err1, err2)
	}
	admins, err := db.ListAdmins(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range admins {
		if u.Email == "officer@adur-worthing.gov.uk" {
			if !u.CanAdminOrganisation(adur.ID) || !u.IsMemberOf(worthing.ID) || u.CanAdminOrganisation(worthing.ID) {
				t.Errorf("demo officer's memberships = %+v", u.Memberships)
			}
			return
		}
	}
	t.Errorf("the demo officer is not an admin")
}
