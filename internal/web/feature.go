package web

import (
	"context"
	"time"

	"github.com/localdigital/localdigital/internal/api"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// feature is one part of the platform declared in one value: its pages with who may use
// them, its open data with the OpenAPI part that describes it, the tables it owns, the
// work it does in the background and its demo data. New gathers every feature in
// features(); nothing registers itself.
type feature struct {
	Name   string
	Routes []route
	API    api.Part
	// Tables are the tables it owns. Every table of the schema belongs to exactly one
	// feature (TestEveryTableBelongsToAFeature); copy-data reads them from the schema.
	Tables []string
	Jobs   []Job
	// Seed adds its demo data (`localdigital seed --demo`), once the organisations, people
	// and signatures are there.
	Seed func(ctx context.Context, db *store.DB, actor model.Actor) error
	// Follows are the kinds of thing it lets people follow, and Activity the kinds of
	// activity item it records (follow.go; docs/adding-a-feature.md, "Follows and
	// activity").
	Follows  []followKind
	Activity []activityKind
}

// Job is background work a feature does while the site runs: Run works until ctx is
// done. Every instance runs it, so it must be safe to run side by side.
type Job struct {
	Name string
	Run  func(ctx context.Context)
}

// runEvery runs work now and every interval until ctx is done, passing each run the
// time the previous one returned (at first, the clock's time).
func (s *Server) runEvery(ctx context.Context, interval time.Duration, work func(ctx context.Context, since time.Time) time.Time) {
	since := s.db.Now().UTC()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		since = work(ctx, since)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// features are the whole platform, each declared in its own file.
func (s *Server) features() []feature {
	return []feature{
		s.registerFeature(),
		s.signingFeature(),
		s.accountsFeature(),
		s.adminFeature(),
		s.resourcesFeature(),
		s.caseStudiesFeature(),
		s.eventsFeature(),
		s.projectsFeature(),
		s.commitmentsFeature(),
		s.contractsFeature(),
		s.fundingFeature(),
		s.dashboardFeature(),
		s.briefsFeature(),
		s.siteFeature(),
		s.followsFeature(),
	}
}

// Jobs are every feature's background work, for serve to run.
func (s *Server) Jobs() []Job {
	var out []Job
	for _, f := range s.features() {
		out = append(out, f.Jobs...)
	}
	return out
}

// SeedDemo adds every feature's demo data, as actor, in the order of features().
func (s *Server) SeedDemo(ctx context.Context, actor model.Actor) error {
	for _, f := range s.features() {
		if f.Seed == nil {
			continue
		}
		if err := f.Seed(ctx, s.db, actor); err != nil {
			return err
		}
	}
	return nil
}

// apiParts are the features' open data, for the API's routes and OpenAPI document.
func apiParts(fs []feature) []api.Part {
	var out []api.Part
	for _, f := range fs {
		if len(f.API.Endpoints) > 0 {
			out = append(out, f.API)
		}
	}
	return out
}
