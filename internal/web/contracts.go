package web

import (
	"context"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// contractsFeature is the contract register (issue 11 part 2): organisations' contracts,
// the suppliers they name, the contracts ending together and the market.
func (s *Server) contractsFeature() feature {
	return feature{Name: "contracts",
		Tables: []string{"contracts", "suppliers", "supplier_names"},
		Seed:   seedContracts,
	}
}

// seedContracts gives three demo councils revenues and benefits contracts ending within
// a year of each other, so that "ending together" has something to show.
func seedContracts(ctx context.Context, db *store.DB, actor model.Actor) error {
	year := time.Now().UTC().Year()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		org string
		c   model.Contract
	}{
		{"hackney", model.Contract{Category: "revenues_benefits", Supplier: "Capita plc", Product: "Academy",
			Start: day(year-4, time.April, 1), End: day(year+1, time.March, 31), ExtensionEnd: day(year+2, time.March, 31),
			ValueBand: "500k_1m", Satisfaction: 3, Visibility: model.ContractPublic}},
		{"camden", model.Contract{Category: "revenues_benefits", Supplier: "CAPITA", Product: "Academy",
			Start: day(year-3, time.October, 1), End: day(year+1, time.September, 30),
			ValueBand: "500k_1m", Satisfaction: 2, Visibility: model.ContractPublic}},
		{"essex", model.Contract{Category: "social_care", Supplier: "System C Ltd", Product: "Liquidlogic",
			Start: day(year-2, time.January, 1), End: day(year+2, time.December, 31),
			ValueBand: "1m_5m", Visibility: model.ContractSignatories}},
	} {
		contract := c.c
		if err := db.AddContracts(ctx, actor, mustOrg(ctx, db, c.org).ID, []*model.Contract{&contract}); err != nil {
			return err
		}
	}
	return nil
}
