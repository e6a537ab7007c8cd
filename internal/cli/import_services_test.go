package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func sharedFile(t *testing.T, name string) string {
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is not here (../shared is absent): %v", p, err)
	}
	return p
}

// Both real service lists import, in either order, and a second import changes nothing.
func TestImportRealServices(t *testing.T) {
	env := tempEnv(t)
	esd, govuk := sharedFile(t, "lgsl_services_esd_2015.csv"), sharedFile(t, "govuk_local_services_lgsl.csv")
	r := run(t, env, "import", "services", esd)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "1519 created, 0 updated, 0 unchanged" {
		t.Fatalf("esd import: %+v", r)
	}
	r = run(t, env, "import", "services", govuk)
	var created, updated, unchanged int
	if _, err := fmt.Sscanf(r.stdout, "%d created, %d updated, %d unchanged", &created, &updated, &unchanged); err != nil ||
		r.code != 0 || created+updated != 117 || updated < 100 || unchanged != 0 {
		t.Fatalf("GOV.UK import: %+v", r)
	}
	for _, f := range []string{esd, govuk} {
		r = run(t, env, "import", "services", f)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "0 created, 0 updated,") {
			t.Fatalf("import again of %s: %+v", filepath.Base(f), r)
		}
	}
}

func TestImportBadServicesChangesNothing(t *testing.T) {
	env := tempEnv(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	csv := "lgsl_code,label,description\n" +
		"524,Household waste collection,Bins\n" +
		"524,Household waste collection again,Bins\n" +
		"abc,Not a code,\n" +
		"372,\"Broken \"quote\",x\n"
	os.WriteFile(bad, []byte(csv), 0o600)
	r := run(t, env, "import", "services", bad)
	for _, want := range []string{"Nothing was imported", "line 3: lgsl_code 524 is already used on line 2", "line 4: lgsl_code \"abc\"", "line 5: broken quoting"} {
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Fatalf("bad import: stderr lacks %q: %+v", want, r)
		}
	}
	good := filepath.Join(t.TempDir(), "good.csv")
	os.WriteFile(good, []byte(strings.Join(strings.Split(csv, "\n")[:2], "\n")+"\n"), 0o600)
	if r := run(t, env, "import", "services", good); strings.TrimSpace(r.stdout) != "1 created, 0 updated, 0 unchanged" {
		t.Fatalf("after a bad import the database should hold no services: %+v", r)
	}
	tiers := filepath.Join(t.TempDir(), "tiers.csv")
	os.WriteFile(tiers, []byte("lgsl_code,govuk_description,providing_tier\n524,Bins,parish\n"), 0o600)
	if r := run(t, env, "import", "services", tiers); r.code != 1 || !strings.Contains(r.stderr, `line 2: providing_tier "parish"`) {
		t.Fatalf("unknown tier: %+v", r)
	}
}
