package api

import (
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// Paths of the public dashboard's open data: the figures of each of its charts.
const (
	PathDashboardSignatories    = "/api/v1/dashboard/signatories"
	PathDashboardSignatoriesCSV = "/api/v1/dashboard/signatories.csv"
	PathDashboardTraining       = "/api/v1/dashboard/training"
	PathDashboardTrainingCSV    = "/api/v1/dashboard/training.csv"
	PathDashboardMarkers        = "/api/v1/dashboard/markers"
	PathDashboardMarkersCSV     = "/api/v1/dashboard/markers.csv"
	PathDashboardCommitments    = "/api/v1/dashboard/commitments"
	PathDashboardCommitmentsCSV = "/api/v1/dashboard/commitments.csv"
	PathDashboardSelfAssess     = "/api/v1/dashboard/self-assessment"
	PathDashboardSelfAssessCSV  = "/api/v1/dashboard/self-assessment.csv"
)

// DashboardPart is the dashboard's open data, described in openapi_parts/dashboard.json.
func (a *API) DashboardPart() Part {
	return Part{OpenAPI: "dashboard.json", Endpoints: []Endpoint{
		{PathDashboardSignatories, a.DashboardSignatories, nil},
		{PathDashboardSignatoriesCSV, a.DashboardSignatoriesCSV, nil},
		{PathDashboardTraining, a.DashboardTraining, nil},
		{PathDashboardTrainingCSV, a.DashboardTrainingCSV, nil},
		{PathDashboardMarkers, a.DashboardMarkers, nil},
		{PathDashboardMarkersCSV, a.DashboardMarkersCSV, nil},
		{PathDashboardCommitments, a.DashboardCommitments, nil},
		{PathDashboardCommitmentsCSV, a.DashboardCommitmentsCSV, nil},
		{PathDashboardSelfAssess, a.DashboardSelfAssessment, nil},
		{PathDashboardSelfAssessCSV, a.DashboardSelfAssessmentCSV, nil},
	}}
}

// month writes a month as open data does: "2018-07".
func month(m model.SignUps, i int) string { return m.Months[i].Format("2006-01") }

type signUpsOut struct {
	Signed   int              `json:"signed"`
	Months   []string         `json:"months"`
	Total    []int            `json:"total"`
	ByType   []breakdownOut   `json:"by_type"`
	ByNation []breakdownOut   `json:"by_nation"`
	ByRegion []breakdownOut   `json:"by_region"`
	Councils councilSharesOut `json:"councils"`
}

// breakdownOut is one type's, nation's or region's running total, month by month.
type breakdownOut struct {
	Key        string `json:"key"`
	Signed     int    `json:"signed"`
	Cumulative []int  `json:"cumulative"`
}

type councilSharesOut struct {
	Signed   int               `json:"signed"`
	Councils int               `json:"councils"`
	ByNation []councilShareOut `json:"by_nation"`
	ByRegion []councilShareOut `json:"by_region"`
}

type councilShareOut struct {
	Key      string `json:"key"`
	Signed   int    `json:"signed"`
	Councils int    `json:"councils"`
}

func breakdownsOut(bs []model.Breakdown) []breakdownOut {
	out := make([]breakdownOut, len(bs))
	for i, b := range bs {
		out[i] = breakdownOut{Key: b.Key, Signed: b.Now(), Cumulative: b.Cumulative}
	}
	return out
}

func sharesOut(cs []model.CouncilShare) []councilShareOut {
	out := make([]councilShareOut, len(cs))
	for i, c := range cs {
		out[i] = councilShareOut{Key: c.Key, Signed: c.Signed, Councils: c.Councils}
	}
	return out
}

// DashboardSignatories serves sign-ups month by month since July 2018, in total and by
// organisation type, nation and region, and the share of councils that have signed.
func (a *API) DashboardSignatories(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	s, err := a.db.SignUps(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	out := signUpsOut{Signed: s.Signed, Months: make([]string, len(s.Months)), Total: s.Total,
		ByType: breakdownsOut(s.ByType), ByNation: breakdownsOut(s.ByNation), ByRegion: breakdownsOut(s.ByRegion),
		Councils: councilSharesOut{Signed: s.CouncilsSigned, Councils: s.CouncilsInTotal,
			ByNation: sharesOut(s.NationCouncils), ByRegion: sharesOut(s.RegionCouncils)}}
	for i := range s.Months {
		out.Months[i] = month(s, i)
	}
	writeJSON(w, http.StatusOK, out, a.log)
}

// dashboardSignatoriesCSVHeader names the CSV columns. The order is part of the published
// contract.
var dashboardSignatoriesCSVHeader = []string{"breakdown", "key", "month", "signed", "councils"}

// DashboardSignatoriesCSV serves the same figures as DashboardSignatories, one to a row:
// the running totals (breakdown total, type, nation or region; one row a month) and then
// the councils' shares (councils_by_nation, councils_by_region; no month).
func (a *API) DashboardSignatoriesCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	s, err := a.db.SignUps(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	var rows [][]string
	series := func(breakdown, key string, v []int) {
		for i, n := range v {
			rows = append(rows, []string{breakdown, key, month(s, i), strconv.Itoa(n), ""})
		}
	}
	series("total", "", s.Total)
	for _, g := range []struct {
		name string
		bs   []model.Breakdown
	}{{"type", s.ByType}, {"nation", s.ByNation}, {"region", s.ByRegion}} {
		for _, b := range g.bs {
			series(g.name, b.Key, b.Cumulative)
		}
	}
	for _, g := range []struct {
		name string
		cs   []model.CouncilShare
	}{{"councils_by_nation", s.NationCouncils}, {"councils_by_region", s.RegionCouncils}} {
		for _, c := range g.cs {
			rows = append(rows, []string{g.name, c.Key, "", strconv.Itoa(c.Signed), strconv.Itoa(c.Councils)})
		}
	}
	a.writeCSVFile(w, "dashboard-signatories.csv", dashboardSignatoriesCSVHeader, len(rows), func(i int, rec []string) {
		copy(rec, rows[i])
	})
}

type trainingOut struct {
	Years      []int              `json:"years"`
	ByAudience []audienceYearsOut `json:"by_audience"`
}

type audienceYearsOut struct {
	Audience string `json:"audience"`
	Total    int    `json:"total"`
	ByYear   []int  `json:"by_year"`
}

// DashboardTraining serves take-up of training: the people who attended events, by
// audience, each year and in all.
func (a *API) DashboardTraining(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	t, err := a.db.Training(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	out := trainingOut{Years: t.Years, ByAudience: make([]audienceYearsOut, len(t.ByAudience))}
	if out.Years == nil {
		out.Years = []int{}
	}
	for i, ay := range t.ByAudience {
		out.ByAudience[i] = audienceYearsOut{Audience: ay.Audience, Total: ay.Total, ByYear: ay.ByYear}
	}
	writeJSON(w, http.StatusOK, out, a.log)
}

// DashboardTrainingCSV serves the same figures: a row per audience and year, and a row per
// audience with the year "all".
func (a *API) DashboardTrainingCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	t, err := a.db.Training(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	var rows [][]string
	for _, ay := range t.ByAudience {
		for i, y := range t.Years {
			rows = append(rows, []string{ay.Audience, strconv.Itoa(y), strconv.Itoa(ay.ByYear[i])})
		}
		rows = append(rows, []string{ay.Audience, "all", strconv.Itoa(ay.Total)})
	}
	a.writeCSVFile(w, "dashboard-training.csv", []string{"audience", "year", "attended"}, len(rows), func(i int, rec []string) {
		copy(rec, rows[i])
	})
}

type markerCountOut struct {
	Marker   string `json:"marker"`
	Baseline int    `json:"baseline"`
	Now      int    `json:"now"`
}

type markersOut struct {
	Markers []markerCountOut `json:"markers"`
}

// DashboardMarkers serves, for each marker, how many signatories met it when they signed
// (their baseline) and how many meet it now.
func (a *API) DashboardMarkers(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	counts, err := a.db.MarkerCounts(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	out := markersOut{Markers: make([]markerCountOut, len(counts))}
	for i, c := range counts {
		out.Markers[i] = markerCountOut{Marker: c.Kind, Baseline: c.Baseline, Now: c.Now}
	}
	writeJSON(w, http.StatusOK, out, a.log)
}

// DashboardMarkersCSV serves the same figures, a row per marker.
func (a *API) DashboardMarkersCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	counts, err := a.db.MarkerCounts(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "dashboard-markers.csv", []string{"marker", "baseline", "now"}, len(counts), func(i int, rec []string) {
		copy(rec, []string{counts[i].Kind, strconv.Itoa(counts[i].Baseline), strconv.Itoa(counts[i].Now)})
	})
}

type statusCountOut struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

type commitmentsOut struct {
	ByStatus []statusCountOut `json:"by_status"`
}

// DashboardCommitments serves the signatories' commitments by status.
func (a *API) DashboardCommitments(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	counts, err := a.db.CommitmentCounts(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	out := commitmentsOut{ByStatus: make([]statusCountOut, len(counts))}
	for i, c := range counts {
		out.ByStatus[i] = statusCountOut{c.Status, c.Count}
	}
	writeJSON(w, http.StatusOK, out, a.log)
}

// DashboardCommitmentsCSV serves the same figures, a row per status.
func (a *API) DashboardCommitmentsCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	counts, err := a.db.CommitmentCounts(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "dashboard-commitments.csv", []string{"status", "count"}, len(counts), func(i int, rec []string) {
		copy(rec, []string{counts[i].Status, strconv.Itoa(counts[i].Count)})
	})
}

type principleLevelsOut struct {
	Principle int    `json:"principle"`
	Levels    [4]int `json:"levels"`
}

type selfAssessmentOut struct {
	Principles []principleLevelsOut `json:"principles"`
}

// DashboardSelfAssessment serves, for each principle, how many signatories are at each
// level (1 to 4) in their latest self-assessment.
func (a *API) DashboardSelfAssessment(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	counts, err := a.db.SelfAssessmentCounts(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	out := selfAssessmentOut{Principles: make([]principleLevelsOut, len(counts))}
	for i, c := range counts {
		out.Principles[i] = principleLevelsOut{c.Principle, c.Levels}
	}
	writeJSON(w, http.StatusOK, out, a.log)
}

// DashboardSelfAssessmentCSV serves the same figures, a row per principle and level.
func (a *API) DashboardSelfAssessmentCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	counts, err := a.db.SelfAssessmentCounts(r.Context())
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	a.writeCSVFile(w, "dashboard-self-assessment.csv", []string{"principle", "level", "organisations"}, len(counts)*4, func(i int, rec []string) {
		c := counts[i/4]
		copy(rec, []string{strconv.Itoa(c.Principle), strconv.Itoa(i%4 + 1), strconv.Itoa(c.Levels[i%4])})
	})
}
