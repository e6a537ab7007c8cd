package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// marketplaceFile builds, from the real register, an export of the Digital Marketplace's
// opportunities with the real column layout: 1,250 rows from 250 councils by their own
// email domain, 500 from 100 others by name alone (their short name, in capitals), 50
// from the domain Adur and Worthing share, and 300 from 30 buyers no council is. It
// returns the file's rows and, with extra, as many rows again from those 30 buyers.
func marketplaceFile(t *testing.T, extra int) [][]string {
	t.Helper()
	f, err := os.Open(registerFile(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range reg[0] {
		col[h] = i
	}
	domains, names := map[string]int{}, map[string]int{}
	for _, r := range reg[1:] {
		domains[model.DomainFromWebsite(r[col["website"]])]++
		seen := map[string]bool{}
		for _, n := range []string{r[col["official_name"]], r[col["short_name"]], r[col["govuk_name"]]} {
			if k := model.NormaliseName(n); k != "" && !seen[k] {
				seen[k] = true
				names[k]++
			}
		}
	}
	rows := [][]string{model.MarketplaceColumns}
	add := func(buyer, domain string, i int) {
		published := time.Date(2018, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 20 * time.Hour)
		rows = append(rows, []string{fmt.Sprint(5000 + len(rows)), "Discovery for service " + fmt.Sprint(i), fmt.Sprintf("https://www.digitalmarketplace.service.gov.uk/digital-outcomes-and-specialists/opportunities/%d", 5000+len(rows)),
			"Digital Outcomes and Specialists 5", "digital-outcomes", "", buyer, domain, "London", published.Format("2006-01-02T15:04:05.000000Z"),
			"2 weeks", "3 months", "5", "2", "7", "closed", "Acme Ltd", "SME", "£50,000", "2019-01-01", "Yes"})
	}
	byDomain, byName := 0, 0
	for _, r := range reg[1:] {
		d := model.DomainFromWebsite(r[col["website"]])
		short := r[col["short_name"]]
		switch {
		case byDomain < 250 && domains[d] == 1:
			byDomain++
			for i := range 5 {
				add(r[col["official_name"]]+" procurement", d, i) // the name is no organisation's: the domain finds it
			}
		case byName < 100 && domains[d] == 1 && names[model.NormaliseName(short)] == 1:
			byName++
			for i := range 5 {
				add(strings.ToUpper(short), "", i)
			}
		}
	}
	if byDomain != 250 || byName != 100 {
		t.Fatalf("the register gives %d councils by domain and %d by name", byDomain, byName)
	}
	for i := range 50 {
		add("Adur & Worthing Councils", "adur-worthing.gov.uk", i)
	}
	for b := range 30 {
		for i := range 10 + extra/30 {
			add(fmt.Sprintf("Nowhere Housing Trust %d", b), fmt.Sprintf("nowhere%d.org.uk", b), i)
		}
	}
	return rows
}

func writeCSV(t *testing.T, rows [][]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(rows)
	p := filepath.Join(t.TempDir(), "opportunity-data.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportMarketplace: matched, queued, ignored and re-imported counts are exact on a
// file of 2,100 rows; a platform admin's decisions hold for later imports; the same file
// again changes nothing; a file with a broken row saves nothing and names the lines.
func TestImportMarketplace(t *testing.T) {
	env := tempEnv(t)
	if r := run(t, env, "import", "organisations", registerFile(t)); r.code != 0 {
		t.Fatalf("register: %+v", r)
	}
	rows := marketplaceFile(t, 0)
	file := writeCSV(t, rows)

	broken := append([][]string{}, rows[:4]...)
	broken = append(broken, append([]string{}, rows[4]...), append([]string{}, rows[5]...))
	broken[4][9] = "last Tuesday"
	broken[5][0] = rows[1][0]
	r := run(t, env, "import", "marketplace", writeCSV(t, broken))
	if r.code == 0 || !strings.Contains(r.stderr, `line 5: Published At "last Tuesday" is not a date`) || !strings.Contains(r.stderr, `line 6: ID "5001" is already used on line 2`) {
		t.Fatalf("broken file: %+v", r)
	}
	wrongHeader := append([][]string{append(append([]string{}, model.MarketplaceColumns[:20]...), "Questions")}, rows[1:3]...)
	if r := run(t, env, "import", "marketplace", writeCSV(t, wrongHeader)); r.code == 0 || !strings.Contains(r.stderr, "line 1: the header must be exactly: ID, Opportunity, Link") {
		t.Fatalf("wrong header: %+v", r)
	}

	r = run(t, env, "import", "marketplace", file)
	want := "2100 rows: 2100 new, 0 already imported; 1750 matched, 350 for review, 0 ignored; 381 new buyers, 31 of them for review at /admin/marketplace\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("first import: %+v\nwant %s", r, want)
	}

	db, err := store.Open(t.Context(), env["LD_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queue, err := db.BuyersToReview(t.Context())
	if err != nil || len(queue) != 31 {
		t.Fatalf("queue: %d, %v", len(queue), err)
	}
	admin := model.Actor{Label: "platform admin"}
	adur, err := db.OrganisationBySlug(t.Context(), "adur")
	if err != nil {
		t.Fatal(err)
	}
	ignored := 0
	for _, b := range queue {
		switch {
		case b.Domain == "adur-worthing.gov.uk":
			if b.Reason != model.BuyerSharedDomain || len(b.Candidates) != 2 || b.Opportunities != 50 {
				t.Errorf("shared domain: %+v", b)
			}
			err = db.DecideBuyer(t.Context(), admin, b.ID, adur.ID)
		case ignored < 10:
			ignored++
			err = db.DecideBuyer(t.Context(), admin, b.ID, 0)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	version, _ := db.DataVersion(t.Context())

	r = run(t, env, "import", "marketplace", file)
	want = "2100 rows: 0 new, 2100 already imported; 1800 matched, 200 for review, 100 ignored; 0 new buyers, 0 of them for review at /admin/marketplace\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("the same file again: %+v\nwant %s", r, want)
	}
	if again, _ := db.DataVersion(t.Context()); again != version {
		t.Errorf("the same file again changed the data version: %d to %d", version, again)
	}
	if since, err := db.MarketplaceSince(t.Context(), adur.ID); err != nil || !since.Equal(time.Date(2018, 1, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("Adur uses the Marketplace since %v (%v)", since, err)
	}

	more := marketplaceFile(t, 300) // 10 more rows from each of the 30 buyers
	r = run(t, env, "import", "marketplace", writeCSV(t, more))
	want = "2400 rows: 300 new, 2100 already imported; 1800 matched, 400 for review, 200 ignored; 0 new buyers, 0 of them for review at /admin/marketplace\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("a later file: %+v\nwant %s", r, want)
	}
}
