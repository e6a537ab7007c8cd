package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// wantMedian is the median of xs as the scorecard means it.
func wantMedian(xs []int) model.Median {
	if len(xs) == 0 {
		return model.Median{}
	}
	slices.Sort(xs)
	n := len(xs)
	return model.Median{Value: float64(xs[(n-1)/2]+xs[n/2]) / 2, Of: n}
}

// TestTypeFigures: the scorecard's medians and counts for a type, taken by the database in
// one query each, equal those worked out in Go from each signatory's own rows (its
// markers through model.Standings and Marker.Met, its latest self-assessment); neither
// an organisation that has not signed nor one of another type counts.
func TestTypeFigures(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	var signatories []*model.Organisation
	for i := range 5 {
		o := makeOrg(t, db, fmt.Sprintf("District %d", i), fmt.Sprintf("district%d.gov.uk", i))
		publish(t, db, clk, o.ID, t0.AddDate(0, 0, i))
		signatories = append(signatories, o)
	}
	unsigned := makeOrg(t, db, "District unsigned", "unsigned.gov.uk")
	other := createOrg(t, db, orgSpec("London Borough of Hackney", "LBO", "hackney.gov.uk"))
	publish(t, db, clk, other.ID, t0)
	now := t0.AddDate(1, 0, 0)
	clk.Set(now)
	set := func(o *model.Organisation, kind, value, url string, asOf time.Time, confirm bool) {
		t.Helper()
		m := &model.Marker{OrganisationID: o.ID, Kind: kind, Value: value, URL: url, AsOf: asOf}
		if err := db.SetMarker(ctx, admin, m); err != nil {
			t.Fatal(err)
		}
		if confirm {
			if err := db.ConfirmStrategy(ctx, admin, m.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	assess := func(o *model.Organisation, asOf time.Time, levels ...int) {
		t.Helper()
		a := &model.SelfAssessment{AsOf: asOf, Language: "en"}
		a.Year, a.Quarter = model.QuarterOf(asOf)
		for p, l := range levels {
			a.Levels = append(a.Levels, model.PrincipleLevel{Principle: p + 1, Level: l, Evidence: "e"})
		}
		if err := db.SelfAssess(ctx, admin, o.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	s := signatories
	set(s[0], model.MarkerStrategy, "", "https://a.example/strategy", day(2024, 5, 1), true)
	set(s[1], model.MarkerStrategy, "", "https://b.example/strategy", day(2024, 5, 1), false) // not confirmed
	set(s[0], model.MarkerCyber, model.CyberComplete, "", day(2024, 6, 1), false)
	set(s[0], model.MarkerCyber, model.CyberInProgress, "", day(2024, 7, 1), false) // later: not complete now
	set(s[1], model.MarkerCyber, model.CyberComplete, "", day(2024, 7, 1), false)
	set(s[2], model.MarkerCyber, model.CyberComplete, "", now.AddDate(0, 0, 3), false) // not yet
	set(s[0], model.MarkerAssessments, "4", "", day(2024, 4, 1), false)
	set(s[0], model.MarkerAssessments, "1", "", day(2024, 4, 1), false) // same day, written later: counts
	set(s[1], model.MarkerAssessments, "0", "", day(2024, 4, 1), false)
	set(s[2], model.MarkerAssessments, "7", "", day(2024, 8, 1), false)
	set(s[3], model.MarkerAssessments, "3", "", day(2024, 9, 1), false)
	set(s[3], model.MarkerOpenCode, "", "https://github.com/d3", day(2024, 9, 1), false)
	set(unsigned, model.MarkerOpenCode, "", "https://github.com/u", day(2024, 9, 1), false)
	set(unsigned, model.MarkerAssessments, "50", "", day(2024, 9, 1), false)
	set(other, model.MarkerAssessments, "90", "", day(2024, 9, 1), false)
	assess(s[0], day(2024, 4, 2), 4, 4, 4, 4, 4) // an older quarter: does not count
	assess(s[0], day(2024, 12, 2), 1, 2, 3, 4, 1)
	assess(s[1], day(2024, 10, 2), 4, 4, 4, 4, 4)
	assess(s[1], day(2024, 11, 2), 2, 2, 2, 2, 2) // the same quarter, later: counts instead
	assess(s[2], day(2025, 1, 2), 3, 1, 4, 4, 1)
	assess(s[3], day(2025, 2, 2), 4, 3, 1, 2, 2)
	assess(unsigned, day(2025, 2, 2), 1, 1, 1, 1, 1)
	assess(other, day(2025, 2, 2), 1, 1, 1, 1, 1)

	got, err := db.TypeFigures(ctx, "NMD")
	if err != nil {
		t.Fatal(err)
	}
	want := model.TypeFigures{TypeCode: "NMD", Signatories: len(s), Met: map[string]int{}}
	var assessments []int
	var levels [5][]int
	for _, o := range s {
		history, err := db.OrganisationMarkers(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range model.Standings(history, time.Time{}, now) {
			if st.Now == nil {
				continue
			}
			if st.Now.Met() {
				want.Met[st.Kind]++
			}
			if st.Kind == model.MarkerAssessments {
				var n int
				fmt.Sscan(st.Now.Value, &n)
				assessments = append(assessments, n)
			}
		}
		latest, err := db.SelfAssessments(ctx, o.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range latest {
			for _, l := range a.Levels {
				levels[l.Principle-1] = append(levels[l.Principle-1], l.Level)
			}
		}
	}
	want.Assessments = wantMedian(assessments)
	for i := range levels {
		want.Levels[i] = wantMedian(levels[i])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("TypeFigures:\n got %+v\nwant %+v", got, want)
	}
	// The fixture means what it says: the figures are the ones worked out by hand.
	hand := model.TypeFigures{TypeCode: "NMD", Signatories: 5,
		Met:         map[string]int{model.MarkerStrategy: 1, model.MarkerCyber: 1, model.MarkerAssessments: 3, model.MarkerOpenCode: 1},
		Assessments: model.Median{Value: 2, Of: 4},
		Levels:      [5]model.Median{{Value: 2.5, Of: 4}, {Value: 2, Of: 4}, {Value: 2.5, Of: 4}, {Value: 3, Of: 4}, {Value: 1.5, Of: 4}}}
	if fmt.Sprint(got) != fmt.Sprint(hand) {
		t.Errorf("TypeFigures:\n got %+v\nwant %+v (by hand)", got, hand)
	}
	if got, err := db.TypeFigures(ctx, "CTY"); err != nil || got.Signatories != 0 || len(got.Met) != 0 || got.Levels[0].Of != 0 {
		t.Errorf("a type with no signatories: %+v, %v", got, err)
	}
}
