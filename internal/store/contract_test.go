package store

import (
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func day(s string) time.Time {
	t, err := time.Parse(model.ContractDate, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestContracts adds contracts, matches their suppliers and asks which end together, as
// the public and as members see them.
func TestContracts(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	hackney, camden, essex := makeOrg(t, db, "Hackney"), makeOrg(t, db, "Camden"), makeOrg(t, db, "Essex")
	rb := "revenues_benefits"
	add := func(org *model.Organisation, supplier, start, end, ext, vis string) *model.Contract {
		t.Helper()
		c := &model.Contract{Category: rb, Supplier: supplier, Start: day(start), End: day(end), ValueBand: "500k_1m", Visibility: vis}
		if ext != "" {
			c.ExtensionEnd = day(ext)
		}
		if err := db.AddContracts(ctx, admin, org.ID, []*model.Contract{c}); err != nil {
			t.Fatalf("AddContracts: %v", err)
		}
		return c
	}
	a := add(hackney, "Capita plc", "2021-04-01", "2026-03-31", "2027-03-31", model.ContractPublic)
	b := add(camden, "CAPITA", "2022-01-01", "2026-09-30", "", model.ContractSignatories)
	c := add(essex, "Capita Limited", "2020-01-01", "2027-06-30", "", model.ContractOrganisation)
	t.Run("suppliers match", func(t *testing.T) {
		if a.SupplierID != b.SupplierID || b.SupplierID != c.SupplierID || b.Supplier != "Capita plc" {
			t.Fatalf("suppliers %d %q, %d %q, %d %q", a.SupplierID, a.Supplier, b.SupplierID, b.Supplier, c.SupplierID, c.Supplier)
		}
	})
	t.Run("ending", func(t *testing.T) {
		q := model.EndingQuery{Category: rb, From: day("2026-01-01"), To: day("2026-12-31")}
		orgs := func(q model.EndingQuery) []string {
			t.Helper()
			got, err := db.ContractsEnding(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range got {
				out = append(out, e.OrganisationSlug+" "+e.End.Format(model.ContractDate))
			}
			return out
		}
		if got := orgs(q); len(got) != 1 || got[0] != "hackney 2026-03-31" {
			t.Errorf("public = %v", got)
		}
		q.Viewer = model.ContractViewer{Signatory: true}
		if got := orgs(q); len(got) != 2 {
			t.Errorf("signatory = %v", got)
		}
		q.Extensions, q.To = true, day("2027-12-31")
		q.Viewer.Own = []int64{essex.ID}
		if got := orgs(q); len(got) != 3 || got[0] != "camden 2026-09-30" || got[1] != "hackney 2027-03-31" {
			t.Errorf("with extensions, Essex's own = %v", got)
		}
		q.Category = "libraries"
		if got := orgs(q); len(got) != 0 {
			t.Errorf("another category = %v", got)
		}
	})
	t.Run("update and list", func(t *testing.T) {
		a.Product, a.Supplier, a.Visibility = "Academy", "Northgate Ltd", model.ContractOrganisation
		if err := db.UpdateContract(ctx, admin, a); err != nil {
			t.Fatal(err)
		}
		public, err := db.OrganisationContracts(ctx, hackney.ID, model.ContractViewer{})
		if err != nil || len(public) != 0 {
			t.Fatalf("public after hiding = %v %v", public, err)
		}
		own, err := db.OrganisationContracts(ctx, hackney.ID, model.ContractViewer{Own: []int64{hackney.ID}})
		if err != nil || len(own) != 1 || own[0].Supplier != "Northgate Ltd" || own[0].Product != "Academy" ||
			!own[0].ExtensionEnd.Equal(day("2027-03-31")) {
			t.Fatalf("own = %+v %v", own, err)
		}
		if _, err := db.Contract(ctx, 999999); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("missing contract: %v", err)
		}
	})
	t.Run("all or none", func(t *testing.T) {
		good := &model.Contract{Category: rb, Supplier: "Civica", Start: day("2024-01-01"), End: day("2025-01-01"), ValueBand: "under_100k", Visibility: model.ContractPublic}
		bad := &model.Contract{Category: rb, Supplier: "Civica", Start: day("2024-01-01"), End: day("2023-01-01"), ValueBand: "under_100k", Visibility: model.ContractPublic}
		if err := db.AddContracts(ctx, admin, camden.ID, []*model.Contract{good, bad}); err == nil {
			t.Fatal("a contract ending before it starts was saved")
		}
		got, _ := db.OrganisationContracts(ctx, camden.ID, model.ContractViewer{All: true})
		if len(got) != 1 {
			t.Fatalf("camden has %d contracts after a failed import, want 1", len(got))
		}
	})
	t.Run("market, list and merge", func(t *testing.T) {
		m, err := db.ContractMarket(ctx, rb)
		// None is public now: Hackney's is its own only, Camden's for signatories, Essex's
		// its own (and Camden's Civica was never saved).
		if err != nil || m.Counted != 0 || m.LeftOut != 3 || len(m.Rows) != 0 {
			t.Fatalf("market = %+v %v", m, err)
		}
		list, err := db.ContractList(ctx, "", model.ContractViewer{Signatory: true}, 10)
		if err != nil || len(list) != 1 || list[0].OrganisationID != camden.ID {
			t.Fatalf("list as a signatory = %+v %v", list, err)
		}
		sup, err := db.Suppliers(ctx)
		if err != nil || len(sup) != 2 {
			t.Fatalf("suppliers = %+v %v", sup, err)
		}
		byName := map[string]int64{}
		for _, s := range sup {
			byName[s.Name] = s.ID
		}
		if err := db.MergeSuppliers(ctx, admin, byName["Capita plc"], byName["Capita plc"]); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("merging a supplier into itself: %v", err)
		}
		if err := db.MergeSuppliers(ctx, admin, byName["Northgate Ltd"], byName["Capita plc"]); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Contract(ctx, a.ID)
		if got.Supplier != "Capita plc" {
			t.Fatalf("after merging, Hackney's supplier is %q", got.Supplier)
		}
		if m, _ := db.ContractMarket(ctx, ""); m.LeftOut != 3 {
			t.Fatalf("after merging, %d contracts left out", m.LeftOut)
		}
		// A later contract naming Northgate finds Capita plc.
		n := &model.Contract{Category: "libraries", Supplier: "NORTHGATE", Start: day("2024-01-01"), End: day("2025-01-01"), ValueBand: "under_100k", Visibility: model.ContractPublic}
		if err := db.AddContracts(ctx, admin, essex.ID, []*model.Contract{n}); err != nil || n.Supplier != "Capita plc" {
			t.Fatalf("Northgate after merging = %q %v", n.Supplier, err)
		}
	})
}
