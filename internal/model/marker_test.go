package model

import (
	"testing"
	"time"
)

func TestMarkerFormValidate(t *testing.T) {
	now := time.Date(2024, time.March, 10, 23, 30, 0, 0, time.UTC) // already 10 March in London (GMT)
	for _, tc := range []struct {
		name  string
		form  MarkerForm
		field string // the field at fault; "" when valid
		want  Marker
	}{
		{"strategy", MarkerForm{Marker: MarkerStrategy, URL: " https://hackney.gov.uk/strategy ", AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "",
			Marker{Kind: MarkerStrategy, URL: "https://hackney.gov.uk/strategy", AsOf: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}},
		{"today", MarkerForm{Marker: MarkerCyber, Value: CyberComplete, AsOfDay: "10", AsOfMonth: "3", AsOfYear: "2024"}, "",
			Marker{Kind: MarkerCyber, Value: CyberComplete, AsOf: time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)}},
		{"assessments", MarkerForm{Marker: MarkerAssessments, Value: "03", URL: "ignored", AsOfDay: "9", AsOfMonth: "3", AsOfYear: "2024"}, "",
			Marker{Kind: MarkerAssessments, Value: "3", AsOf: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)}},
		{"future as-of date", MarkerForm{Marker: MarkerCyber, Value: CyberComplete, AsOfDay: "11", AsOfMonth: "3", AsOfYear: "2024"}, "as_of-day", Marker{}},
		{"not a date", MarkerForm{Marker: MarkerCyber, Value: CyberComplete, AsOfDay: "30", AsOfMonth: "2", AsOfYear: "2024"}, "as_of-day", Marker{}},
		{"no year", MarkerForm{Marker: MarkerCyber, Value: CyberComplete, AsOfDay: "1", AsOfMonth: "2"}, "as_of-year", Marker{}},
		{"not http", MarkerForm{Marker: MarkerOpenCode, URL: "javascript:alert(1)", AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "url", Marker{}},
		{"ftp", MarkerForm{Marker: MarkerStrategy, URL: "ftp://council.gov.uk/s.pdf", AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "url", Marker{}},
		{"no address", MarkerForm{Marker: MarkerStrategy, AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "url", Marker{}},
		{"unknown state", MarkerForm{Marker: MarkerCyber, Value: "done", AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "value", Marker{}},
		{"negative count", MarkerForm{Marker: MarkerAssessments, Value: "-1", AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "value", Marker{}},
		{"training is counted, not set", MarkerForm{Marker: MarkerTraining, Value: "5", AsOfDay: "1", AsOfMonth: "2", AsOfYear: "2024"}, "marker", Marker{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, fe := tc.form.Validate(now)
			if tc.field == "" {
				if fe != nil || got != tc.want {
					t.Errorf("got %+v, %v; want %+v", got, fe, tc.want)
				}
				return
			}
			if fe == nil || !fe.Has(tc.field) {
				t.Errorf("want an error on %s, got %+v", tc.field, fe)
			}
		})
	}
}

func TestMarkerStandings(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	signed := time.Date(2020, time.June, 30, 23, 30, 0, 0, time.UTC) // 1 July 2020 in London
	confirmed := day(2021, 1, 1)
	history := []Marker{
		{ID: 1, Kind: MarkerCyber, Value: CyberNotStarted, AsOf: day(2019, 1, 1)},
		{ID: 2, Kind: MarkerCyber, Value: CyberInProgress, AsOf: day(2020, 7, 1)}, // the signing day: the baseline
		{ID: 3, Kind: MarkerCyber, Value: CyberComplete, AsOf: day(2021, 5, 1)},
		{ID: 4, Kind: MarkerStrategy, URL: "https://a.gov.uk/s", AsOf: day(2022, 1, 1), ConfirmedAt: confirmed}, // first after signing
		{ID: 5, Kind: MarkerAssessments, Value: "2", AsOf: day(2021, 1, 1)},
		{ID: 6, Kind: MarkerAssessments, Value: "0", AsOf: day(2021, 1, 1)},               // same day, written later: counts
		{ID: 7, Kind: MarkerOpenCode, URL: "https://github.com/a", AsOf: day(2030, 1, 1)}, // after now: not yet
	}
	now := day(2022, 6, 1)
	got := Standings(history, signed, now)
	want := map[string][2]int64{ // baseline and now ids (0: none)
		MarkerStrategy: {4, 4}, MarkerCyber: {2, 3}, MarkerAssessments: {6, 6}, MarkerOpenCode: {0, 0},
	}
	id := func(m *Marker) int64 {
		if m == nil {
			return 0
		}
		return m.ID
	}
	for _, s := range got {
		if w := want[s.Kind]; id(s.Baseline) != w[0] || id(s.Now) != w[1] {
			t.Errorf("%s: baseline %d, now %d; want %v", s.Kind, id(s.Baseline), id(s.Now), w)
		}
	}
	if !got[1].Uplift() || got[0].Uplift() || got[2].Uplift() || got[3].Uplift() {
		t.Errorf("uplift: only Cyber (in progress to complete): %+v", got)
	}
	counts := CountMarkers([]SignatoryMarkers{{SignedAt: signed, History: history, FirstAttendance: day(2020, 7, 1).Add(20 * time.Hour)},
		{SignedAt: signed, FirstAttendance: day(2020, 7, 2), FirstMarketplace: day(2019, 1, 1)}, {SignedAt: signed}}, now)
	wantCounts := []MarkerCount{{MarkerMarketplace, 1, 1}, {MarkerStrategy, 1, 1}, {MarkerTraining, 1, 2}, {MarkerCyber, 0, 1}, {MarkerAssessments, 0, 0}, {MarkerOpenCode, 0, 0}}
	for i, c := range counts {
		if c != wantCounts[i] {
			t.Errorf("count %d: %+v, want %+v", i, c, wantCounts[i])
		}
	}
}

func TestEighteenMonthsOn(t *testing.T) {
	for _, tc := range []struct {
		signed time.Time
		due    time.Time
	}{
		{time.Date(2020, 1, 15, 12, 0, 0, 0, time.UTC), time.Date(2021, 7, 15, 0, 0, 0, 0, time.UTC)},
		{time.Date(2019, 8, 31, 12, 0, 0, 0, time.UTC), time.Date(2021, 2, 28, 0, 0, 0, 0, time.UTC)},
		{time.Date(2018, 8, 31, 23, 30, 0, 0, time.UTC), time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)}, // 1 September in London
	} {
		if got := EighteenMonthsAfter(tc.signed); !got.Equal(tc.due) {
			t.Errorf("18 months after %v: %v, want %v", tc.signed, got, tc.due)
		}
		dayBefore := tc.due.Add(-time.Hour) // 23:00 the day before, in London (GMT or BST)
		if EighteenMonthsOn(tc.signed, dayBefore.Add(-time.Hour)) || !EighteenMonthsOn(tc.signed, tc.due.Add(12*time.Hour)) {
			t.Errorf("signed %v: shown before %v, or not on it", tc.signed, tc.due)
		}
	}
	if EighteenMonthsOn(time.Time{}, time.Now()) {
		t.Error("never signed: no summary")
	}
}

func TestCountSignUps(t *testing.T) {
	now := time.Date(2018, time.September, 20, 0, 0, 0, 0, time.UTC)
	empty := CountSignUps(nil, nil, now)
	if len(empty.Months) != 3 || empty.Total[2] != 0 || empty.ByType != nil || empty.NationCouncils != nil {
		t.Errorf("empty: %+v", empty)
	}
	s := CountSignUps([]SignedOrganisation{
		{TypeCode: "WPA", Nation: "Wales", Region: "Wales", SignedAt: time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)},    // before the launch: July
		{TypeCode: "WPA", Nation: "Wales", Region: "Wales", SignedAt: time.Date(2018, 7, 31, 23, 30, 0, 0, time.UTC)}, // 1 August in London
		{TypeCode: "DEPT", Nation: "England", Region: "London", SignedAt: time.Date(2018, 9, 1, 0, 0, 0, 0, time.UTC)},
	}, []OrganisationCount{{"WPA", "Wales", "Wales", 22}, {"DEPT", "England", "London", 5}}, now)
	if got := s.Total; len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("total %v", got)
	}
	if len(s.ByType) != 2 || s.ByType[0].Key != "WPA" || s.ByType[0].Now() != 2 || s.ByType[1].Cumulative[1] != 0 {
		t.Errorf("by type %+v", s.ByType)
	}
	if len(s.NationCouncils) != 1 || s.NationCouncils[0] != (CouncilShare{"Wales", 2, 22}) || s.CouncilsSigned != 2 || s.CouncilsInTotal != 22 {
		t.Errorf("councils %+v", s.NationCouncils)
	}
}

func TestCountTraining(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	tr := CountTraining([]Attendance{
		{AudienceLeaders, at(2019, 5, 1, 10), 1}, {AudienceLeaders, at(2019, 6, 1, 10), 1}, // one person twice in 2019
		{AudienceLeaders, at(2021, 1, 1, 10), 1}, {AudienceDoers, at(2020, 12, 31, 23), 2}, // 31 December in London (GMT)
		{AudienceDoers, at(2020, 12, 31, 23), 3},
	})
	if len(tr.Years) != 3 || tr.Years[0] != 2019 {
		t.Fatalf("years %v", tr.Years)
	}
	leaders, doers, everyone := tr.ByAudience[0], tr.ByAudience[1], tr.ByAudience[2]
	if leaders.Total != 1 || leaders.ByYear[0] != 1 || leaders.ByYear[2] != 1 || doers.Total != 2 || doers.ByYear[1] != 2 || everyone.Total != 0 {
		t.Errorf("training %+v", tr)
	}
	if e := CountTraining(nil); e.Years != nil || len(e.ByAudience) != 3 {
		t.Errorf("none: %+v", e)
	}
}
