package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// contractBenchServer serves the fixture: 400 organisations in nine regions with
// 15 contracts each (every category, ends spread over five years), mostly public.
func contractBenchServer(b *testing.B) http.Handler {
	b.Helper()
	ctx := context.Background()
	db := openDB(b)
	orgs := make([]model.Organisation, 400)
	for i := range orgs {
		orgs[i] = model.Organisation{Name: fmt.Sprintf("Bench Council %03d", i), TypeCode: "NMD", Nation: "England",
			TypeName: "Non-metropolitan district", Region: model.Regions[i%9], LACode: fmt.Sprintf("C%03d", i)}
	}
	if _, err := db.ImportOrganisations(ctx, model.Actor{Label: "bench"}, orgs); err != nil {
		b.Fatal(err)
	}
	suppliers := []string{"Capita plc", "Civica", "Northgate Ltd", "Idox", "Agilisys", "NEC Software Solutions"}
	start := time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC)
	for i := range orgs {
		cs := make([]*model.Contract, 15)
		for j := range cs {
			end := start.AddDate(0, 6+(i*7+j*11)%60, 0)
			vis := model.ContractPublic
			if (i+j)%10 == 0 {
				vis = model.ContractSignatories
			}
			cs[j] = &model.Contract{Category: model.ContractCategories[j%len(model.ContractCategories)].Slug,
				Supplier: suppliers[(i+j)%len(suppliers)], Start: start, End: end, ExtensionEnd: end.AddDate(1, 0, 0),
				ValueBand: model.ContractValueBands[j%5].Slug, Visibility: vis}
		}
		if err := db.AddContracts(ctx, model.Actor{Label: "bench"}, orgs[i].ID, cs); err != nil {
			b.Fatal(err)
		}
	}
	h, err := web.New(db, slog.New(slog.DiscardHandler), web.Options{BaseURL: baseURL})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

const endingBenchPath = "/contracts/ending-together?category=revenues_benefits&from=2023-01&to=2023-12&extensions=true"

// BenchmarkContractsEndingTogether renders "ending together" as most visitors see it (not
// signed in, so from the page cache once rendered), and afresh as signed-in people do.
func BenchmarkContractsEndingTogether(b *testing.B) {
	h := contractBenchServer(b)
	b.Run("anonymous", func(b *testing.B) { benchPage(b, h, endingBenchPath) })
	b.Run("afresh", func(b *testing.B) { benchPageWithCookie(b, h, endingBenchPath, false) })
	b.Run("market afresh", func(b *testing.B) { benchPageWithCookie(b, h, "/contracts/market", false) })
}
