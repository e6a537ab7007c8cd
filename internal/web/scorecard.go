package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// The scorecard (issue 12): an organisation's markers and self-assessment against the
// signatories of its type, on its page and as a one-page briefing for its chief
// executive and leader, printable on one sheet of A4 (static/print.css).

// scorecardRow is one line of a scorecard: the organisation's figure and its type's.
type scorecardRow struct{ Name, Own, Type string }

type orgScorecard struct {
	Slug, TypeName string
	Signatories    int // of the type, the organisation included
	Markers        []scorecardRow
	Levels         []scorecardRow
}

// orgScorecardFor compares the organisation's markers (m) and latest self-assessment (p)
// with the figures of the signatories of its type.
func (s *Server) orgScorecardFor(r *http.Request, org *model.Organisation, m *orgMarkers, p *orgProgress) (*orgScorecard, error) {
	f, err := s.db.TypeFigures(r.Context(), org.TypeCode)
	if err != nil {
		return nil, err
	}
	pr := printerOf(r)
	sc := &orgScorecard{Slug: org.Slug, TypeName: orgTypeName(pr, *org), Signatories: f.Signatories}
	for _, v := range m.Markers {
		row := scorecardRow{Name: v.Name, Own: pr.T("markers.section.no_value"),
			Type: pr.T("scorecard.type.met", "Count", comma(f.Met[v.Kind]), "Of", comma(f.Signatories))}
		if v.HasValue {
			row.Own = v.Now
		}
		if v.Kind == model.MarkerAssessments && f.Assessments.Of > 0 {
			row.Type = pr.T("scorecard.type.median_assessments", "Median", f.Assessments.Text(), "Of", comma(f.Assessments.Of))
		}
		sc.Markers = append(sc.Markers, row)
	}
	own := map[int]int{}
	if len(p.Assessments) > 0 {
		for _, l := range p.Assessments[0].Levels {
			own[l.PrincipleLevel.Principle] = l.Level
		}
	}
	for i, med := range f.Levels {
		n := i + 1
		row := scorecardRow{Name: pr.Msg(model.NumberedPrinciple(n)), Own: pr.T("scorecard.level.none"), Type: pr.T("scorecard.level.none")}
		if l, ok := own[n]; ok {
			row.Own = pr.T("self_assessment.level.option", "Level", l)
		}
		if med.Of > 0 {
			row.Type = pr.T("scorecard.level.median", "Median", med.Text(), "Of", comma(med.Of))
		}
		sc.Levels = append(sc.Levels, row)
	}
	return sc, nil
}

// publishedOf is the organisation's published signature among sigs (newest first): the
// latest verified or withdrawn one, as the organisation page shows it.
func publishedOf(sigs []*model.Signature) *model.Signature {
	for _, sig := range sigs {
		if sig.Status == model.SigVerified || sig.Status == model.SigWithdrawn {
			return sig
		}
	}
	return nil
}

// signedAt is when the published signature was verified, if it stands (zero otherwise).
func signedAt(sig *model.Signature) time.Time {
	if sig != nil && sig.Status == model.SigVerified {
		return sig.VerifiedAt
	}
	return time.Time{}
}

type briefingData struct {
	Org       *model.Organisation
	Published *model.Signature
	Signed    time.Time
	Progress  *orgProgress
	Markers   *orgMarkers
	Scorecard *orgScorecard
	Today     time.Time
	URL       string // the organisation page, in full, for the printed sheet
}

// briefing is the organisation's one-page briefing for its chief executive and leader.
func (s *Server) briefing(w http.ResponseWriter, r *http.Request) {
	org, sigs, ok := s.orgSignatures(w, r)
	if !ok {
		return
	}
	d := briefingData{Org: org, Published: publishedOf(sigs), Today: s.db.Now(), URL: strings.TrimSuffix(s.opts.BaseURL, "/") + localPath(langOf(r), "/organisations/"+org.Slug)}
	d.Signed = signedAt(d.Published)
	var err error
	if d.Progress, err = s.orgProgressFor(r, org); err == nil {
		if d.Markers, err = s.orgMarkersFor(r, org, d.Signed); err == nil {
			d.Scorecard, err = s.orgScorecardFor(r, org, d.Markers, d.Progress)
		}
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pr := printerOf(r)
	s.render(w, r, http.StatusOK, "organisation_briefing", &page{Title: pr.T("scorecard.briefing.title", "Name", org.NameIn(langOf(r))),
		Nav: "signatories", BackLink: "/organisations/" + org.Slug, Data: d})
}
