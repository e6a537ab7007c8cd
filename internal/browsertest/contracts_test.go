package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/localdigital/localdigital/internal/model"
)

// TestContractsAndBriefsJourney, with JavaScript on and off: a Hackney officer uploads
// the council's contracts (a broken file first: nothing is saved), finds the councils
// whose revenues and benefits contracts end in the same year, starts a joint brief from
// there with Adur as co-signer and sends it; Adur's admin confirms it and it is
// published. With JavaScript on, axe-core checks every new page on the way.
func TestContractsAndBriefsJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	axe := loadAxe(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b)
			a := &auditor{t: t, axe: axe}
			check := func(p *tab, name string) {
				if js {
					a.check(p, name)
				}
			}
			year := time.Now().UTC().Year()
			ends := fmt.Sprintf("%d-03-31", year+1)
			// Adur's contract, through the store.
			adurContract := &model.Contract{Category: "revenues_benefits", Supplier: "Capita", Start: time.Date(year-4, 4, 1, 0, 0, 0, 0, time.UTC),
				End: time.Date(year+1, 6, 30, 0, 0, 0, 0, time.UTC), ValueBand: "100k_500k", Visibility: model.ContractPublic}
			if err := e.db.AddContracts(context.Background(), model.Actor{Label: "set-up"}, e.org("adur").ID, []*model.Contract{adurContract}); err != nil {
				t.Fatal(err)
			}
			e.grant("admin@adur-worthing.gov.uk", model.RoleOrgAdmin)

			officer := e.newTab(t, "the Hackney officer", js)
			e.signIn(officer, "officer@hackney.gov.uk")
			officer.wantPage(officer.open("/contracts"), http.StatusOK, "Contract register", "Capita")
			officer.wantScripts()
			check(officer, "contract register")
			officer.wantPage(officer.clickText("Upload a contracts file for London Borough of Hackney"), http.StatusOK, "Upload a contracts file")
			check(officer, "contracts upload")
			header := "category,supplier,product,start_date,end_date,extension_end_date,annual_value_band,satisfaction,notes,visibility\n"
			good := fmt.Sprintf("Revenues and benefits,Capita plc,Academy,%d-04-01,%s,,£500k–£1m,3,,public\n", year-3, ends)
			officer.chooseFile("#file", contractsFile(t, "broken.csv", header+good+"hovercraft,Civica,,2020-01-01,2019-01-01,,£2m,,,public\n"))
			officer.wantPage(officer.clickText("Upload contracts"), http.StatusBadRequest, "Upload a contracts file",
				"Nothing was saved", "Line 3: column category", "Line 3: column end_date", "Line 3: column annual_value_band")
			check(officer, "contracts upload with problems")
			officer.chooseFile("#file", contractsFile(t, "contracts.csv", header+good))
			officer.wantPage(officer.clickText("Upload contracts"), http.StatusOK, "Contract register", "Contracts uploaded", "Academy")

			officer.wantPage(officer.clickText("Find councils whose contracts end at the same time as yours"), http.StatusOK, "Contracts ending together")
			check(officer, "ending together, empty")
			officer.step("choose the category", chromedp.SetValue(chromedp.CSS("#category"), "revenues_benefits"))
			officer.wantPage(officer.clickText("Show organisations"), http.StatusOK, "Contracts ending together",
				"London", "London Borough of Hackney", "South East", "Adur District Council", "2 contracts in Revenues and benefits end")
			check(officer, "ending together")

			officer.wantPage(officer.clickText("Start a joint brief for London Borough of Hackney"), http.StatusOK, "Write a joint brief")
			if got := officer.value("#category"); got != "revenues_benefits" {
				t.Errorf("the brief's kind of system is %q, want the one ending together", got)
			}
			check(officer, "new brief")
			officer.fillAll([][2]string{{"title", "Revenues and benefits, bought together"}, {"background", "Our contracts end within months."},
				{"outcome", "One system for both councils."}, {"end_users", "Residents paying council tax."}, {"location", "London and Sussex"},
				{"start_date", fmt.Sprintf("%d-10-01", year+1)}, {"contract_length", "3 years"}, {"questions_deadline", fmt.Sprintf("%d-08-01", year+1)}})
			officer.step("choose the phase", clickLabel("Alpha"))
			adur := strconv.FormatInt(e.org("adur").ID, 10)
			if js {
				officer.pick("#organisations", "adu", "Adur District Council")
			} else {
				officer.fill("#organisations", "Adur")
				officer.wantPage(officer.clickText("Search organisations"), http.StatusOK, "Write a joint brief", "Adur District Council")
				officer.step("tick Adur", clickLabel("Adur District Council"))
			}
			if !officer.checked("#organisation-" + adur) {
				t.Fatal("Adur is not ticked as a co-signer")
			}
			officer.wantPage(officer.clickText("Save draft"), http.StatusOK, "Revenues and benefits, bought together", "Draft", "Adur District Council")
			path := officer.location()
			officer.wantPage(officer.clickText("Send to co-signers"), http.StatusOK, "Revenues and benefits, bought together", "Awaiting co-signers")

			adurAdmin := e.newTab(t, "Adur's admin", js)
			e.signIn(adurAdmin, "admin@adur-worthing.gov.uk")
			adurAdmin.wantPage(adurAdmin.open(path), http.StatusOK, "Revenues and benefits, bought together", "Answer for Adur District Council")
			check(adurAdmin, "brief, co-signer to answer")
			adurAdmin.step("confirm", clickLabel("Yes, confirm it"))
			adurAdmin.wantPage(adurAdmin.clickText("Send answer"), http.StatusOK, "Revenues and benefits, bought together", "Published", "Confirmed")
			check(adurAdmin, "brief, published")

			anon := e.newTab(t, "someone not signed in", js)
			anon.wantPage(anon.open("/briefs"), http.StatusOK, "Joint briefs", "Revenues and benefits, bought together")
			check(anon, "briefs list")
			anon.wantPage(anon.clickText("Revenues and benefits, bought together"), http.StatusOK, "Revenues and benefits, bought together", "Published")
			anon.wantPage(anon.clickText("Printable version"), http.StatusOK, "Revenues and benefits, bought together", "3 years")
			check(anon, "brief, printable")
			anon.wantPage(anon.open("/contracts/market"), http.StatusOK, "The contracts market", "Revenues and benefits: organisations by supplier")
			check(anon, "contracts market")
			if js {
				a.visit(officer, "contract form", "/organisations/hackney/contracts/new", http.StatusOK, "Add a contract")
				officer.wantPage(officer.clickText("Save contract"), http.StatusBadRequest, "Add a contract", "There is a problem")
				a.check(officer, "contract form with errors")
				admin := e.newTab(t, "the platform team", js)
				e.grant("team@communities.gov.uk", model.RolePlatformAdmin)
				e.signIn(admin, "team@communities.gov.uk")
				a.visit(admin, "suppliers", "/admin/suppliers", http.StatusOK, "Suppliers")
			}
		})
	}
}

// contractsFile writes a contracts file to upload.
func contractsFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
