package store

import (
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

func TestImportAndSearchServices(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	esd := []model.Service{
		{Code: 524, Label: "Household waste collection", Description: "Collecting rubbish"},
		{Code: 372, Label: "Abandoned vehicles", Description: "Removing them"},
		{Code: 57, Label: "Council tax annual notification"},
	}
	res, err := db.ImportServices(ctx, admin, esd)
	if err != nil || res.Created != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if res, _ := db.ImportServices(ctx, admin, esd); res.Unchanged != 3 {
		t.Fatalf("re-import: %+v", res)
	}
	govuk := []model.Service{{Code: 524, GovUKDescription: "Find out which day the refuse is collected", ProvidingTier: "district/unitary"}}
	if res, _ := db.ImportServices(ctx, admin, govuk); res.Updated != 1 {
		t.Fatalf("GOV.UK import: %+v", res)
	}
	s, err := db.Service(ctx, 524)
	if err != nil || s.Label != "Household waste collection" || s.ProvidingTier != "district/unitary" || s.GovUKDescription == "" {
		t.Fatalf("merged service = %+v %v", s, err)
	}
	for q, want := range map[string]int{"waste": 1, "VEHICLES": 1, "372": 1, "": 3, "100%": 0} {
		got, err := db.SearchServices(ctx, q, 10)
		if err != nil || len(got) != want {
			t.Errorf("SearchServices(%q) = %d results, want %d (%v)", q, len(got), want, err)
		}
	}
	if _, err := db.Service(ctx, 9999); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("missing service: %v", err)
	}
}
