package model

import (
	"slices"
	"time"
)

// Kinds of thing a person may follow (issue 10). Later features add theirs (a project, a
// brief, a funding round) beside their own types, with a feature's Follows (web).
const (
	FollowOrganisation = "organisation"
	FollowResource     = "resource"
	FollowCaseStudy    = "case-study"
	// FollowEventSeries is the events an organisation runs: its id is the organiser's.
	// (An event itself is an activity's object, FollowEvent, but followed as its series.)
	FollowEventSeries = "event-series"
	FollowEvent       = "event"
	FollowService     = "service"   // an LGSL service, by its code
	FollowPrinciple   = "principle" // a principle of the Declaration, by its number
)

// FollowRef names one thing that may be followed: its kind and its id.
type FollowRef struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
}

// FollowTarget is a thing that may be followed as a follow button and a digest show it:
// its name (TitleCy its Welsh name, where it has one) and its address on the site.
type FollowTarget struct {
	FollowRef
	Title   string `json:"title"`
	TitleCy string `json:"title_cy,omitempty"`
	Path    string `json:"path"`
}

// TitleIn is the target's name in lang: the Welsh one, where there is one, in Welsh.
func (t FollowTarget) TitleIn(lang string) string {
	if lang == "cy" && t.TitleCy != "" {
		return t.TitleCy
	}
	return t.Title
}

// Follow is one thing a person follows, since when.
type Follow struct {
	FollowTarget
	CreatedAt time.Time `json:"followed_at"`
}

// Activity kinds recorded today; each later feature names its own.
const (
	ActivitySignaturePublished = "signature.published"
	ActivitySignatureWithdrawn = "signature.withdrawn"
	ActivityResourcePublished  = "resource.published"
	ActivityResourceVersion    = "resource.new_version"
	ActivityResourceUsed       = "resource.used"
	ActivityCaseStudyPublished = "case_study.published"
	ActivityEventAnnounced     = "event.announced"
	ActivityEventCancelled     = "event.cancelled"
)

// Activity is an item of activity: a change others may care about, recorded in the
// change's own transaction. Object is what it happened to, Title and Path name and link
// it (as they were then; TitleCy its Welsh name, where it has one); Organisations,
// Services (codes) and Principles are what it touches. Whoever follows the object or any
// of those hears about it.
type Activity struct {
	ID            int64
	ActorID       int64
	Kind          string
	Object        FollowRef
	Title         string
	TitleCy       string
	Path          string
	Organisations []int64
	Services      []int
	Principles    []int
	// Also are other things it touches (an event's series).
	Also []FollowRef
	At   time.Time
}

// TitleIn is the item's object's name in lang (as FollowTarget.TitleIn).
func (a Activity) TitleIn(lang string) string {
	return FollowTarget{Title: a.Title, TitleCy: a.TitleCy}.TitleIn(lang)
}

// Targets are the follow targets the item touches: its object first, then its
// organisations, services and principles, each once.
func (a Activity) Targets() []FollowRef {
	out := []FollowRef{a.Object}
	add := func(r FollowRef) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, id := range a.Organisations {
		add(FollowRef{FollowOrganisation, id})
	}
	for _, c := range a.Services {
		add(FollowRef{FollowService, int64(c)})
	}
	for _, p := range a.Principles {
		add(FollowRef{FollowPrinciple, int64(p)})
	}
	for _, r := range a.Also {
		add(r)
	}
	return out
}

// How often a person hears about what they follow.
const (
	DigestWeekly    = "weekly" // the default
	DigestDaily     = "daily"
	DigestImmediate = "immediate" // each item as it happens
	DigestNone      = "none"
)

// DigestFrequencies lists them in the order the preferences page offers them.
var DigestFrequencies = []string{DigestWeekly, DigestDaily, DigestImmediate, DigestNone}

// ValidDigestFrequency reports whether f is one of DigestFrequencies.
func ValidDigestFrequency(f string) bool { return slices.Contains(DigestFrequencies, f) }

// DigestHour is the hour, London time, at which digests go out; weekly ones on Monday.
const DigestHour = 8

// DigestPeriodEnd is the end of the latest period of frequency f (daily or weekly) at or
// before t: 8am London time that day (or the day before, before 8am), and for weekly
// the latest such Monday. Digests of that period cover what happened up to it.
func DigestPeriodEnd(f string, t time.Time) time.Time {
	l := t.In(London)
	end := time.Date(l.Year(), l.Month(), l.Day(), DigestHour, 0, 0, 0, London)
	if end.After(t) {
		end = time.Date(l.Year(), l.Month(), l.Day()-1, DigestHour, 0, 0, 0, London)
	}
	if f == DigestWeekly {
		back := (int(end.Weekday()) - int(time.Monday) + 7) % 7
		end = time.Date(end.Year(), end.Month(), end.Day()-back, DigestHour, 0, 0, 0, London)
	}
	return end.UTC()
}

// DigestPeriodStart is the start of the period that ends at end: a day or a week
// before, in London time (so a day is 23 or 25 hours across a change of the clocks).
func DigestPeriodStart(f string, end time.Time) time.Time {
	l := end.In(London)
	days := 1
	if f == DigestWeekly {
		days = 7
	}
	return time.Date(l.Year(), l.Month(), l.Day()-days, DigestHour, 0, 0, 0, London).UTC()
}

var (
	digestFrequencyNames = map[string]Msg{
		DigestWeekly:    {Key: "notifications.frequency.weekly"},
		DigestDaily:     {Key: "notifications.frequency.daily"},
		DigestImmediate: {Key: "notifications.frequency.immediate"},
		DigestNone:      {Key: "notifications.frequency.none"},
	}
	digestFrequencyHints = map[string]Msg{
		DigestWeekly:    {Key: "notifications.frequency.weekly.hint"},
		DigestDaily:     {Key: "notifications.frequency.daily.hint"},
		DigestImmediate: {Key: "notifications.frequency.immediate.hint"},
		DigestNone:      {Key: "notifications.frequency.none.hint"},
	}
)

// DigestFrequencyName names a frequency, and DigestFrequencyHint says what it means.
func DigestFrequencyName(f string) Msg { return labelOf(digestFrequencyNames, f) }
func DigestFrequencyHint(f string) Msg { return labelOf(digestFrequencyHints, f) }
