package model

import "strconv"

// Median is a figure's median across a set of organisations, and how many had the figure.
type Median struct {
	Value float64
	Of    int // 0: none had it, and there is no median
}

// Text is the median as people read it: a whole number, or a half ("2.5").
func (m Median) Text() string {
	return strconv.FormatFloat(m.Value, 'f', -1, 64)
}

// TypeFigures are the figures that an organisation's scorecard compares it with: those of
// the organisations of its type that have signed (the organisation included), now.
type TypeFigures struct {
	TypeCode    string
	Signatories int
	// Met is, by marker (SetMarkers), how many of them meet it now (Marker.Met).
	Met map[string]int
	// Assessments is the median of the Service Standard assessments held this year, of
	// those that gave the number.
	Assessments Median
	// Levels is, by principle (1 to 5, at index principle-1), the median level of their
	// latest self-assessments.
	Levels [5]Median
}
