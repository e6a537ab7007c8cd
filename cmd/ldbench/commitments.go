package main

import (
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// commitment is a model.Commitment template; %[1]s in the mission is the council's name.
type commitment struct{ title, partners, mission, impact string }

// commitments are typical of what councils promise.
var commitments = []commitment{
	{"Open data for housing repairs", "Neighbouring councils in our region",
		"%[1]s will publish housing repairs data and an open API for tenants within a year.",
		"Tenants see when their repair will happen without phoning the contact centre."},
	{"One front door for council tax", "",
		"%[1]s will let residents move home, pay and claim support in one online service.",
		"Residents who move report it once, and fewer fall into arrears."},
	{"Reusable patterns for adult social care", "Two county councils and a health trust",
		"%[1]s will publish tested service patterns for care assessments under an open licence.",
		"People who need care tell their story once, and social workers spend more time with them."},
	{"Bin collection alerts", "",
		"%[1]s will send collection reminders by text and email, built on GOV.UK Notify.",
		"Fewer missed collections and fewer calls about them."},
	{"Digital skills for every team", "The Local Government Association",
		"%[1]s will train 200 staff in user-centred design and agile delivery.",
		"Services are designed with the people who use them, not for them."},
	{"Open-source planning consultation", "Our combined authority",
		"%[1]s will release its local plan consultation tool as open source.",
		"Residents can comment on plans on any device, and other councils reuse the tool."},
	{"Accessible parking permits", "",
		"%[1]s will rebuild parking permits to meet WCAG 2.2 AA.",
		"Disabled residents apply for permits without help."},
	{"Shared booking platform", "Three district councils",
		"%[1]s will build one booking platform for council venues with its partners.",
		"Residents book rooms and courts online, and councils stop paying for the same thing three times."},
}

func commitmentFor(i int, org *model.Organisation) model.Commitment {
	c := commitments[i%len(commitments)]
	return model.Commitment{Title: c.title, Partners: c.partners, Mission: fmt.Sprintf(c.mission, org.Name), Impact: c.impact}
}

var (
	chiefExecutives = []string{"Alex Morgan", "Priya Shah", "Daniel Hughes", "Fiona Campbell", "Owen Davies"}
	leaders         = []string{"Sam Patel", "Rachel Green", "Tom O'Neill", "Aisha Begum", "Gareth Jones", "Helen Clarke"}
)

// councilSigners names a chief executive and a leader at the council's domain.
func councilSigners(i int, domain string) []model.Signer {
	return []model.Signer{
		{Kind: model.SignerCEO, Name: chiefExecutives[i%len(chiefExecutives)], Role: "Chief Executive", Email: "chief.executive@" + domain},
		{Kind: model.SignerLeader, Name: leaders[i%len(leaders)], Role: "Leader of the Council", Email: "leader@" + domain},
	}
}
