package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

func caseStudyPath(id int64) string { return "/case-studies/" + strconv.FormatInt(id, 10) }

func caseStudyPrincipleChoices(pr *locale.Printer, checked []int) []choice {
	out := make([]choice, len(model.Principles))
	for i := range model.Principles {
		n := i + 1
		id := "principles"
		if i > 0 {
			id = "principles-" + strconv.Itoa(n)
		}
		out[i] = choice{ID: id, Value: strconv.Itoa(n), Text: pr.Msg(model.NumberedPrinciple(n)), Checked: caseStudyHasInt(checked, n)}
	}
	return out
}

func caseStudyHasInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// caseStudySection is a long field of a case study as its page shows it.
type caseStudySection struct {
	Field, Label string
	HTML         template.HTML
}

// caseStudySections is the one place where stored HTML becomes template.HTML: it was
// made by model.RenderMarkdown, which sanitises it (ADR 0005).
func caseStudySections(pr *locale.Printer, cs *model.CaseStudy) []caseStudySection {
	html := map[string]string{"problem": cs.HTML.Problem, "approach": cs.HTML.Approach,
		"outcomes": cs.HTML.Outcomes, "lessons": cs.HTML.Lessons}
	out := make([]caseStudySection, 0, len(model.CaseStudySections))
	for _, s := range model.CaseStudySections {
		out = append(out, caseStudySection{Field: s.Field, Label: pr.Msg(s.Label), HTML: template.HTML(html[s.Field])})
	}
	return out
}

// caseStudyFromPath reads the case study in the path, as the person may see it: a
// hidden one only for the author organisation's members and the platform team.
func (s *Server) caseStudyFromPath(w http.ResponseWriter, r *http.Request) (*model.CaseStudy, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	cs, err := s.db.CaseStudy(r.Context(), id)
	if !s.found(w, r, err) {
		return nil, false
	}
	if u := userFrom(r); cs.Hidden && !cs.CanEdit(u) && !u.IsPlatformAdmin() {
		s.notFound(w, r)
		return nil, false
	}
	return cs, true
}
