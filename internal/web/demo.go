package web

import (
	"context"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Each feature's demo data (feature.Seed), added by `localdigital seed --demo` once the
// demo organisations, people and signatures are there, and only to an empty library.
// Demo people, titles and texts are invented.

// demoOfficer is the Hackney officer who publishes the demo resource and case study.
func demoOfficer(ctx context.Context, db *store.DB, actor model.Actor) (model.Actor, error) {
	officer, err := db.GrantRole(ctx, actor, "officer@hackney.gov.uk", model.RoleMember)
	if err != nil {
		return model.Actor{}, err
	}
	return model.Actor{UserID: officer.ID, Label: officer.Email}, nil
}

func seedResources(ctx context.Context, db *store.DB, actor model.Actor) error {
	hackney, camden, essex := mustOrg(ctx, db, "hackney"), mustOrg(ctx, db, "camden"), mustOrg(ctx, db, "essex")
	officer, err := demoOfficer(ctx, db, actor)
	if err != nil {
		return err
	}
	res := &model.Resource{Type: "service_pattern", Title: "Housing repairs: reporting a repair online",
		Summary: "The service pattern, screens and user research behind Hackney's online repairs reporting, with the API it uses.",
		Link:    "https://github.com/LBHackney-IT", Licence: "OGL-UK-3.0",
		Organisations: []model.OrgRef{{ID: hackney.ID}, {ID: camden.ID}}, Principles: []int{1, 2},
		Services: []model.Service{{Code: 524}}}
	if err := db.PublishResource(ctx, officer, res, nil); err != nil {
		return err
	}
	if _, err = db.UseResource(ctx, actor, res.ID, essex.ID, "We adapted the pattern for reporting fly-tipping."); err != nil {
		return err
	}
	// One resource written in Welsh, by Cardiff, whose words stay as written.
	cardiff := mustOrg(ctx, db, "cardiff")
	welsh, err := db.GrantRole(ctx, actor, "digital@cardiff.gov.uk", model.RoleMember)
	if err != nil {
		return err
	}
	return db.PublishResource(ctx, model.Actor{UserID: welsh.ID, Label: welsh.Email}, &model.Resource{Type: "guidance",
		Title:   "Ffurflenni dwyieithog: canllaw i dimau digidol",
		Summary: "Sut rydym yn cynllunio pob ffurflen ar-lein newydd yn Gymraeg ac yn Saesneg o'r dechrau, gyda'r patrymau a'r geiriau a brofwyd gyda defnyddwyr.",
		Link:    "https://www.cardiff.gov.uk/", Licence: "OGL-UK-3.0", Language: model.LanguageWelsh,
		Organisations: []model.OrgRef{{ID: cardiff.ID}}, Principles: []int{1, 5}}, nil)
}

func seedCaseStudies(ctx context.Context, db *store.DB, actor model.Actor) error {
	hackney, camden := mustOrg(ctx, db, "hackney"), mustOrg(ctx, db, "camden")
	officer, err := demoOfficer(ctx, db, actor)
	if err != nil {
		return err
	}
	cs := &model.CaseStudy{Title: "Online repairs reporting cut phone calls by a third",
		Summary:       "Hackney and Camden rebuilt repairs reporting around residents' needs.",
		Problem:       "Most repairs were reported by phone, and **40%** of calls were chasing an earlier report.",
		Approach:      "- Research with 30 tenants\n- A shared service pattern\n- An open API for repairs data",
		Outcomes:      "Phone calls about repairs fell by a third in six months.",
		Lessons:       "Start with the data: the API made every later screen simpler.",
		Organisations: []model.OrgRef{{ID: hackney.ID}, {ID: camden.ID}}, Principles: []int{1, 5},
		Services: []model.Service{{Code: 524}}}
	return db.CreateCaseStudy(ctx, officer, cs)
}

func seedEvents(ctx context.Context, db *store.DB, actor model.Actor) error {
	mhclg := mustOrg(ctx, db, "mhclg")
	start := time.Now().UTC().AddDate(0, 0, 21).Truncate(24 * time.Hour).Add(10 * time.Hour)
	events := []*model.Event{
		{OrganisationID: mhclg.ID, Audience: model.AudienceLeaders, Format: model.FormatOnline,
			Title: "Digital leadership for chief executives", Description: "What the Declaration asks of leaders, and how peers met it.",
			JoiningLink: "https://meet.example.gov.uk/leadership", StartsAt: start, EndsAt: start.Add(90 * time.Minute), Capacity: 30,
			BookingDeadline: start.Add(-24 * time.Hour)},
		{OrganisationID: mhclg.ID, Audience: model.AudienceDoers, Format: model.FormatInPerson,
			Title: "Agile delivery in local government", Description: "A day of practice for digital teams.",
			Address: "2 Marsham Street, London SW1P 4DF", StartsAt: start.AddDate(0, 0, 7), EndsAt: start.AddDate(0, 0, 7).Add(6 * time.Hour),
			Capacity: 2, BookingDeadline: start.AddDate(0, 0, 5)},
	}
	for _, e := range events {
		if err := db.CreateEvent(ctx, actor, e); err != nil {
			return err
		}
	}
	return nil
}

func mustOrg(ctx context.Context, db *store.DB, slug string) *model.Organisation {
	o, err := db.OrganisationBySlug(ctx, slug)
	if err != nil {
		return &model.Organisation{}
	}
	return o
}
