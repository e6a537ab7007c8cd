package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// The organisation page's section, as the lead wires it in:
// {{template "org-case-studies" (dict "Org" .Data.Org "CaseStudies" .Data.CaseStudies)}}
func TestOrgCaseStudiesPartial(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(a)
	if err != nil {
		t.Fatal(err)
	}
	org := &model.Organisation{Slug: "hackney", Name: "London Borough of Hackney"}
	list := []*model.CaseStudy{{ID: 7, Title: "Bins & crews", Summary: "Fewer calls.", Principles: []int{2},
		Services:      []model.Service{{Code: 524, Label: "Household waste collection"}},
		Organisations: []model.OrgRef{{Slug: "camden", Name: "Camden"}, {Slug: "hackney", Name: "London Borough of Hackney"}},
		CreatedAt:     time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC)}}
	for _, page := range []string{"organisation", "case_study_list"} { // every page gets the partials
		var buf bytes.Buffer
		if err := r.pages[page].ExecuteTemplate(&buf, "org-case-studies", map[string]any{"Org": org, "CaseStudies": list}); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		got := buf.String()
		for _, want := range []string{`<h2 class="govuk-heading-m" id="case-studies">Case studies</h2>`,
			`<h3 class="govuk-heading-m govuk-!-margin-bottom-1"><a class="govuk-link" href="/case-studies/7">Bins &amp; crews</a></h3>`,
			`By <a class="govuk-link" href="/organisations/camden">Camden</a>, with <a class="govuk-link" href="/organisations/hackney">`,
			"Published on 15 March 2024.", "Fewer calls.", "Principle:</span> Fix our plumbing</p>", "Service:</span> Household waste collection</p>"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: no %q in\n%s", page, want, got)
			}
		}
	}
	var buf bytes.Buffer
	if err := r.pages["organisation"].ExecuteTemplate(&buf, "org-case-studies", map[string]any{"Org": org, "CaseStudies": []*model.CaseStudy(nil)}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "London Borough of Hackney has not shared a case study yet.") {
		t.Errorf("empty: %s", buf.String())
	}
}
