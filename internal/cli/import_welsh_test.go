package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/store"
)

// welshNameOf opens the database at env and returns the Welsh name of the organisation
// at slug.
func welshNameOf(t *testing.T, env map[string]string, slug string) string {
	t.Helper()
	db, err := store.Open(t.Context(), env["LD_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o, err := db.OrganisationBySlug(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return o.WelshName
}

// The README's set-up: the register, then the Welsh councils' names, which change only
// those; a second run changes nothing; a file with a code no organisation has changes
// nothing at all.
func TestImportWelshNames(t *testing.T) {
	env := tempEnv(t)
	welsh := sharedFile(t, "welsh_council_names.csv")
	if r := run(t, env, "import", "organisations", registerFile(t)); r.code != 0 {
		t.Fatalf("register: %+v", r)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("gss_code,welsh_name\nW06000002,Cyngor Gwynedd\nW06000099,Cyngor Nunlle\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, env, "import", "organisations", bad)
	if r.code == 0 || !strings.Contains(r.stderr, "line 3: no organisation has gss_code W06000099") {
		t.Fatalf("a code no organisation has: %+v", r)
	}
	if got := welshNameOf(t, env, "gwynedd"); got != "" {
		t.Fatalf("a refused file gave Gwynedd the Welsh name %q", got)
	}
	r = run(t, env, "import", "organisations", welsh)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "0 created, 22 updated, 0 unchanged" {
		t.Fatalf("Welsh names: %+v", r)
	}
	if got := welshNameOf(t, env, "cardiff"); got != "Cyngor Dinas Caerdydd" {
		t.Errorf("Cardiff's Welsh name = %q", got)
	}
	r = run(t, env, "import", "organisations", welsh)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "0 created, 0 updated, 22 unchanged" {
		t.Fatalf("Welsh names again: %+v", r)
	}
	// The register again keeps them.
	if r := run(t, env, "import", "organisations", registerFile(t)); r.code != 0 || !strings.Contains(r.stdout, "397 unchanged") {
		t.Fatalf("register again: %+v", r)
	}
	if got := welshNameOf(t, env, "cardiff"); got != "Cyngor Dinas Caerdydd" {
		t.Errorf("after the register again, Cardiff's Welsh name = %q", got)
	}
}

// The demo's Welsh councils have their Welsh names.
func TestSeedDemoWelshNames(t *testing.T) {
	env := tempEnv(t)
	if r := run(t, env, "seed", "--demo"); r.code != 0 {
		t.Fatalf("seed: %+v", r)
	}
	for slug, want := range map[string]string{"cardiff": "Cyngor Dinas Caerdydd", "gwynedd": "Cyngor Gwynedd", "fife": ""} {
		if got := welshNameOf(t, env, slug); got != want {
			t.Errorf("%s: Welsh name %q, want %q", slug, got, want)
		}
	}
}
