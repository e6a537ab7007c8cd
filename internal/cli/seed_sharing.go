package cli

import (
	"context"
	"log/slog"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/web"
)

// demoServices are a few real entries of the Local Government Service List (LGSL, esd
// toolkit, Open Government Licence); the whole list comes from `import services`.
var demoServices = []model.Service{
	{Code: 524, Label: "Household waste collection", ProvidingTier: "district/unitary",
		GovUKDescription: "Find out which day the refuse is collected"},
	{Code: 372, Label: "Abandoned vehicles", ProvidingTier: "district/unitary"},
	{Code: 57, Label: "Council tax annual notification"},
	{Code: 13, Label: "Primary school places", ProvidingTier: "county/unitary"},
}

// seedSharing adds the LGSL services the demo uses, then every feature's demo data
// (resources, a case study, events: web.Server.SeedDemo), once: only when the library is
// empty.
func seedSharing(ctx context.Context, db *store.DB, actor model.Actor) error {
	if _, err := db.ImportServices(ctx, actor, demoServices); err != nil {
		return err
	}
	rows, total, err := db.ListResources(ctx, model.ResourceQuery{Page: 1, PerPage: 1}, false)
	if err != nil || total > 0 || len(rows) > 0 {
		return err
	}
	srv, err := web.New(db, slog.New(slog.DiscardHandler), web.Options{})
	if err != nil {
		return err
	}
	return srv.SeedDemo(ctx, actor)
}
