package web

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The chart partial, drawn through the page templates: each bar's length is its value's
// share of the largest, the table holds the same figures written as every count is, and an
// empty chart says so without an SVG.
func TestChartPartial(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(a)
	if err != nil {
		t.Fatal(err)
	}
	draw := func(t *testing.T, lang string, c Chart) string {
		t.Helper()
		tmpl, _ := r.page(lang, "home")
		var buf bytes.Buffer
		if err := tmpl.ExecuteTemplate(&buf, "chart", c); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	rect := regexp.MustCompile(`<rect class="ld-chart__bar" x="(\d+)" y="(\d+)" width="(\d+)" height="\d+" fill="[^"]+" data-value="(\d+)"`)
	cell := regexp.MustCompile(`<td class="govuk-table__cell govuk-table__cell--numeric">([\d,]+)</td>`)
	room := func(c Chart) int { return chartWidth - c.labelWidth() - chartValueRoom }
	for _, tc := range []struct {
		name   string
		chart  Chart
		widths []int    // of the bars in order
		cells  []string // the table's figures in order
	}{
		{"bars", Chart{ID: "by-nation", Title: "Signatories by nation", Kind: BarChart, LabelHeader: "Nation",
			Labels: []string{"England", "Wales", "Scotland"}, Series: []Series{{"Signatories", []int{200, 50, 0}}}},
			[]int{-1, -4, 0}, []string{"200", "50", "0"}},
		{"one value", Chart{ID: "one", Title: "One", Kind: BarChart, LabelHeader: "Nation",
			Labels: []string{"Wales"}, Series: []Series{{"Signatories", []int{9}}}}, []int{-1}, []string{"9"}},
		{"large values", Chart{ID: "large", Title: "Large", Kind: BarChart, LabelHeader: "Type",
			Labels: []string{"A", "B"}, Series: []Series{{"Then", []int{1234567, 3}}, {"Now", []int{2469134, 0}}}},
			[]int{-2, -1, 1, 0}, []string{"1,234,567", "2,469,134", "3", "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := draw(t, "en", tc.chart)
			bars := rect.FindAllStringSubmatch(got, -1)
			if len(bars) != len(tc.widths) {
				t.Fatalf("%d bars, want %d:\n%s", len(bars), len(tc.widths), got)
			}
			full := room(tc.chart)
			for i, b := range bars {
				w, _ := strconv.Atoi(b[3])
				// -n: the full width divided by n; 1: the least a value above zero gets.
				want := tc.widths[i]
				if want < 0 {
					want = full / -want
				}
				if w != want && !(tc.widths[i] < 0 && w-want <= 1 && want-w <= 1) {
					t.Errorf("bar %d: width %d, want %d", i, w, want)
				}
				v, _ := strconv.Atoi(b[4])
				if v != tc.chart.Series[i%len(tc.chart.Series)].Values[i/len(tc.chart.Series)] {
					t.Errorf("bar %d: data-value %d", i, v)
				}
			}
			var cells []string
			for _, c := range cell.FindAllStringSubmatch(got, -1) {
				cells = append(cells, c[1])
			}
			if strings.Join(cells, " ") != strings.Join(tc.cells, " ") {
				t.Errorf("table figures %v, want %v", cells, tc.cells)
			}
			for _, want := range []string{`<h3 class="govuk-heading-s ld-chart__title" id="` + tc.chart.ID + `-title">` + tc.chart.Title + `</h3>`,
				`role="img" aria-labelledby="` + tc.chart.ID + `-title"`, `<th scope="col" class="govuk-table__header">` + tc.chart.LabelHeader + `</th>`} {
				if !strings.Contains(got, want) {
					t.Errorf("no %q in\n%s", want, got)
				}
			}
		})
	}

	t.Run("empty", func(t *testing.T) {
		for _, c := range []Chart{{ID: "e", Title: "Nothing", Kind: BarChart, Series: []Series{{"Signatories", nil}}},
			{ID: "e", Title: "Nothing", Kind: LineChart, Labels: []string{"July 2018"}}} {
			got := draw(t, "en", c)
			if strings.Contains(got, "<svg") || strings.Contains(got, "<table") || !strings.Contains(got, "There are no figures to show yet.") {
				t.Errorf("empty chart:\n%s", got)
			}
		}
		if got := draw(t, "cy", Chart{ID: "e", Title: "Dim"}); !strings.Contains(got, "Does dim ffigurau") {
			t.Errorf("Welsh empty chart:\n%s", got)
		}
	})

	t.Run("line", func(t *testing.T) {
		months := []string{"Jul 2018", "Aug 2018", "Sep 2018", "Oct 2018"}
		c := Chart{ID: "sign-ups", Title: "Sign-ups", Kind: LineChart, LabelHeader: "Month", Labels: months,
			Series: []Series{{"All", []int{10, 40, 70, 100}}, {"Wales", []int{0, 1, 2, 9}}}, CSV: "/api/v1/dashboard/signatories.csv"}
		got := draw(t, "en", c)
		d := c.Draw()
		// 100 has the axis run to 100 in steps of 20, and the lines end at their last value.
		var ticks []int
		for _, tk := range d.Ticks {
			ticks = append(ticks, tk.Value)
		}
		if fmt.Sprint(ticks) != "[0 20 40 60 80 100]" {
			t.Errorf("ticks %v", ticks)
		}
		if d.Lines[0].LastY != d.AxisY0 || d.Lines[1].LastValue != 9 || d.Lines[0].Points != "64,239 251,163 437,88 624,12" {
			t.Errorf("lines %+v", d.Lines)
		}
		for _, want := range []string{`points="64,239 251,163 437,88 624,12"`, `stroke-dasharray="8 4"`, `>Wales</text>`,
			`<th scope="row" class="govuk-table__header">Oct 2018</th><td class="govuk-table__cell govuk-table__cell--numeric">100</td><td class="govuk-table__cell govuk-table__cell--numeric">9</td>`,
			`<a class="govuk-link" href="/api/v1/dashboard/signatories.csv">Sign-ups as CSV</a>`} {
			if !strings.Contains(got, want) {
				t.Errorf("no %q in\n%s", want, got)
			}
		}
		one := Chart{ID: "one", Title: "One", Kind: LineChart, LabelHeader: "Month", Labels: months[:1], Series: []Series{{"All", []int{5}}}}
		if got := draw(t, "en", one); !strings.Contains(got, `<circle class="ld-chart__line" cx="344" cy="12" r="4"`) {
			t.Errorf("one point:\n%s", got)
		}
	})
}

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct{ top, wantTop, wantStep int }{
		{0, 1, 1}, {1, 1, 1}, {3, 3, 1}, {9, 10, 2}, {100, 100, 20}, {101, 150, 50}, {437, 500, 100}, {2469134, 2500000, 500000},
	} {
		if top, step := niceScale(tc.top); top != tc.wantTop || step != tc.wantStep {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", tc.top, top, step, tc.wantTop, tc.wantStep)
		}
	}
}
