package model

import "time"

// Declaration is one published version of the Local Digital Declaration: its structure.
// Its words are in the message catalog (internal/locale/catalog/declaration.*.toml), keyed
// by version, so that every language has them; templates print them with t.
type Declaration struct {
	Version     int
	PublishedOn time.Time
	Principles  []DeclarationText
	Aims        []DeclarationText
	Commitments []DeclarationText
}

// DeclarationText is one sentence of the Declaration, by its catalog key.
type DeclarationText struct{ Key string }

// CurrentDeclaration is the version people sign now. A new version is added here, in the
// catalog (its own keys, "declaration.v2.…") and in a migration, so that re-signing is by
// version number.
var CurrentDeclaration = Declaration{
	Version:     1,
	PublishedOn: time.Date(2018, 7, 4, 0, 0, 0, 0, time.UTC),
	Principles: []DeclarationText{
		{Key: "declaration.v1.principle.1"},
		{Key: "declaration.v1.principle.2"},
		{Key: "declaration.v1.principle.3"},
		{Key: "declaration.v1.principle.4"},
		{Key: "declaration.v1.principle.5"},
	},
	Aims: []DeclarationText{
		{Key: "declaration.v1.aim.1"},
		{Key: "declaration.v1.aim.2"},
		{Key: "declaration.v1.aim.3"},
		{Key: "declaration.v1.aim.4"},
	},
	Commitments: []DeclarationText{
		{Key: "declaration.v1.commitment.1"},
		{Key: "declaration.v1.commitment.2"},
		{Key: "declaration.v1.commitment.3"},
		{Key: "declaration.v1.commitment.4"},
	},
}
