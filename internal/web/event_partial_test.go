package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// The organisation page shows take-up with {{template "org-take-up" .Data.TakeUp}}.
func TestOrgTakeUpPartial(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(a)
	if err != nil {
		t.Fatal(err)
	}
	render := func(v *model.TakeUp) string {
		t.Helper()
		var b bytes.Buffer
		if err := r.pages["event_show"].ExecuteTemplate(&b, "org-take-up", v); err != nil {
			t.Fatalf("org-take-up: %v", err)
		}
		return b.String()
	}
	got := render(&model.TakeUp{OrganisationID: 1, Booked: 12, Attended: 1, ByAudience: []model.AudienceTakeUp{
		{Audience: model.AudienceLeaders, Booked: 3, Attended: 1}, {Audience: model.AudienceDoers, Booked: 9},
		{Audience: model.AudienceEveryone}}})
	for _, want := range []string{`<h2 class="govuk-heading-m" id="take-up-heading">Training and events</h2>`,
		"<strong>12</strong> people have booked", "<strong>1</strong> has attended",
		`<th scope="row" class="govuk-table__header">Leaders</th><td class="govuk-table__cell govuk-table__cell--numeric">3</td><td class="govuk-table__cell govuk-table__cell--numeric">1</td>`,
		`<th scope="row" class="govuk-table__header">Digital doers</th><td class="govuk-table__cell govuk-table__cell--numeric">9</td>`} {
		if !strings.Contains(got, want) {
			t.Errorf("take-up does not contain %q\n%s", want, got)
		}
	}
	for _, none := range []*model.TakeUp{nil, {OrganisationID: 1}} {
		if got := render(none); !strings.Contains(got, "Nobody from this organisation has booked") || strings.Contains(got, "<table") {
			t.Errorf("no take-up:\n%s", got)
		}
	}
}
