package cli

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"slices"
	"time"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// demoOrgs are real councils (from the ONS / GOV.UK register) and one department, so a
// newcomer sees a living register. The full register comes from `import organisations`.
var demoOrgs = []model.Organisation{
	{Name: "London Borough of Hackney", Slug: "hackney", GSSCode: "E09000012", LACode: "HCK", TypeCode: "LBO", Nation: "England", Region: "London", Website: "http://www.hackney.gov.uk/"},
	{Name: "London Borough of Camden", Slug: "camden", GSSCode: "E09000007", LACode: "CMD", TypeCode: "LBO", Nation: "England", Region: "London", Website: "https://www.camden.gov.uk/"},
	{Name: "London Borough of Southwark", Slug: "southwark", GSSCode: "E09000028", LACode: "SWK", TypeCode: "LBO", Nation: "England", Region: "London", Website: "https://www.southwark.gov.uk/"},
	{Name: "London Borough of Hammersmith & Fulham", Slug: "hammersmith-and-fulham", GSSCode: "E09000013", LACode: "HMF", TypeCode: "LBO", Nation: "England", Region: "London", Website: "http://www.lbhf.gov.uk/"},
	{Name: "Manchester City Council", Slug: "manchester", GSSCode: "E08000003", LACode: "MAN", TypeCode: "MD", Nation: "England", Region: "North West", Website: "http://www.manchester.gov.uk/"},
	{Name: "Birmingham City Council", Slug: "birmingham", GSSCode: "E08000025", LACode: "BIR", TypeCode: "MD", Nation: "England", Region: "West Midlands", Website: "https://www.birmingham.gov.uk/"},
	{Name: "Bristol City Council", Slug: "city-of-bristol", GSSCode: "E06000023", LACode: "BST", TypeCode: "UA", Nation: "England", Region: "South West", Website: "https://www.bristol.gov.uk/"},
	{Name: "Plymouth City Council", Slug: "plymouth", GSSCode: "E06000026", LACode: "PLY", TypeCode: "UA", Nation: "England", Region: "South West", Website: "https://www.plymouth.gov.uk/"},
	{Name: "Essex County Council", Slug: "essex", GSSCode: "E10000012", LACode: "ESS", TypeCode: "CTY", Nation: "England", Region: "East of England", Website: "https://www.essex.gov.uk/"},
	{Name: "Adur District Council", Slug: "adur", GSSCode: "E07000223", LACode: "ADU", TypeCode: "NMD", Nation: "England", Region: "South East", Website: "https://www.adur-worthing.gov.uk/"},
	// Worthing shares Adur's email domain: its officers are members of both councils.
	{Name: "Worthing Borough Council", Slug: "worthing", GSSCode: "E07000229", LACode: "WOT", TypeCode: "NMD", Nation: "England", Region: "South East", Website: "https://www.adur-worthing.gov.uk/"},
	{Name: "Fife Council", Slug: "fife", GSSCode: "S12000047", LACode: "FIF", TypeCode: "SCO", Nation: "Scotland", Region: "Scotland", Website: "https://www.fife.gov.uk/"},
	{Name: "City of Cardiff Council", Slug: "cardiff", GSSCode: "W06000015", LACode: "CRF", TypeCode: "WPA", Nation: "Wales", Region: "Wales", Website: "https://www.cardiff.gov.uk/"},
	{Name: "Gwynedd Council", Slug: "gwynedd", GSSCode: "W06000002", LACode: "GWN", TypeCode: "WPA", Nation: "Wales", Region: "Wales", Website: "https://www.gwynedd.llyw.cymru/"},
	{Name: "Belfast City Council", Slug: "belfast", GSSCode: "N09000003", LACode: "BFS", TypeCode: "NID", Nation: "Northern Ireland", Region: "Northern Ireland", Website: "https://www.belfastcity.gov.uk/"},
}

var demoDepartment = model.Organisation{Name: "Ministry of Housing, Communities and Local Government", Slug: "mhclg",
	TypeCode: "DEPT", Nation: "England", Website: "https://www.gov.uk/government/organisations/ministry-of-housing-communities-local-government",
	Domains: []string{"communities.gov.uk"}}

// demoSignature is one signature to create, and how far through its life to take it.
type demoSignature struct {
	slug, starter, title, partners, mission, impact string
	on                                              time.Time
	status                                          string
	withdrawnOn                                     time.Time
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 10, 0, 0, 0, time.UTC) }

var demoSignatures = []demoSignature{
	{"camden", "digital@camden.gov.uk", "Open data for housing repairs", "London Borough of Hackney", "Publish repairs data and an API for tenants within a year.", "Tenants see when repairs will happen without phoning.", day(2018, 7, 4), model.SigVerified, time.Time{}},
	{"hackney", "officer@hackney.gov.uk", "Modern tools for housing", "London Borough of Camden; London Borough of Southwark", "Replace the housing management front end with an open-source service.", "Housing officers spend less time re-keying; residents get answers first time.", day(2019, 3, 12), model.SigVerified, time.Time{}},
	{"essex", "digital@essex.gov.uk", "Reusable service patterns for adult social care", "", "Publish tested patterns for care assessments.", "People needing care give their story once.", day(2018, 9, 20), model.SigVerified, time.Time{}},
	{"plymouth", "digital@plymouth.gov.uk", "Open-source local plan tools", "", "Release the local plan consultation tool as open source.", "Residents can comment on plans online, on any device.", day(2018, 11, 5), model.SigVerified, time.Time{}},
	{"manchester", "digital@manchester.gov.uk", "One front door for council tax", "", "Let residents move home, pay and claim support in one service.", "Residents who move report it once.", day(2020, 2, 3), model.SigVerified, time.Time{}},
	{"fife", "digital@fife.gov.uk", "Digital skills for every team", "", "Train 200 staff in user-centred design.", "Services are designed with the people who use them.", day(2021, 6, 14), model.SigVerified, time.Time{}},
	{"cardiff", "digital@cardiff.gov.uk", "Bilingual forms by default", "Gwynedd Council", "Make every new online form available in Welsh and English.", "Welsh speakers use services in their language.", day(2022, 4, 25), model.SigVerified, time.Time{}},
	{"belfast", "digital@belfastcity.gov.uk", "Bin collection alerts", "", "Send collection reminders by text and email.", "Fewer missed collections and calls.", day(2023, 10, 2), model.SigVerified, time.Time{}},
	{"mhclg", "ldcu@communities.gov.uk", "Local Digital Fund", "", "Fund councils to build reusable services together.", "Councils stop paying for the same thing twice.", day(2018, 7, 4), model.SigVerified, time.Time{}},
	{"birmingham", "digital@birmingham.gov.uk", "Shared booking platform", "", "Build one booking platform for council venues.", "Residents book rooms and courts online.", day(2019, 5, 20), model.SigWithdrawn, day(2024, 1, 15)},
	{"city-of-bristol", "digital@bristol.gov.uk", "Open data for planning", "", "Publish planning applications as open data.", "Residents and developers see planning decisions as they happen.", day(2026, 10, 1), model.SigAwaitingVerification, time.Time{}},
	{"southwark", "officer@southwark.gov.uk", "Accessible parking permits", "", "Rebuild parking permits to meet WCAG 2.2 AA.", "Disabled residents apply for permits without help.", day(2026, 11, 2), model.SigAwaitingSigners, time.Time{}},
	{"gwynedd", "digital@gwynedd.llyw.cymru", "Library app", "", "A shared library app for north Wales.", "Readers renew and reserve on their phones.", day(2025, 3, 3), model.SigDeclined, time.Time{}},
	{"hammersmith-and-fulham", "digital@lbhf.gov.uk", "Resident accounts", "", "One account for all council services.", "Residents sign in once.", day(2025, 9, 9), model.SigRejected, time.Time{}},
}

// Demo users, printed by the run command so a newcomer can sign in.
const (
	demoAdmin  = "admin@communities.gov.uk"
	demoMember = "officer@adur-worthing.gov.uk"
)

func runSeed(ctx context.Context, env Env, args []string) error {
	var demo bool
	cfg, _, err := load(env, "seed", args, func(fs *flag.FlagSet) { fs.BoolVar(&demo, "demo", false, "add demo data") })
	if err != nil {
		return err
	}
	if !demo {
		return fmt.Errorf("usage: localdigital seed --demo")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := seedDemo(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Demo data ready: %d organisations, %d signatures added.\n", len(demoOrgs)+1, n)
	fmt.Fprintf(env.Stdout, "Platform admin: %s. Council officer: %s. Sign in with either; read the link with `localdigital mail list`.\n", demoAdmin, demoMember)
	return nil
}

// seedDemo adds the demo organisations, users and signatures. It is safe to run again:
// organisations are upserted and signatures are added only to an empty register.
func seedDemo(ctx context.Context, db *store.DB) (int, error) {
	actor := model.Actor{Label: cliActor("seed")}
	orgs := append([]model.Organisation{}, demoOrgs...)
	for i := range orgs {
		t, _ := model.LookupOrgType(orgs[i].TypeCode)
		orgs[i].TypeName, orgs[i].OfficialName = locale.English.Msg(t.Name), orgs[i].Name
		orgs[i].Domains = []string{model.DomainFromWebsite(orgs[i].Website)}
	}
	dept := demoDepartment
	dept.TypeName, dept.OfficialName = "Central government department", dept.Name
	if _, err := db.ImportOrganisations(ctx, actor, append(orgs, dept)); err != nil {
		return 0, err
	}
	if err := seedWelshNames(ctx, db, actor); err != nil {
		return 0, err
	}
	admin, err := db.GrantRole(ctx, actor, demoAdmin, model.RolePlatformAdmin)
	if err != nil {
		return 0, err
	}
	if err := seedOfficer(ctx, db, actor); err != nil {
		return 0, err
	}
	existing, _, err := db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 1}, store.ModeAll)
	if err != nil {
		return 0, err
	}
	added := 0
	if len(existing) == 0 || existing[0].SignatureID == 0 {
		if added, err = seedSignatures(ctx, db); err != nil {
			return added, err
		}
	}
	return added, seedSharing(ctx, db, model.Actor{UserID: admin.ID, Label: admin.Email})
}

// welshCouncilNames is a copy of shared/data/welsh_council_names.csv (see data/README.md).
//
//go:embed data/welsh_council_names.csv
var welshCouncilNames []byte

// seedWelshNames gives the demo's Welsh councils their Welsh names, from the file
// `import organisations` takes.
func seedWelshNames(ctx context.Context, db *store.DB, actor model.Actor) error {
	names, err := importer.ParseWelshNames(bytes.NewReader(welshCouncilNames))
	if err != nil {
		return err
	}
	var demo []model.WelshName
	for _, n := range names {
		if slices.ContainsFunc(demoOrgs, func(o model.Organisation) bool { return o.GSSCode == n.GSSCode }) {
			demo = append(demo, n)
		}
	}
	_, err = db.SetWelshNames(ctx, actor, demo)
	return err
}

// seedOfficer makes the demo officer a member of Adur and Worthing (their domain is
// both councils') and an admin of Adur.
func seedOfficer(ctx context.Context, db *store.DB, actor model.Actor) error {
	officer, err := db.GrantRole(ctx, actor, demoMember, model.RoleMember)
	if err != nil {
		return err
	}
	adurID := mustOrgID(ctx, db, "adur")
	err = db.SetMemberRole(ctx, actor, adurID, officer.ID, model.RoleOrgAdmin)
	if errors.Is(err, store.ErrNotMember) { // removed from Adur since the last seed
		_, err = db.AttachMember(ctx, actor, adurID, demoMember, model.RoleOrgAdmin)
	}
	return err
}

func seedSignatures(ctx context.Context, db *store.DB) (int, error) {
	clock := db.Now
	defer func() { db.Now = clock }()
	admin, err := db.GrantRole(ctx, model.Actor{Label: cliActor("seed")}, demoAdmin, model.RolePlatformAdmin)
	if err != nil {
		return 0, err
	}
	added := 0
	for _, d := range demoSignatures {
		sigs, err := db.SignaturesForOrganisation(ctx, mustOrgID(ctx, db, d.slug))
		if err != nil {
			return added, err
		}
		if len(sigs) > 0 {
			continue
		}
		if err := seedOne(ctx, db, d, model.Actor{UserID: admin.ID, Label: admin.Email}); err != nil {
			return added, fmt.Errorf("seed %s: %w", d.slug, err)
		}
		added++
	}
	return added, nil
}

func mustOrgID(ctx context.Context, db *store.DB, slug string) int64 {
	o, err := db.OrganisationBySlug(ctx, slug)
	if err != nil {
		return 0
	}
	return o.ID
}
