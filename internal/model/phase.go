package model

// The phases of the GOV.UK Service Manual that a piece of work goes through, named once
// for every feature: a project is in one of them, a funding bid asks money for one of
// discovery, alpha and beta, and a joint brief buys one of discovery to live.
const (
	PhaseConcept   = "concept"
	PhaseDiscovery = "discovery"
	PhaseAlpha     = "alpha"
	PhaseBeta      = "beta"
	PhaseLive      = "live"
	PhaseRetired   = "retired"
)

// Phases are every phase in order.
var Phases = []string{PhaseConcept, PhaseDiscovery, PhaseAlpha, PhaseBeta, PhaseLive, PhaseRetired}

var phaseNames = map[string]Msg{
	PhaseConcept: {Key: "phases.concept"}, PhaseDiscovery: {Key: "phases.discovery"},
	PhaseAlpha: {Key: "phases.alpha"}, PhaseBeta: {Key: "phases.beta"},
	PhaseLive: {Key: "phases.live"}, PhaseRetired: {Key: "phases.retired"},
}

// PhaseName is a phase's name.
func PhaseName(p string) Msg { return labelOf(phaseNames, p) }
