package model

import "time"

// Declaration is one published version of the Local Digital Declaration.
type Declaration struct {
	Version     int
	PublishedOn time.Time
	Principles  []string
	Aims        []string
	Commitments []string
}

// CurrentDeclaration is the version people sign now. A new version is added here and in
// a migration, so that re-signing is by version number.
var CurrentDeclaration = Declaration{
	Version:     1,
	PublishedOn: time.Date(2018, 7, 4, 0, 0, 0, 0, time.UTC),
	Principles: []string{
		"We will go further to redesign our services around the needs of the people using them.",
		"We will ‘fix our plumbing’ to break our dependence on inflexible and expensive technology that doesn’t join up effectively.",
		"We will design safe, secure and useful ways of sharing information to build trust among our partners and citizens.",
		"We will demonstrate digital leadership, creating the conditions for genuine organisational transformation to happen.",
		"We will embed an open culture that values, incentivises and expects digital ways of working from every member of our workforce.",
	},
	Aims: []string{
		"design services that best meet the needs of citizens",
		"challenge the technology market to offer the flexible tools and services we need",
		"protect citizens’ privacy and security",
		"deliver better value for money",
	},
	Commitments: []string{
		"Title: a short name for one specific project you will deliver.",
		"Partners: only partners who have already agreed to work with you.",
		"Mission: what you will deliver within a year of signing.",
		"Impact: how specific users will benefit.",
	},
}
