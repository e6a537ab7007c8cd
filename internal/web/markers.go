package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Markers of progress per organisation (issue 12): members set them at
// /organisations/{slug}/markers, the platform team confirms digital strategies at
// /admin/markers, and the organisation page shows each with its baseline and uplift.

// markerView is one marker as the pages show it: its value now and on signing, in words.
type markerView struct {
	Kind, Name                 string
	Now, NowURL                string
	NowAsOf                    time.Time
	Baseline, BaseURL          string
	BaseAsOf                   time.Time
	Uplift, Awaiting, HasValue bool
}

// markerValue is a marker's value in words.
func markerValue(pr *locale.Printer, m *model.Marker) string {
	switch m.Kind {
	case model.MarkerStrategy:
		if m.ConfirmedAt.IsZero() {
			return pr.T("markers.value.strategy_unconfirmed")
		}
		return pr.T("markers.value.strategy")
	case model.MarkerCyber:
		return pr.Msg(model.CyberName(m.Value))
	case model.MarkerAssessments:
		n, _ := strconv.Atoi(m.Value)
		return pr.N("markers.value.assessments", n, "Count", comma(n))
	case model.MarkerOpenCode:
		return pr.T("markers.value.open_code")
	}
	return ""
}

func markerViews(pr *locale.Printer, standings []model.MarkerStanding) []markerView {
	out := make([]markerView, len(standings))
	for i, s := range standings {
		v := markerView{Kind: s.Kind, Name: pr.Msg(model.MarkerName(s.Kind)), Uplift: s.Uplift()}
		if s.Now != nil {
			v.HasValue, v.Now, v.NowURL, v.NowAsOf = true, markerValue(pr, s.Now), s.Now.URL, s.Now.AsOf
			v.Awaiting = s.Kind == model.MarkerStrategy && s.Now.ConfirmedAt.IsZero()
		}
		if s.Baseline != nil {
			v.Baseline, v.BaseURL, v.BaseAsOf = markerValue(pr, s.Baseline), s.Baseline.URL, s.Baseline.AsOf
		}
		out[i] = v
	}
	return out
}

// orgMarkers is the organisation page's markers section.
type orgMarkers struct {
	Slug     string
	Markers  []markerView
	Signed   time.Time // zero: not signed, no baseline
	CanSet   bool
	Eighteen bool      // 18 months have passed since signing: the summary shows
	Since    time.Time // the day 18 months after signing
	Improved []string  // the markers improved since signing, for the summary
	// Marketplace is when it first bought through the Digital Marketplace (zero: never).
	Marketplace time.Time
	// MarketplaceThen: it had by the signing day.
	MarketplaceThen bool
}

// orgMarkersFor reads the organisation's markers for its page; signed is when its
// published signature was verified (zero if it has not signed).
func (s *Server) orgMarkersFor(r *http.Request, org *model.Organisation, signed time.Time) (*orgMarkers, error) {
	history, err := s.db.OrganisationMarkers(r.Context(), org.ID)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	pr := printerOf(r)
	d := &orgMarkers{Slug: org.Slug, Signed: signed, CanSet: model.CanReportProgress(userFrom(r), org.ID),
		Markers: markerViews(pr, model.Standings(history, signed, now))}
	if d.Marketplace, err = s.db.MarketplaceSince(r.Context(), org.ID); err != nil {
		return nil, err
	}
	d.MarketplaceThen = !d.Marketplace.IsZero() && !signed.IsZero() && !model.Day(d.Marketplace).After(model.Day(signed))
	if model.EighteenMonthsOn(signed, now) {
		d.Eighteen, d.Since = true, model.EighteenMonthsAfter(signed)
		if !d.Marketplace.IsZero() && !d.MarketplaceThen {
			d.Improved = append(d.Improved, pr.Msg(model.MarkerName(model.MarkerMarketplace)))
		}
		for _, m := range d.Markers {
			if m.Uplift {
				d.Improved = append(d.Improved, m.Name)
			}
		}
	}
	return d, nil
}

type markerFormData struct {
	Org     *model.Organisation
	Kind    string
	Name    string
	Markers []markerView
	Cyber   []choice
}

// markersPage lists the organisation's markers with a link to update each, or, with
// ?marker=KIND, the form for one.
func (s *Server) markersPage(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("marker")
	if kind != "" && !model.Contains(model.SetMarkers, kind) {
		s.fail(w, r, model.Errorf(model.ENOTFOUND, "errors.not_found.marker"))
		return
	}
	form := map[string]string{}
	form["as_of-day"], form["as_of-month"], form["as_of-year"] = dayParts(model.Day(s.db.Now()))
	s.renderMarkers(w, r, http.StatusOK, kind, form, nil)
}

func dayParts(d time.Time) (string, string, string) {
	return strconv.Itoa(d.Day()), strconv.Itoa(int(d.Month())), strconv.Itoa(d.Year())
}

func (s *Server) renderMarkers(w http.ResponseWriter, r *http.Request, status int, kind string, form map[string]string, fe *model.FieldErrors) {
	org := orgFrom(r)
	pr := printerOf(r)
	history, err := s.db.OrganisationMarkers(r.Context(), org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := markerFormData{Org: org, Kind: kind, Markers: markerViews(pr, model.Standings(history, time.Time{}, s.db.Now()))}
	title := pr.T("markers.page.title")
	back := "/organisations/" + org.Slug
	if kind != "" {
		d.Name = pr.Msg(model.MarkerName(kind))
		title = pr.T("markers.form.title", "Marker", d.Name)
		back += "/markers"
		for _, c := range model.CyberStates {
			d.Cyber = append(d.Cyber, choice{Value: c, Text: pr.Msg(model.CyberName(c))})
		}
	}
	s.render(w, r, status, "markers", &page{Title: title, BackLink: back, Form: form, Errors: fe, Data: d})
}

// markersSave records a marker's value from the form.
func (s *Server) markersSave(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	f := model.MarkerForm{Marker: r.PostFormValue("marker"), Value: r.PostFormValue("value"), URL: r.PostFormValue("url"),
		AsOfDay: r.PostFormValue("as_of-day"), AsOfMonth: r.PostFormValue("as_of-month"), AsOfYear: r.PostFormValue("as_of-year")}
	m, fe := f.Validate(s.db.Now())
	if fe != nil {
		kind := f.Marker
		if !model.Contains(model.SetMarkers, kind) {
			kind = ""
		}
		s.renderMarkers(w, r, http.StatusBadRequest, kind, map[string]string{"value": f.Value, "url": f.URL,
			"as_of-day": f.AsOfDay, "as_of-month": f.AsOfMonth, "as_of-year": f.AsOfYear}, fe)
		return
	}
	m.OrganisationID = org.ID
	if err := s.db.SetMarker(r.Context(), actorOf(userFrom(r)), &m); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.marker_set")
	http.Redirect(w, r, "/organisations/"+org.Slug+"#markers", http.StatusSeeOther)
}

// adminMarkers lists the digital strategies waiting for the platform team's check.
func (s *Server) adminMarkers(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.StrategiesToConfirm(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pr := printerOf(r)
	s.render(w, r, http.StatusOK, "admin_markers", &page{Title: pr.T("markers.admin.title"), Nav: "admin",
		Breadcrumbs: []crumb{{pr.T("crumbs.admin"), "/admin"}}, Flash: s.takeFlash(w, r), Data: list})
}

// adminConfirmStrategy confirms a digital strategy: from then on it counts.
func (s *Server) adminConfirmStrategy(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, model.Errorf(model.ENOTFOUND, "errors.not_found.marker"))
		return
	}
	if err := s.db.ConfirmStrategy(r.Context(), actorOf(userFrom(r)), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.strategy_confirmed")
	http.Redirect(w, r, "/admin/markers", http.StatusSeeOther)
}

// seedMarkers gives the first demo signatories markers: an opportunity on the Digital
// Marketplace, a confirmed strategy and a Cyber self-assessment in progress, then
// complete; and a buyer to match.
func seedMarkers(ctx context.Context, db *store.DB, actor model.Actor) error {
	rows, _, err := db.ListRegister(ctx, model.RegisterQuery{Sort: model.SortOldest, Page: 1, PerPage: 3}, store.ModeSigned)
	if err != nil {
		return err
	}
	var opportunities []model.Opportunity // the first bought through the Digital Marketplace; a buyer no one is
	for i, row := range rows {
		opportunities = append(opportunities, model.Opportunity{ID: "demo-" + strconv.Itoa(i), Title: "Discovery: " + row.Organisation.Name,
			BuyerName: row.Organisation.Name, PublishedAt: row.SignedAt.AddDate(0, 6, 0)})
	}
	opportunities = append(opportunities, model.Opportunity{ID: "demo-unknown", Title: "User research", BuyerName: "Nowhere Housing Trust",
		BuyerDomain: "nowhere.example.org", PublishedAt: db.Now()})
	if _, err := db.ImportMarketplace(ctx, actor, opportunities); err != nil {
		return err
	}
	for _, row := range rows {
		day := model.Day(row.SignedAt)
		for _, m := range []model.Marker{
			{Kind: model.MarkerStrategy, URL: "https://" + row.Organisation.Slug + ".example.gov.uk/digital-strategy", AsOf: day},
			{Kind: model.MarkerCyber, Value: model.CyberInProgress, AsOf: day},
			{Kind: model.MarkerCyber, Value: model.CyberComplete, AsOf: model.Day(db.Now())},
		} {
			m.OrganisationID = row.Organisation.ID
			if err := db.SetMarker(ctx, actor, &m); err != nil {
				return err
			}
			if m.Kind == model.MarkerStrategy {
				if err := db.ConfirmStrategy(ctx, actor, m.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
