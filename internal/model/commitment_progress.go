package model

import (
	"strconv"
	"strings"
	"time"
)

// Commitment statuses through the year after signing. Overdue is never chosen: it is set
// when the due date passes without "delivered" or "stopped" (CommitmentStatusAfter).
const (
	CommitmentOnTrack   = "on_track"
	CommitmentAtRisk    = "at_risk"
	CommitmentDelivered = "delivered"
	CommitmentStopped   = "stopped"
	CommitmentOverdue   = "overdue"
)

// CommitmentStatuses are every status, in the order filters list them.
var CommitmentStatuses = []string{CommitmentOnTrack, CommitmentAtRisk, CommitmentDelivered, CommitmentStopped, CommitmentOverdue}

// CheckInStatuses are the statuses a check-in may give.
var CheckInStatuses = []string{CommitmentOnTrack, CommitmentAtRisk, CommitmentDelivered, CommitmentStopped}

var commitmentStatusNames = map[string]Msg{
	CommitmentOnTrack:   {Key: "commitments.status.on_track"},
	CommitmentAtRisk:    {Key: "commitments.status.at_risk"},
	CommitmentDelivered: {Key: "commitments.status.delivered"},
	CommitmentStopped:   {Key: "commitments.status.stopped"},
	CommitmentOverdue:   {Key: "commitments.status.overdue"},
}

// CommitmentStatusName is a status's name, as a message.
func CommitmentStatusName(s string) Msg { return labelOf(commitmentStatusNames, s) }

var commitmentStatusHints = map[string]Msg{
	CommitmentOnTrack:   {Key: "commitments.status_hint.on_track"},
	CommitmentAtRisk:    {Key: "commitments.status_hint.at_risk"},
	CommitmentDelivered: {Key: "commitments.status_hint.delivered"},
	CommitmentStopped:   {Key: "commitments.status_hint.stopped"},
}

// CommitmentStatusHint says what choosing a status in a check-in means, as a message.
func CommitmentStatusHint(s string) Msg { return labelOf(commitmentStatusHints, s) }

// CommitmentStatusColour is the GOV.UK tag modifier for a status.
func CommitmentStatusColour(s string) string {
	switch s {
	case CommitmentOnTrack:
		return "govuk-tag--blue"
	case CommitmentAtRisk:
		return "govuk-tag--yellow"
	case CommitmentDelivered:
		return "govuk-tag--green"
	case CommitmentStopped:
		return "govuk-tag--grey"
	}
	return "govuk-tag--red"
}

// Activity kinds of commitments (follows, issue 10): a check-in, and the check-in that
// says the commitment is delivered. Both are about the organisation, so its followers
// hear of them.
const (
	ActivityCommitmentCheckIn   = "commitment.check_in"
	ActivityCommitmentDelivered = "commitment.delivered"
)

// Settled reports whether a status ends the commitment's year early: nothing more is
// asked of it, and it never becomes overdue.
func Settled(status string) bool {
	return status == CommitmentDelivered || status == CommitmentStopped
}

// CommitmentDue is when a commitment verified at verified is due: 12 months later.
func CommitmentDue(verified time.Time) time.Time { return verified.AddDate(1, 0, 0) }

// CheckInDue is when the check-in email of the quarter-th quarter after verification is
// due (quarter 1 is three months after).
func CheckInDue(verified time.Time, quarter int) time.Time { return verified.AddDate(0, 3*quarter, 0) }

// CheckInQuarter is the latest quarter after verification whose check-in is due at now,
// 0 before the first.
func CheckInQuarter(verified, now time.Time) int {
	n := 0
	for !CheckInDue(verified, n+1).After(now) {
		n++
	}
	return n
}

// CommitmentStatusAfter is a commitment's status once a check-in gives said, at now, for
// a commitment due at due: delivered and stopped stand; otherwise a commitment past its
// due date is overdue whatever the check-in says.
func CommitmentStatusAfter(said string, due, now time.Time) string {
	if !Settled(said) && !now.Before(due) {
		return CommitmentOverdue
	}
	return said
}

// CommitmentProgress is where a published signature's commitment stands in its year.
type CommitmentProgress struct {
	ID             int64
	SignatureID    int64
	OrganisationID int64
	Status         string
	DueAt          time.Time
	// NextCheckInAt is when the next quarterly check-in email is due; zero once settled.
	NextCheckInAt time.Time
	// CheckInsSent is the last quarter after verification whose email was queued.
	CheckInsSent int
	StatusAt     time.Time // when the status last changed
	CreatedAt    time.Time
	// CheckIns are what the organisation said, newest first.
	CheckIns []CheckIn
}

// CheckIn is what a member of the organisation said about its commitment on a day.
type CheckIn struct {
	ID             int64
	CommitmentID   int64
	OrganisationID int64
	AuthorID       int64 // 0 once their account is deleted
	Status         string
	WhatHappened   string // Markdown
	HTML           string // WhatHappened rendered safe (RenderMarkdown), when read
	Evidence       []string
	Language       string
	AsOf           time.Time // a day: midnight UTC of the date given
	CreatedAt      time.Time
}

// Length limits of a check-in, shown as hints.
const (
	MaxCheckInText     = 5000
	MaxCheckInEvidence = 10 // links
)

// CheckInForm is the check-in form as sent: status, what_happened, evidence (one link a
// line), language and the as-of date (as_of-day, as_of-month, as_of-year).
type CheckInForm struct {
	Status, WhatHappened, Evidence, Language string
	AsOfDay, AsOfMonth, AsOfYear             string
}

var asOfMessages = dateMessages{Msg{Key: "commitments.as_of.missing"}, Msg{Key: "commitments.as_of.include"},
	Msg{Key: "commitments.as_of.year"}, Msg{Key: "commitments.as_of.real"}}

// Validate checks the form at time now and returns the check-in it describes.
func (f CheckInForm) Validate(now time.Time) (CheckIn, *FieldErrors) {
	fe := &FieldErrors{}
	c := CheckIn{Status: strings.TrimSpace(f.Status), WhatHappened: CleanText(f.WhatHappened), Language: f.Language}
	if !Contains(CheckInStatuses, c.Status) {
		fe.Add("status", "commitments.check_in.status.missing")
	}
	required(fe, "what_happened", c.WhatHappened, MaxCheckInText, "commitments.check_in.what_happened.missing", "commitments.check_in.what_happened.too_long")
	c.Evidence = evidenceLinks(fe, f.Evidence)
	languageField(fe, &c.Language)
	c.AsOf = asOfField(fe, now, f.AsOfDay, f.AsOfMonth, f.AsOfYear)
	return c, fe
}

// evidenceLinks reads the evidence field: http or https addresses, one a line.
func evidenceLinks(fe *FieldErrors, s string) []string {
	var out []string
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case !ValidLink(line):
			fe.Add("evidence", "commitments.check_in.evidence.invalid", "Line", i+1)
			return nil
		}
		out = append(out, line)
	}
	if len(out) > MaxCheckInEvidence {
		fe.Add("evidence", "commitments.check_in.evidence.too_many", "Max", MaxCheckInEvidence)
		return nil
	}
	return out
}

// asOfField reads the as-of date (as_of-day, -month, -year), which may not be after
// today in London at now; it is returned as midnight UTC of that date.
func asOfField(fe *FieldErrors, now time.Time, day, month, year string) time.Time {
	y, m, d, ok := dateField(fe, "as_of", asOfMessages, day, month, year)
	if !ok {
		return time.Time{}
	}
	asOf := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if asOf.After(Today(now)) {
		fe.Add("as_of-day", "commitments.as_of.future")
		return time.Time{}
	}
	return asOf
}

// Today is the date in London at now, as midnight UTC of that date: as-of dates are
// compared with it.
func Today(now time.Time) time.Time {
	y, m, d := now.In(London).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateText writes a day as stored (YYYY-MM-DD); ParseDateText reads it back.
func DateText(t time.Time) string { return t.Format(time.DateOnly) }

// ParseDateText reads a day stored by DateText, as midnight UTC; zero if it is not one.
func ParseDateText(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// AsOfToday is today's date at now (in London) as a date input's day, month and year, to
// fill a form's as-of date at first.
func AsOfToday(now time.Time) (day, month, year string) {
	y, m, d := Today(now).Date()
	return strconv.Itoa(d), strconv.Itoa(int(m)), strconv.Itoa(y)
}

// PartnerNames splits a commitment's partners, as people write them (separated by
// semicolons, commas or lines), into names.
func PartnerNames(partners string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(partners, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		if p = CleanLine(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
