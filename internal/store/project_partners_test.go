package store

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

// The partner finder's fixture: 400 councils, each with 15 contracts, leading 2,000
// projects, built once with batched inserts.
//
//   - Council i is "Council iii", of type NMD when i is even (LBO when odd), in region
//     model.Regions[i%9].
//   - Council i leads 5 projects, each about service (i%20)+1.
//   - Council i has a contract in each of the first 15 categories, ending on 1 January of
//     2020+(i%10), public unless i%3 == 0 (then for its own organisation only).
//   - Two resources exist; councils 7, 13 and 20 use the first, council 13 the second.
//
// The project the finder works for is led by council 0, about services 1 and 2, links to
// both resources, replaces a waste and environmental services system and starts on
// 1 January 2027 (contracts ending from 1 January 2026 to 1 January 2028 count).
const (
	fixtureOrgs      = 400
	fixtureContracts = 15
	fixtureProjects  = 2000
)

type partnerFixture struct {
	db        *DB
	project   *model.Project
	orgs      []int64 // by council number
	resources []int64
}

func buildPartnerFixture(tb testing.TB, db *DB) *partnerFixture {
	tb.Helper()
	ctx := context.Background()
	f := &partnerFixture{db: db}
	var services []model.Service
	for c := 1; c <= 20; c++ {
		services = append(services, model.Service{Code: c, Label: fmt.Sprintf("Service %02d", c)})
	}
	if _, err := db.ImportServices(ctx, admin, services); err != nil {
		tb.Fatal(err)
	}
	orgs := make([]model.Organisation, fixtureOrgs)
	for i := range orgs {
		typ := "NMD"
		if i%2 == 1 {
			typ = "LBO"
		}
		o := orgSpec(fmt.Sprintf("Council %03d", i), typ, fmt.Sprintf("council%03d.gov.uk", i))
		o.Region, o.Slug = model.Regions[i%9], fmt.Sprintf("council-%03d", i)
		orgs[i] = o
	}
	if _, err := db.ImportOrganisations(ctx, admin, orgs); err != nil {
		tb.Fatal(err)
	}
	f.orgs = make([]int64, fixtureOrgs)
	for i := range orgs {
		o, err := db.OrganisationBySlug(ctx, fmt.Sprintf("council-%03d", i))
		if err != nil {
			tb.Fatal(err)
		}
		f.orgs[i] = o.ID
	}
	now := db.now()
	err := db.inTx(ctx, func(tx *Tx) error {
		var supplier int64
		if err := tx.queryRow(ctx, `INSERT INTO suppliers (name, created_at) VALUES ('Acme', $1) RETURNING id`, now).Scan(&supplier); err != nil {
			return err
		}
		var contracts [][]any
		for i := range fixtureOrgs {
			vis := "public"
			if i%3 == 0 {
				vis = "organisation"
			}
			end := fmt.Sprintf("%d-01-01", 2020+i%10)
			for k := range fixtureContracts {
				contracts = append(contracts, []any{f.orgs[i], model.ContractCategories[k].Slug, supplier, "2015-01-01", end, end, "under_100k", vis, now, now})
			}
		}
		if err := tx.insertBatch(ctx, "contracts", "organisation_id, category, supplier_id, start_date, end_date, final_end_date, value_band, visibility, created_at, updated_at", contracts); err != nil {
			return err
		}
		for r := range 2 {
			var id int64
			if err := tx.queryRow(ctx, `INSERT INTO resources (type, title, summary, licence, publisher_org_id, created_at, updated_at)
VALUES ('guidance', $1, 's', 'OGL-UK-3.0', $2, $3, $3) RETURNING id`, fmt.Sprintf("Resource %d", r+1), f.orgs[399], now).Scan(&id); err != nil {
				return err
			}
			f.resources = append(f.resources, id)
		}
		uses := [][]any{{f.resources[0], f.orgs[7], now, now}, {f.resources[0], f.orgs[13], now, now}, {f.resources[0], f.orgs[20], now, now},
			{f.resources[1], f.orgs[13], now, now}}
		if err := tx.insertBatch(ctx, "resource_uses", "resource_id, organisation_id, created_at, updated_at", uses); err != nil {
			return err
		}
		var projects [][]any
		for j := range fixtureProjects {
			projects = append(projects, []any{fmt.Sprintf("Project %04d", j), "s", "p", "u", "discovery", "seeking-partners", "unknown",
				now, now, f.orgs[j%fixtureOrgs], now, now, now})
		}
		if err := tx.insertBatch(ctx, "projects", "title, summary, problem, users, phase, collaboration, funding, starts_on, ends_on, lead_organisation_id, created_at, updated_at, last_update_at", projects); err != nil {
			return err
		}
		ids, err := tx.ids(ctx, `SELECT id FROM projects ORDER BY id`)
		if err != nil {
			return err
		}
		var orgRows, serviceRows [][]any
		for j, id := range ids {
			orgRows = append(orgRows, []any{id, f.orgs[j%fixtureOrgs], 0})
			serviceRows = append(serviceRows, []any{id, (j%fixtureOrgs)%20 + 1})
		}
		if err := tx.insertBatch(ctx, "project_organisations", "project_id, organisation_id, position", orgRows); err != nil {
			return err
		}
		return tx.insertBatch(ctx, "project_services", "project_id, service_code", serviceRows)
	})
	if err != nil {
		tb.Fatal(err)
	}
	lead := member(tb, db, "officer@council000.gov.uk")
	f.project = newProject("Waste together")
	f.project.Services = []model.Service{{Code: 1}, {Code: 2}}
	f.project.System, f.project.StartsOn, f.project.EndsOn = "waste_environmental", date(2027, time.January, 1), date(2028, time.January, 1)
	for _, r := range f.resources {
		f.project.Links = append(f.project.Links, model.CaseStudyLink{URL: "/resources/" + strconv.FormatInt(r, 10), ResourceID: r})
	}
	if err := db.CreateProject(ctx, lead, f.orgs[0], f.project); err != nil {
		tb.Fatal(err)
	}
	return f
}

// insertBatch inserts rows (each the columns' values) a few hundred at a time.
func (tx *Tx) insertBatch(ctx context.Context, table, columns string, rows [][]any) error {
	const per = 50
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		var values []string
		var args []any
		for _, row := range batch {
			marks := make([]string, len(row))
			for i, v := range row {
				args = append(args, v)
				marks[i] = "$" + strconv.Itoa(len(args))
			}
			values = append(values, "("+strings.Join(marks, ", ")+")")
		}
		if _, err := tx.exec(ctx, "INSERT INTO "+table+" ("+columns+") VALUES "+strings.Join(values, ", "), args...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}

// expectedPartners ranks the fixture's councils as the finder should, from its
// description above: services shared (1000 each), resources used (100 each), a public
// waste contract ending in 2026, 2027 or 2028 (10), the lead's type (1) and region (1).
func expectedPartners() []string {
	type cand struct {
		i, score int
	}
	var all []cand
	for i := 1; i < fixtureOrgs; i++ {
		score := 0
		if i%20 == 0 || i%20 == 1 {
			score += 1000
		}
		switch i {
		case 7, 20:
			score += 100
		case 13:
			score += 200
		}
		if y := 2020 + i%10; y >= 2026 && y <= 2028 && i%3 != 0 {
			score += 10
		}
		if i%2 == 0 {
			score++
		}
		if i%9 == 0 {
			score++
		}
		all = append(all, cand{i, score})
	}
	slices.SortStableFunc(all, func(a, b cand) int { return b.score - a.score })
	var out []string
	for _, c := range all[:MaxPartnerSuggestions] {
		out = append(out, fmt.Sprintf("Council %03d", c.i))
	}
	return out
}

// TestPartnerFinder builds the fixture once and checks the finder's order and reasons.
func TestPartnerFinder(t *testing.T) {
	db, _ := newTestDB(t)
	f := buildPartnerFixture(t, db)
	got, err := db.PartnerFinder(t.Context(), f.project)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got {
		names = append(names, s.Org.Name)
	}
	wantStrings(t, "suggestions", names, expectedPartners())
	// Council 20: service 1 in its projects, resource 1 used, of the lead's type; its
	// contract ended in 2020.
	first := got[0]
	if first.Org.Name != "Council 020" || !slices.Equal(first.Services["projects"], []string{"Service 01"}) ||
		!slices.Equal(first.Resources, []string{"Resource 1"}) || first.Contract || !first.SameType || first.SameRegion {
		t.Errorf("first: %+v", first)
	}
	for _, s := range got {
		if s.Org.ID == f.orgs[0] {
			t.Error("the lead is suggested")
		}
	}
	// Council 26 (26%20 = 6: no shared service) is not suggested; council 21 (service 2, a
	// public waste contract that ended in 2021, another type) is, for its projects only.
	for _, s := range got {
		if s.Org.Name == "Council 021" && (!slices.Equal(s.Services["projects"], []string{"Service 02"}) || s.Contract || s.SameType) {
			t.Errorf("council 21: %+v", s)
		}
		if s.Org.Name == "Council 026" {
			t.Errorf("council 26 is suggested: %+v", s)
		}
	}
	// A partner is not suggested: council 20 joins.
	if err := db.inTx(t.Context(), func(tx *Tx) error {
		_, err := tx.exec(t.Context(), insertProjectOrg, f.project.ID, f.orgs[20], 1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	p, _ := db.Project(t.Context(), f.project.ID)
	got, err = db.PartnerFinder(t.Context(), p)
	if err != nil || len(got) == 0 || got[0].Org.Name == "Council 020" {
		t.Errorf("after council 20 joined: %v %+v", err, got[0])
	}
}

// BenchmarkPartnerFinder times the finder afresh on the fixture (target: under 50 ms).
func BenchmarkPartnerFinder(b *testing.B) {
	db, err := Open(context.Background(), testdb.URL(b, os.Getenv))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	f := buildPartnerFixture(b, db)
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.PartnerFinder(context.Background(), f.project); err != nil {
			b.Fatal(err)
		}
	}
}
