package model

import (
	"strconv"
	"strings"
	"time"
)

// Markers of an organisation's progress (issue 12), each value dated "as of" with its
// evidence. Members of the organisation set them; the platform team confirms a digital
// strategy before it counts. Training take-up is counted from attended events, not set.
const (
	MarkerStrategy    = "digital_strategy"    // a published digital strategy: its URL and date
	MarkerCyber       = "cyber_assessment"    // Cyber Assessment Framework self-assessment
	MarkerAssessments = "service_assessments" // Service Standard assessments held this year
	MarkerOpenCode    = "open_code"           // publishes code in the open: its code organisation's URL
	MarkerTraining    = "training"            // computed: people who attended training
)

// SetMarkers are the markers members set, in display order.
var SetMarkers = []string{MarkerStrategy, MarkerCyber, MarkerAssessments, MarkerOpenCode}

// DashboardMarkers are every marker the dashboard counts, in display order.
var DashboardMarkers = []string{MarkerMarketplace, MarkerStrategy, MarkerTraining, MarkerCyber, MarkerAssessments, MarkerOpenCode}

// The Cyber Assessment Framework's states.
const (
	CyberNotStarted = "not_started"
	CyberInProgress = "in_progress"
	CyberComplete   = "complete"
)

// CyberStates lists them in order.
var CyberStates = []string{CyberNotStarted, CyberInProgress, CyberComplete}

var (
	markerNames = map[string]Msg{
		MarkerStrategy:    {Key: "markers.names.digital_strategy"},
		MarkerCyber:       {Key: "markers.names.cyber_assessment"},
		MarkerAssessments: {Key: "markers.names.service_assessments"},
		MarkerOpenCode:    {Key: "markers.names.open_code"},
		MarkerTraining:    {Key: "markers.names.training"},
		MarkerMarketplace: {Key: "markers.names.marketplace"},
	}
	cyberNames = map[string]Msg{
		CyberNotStarted: {Key: "markers.cyber.not_started"},
		CyberInProgress: {Key: "markers.cyber.in_progress"},
		CyberComplete:   {Key: "markers.cyber.complete"},
	}
)

// MarkerName is a marker's name, as a message.
func MarkerName(kind string) Msg { return labelOf(markerNames, kind) }

// CyberName is a Cyber Assessment Framework state's name, as a message.
func CyberName(state string) Msg { return labelOf(cyberNames, state) }

// MaxAssessments bounds the Service Standard assessments an organisation says it held in a year.
const MaxAssessments = 1000

// Marker is one value of one marker of an organisation, as of a date.
type Marker struct {
	ID             int64
	OrganisationID int64
	Kind           string
	AsOf           time.Time // a day: midnight UTC of the date given
	Value          string    // a Cyber state, or a number of assessments
	URL            string    // the strategy, or the code organisation
	ConfirmedAt    time.Time // a strategy, once the platform team confirmed it
	CreatedAt      time.Time
	// The organisation's name and slug, where a list of several organisations' markers shows them.
	OrganisationName, OrganisationSlug string
}

// Met reports whether the value counts as the marker achieved: a confirmed strategy, a
// complete Cyber self-assessment, at least one assessment this year, code in the open.
func (m Marker) Met() bool {
	switch m.Kind {
	case MarkerStrategy:
		return m.URL != "" && !m.ConfirmedAt.IsZero()
	case MarkerCyber:
		return m.Value == CyberComplete
	case MarkerAssessments:
		n, _ := strconv.Atoi(m.Value)
		return n > 0
	case MarkerOpenCode:
		return m.URL != ""
	}
	return false
}

// MarkerForm is the form members fill to set a marker: marker, value (cyber's state or the
// number of assessments), url, and the as-of date (as_of-day, as_of-month, as_of-year).
type MarkerForm struct {
	Marker, Value, URL           string
	AsOfDay, AsOfMonth, AsOfYear string
}

var markerAsOfMessages = dateMessages{Msg{Key: "markers.form.as_of.missing"}, Msg{Key: "markers.form.as_of.include"},
	Msg{Key: "markers.form.as_of.year"}, Msg{Key: "markers.form.as_of.real"}}

// Validate checks the form at time now and returns the marker it sets: a date not after
// today (in London), an http(s) address where the marker has one, a Cyber state, a count.
func (f MarkerForm) Validate(now time.Time) (Marker, *FieldErrors) {
	fe := &FieldErrors{}
	m := Marker{Kind: f.Marker, URL: strings.TrimSpace(f.URL), Value: strings.TrimSpace(f.Value)}
	switch m.Kind {
	case MarkerStrategy, MarkerOpenCode:
		m.Value = ""
		if m.URL == "" {
			fe.Add("url", "markers.form.url.missing")
		} else if !ValidLink(m.URL) {
			fe.Add("url", "markers.form.url.invalid")
		}
	case MarkerCyber:
		m.URL = ""
		if !Contains(CyberStates, m.Value) {
			fe.Add("value", "markers.form.cyber.missing")
		}
	case MarkerAssessments:
		m.URL = ""
		n, err := strconv.Atoi(m.Value)
		if err != nil || n < 0 || n > MaxAssessments {
			fe.Add("value", "markers.form.assessments.invalid", "Max", MaxAssessments)
		} else {
			m.Value = strconv.Itoa(n)
		}
	default:
		fe.Add("marker", "markers.form.marker.missing")
	}
	if y, mo, d, ok := dateField(fe, "as_of", markerAsOfMessages, f.AsOfDay, f.AsOfMonth, f.AsOfYear); ok {
		m.AsOf = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if m.AsOf.After(Day(now)) {
			fe.Add("as_of-day", "markers.form.as_of.future")
		}
	}
	if fe.Any() {
		return Marker{}, fe
	}
	return m, nil
}

// Day is the date in London at t, as midnight UTC of that date: as-of dates are days.
func Day(t time.Time) time.Time {
	y, m, d := t.In(London).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MarkerStanding is one marker of an organisation: its value on the day it signed (or the
// first after), and now.
type MarkerStanding struct {
	Kind     string
	Baseline *Marker // nil: no value yet
	Now      *Marker
}

// Uplift reports whether the marker is met now and was not at the baseline.
func (s MarkerStanding) Uplift() bool {
	return s.Now != nil && s.Now.Met() && (s.Baseline == nil || !s.Baseline.Met())
}

// Standings are an organisation's markers that members set, from its history (any order),
// with their baselines at signed (zero: it has not signed, and there is no baseline) and
// their values at now. A value counts from its as-of date; of two on the same date, the
// later written.
func Standings(history []Marker, signed, now time.Time) []MarkerStanding {
	out := make([]MarkerStanding, len(SetMarkers))
	for i, kind := range SetMarkers {
		out[i] = MarkerStanding{Kind: kind}
		out[i].Baseline, out[i].Now = baselineAndNow(history, kind, signed, now)
	}
	return out
}

// later reports whether a comes after b: by as-of date, then as written.
func later(a, b *Marker) bool {
	return a.AsOf.After(b.AsOf) || (a.AsOf.Equal(b.AsOf) && a.ID > b.ID)
}

// baselineAndNow picks kind's value on the signing day (the latest as of then, or else the
// first after) and now (the latest as of now). A strategy counts from its confirmation.
func baselineAndNow(history []Marker, kind string, signed, now time.Time) (base, cur *Marker) {
	var before, after *Marker
	signedDay := Day(signed)
	for i := range history {
		m := &history[i]
		if m.Kind != kind || m.AsOf.After(now) {
			continue
		}
		if cur == nil || later(m, cur) {
			cur = m
		}
		if signed.IsZero() {
			continue
		}
		if !m.AsOf.After(signedDay) {
			if before == nil || later(m, before) {
				before = m
			}
		} else if after == nil || m.AsOf.Before(after.AsOf) || (m.AsOf.Equal(after.AsOf) && m.ID > after.ID) {
			after = m // the first day after signing, and its value written last
		}
	}
	if before != nil {
		return before, cur
	}
	return after, cur
}

// EighteenMonthsOn reports whether, at now, 18 months have passed since signed: the day the
// organisation page shows its "18 months on" summary (a signing on 31 August reaches it on
// the last day of February).
func EighteenMonthsOn(signed, now time.Time) bool {
	if signed.IsZero() {
		return false
	}
	return !Day(now).Before(EighteenMonthsAfter(signed))
}

// EighteenMonthsAfter is the day 18 months after signed (in London), clamped to the end of
// a shorter month.
func EighteenMonthsAfter(signed time.Time) time.Time {
	d := Day(signed)
	first := time.Date(d.Year(), d.Month()+18, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d.Day(), last), 0, 0, 0, 0, time.UTC)
}

// MarkerCount is, for one marker, how many signatories met it at their baseline and now.
type MarkerCount struct {
	Kind          string
	Baseline, Now int
}

// SignatoryMarkers is what the dashboard knows of one signatory's markers: when it signed,
// its markers' history, and when its people first attended training (zero: never).
type SignatoryMarkers struct {
	OrganisationID  int64
	SignedAt        time.Time
	History         []Marker
	FirstAttendance time.Time
	// FirstMarketplace is its first opportunity on the Digital Marketplace (zero: none).
	FirstMarketplace time.Time
}

// CountMarkers counts, for each marker of DashboardMarkers, the signatories that met it at
// their baseline and that meet it now. Training is met at the baseline when someone from
// the organisation had attended by the signing day, and now when anyone has; the Digital
// Marketplace likewise with its first opportunity.
func CountMarkers(sigs []SignatoryMarkers, now time.Time) []MarkerCount {
	out := make([]MarkerCount, len(DashboardMarkers))
	for i, kind := range DashboardMarkers {
		out[i].Kind = kind
		for _, s := range sigs {
			if kind == MarkerTraining || kind == MarkerMarketplace {
				first := s.FirstAttendance
				if kind == MarkerMarketplace {
					first = s.FirstMarketplace
				}
				if !first.IsZero() && !first.After(now) {
					out[i].Now++
					if !Day(first).After(Day(s.SignedAt)) {
						out[i].Baseline++
					}
				}
				continue
			}
			base, cur := baselineAndNow(s.History, kind, s.SignedAt, now)
			if base != nil && base.Met() {
				out[i].Baseline++
			}
			if cur != nil && cur.Met() {
				out[i].Now++
			}
		}
	}
	return out
}
