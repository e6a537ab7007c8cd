package model

import (
	"slices"
	"time"
)

// The public dashboard (/dashboard, /api/v1/dashboard/…): the Declaration's measures of
// success, added up from the register and the events. The store reads the rows; the sums
// are made here, once, so that the page and the open data show the same figures.

// DashboardStart is the month the Declaration was launched (4 July 2018): sign-ups are
// counted month by month from it.
var DashboardStart = time.Date(2018, time.July, 1, 0, 0, 0, 0, time.UTC)

// SignedOrganisation is one signatory as the dashboard counts it: its type, nation and
// region, and when its published signature was verified.
type SignedOrganisation struct {
	TypeCode, Nation, Region string
	SignedAt                 time.Time
}

// OrganisationCount is how many organisations of a type there are in a nation and region.
type OrganisationCount struct {
	TypeCode, Nation, Region string
	Count                    int
}

// SignUps are sign-ups added up month by month from DashboardStart to the month of now,
// in total and by organisation type, nation and region, and the share of councils that
// have signed in each nation and region.
type SignUps struct {
	// Months are the first days of the months counted, oldest first.
	Months []time.Time
	// Total[i] is how many of today's signatories had signed by the end of Months[i].
	Total    []int
	ByType   []Breakdown
	ByNation []Breakdown
	ByRegion []Breakdown
	// Signed is how many organisations have signed now (the last of Total).
	Signed          int
	NationCouncils  []CouncilShare
	RegionCouncils  []CouncilShare
	CouncilsSigned  int
	CouncilsInTotal int
}

// Breakdown is the running total of sign-ups of one type, nation or region.
type Breakdown struct {
	Key        string // the type's code, or the nation's or region's name as the register spells it
	Cumulative []int  // by month, as SignUps.Months
}

// Now is the breakdown's total today.
func (b Breakdown) Now() int {
	if len(b.Cumulative) == 0 {
		return 0
	}
	return b.Cumulative[len(b.Cumulative)-1]
}

// CouncilShare is how many of a nation's or region's councils have signed: "Wales: 9 of 22".
type CouncilShare struct {
	Key      string
	Signed   int
	Councils int
}

// monthIndex is the number of months from DashboardStart to t's month; negative before it.
func monthIndex(t time.Time) int {
	t = t.In(London)
	return (t.Year()-DashboardStart.Year())*12 + int(t.Month()) - int(DashboardStart.Month())
}

// CountSignUps adds up the signatories month by month until now's month, and the share of
// councils (IsCouncil types) in each nation and region: orgs counts every organisation of
// the register by type, nation and region. A signature verified before July 2018 counts
// in the first month. Types, nations and regions come in the order of OrgTypes, Nations
// and Regions, each listed only if it has an organisation (a signatory, or a council).
func CountSignUps(signed []SignedOrganisation, orgs []OrganisationCount, now time.Time) SignUps {
	n := max(monthIndex(now)+1, 1)
	out := SignUps{Months: make([]time.Time, n), Total: make([]int, n), Signed: len(signed)}
	for i := range out.Months {
		out.Months[i] = DashboardStart.AddDate(0, i, 0)
	}
	added := make([]int, n) // sign-ups in each month
	byType, byNation, byRegion := map[string][]int{}, map[string][]int{}, map[string][]int{}
	add := func(m map[string][]int, key string, i int) {
		if m[key] == nil {
			m[key] = make([]int, n)
		}
		m[key][i]++
	}
	councilSigned := map[string]int{}
	for _, s := range signed {
		i := min(max(monthIndex(s.SignedAt), 0), n-1)
		added[i]++
		add(byType, s.TypeCode, i)
		add(byNation, s.Nation, i)
		add(byRegion, s.Region, i)
		if t, ok := LookupOrgType(s.TypeCode); ok && t.Council {
			councilSigned["n:"+s.Nation]++
			councilSigned["r:"+s.Region]++
			out.CouncilsSigned++
		}
	}
	cumulate := func(v []int) []int {
		for i := 1; i < len(v); i++ {
			v[i] += v[i-1]
		}
		return v
	}
	out.Total = cumulate(added)
	councils := map[string]int{}
	for _, o := range orgs {
		if t, ok := LookupOrgType(o.TypeCode); ok && t.Council {
			councils["n:"+o.Nation] += o.Count
			councils["r:"+o.Region] += o.Count
			out.CouncilsInTotal += o.Count
		}
	}
	breakdowns := func(order []string, m map[string][]int) []Breakdown {
		var bs []Breakdown
		for _, k := range order {
			if v, ok := m[k]; ok {
				bs = append(bs, Breakdown{Key: k, Cumulative: cumulate(v)})
				delete(m, k)
			}
		}
		rest := make([]string, 0, len(m)) // a type, nation or region the lists do not know
		for k := range m {
			rest = append(rest, k)
		}
		slices.Sort(rest)
		for _, k := range rest {
			bs = append(bs, Breakdown{Key: k, Cumulative: cumulate(m[k])})
		}
		return bs
	}
	typeCodes := make([]string, len(OrgTypes))
	for i, t := range OrgTypes {
		typeCodes[i] = t.Code
	}
	out.ByType = breakdowns(typeCodes, byType)
	out.ByNation = breakdowns(Nations, byNation)
	out.ByRegion = breakdowns(Regions, byRegion)
	shares := func(order []string, prefix string) []CouncilShare {
		var cs []CouncilShare
		for _, k := range order {
			if c := councils[prefix+k]; c > 0 {
				cs = append(cs, CouncilShare{Key: k, Signed: councilSigned[prefix+k], Councils: c})
			}
		}
		return cs
	}
	out.NationCouncils = shares(Nations, "n:")
	out.RegionCouncils = shares(Regions, "r:")
	return out
}

// Attendance is a person's attendance at an event: its audience and start, and the person
// (a deleted account is a person of its own per booking).
type Attendance struct {
	Audience string
	StartsAt time.Time
	Person   int64
}

// Training is take-up of training by audience: the people who attended, each year (by the
// events' start, in London) and in all, each person once per audience and year, and once
// per audience in all. Years run from the first year with an attendance to the last.
type Training struct {
	Years      []int
	ByAudience []AudienceYears
}

// AudienceYears is one audience's attendance each year (as Training.Years) and in all.
type AudienceYears struct {
	Audience string
	ByYear   []int
	Total    int
}

// CountTraining counts the people who attended, by audience and year.
func CountTraining(att []Attendance) Training {
	var out Training
	if len(att) > 0 {
		first, last := att[0].StartsAt.In(London).Year(), att[0].StartsAt.In(London).Year()
		for _, a := range att {
			y := a.StartsAt.In(London).Year()
			first, last = min(first, y), max(last, y)
		}
		for y := first; y <= last; y++ {
			out.Years = append(out.Years, y)
		}
	}
	type key struct {
		audience string
		year     int
		person   int64
	}
	seen := map[key]bool{}
	for _, aud := range Audiences {
		ay := AudienceYears{Audience: aud, ByYear: make([]int, len(out.Years))}
		for _, a := range att {
			if a.Audience != aud {
				continue
			}
			y := a.StartsAt.In(London).Year()
			if k := (key{aud, y, a.Person}); !seen[k] {
				seen[k] = true
				ay.ByYear[y-out.Years[0]]++
			}
			if k := (key{aud, 0, a.Person}); !seen[k] {
				seen[k] = true
				ay.Total++
			}
		}
		out.ByAudience = append(out.ByAudience, ay)
	}
	return out
}

// StatusCount is how many signatories' commitments have one status.
type StatusCount struct {
	Status string
	Count  int
}

// CountCommitments puts the counts by status in CommitmentStatuses' order, every status listed.
func CountCommitments(by map[string]int) []StatusCount {
	out := make([]StatusCount, len(CommitmentStatuses))
	for i, s := range CommitmentStatuses {
		out[i] = StatusCount{s, by[s]}
	}
	return out
}

// AssessedLevel is one principle's level in an organisation's self-assessment of a quarter.
type AssessedLevel struct {
	OrganisationID   int64
	Year, Quarter    int
	Principle, Level int
}

// PrincipleLevels is, for one principle, how many organisations are at each level (1 to 4)
// in their latest self-assessment.
type PrincipleLevels struct {
	Principle int
	Levels    [4]int
}

// CountSelfAssessments counts, for each of the five principles, the organisations at each
// level in their latest quarter's self-assessment.
func CountSelfAssessments(levels []AssessedLevel) []PrincipleLevels {
	latest := map[int64]int{} // organisation -> year*4+quarter of its latest
	for _, l := range levels {
		if q := l.Year*4 + l.Quarter; q > latest[l.OrganisationID] {
			latest[l.OrganisationID] = q
		}
	}
	out := make([]PrincipleLevels, 5)
	for i := range out {
		out[i].Principle = i + 1
	}
	for _, l := range levels {
		if l.Year*4+l.Quarter == latest[l.OrganisationID] && l.Principle >= 1 && l.Principle <= 5 && l.Level >= 1 && l.Level <= 4 {
			out[l.Principle-1].Levels[l.Level-1]++
		}
	}
	return out
}
