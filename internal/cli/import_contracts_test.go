package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// A council's contracts file: a file with a broken row saves nothing and names the row;
// the fixed file saves every contract.
func TestImportContracts(t *testing.T) {
	env := tempEnv(t)
	if r := run(t, env, "import", "organisations", registerFile(t)); r.code != 0 {
		t.Fatalf("register: %+v", r)
	}
	header := "category,supplier,product,start_date,end_date,extension_end_date,annual_value_band,satisfaction,notes,visibility\n"
	row := "revenues and benefits,Capita plc,Academy,2021-04-01,2026-03-31,,£500k–£1m,3,,public\n"
	write := func(body string) string {
		p := filepath.Join(t.TempDir(), "contracts.csv")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r := run(t, env, "import", "contracts", "hackney", write(header+row+"libraries,Civica,,2021-04-01,2020-01-01,,under £100k,,,public\n"))
	if r.code == 0 || !strings.Contains(r.stderr, "line 3: column end_date") {
		t.Fatalf("broken row: %+v", r)
	}
	count := func() int {
		db, err := store.Open(t.Context(), env["LD_DATABASE_URL"])
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		o, err := db.OrganisationBySlug(t.Context(), "hackney")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := db.OrganisationContracts(t.Context(), o.ID, model.ContractViewer{All: true})
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}
	if n := count(); n != 0 {
		t.Fatalf("a refused file saved %d contracts", n)
	}
	if r := run(t, env, "import", "contracts", "hackney", write(header+row)); r.code != 0 || !strings.Contains(r.stdout, "1 created") {
		t.Fatalf("good file: %+v", r)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d contracts, want 1", n)
	}
	if r := run(t, env, "import", "contracts", "nowhere", write(header+row)); r.code == 0 {
		t.Fatalf("an unknown organisation: %+v", r)
	}
}
