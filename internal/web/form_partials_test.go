package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// TestFormPartials: each GOV.UK form partial renders the field with its name as its id,
// its label or legend and hint as given, its value, and its error message next to it,
// wired to the field with aria-describedby; without an error there is no error markup.
func TestFormPartials(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(a)
	if err != nil {
		t.Fatal(err)
	}
	opts := []choice{{Value: "a", Text: "Apple", Hint: "Red"}, {Value: "b", Text: "Banana", Checked: true}}
	errs := &model.FieldErrors{}
	errs.Add("when-month", "events.form.start_date.real")
	errs.Word(func(m model.Msg) string { return locale.English.Msg(m) })
	for _, tt := range []struct {
		partial string
		data    map[string]any
		want    []string
		wantNot []string
	}{
		{"input", map[string]any{"Name": "title", "Label": "Title", "Hint": "Short", "Value": "Bins", "Error": "Too long"},
			[]string{`govuk-form-group--error`, `<label class="govuk-label" for="title">Title</label>`, `<div id="title-hint" class="govuk-hint">Short</div>`,
				`<p id="title-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Too long</p>`,
				`id="title" name="title" type="text" value="Bins" aria-describedby="title-hint title-error"`}, nil},
		{"textarea", map[string]any{"Name": "summary", "Label": "Summary", "Value": "Some words", "Max": 200},
			[]string{`data-module="govuk-character-count" data-maxlength="200"`, `id="summary" name="summary" rows="5" aria-describedby="summary-info">Some words</textarea>`},
			[]string{"govuk-form-group--error", "summary-error"}},
		{"select", map[string]any{"Name": "type", "Label": "Type", "Options": opts, "Value": "a", "Error": "Choose one"},
			[]string{`<option value="">Any</option>`, `<option value="a" selected>Apple</option>`, `<option value="b" selected>Banana</option>`,
				`class="govuk-select govuk-select--error" id="type" name="type" aria-describedby="type-error"`, `id="type-error"`}, nil},
		{"select", map[string]any{"Name": "nation", "Label": "Nation", "Options": []string{"Wales"}, "NoAny": true},
			[]string{`<option value="Wales">Wales</option>`}, []string{"Any", "aria-describedby"}},
		{"radios", map[string]any{"Name": "kind", "Legend": "Kind", "Hint": "One", "Options": opts, "Value": "b", "Small": true, "Error": "Choose"},
			[]string{`<fieldset class="govuk-fieldset" aria-describedby="kind-hint kind-error">`, `govuk-radios govuk-radios--small`,
				`id="kind" name="kind" type="radio" value="a" aria-describedby="kind-item-hint"`, `<div id="kind-item-hint" class="govuk-hint govuk-radios__hint">Red</div>`,
				`id="kind-1" name="kind" type="radio" value="b" checked>`, `<label class="govuk-label govuk-radios__label" for="kind-1">Banana</label>`}, nil},
		{"checkboxes", map[string]any{"Name": "fruit", "Legend": "Fruit", "Options": opts},
			[]string{`<fieldset class="govuk-fieldset">`, `id="fruit" name="fruit" type="checkbox" value="a" aria-describedby="fruit-item-hint"`,
				`id="fruit-1" name="fruit" type="checkbox" value="b" checked>`}, []string{"govuk-checkboxes--small", "fruit-error"}},
		{"checkboxes", map[string]any{"Name": "services", "Legend": "Services", "Options": []choice{{ID: "service-524", Value: "524", Text: "Bins"}}, "Error": "Too many"},
			[]string{`aria-describedby="services-error"`, `id="service-524" name="services" type="checkbox" value="524">`}, nil},
		{"date-input", map[string]any{"Name": "when", "Legend": "When", "Hint": "For example, 3 3 2026", "Errors": errs,
			"Form": map[string]string{"when-day": "3", "when-month": "13", "when-year": "2026"}},
			[]string{`aria-describedby="when-hint when-month-error"`, `<p id="when-month-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Start date must be a real date</p>`,
				`class="govuk-input govuk-date-input__input govuk-input--width-2" id="when-day" name="when-day" type="text" inputmode="numeric" value="3"`,
				`class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="when-month" name="when-month" type="text" inputmode="numeric" value="13"`}, nil},
		{"file-upload", map[string]any{"Name": "image", "Label": "Add an image", "Heading": true, "Hint": "A PNG", "Accept": "image/png", "Error": "Too big"},
			[]string{`<h2 class="govuk-label-wrapper"><label class="govuk-label govuk-label--s" for="image">Add an image</label></h2>`,
				`class="govuk-file-upload govuk-file-upload--error" id="image" name="image" type="file" accept="image/png" aria-describedby="image-hint image-error"`}, nil},
		{"chooser", map[string]any{"C": chooser{Name: "services", Item: "service", Query: "service_q", Q: "zeppelin", Action: actionFindServices,
			Source: "/choose/services", Searched: true, NoMatch: true}, "Legend": "Services", "Hint": "From the LGSL", "Label": "Search", "Button": "Search services"},
			[]string{`data-module="ld-chooser" data-source="/choose/services"`, `id="service-choices" hidden>`, `No services match “zeppelin”`,
				`id="services" name="service_q" type="search" value="zeppelin"`, `name="action" value="find-services">Search services</button>`}, nil},
	} {
		var b bytes.Buffer
		if err := r.pages["resource_new"].ExecuteTemplate(&b, tt.partial, tt.data); err != nil {
			t.Fatalf("%s: %v", tt.partial, err)
		}
		got := b.String()
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %v: missing %s\n%s", tt.partial, tt.data["Name"], w, got)
			}
		}
		for _, w := range tt.wantNot {
			if strings.Contains(got, w) {
				t.Errorf("%s %v: has %s\n%s", tt.partial, tt.data["Name"], w, got)
			}
		}
	}
}
