package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/api"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// dashboardFeature is the public dashboard (issue 12): the Declaration's measures of
// success as charts the server draws, each with its figures in a table and as open data.
func (s *Server) dashboardFeature() feature {
	return feature{Name: "dashboard",
		Routes: []route{
			{"GET /dashboard", anyone, s.cached(s.dashboard)},
			{"GET /organisations/{slug}/briefing", anyone, s.briefing},
			{"GET /organisations/{slug}/markers", orgMember(model.CanReportProgress, "markers.refused"), s.markersPage},
			{"POST /organisations/{slug}/markers", orgMember(model.CanReportProgress, "markers.refused"), s.markersSave},
			{"GET /admin/markers", platformTeam, s.adminMarkers},
			{"POST /admin/markers/{id}/confirm", platformTeam, s.adminConfirmStrategy},
			{"GET /admin/marketplace", platformTeam, s.adminMarketplace},
			{"GET /admin/marketplace/{id}", platformTeam, s.adminBuyer},
			{"POST /admin/marketplace/{id}", platformTeam, s.adminBuyerDecide},
		},
		API:    s.api.DashboardPart(),
		Tables: []string{"organisation_markers", "marketplace_buyers", "marketplace_opportunities"},
		Seed:   seedMarkers,
	}
}

type dashboardData struct {
	Signed, CouncilsSigned, Councils int
	NationShares, RegionShares       []shareLine
	Charts                           []Chart // sign-ups
	TrainingCharts                   []Chart
	Markers                          Chart
	Commitments, SelfAssessment      Chart
}

// shareLine is a nation's or region's councils that have signed, in words: "Wales: 9 of 22".
type shareLine struct{ Name, Text string }

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	signUps, err := s.db.SignUps(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	training, err := s.db.Training(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	markers, err := s.db.MarkerCounts(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	commitments, err := s.db.CommitmentCounts(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	levels, err := s.db.SelfAssessmentCounts(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pr := printerOf(r)
	d := dashboardData{Signed: signUps.Signed, CouncilsSigned: signUps.CouncilsSigned, Councils: signUps.CouncilsInTotal}
	for _, c := range signUps.NationCouncils {
		d.NationShares = append(d.NationShares, councilShare(pr, pr.Msg(model.NationName(c.Key)), c))
	}
	for _, c := range signUps.RegionCouncils {
		d.RegionShares = append(d.RegionShares, councilShare(pr, pr.Msg(model.RegionName(c.Key)), c))
	}
	d.Charts = signUpCharts(pr, signUps)
	d.TrainingCharts = trainingCharts(pr, training)
	d.Markers = markersChart(pr, markers)
	d.Commitments = Chart{ID: "commitments", Title: pr.T("dashboard.chart.commitments"), Kind: BarChart, LabelHeader: pr.T("dashboard.header.status"),
		CSV: api.PathDashboardCommitmentsCSV, JSON: api.PathDashboardCommitments}
	counts := make([]int, len(commitments))
	for i, c := range commitments {
		d.Commitments.Labels = append(d.Commitments.Labels, pr.Msg(model.CommitmentStatusName(c.Status)))
		counts[i] = c.Count
	}
	d.Commitments.Series = []Series{{pr.T("dashboard.series.commitments"), counts}}
	d.SelfAssessment = Chart{ID: "self-assessment", Title: pr.T("dashboard.chart.self_assessment"), Kind: BarChart, LabelHeader: pr.T("dashboard.header.principle"),
		CSV: api.PathDashboardSelfAssessCSV, JSON: api.PathDashboardSelfAssess}
	for level := 1; level <= 4; level++ {
		values := make([]int, len(levels))
		for i, p := range levels {
			values[i] = p.Levels[level-1]
		}
		d.SelfAssessment.Series = append(d.SelfAssessment.Series, Series{pr.T("dashboard.series.level", "Level", level), values})
	}
	for _, p := range levels {
		d.SelfAssessment.Labels = append(d.SelfAssessment.Labels, pr.Msg(model.NumberedPrinciple(p.Principle)))
	}
	s.render(w, r, http.StatusOK, "dashboard", &page{Title: pr.T("dashboard.title"), Nav: "dashboard",
		Breadcrumbs: []crumb{{pr.T("crumbs.home"), "/"}}, Data: d})
}

func councilShare(pr *locale.Printer, name string, c model.CouncilShare) shareLine {
	return shareLine{Name: name, Text: pr.T("dashboard.councils.share", "Name", name, "Signed", comma(c.Signed), "Councils", comma(c.Councils))}
}

// monthName writes a month as "July 2018".
func monthName(pr *locale.Printer, m time.Time) string {
	return pr.T("dashboard.month", "Month", pr.Msg(monthNames[m.Month()-1]), "Year", m.Year())
}

// signUpCharts are the sign-up charts: the running total, and by nation, month by month;
// and today's figures by type and region, and the councils' shares.
func signUpCharts(pr *locale.Printer, s model.SignUps) []Chart {
	months, axis := make([]string, len(s.Months)), make([]string, len(s.Months))
	for i, m := range s.Months {
		months[i] = monthName(pr, m)
		if i == 0 || m.Month() == time.January {
			axis[i] = strconv.Itoa(m.Year())
		}
	}
	signed := pr.T("dashboard.series.signed")
	csv, json := api.PathDashboardSignatoriesCSV, api.PathDashboardSignatories
	total := Chart{ID: "sign-ups", Title: pr.T("dashboard.chart.sign_ups"), Kind: LineChart, LabelHeader: pr.T("dashboard.header.month"),
		Labels: months, Axis: axis, Series: []Series{{signed, s.Total}}, CSV: csv, JSON: json}
	byNation := Chart{ID: "sign-ups-by-nation", Title: pr.T("dashboard.chart.sign_ups_by_nation"), Kind: LineChart,
		LabelHeader: pr.T("dashboard.header.month"), Labels: months, Axis: axis, CSV: csv, JSON: json}
	for _, b := range s.ByNation {
		byNation.Series = append(byNation.Series, Series{pr.Msg(model.NationName(b.Key)), b.Cumulative})
	}
	now := func(id, title, header string, bs []model.Breakdown, name func(string) string) Chart {
		c := Chart{ID: id, Title: title, Kind: BarChart, LabelHeader: header, CSV: csv, JSON: json}
		values := make([]int, len(bs))
		for i, b := range bs {
			c.Labels = append(c.Labels, name(b.Key))
			values[i] = b.Now()
		}
		c.Series = []Series{{signed, values}}
		return c
	}
	typeName := func(code string) string {
		if t, ok := model.LookupOrgType(code); ok {
			return pr.Msg(t.Name)
		}
		return code
	}
	shares := func(id, title, header string, cs []model.CouncilShare, name func(string) model.Msg) Chart {
		c := Chart{ID: id, Title: title, Kind: BarChart, LabelHeader: header, CSV: csv, JSON: json}
		signedV, all := make([]int, len(cs)), make([]int, len(cs))
		for i, x := range cs {
			c.Labels = append(c.Labels, pr.Msg(name(x.Key)))
			signedV[i], all[i] = x.Signed, x.Councils
		}
		c.Series = []Series{{pr.T("dashboard.series.councils_signed"), signedV}, {pr.T("dashboard.series.councils"), all}}
		return c
	}
	return []Chart{total, byNation,
		now("sign-ups-by-type", pr.T("dashboard.chart.by_type"), pr.T("dashboard.header.type"), s.ByType, typeName),
		now("sign-ups-by-region", pr.T("dashboard.chart.by_region"), pr.T("dashboard.header.region"), s.ByRegion,
			func(k string) string { return pr.Msg(model.RegionName(k)) }),
		shares("councils-by-nation", pr.T("dashboard.chart.councils_by_nation"), pr.T("dashboard.header.nation"), s.NationCouncils, model.NationName),
		shares("councils-by-region", pr.T("dashboard.chart.councils_by_region"), pr.T("dashboard.header.region"), s.RegionCouncils, model.RegionName),
	}
}

// trainingCharts are take-up of training: people by audience in all, and each year.
func trainingCharts(pr *locale.Printer, t model.Training) []Chart {
	csv, json := api.PathDashboardTrainingCSV, api.PathDashboardTraining
	all := Chart{ID: "training", Title: pr.T("dashboard.chart.training"), Kind: BarChart, LabelHeader: pr.T("dashboard.header.audience"), CSV: csv, JSON: json}
	byYear := Chart{ID: "training-by-year", Title: pr.T("dashboard.chart.training_by_year"), Kind: BarChart, LabelHeader: pr.T("dashboard.header.year"), CSV: csv, JSON: json}
	totals := make([]int, len(t.ByAudience))
	for _, y := range t.Years {
		byYear.Labels = append(byYear.Labels, strconv.Itoa(y))
	}
	for i, a := range t.ByAudience {
		name := pr.Msg(model.AudienceName(a.Audience))
		all.Labels = append(all.Labels, name)
		totals[i] = a.Total
		byYear.Series = append(byYear.Series, Series{name, a.ByYear})
	}
	all.Series = []Series{{pr.T("dashboard.series.attended"), totals}}
	return []Chart{all, byYear}
}

// markersChart is each marker across the signatories: how many met it on signing, and now.
func markersChart(pr *locale.Printer, counts []model.MarkerCount) Chart {
	c := Chart{ID: "markers", Title: pr.T("dashboard.chart.markers"), Kind: BarChart, LabelHeader: pr.T("dashboard.header.marker"),
		CSV: api.PathDashboardMarkersCSV, JSON: api.PathDashboardMarkers}
	base, now := make([]int, len(counts)), make([]int, len(counts))
	for i, m := range counts {
		c.Labels = append(c.Labels, pr.Msg(model.MarkerName(m.Kind)))
		base[i], now[i] = m.Baseline, m.Now
	}
	c.Series = []Series{{pr.T("dashboard.series.baseline"), base}, {pr.T("dashboard.series.now"), now}}
	return c
}
