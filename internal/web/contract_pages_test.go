package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

const contractsHeader = "category,supplier,product,start_date,end_date,extension_end_date,annual_value_band,satisfaction,notes,visibility\n"

// TestContractPages: members add, upload and change their organisation's contracts,
// others cannot; "ending together", the market and the organisation's page show what
// visibility allows; the platform team merges suppliers.
func TestContractPages(t *testing.T) {
	e := newEnv(t)
	hackneyMember := e.signIn("officer@hackney.gov.uk")
	adurMember := e.signIn("officer@adur-worthing.gov.uk")
	anon := e.newClient()
	rb := url.Values{"category": {"revenues_benefits"}, "supplier": {"Capita plc"}, "product": {"Academy"},
		"start_date": {"2021-04-01"}, "end_date": {"2025-03-31"}, "extension_end_date": {"2026-03-31"},
		"annual_value_band": {"500k_1m"}, "satisfaction": {"3"}, "visibility": {"public"}}

	t.Run("form", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range rb {
			bad[k] = v
		}
		bad.Set("end_date", "2020-01-01")
		bad.Set("category", "hovercraft")
		r := hackneyMember.post("/organisations/hackney/contracts/new", bad)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "end_date")
		wantFieldError(t, r, "category")
		wantKept(t, r, url.Values{"supplier": {"Capita plc"}})
		r = hackneyMember.post("/organisations/hackney/contracts/new", rb)
		wantRedirect(t, r, "/contracts?category=revenues_benefits")
		wantStatus(t, adurMember.post("/organisations/hackney/contracts/new", rb), http.StatusForbidden)
		wantStatus(t, anon.get("/organisations/hackney/contracts/new"), http.StatusSeeOther)
	})

	t.Run("upload", func(t *testing.T) {
		broken := contractsHeader +
			"revenues and benefits,CAPITA,Academy,2022-01-01,2025-09-30,,£500k–£1m,,,public\n" +
			"hovercraft,Civica,,2022-01-01,2025-09-30,,£500k–£1m,,,public\n" +
			"libraries,Civica,,2022-01-01,2020-09-30,,£2m,,,public\n"
		r := adurMember.postMultipart("/organisations/adur/contracts/upload", url.Values{}, &upload{"contracts.csv", []byte(broken)})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "Line 3: column category", "Line 4: column end_date", "Line 4: column annual_value_band")
		if got := e.contractsOf("adur"); got != 0 {
			t.Fatalf("a refused file saved %d contracts", got)
		}
		good := contractsHeader +
			"revenues and benefits,CAPITA,Academy,2022-01-01,2025-09-30,,£500k–£1m,,,public\n" +
			"libraries,Civica,,2022-01-01,2025-06-30,,under £100k,,,organisation\n"
		r = adurMember.postMultipart("/organisations/adur/contracts/upload", url.Values{}, &upload{"contracts.csv", []byte(good)})
		wantRedirect(t, r, "/contracts")
		if got := e.contractsOf("adur"); got != 2 {
			t.Fatalf("adur has %d contracts, want 2", got)
		}
		r = adurMember.postMultipart("/cy/organisations/adur/contracts/upload", url.Values{}, &upload{"contracts.csv", []byte(broken)})
		wantBody(t, r, "Llinell 3: colofn category")
	})

	t.Run("ending together", func(t *testing.T) {
		r := anon.get("/contracts/ending-together?category=revenues_benefits&from=2025-01&to=2025-12")
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "London Borough of Hackney", "Adur District Council", "London", "South East", "Capita plc")
		r = anon.get("/contracts/ending-together?category=revenues_benefits&from=2026-01&to=2026-12&extensions=true")
		wantBody(t, r, "London Borough of Hackney")
		wantNoBody(t, r, "Adur District Council")
		r = anon.get("/contracts/ending-together?category=revenues_benefits&from=2025-01&to=2026-06")
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "to")
		r = hackneyMember.get("/contracts/ending-together?category=revenues_benefits&from=2025-01&to=2025-12")
		wantBody(t, r, "Start a joint brief for London Borough of Hackney")
		r = anon.get("/api/v1/contracts/ending-together?category=revenues_benefits&from=2025-01&to=2025-12")
		wantStatus(t, r, http.StatusOK)
		var p struct {
			Total int `json:"total"`
			Data  []struct {
				Organisation struct{ Slug string } `json:"organisation"`
				Region       string                `json:"region"`
				EndDate      string                `json:"end_date"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil || p.Total != 2 || p.Data[0].Organisation.Slug != "hackney" ||
			p.Data[0].Region != "London" || p.Data[1].EndDate != "2025-09-30" {
			t.Fatalf("JSON = %+v %v\n%s", p, err, r.Body)
		}
		wantStatus(t, anon.get("/api/v1/contracts/ending-together?category=nope"), http.StatusBadRequest)
	})

	t.Run("market and organisation page", func(t *testing.T) {
		r := anon.get("/api/v1/contracts/market?category=revenues_benefits")
		var m struct {
			Counted int `json:"contracts_counted"`
			LeftOut int `json:"contracts_left_out"`
			Data    []struct {
				Supplier      string `json:"supplier"`
				Organisations int    `json:"organisations"`
				EarliestEnd   string `json:"earliest_end_date"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Body), &m); err != nil || len(m.Data) != 1 || m.Data[0].Organisations != 2 ||
			m.Data[0].Supplier != "Capita plc" || m.Data[0].EarliestEnd != "2025-03-31" || m.LeftOut != 0 {
			t.Fatalf("market = %+v %v", m, err)
		}
		r = anon.get("/api/v1/contracts/market")
		if err := json.Unmarshal([]byte(r.Body), &m); err != nil || m.Counted != 2 || m.LeftOut != 1 {
			t.Fatalf("whole market = %+v %v", m, err)
		}
		r = anon.get("/api/v1/contracts/market.csv")
		wantBody(t, r, "category,supplier,organisations,contracts,earliest_end_date\nrevenues_benefits,Capita plc,2,2,2025-03-31")
		r = anon.get("/contracts/market")
		wantBody(t, r, "2 public contracts are counted.", "1 contract is left out because it is not public.",
			"Revenues and benefits: organisations by supplier", `<svg class="ld-chart__svg"`, `data-value="2"`)
		wantBody(t, anon.get("/organisations/adur"), "Revenues and benefits: Capita plc, ends 30 September 2025")
		wantNoBody(t, anon.get("/organisations/adur"), "Civica")
		wantNoBody(t, anon.get("/contracts"), "Civica")
		wantBody(t, adurMember.get("/contracts"), "Civica")
		wantNoBody(t, hackneyMember.get("/contracts"), "Civica")
	})

	t.Run("edit and merge", func(t *testing.T) {
		cs, err := e.db.OrganisationContracts(t.Context(), e.org("adur").ID, model.ContractViewer{All: true})
		if err != nil || len(cs) != 2 {
			t.Fatal(cs, err)
		}
		civica := cs[0]
		if civica.Category != "libraries" {
			civica = cs[1]
		}
		edit := "/organisations/adur/contracts/" + itoa64(civica.ID) + "/edit"
		wantStatus(t, hackneyMember.get(edit), http.StatusForbidden)
		wantStatus(t, hackneyMember.get("/organisations/hackney/contracts/"+itoa64(civica.ID)+"/edit"), http.StatusNotFound)
		r := adurMember.get(edit)
		wantStatus(t, r, http.StatusOK)
		form := url.Values{"category": {"libraries"}, "supplier": {"Civica Ltd"}, "start_date": {"2022-01-01"},
			"end_date": {"2025-06-30"}, "annual_value_band": {"under_100k"}, "visibility": {"public"}}
		wantRedirect(t, adurMember.post(edit, form), "/contracts?category=libraries")
		wantBody(t, anon.get("/organisations/adur"), "Libraries: Civica, ends 30 June 2025")

		admin := e.admin()
		wantStatus(t, hackneyMember.get("/admin/suppliers"), http.StatusForbidden)
		sup, err := e.db.Suppliers(t.Context())
		if err != nil || len(sup) != 2 {
			t.Fatal(sup, err)
		}
		wantStatus(t, admin.post("/admin/suppliers/merge", url.Values{"from": {itoa64(sup[0].ID)}, "into": {itoa64(sup[0].ID)}}), http.StatusBadRequest)
		wantRedirect(t, admin.post("/admin/suppliers/merge", url.Values{"from": {itoa64(sup[1].ID)}, "into": {itoa64(sup[0].ID)}}), "/admin/suppliers")
		if sup, _ := e.db.Suppliers(t.Context()); len(sup) != 1 || sup[0].Contracts != 3 {
			t.Fatalf("after merging: %+v", sup)
		}
		r = admin.get("/admin/suppliers")
		wantBody(t, r, "Capita plc")
		wantNoBody(t, r, "Civica")
	})
}

func (e *env) contractsOf(slug string) int {
	e.t.Helper()
	cs, err := e.db.OrganisationContracts(e.t.Context(), e.org(slug).ID, model.ContractViewer{All: true})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(cs)
}
