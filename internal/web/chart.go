package web

import (
	"math"
	"strconv"
	"strings"
)

// A chart the server draws: an SVG with a visible title, the same figures in a GOV.UK table
// beneath it, and links to them as CSV and JSON. It needs no JavaScript and prints at the
// width of the page. A handler fills a Chart from labelled series, in words already (the
// printer's), and the page shows it with {{template "chart" .Data.SomeChart}}
// (templates/partials_chart.html). The numbers are written by the templates' comma, as
// every other count on the site.
type Chart struct {
	// ID is unique on the page: the chart's element id, and the start of its title's.
	ID    string
	Title string
	Kind  ChartKind
	// LabelHeader heads the table's first column (what the labels are: "Month", "Nation").
	LabelHeader string
	// Labels are the categories (BarChart) or the points along the horizontal axis
	// (LineChart), in order.
	Labels []string
	// Series are the figures: one value per label each. One series draws one bar per label
	// or one line; several, a group of bars per label or several lines, with a legend.
	Series []Series
	// CSV and JSON are the addresses of the figures as open data, if they have them.
	CSV, JSON string
}

// Series is one labelled set of figures of a chart.
type Series struct {
	Name   string
	Values []int
}

// ChartKind is how a chart draws its figures.
type ChartKind string

const (
	// BarChart draws a horizontal bar for each label (and series), its value at its end.
	BarChart ChartKind = "bar"
	// LineChart draws a line for each series across the labels: figures over time, such as
	// sign-ups added up month by month.
	LineChart ChartKind = "line"
)

// The drawing's fixed measures, in the SVG's own units (it scales to the page).
const (
	chartWidth      = 640
	chartBarHeight  = 20
	chartBarGap     = 4
	chartGroupGap   = 12
	chartValueRoom  = 72 // beyond the longest bar, for its value
	chartLineHeight = 300
	chartLinePadL   = 64
	chartLinePadR   = 16
	chartLinePadT   = 12
	chartLinePadB   = 36
	chartMaxXLabels = 8
	chartLegendRow  = 24
	chartFontSize   = 14
)

// chartColours are GOV.UK's palette, distinct in greyscale too; lines also differ by dash.
var chartColours = []string{"#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f", "#912b88", "#28a197", "#b58840", "#0b0c0c"}
var chartDashes = []string{"", "8 4", "2 3", "12 4 2 4", "4 4", "1 2", "10 2", "6 2 2 2", "3 6", "14 6"}

// Empty reports whether the chart has nothing to draw: no labels or no series.
func (c Chart) Empty() bool { return len(c.Labels) == 0 || len(c.Series) == 0 }

// Rows are the table's rows: each label with its value in every series.
func (c Chart) Rows() []ChartRow {
	rows := make([]ChartRow, len(c.Labels))
	for i, l := range c.Labels {
		rows[i] = ChartRow{Label: l, Values: make([]int, len(c.Series))}
		for j, s := range c.Series {
			rows[i].Values[j] = s.value(i)
		}
	}
	return rows
}

// ChartRow is a row of a chart's table.
type ChartRow struct {
	Label  string
	Values []int
}

func (s Series) value(i int) int {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return 0
}

// Drawing is what the SVG shows, measured: the template writes it as it is.
type Drawing struct {
	Width, Height int
	Bars          []DrawnBar
	Lines         []DrawnLine
	Labels        []DrawnText // the labels beside the bars or under the horizontal axis
	Ticks         []DrawnTick // the vertical axis of a line chart
	Legend        []DrawnLegend
	// Axis is the line chart's plotting area.
	AxisX0, AxisX1, AxisY0, AxisY1 int
}

// DrawnBar is a bar with its value, written at ValueX.
type DrawnBar struct {
	X, Y, Width, Height int
	Value               int
	ValueX, TextY       int
	Colour              string
	Series, Label       string
}

// DrawnLine is a series as an SVG polyline.
type DrawnLine struct {
	Points       string
	Colour, Dash string
	Series       string
	// The last point, where the line's latest value is written; a line of one point is
	// drawn as a dot there.
	LastX, LastY int
	LastValue    int
	Points1      bool
}

// DrawnText is a label at a place, with its anchor ("start", "middle", "end").
type DrawnText struct {
	X, Y   int
	Text   string
	Anchor string
}

// DrawnTick is a value on the vertical axis, written at TextX, and its grid line.
type DrawnTick struct {
	X0, X1, Y, TextX, TextY int
	Value                   int
}

// DrawnLegend is a series' key: a stroke of its colour (and dash) from X to X2 at LineY,
// and its name at TextX, Y.
type DrawnLegend struct {
	X, X2, LineY, TextX, Y int
	Colour, Dash           string
	Name                   string
}

// Draw measures the chart for the SVG.
func (c Chart) Draw() Drawing {
	if c.Kind == LineChart {
		return c.drawLines()
	}
	return c.drawBars()
}

// labelWidth is room for the longest label beside the bars, at about 7.5 units a letter,
// between a quarter and nearly half of the width.
func (c Chart) labelWidth() int {
	longest := 0
	for _, l := range c.Labels {
		if n := len([]rune(l)); n > longest {
			longest = n
		}
	}
	w := longest*15/2 + 12
	return min(max(w, chartWidth/4), chartWidth*9/20)
}

func (c Chart) maxValue() int {
	m := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			m = max(m, v)
		}
	}
	return m
}

func (c Chart) legend(y int) []DrawnLegend {
	if len(c.Series) < 2 {
		return nil
	}
	out := make([]DrawnLegend, len(c.Series))
	for i, s := range c.Series {
		ly := y + i*chartLegendRow
		out[i] = DrawnLegend{X: 8, X2: 40, LineY: ly - 5, TextX: 48, Y: ly, Colour: chartColours[i%len(chartColours)], Name: s.Name}
		if c.Kind == LineChart {
			out[i].Dash = chartDashes[i%len(chartDashes)]
		}
	}
	return out
}

func (c Chart) drawBars() Drawing {
	d := Drawing{Width: chartWidth}
	if c.Empty() {
		return d
	}
	x0 := c.labelWidth()
	room := chartWidth - x0 - chartValueRoom
	top := c.maxValue()
	k := len(c.Series)
	group := k*chartBarHeight + (k-1)*chartBarGap
	y := chartBarGap
	for i, label := range c.Labels {
		d.Labels = append(d.Labels, DrawnText{X: x0 - 8, Y: y + group/2 + chartFontSize/3, Text: label, Anchor: "end"})
		for j, s := range c.Series {
			v := s.value(i)
			w := 0
			if top > 0 && v > 0 {
				w = max(1, int(math.Round(float64(v)*float64(room)/float64(top))))
			}
			by := y + j*(chartBarHeight+chartBarGap)
			d.Bars = append(d.Bars, DrawnBar{X: x0, Y: by, Width: w, Height: chartBarHeight, Value: v,
				ValueX: x0 + w + 6, TextY: by + chartBarHeight/2 + chartFontSize/3,
				Colour: chartColours[j%len(chartColours)], Series: s.Name, Label: label})
		}
		y += group + chartGroupGap
	}
	d.Legend = c.legend(y + chartFontSize)
	d.Height = y + len(d.Legend)*chartLegendRow
	return d
}

// niceScale is the top of the vertical axis and the step between its ticks: 1, 2 or 5
// times a power of ten, about five steps to the top.
func niceScale(top int) (int, int) {
	if top <= 0 {
		return 1, 1
	}
	raw := float64(top) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, f := range []float64{1, 2, 5} {
		if f*mag >= raw {
			step = f * mag
			break
		}
	}
	s := max(1, int(step))
	return (top + s - 1) / s * s, s
}

func (c Chart) drawLines() Drawing {
	d := Drawing{Width: chartWidth}
	if c.Empty() {
		return d
	}
	top, step := niceScale(c.maxValue())
	x0, x1 := chartLinePadL, chartWidth-chartLinePadR
	y0, y1 := chartLinePadT, chartLineHeight-chartLinePadB // y1 is the axis at zero
	d.AxisX0, d.AxisX1, d.AxisY0, d.AxisY1 = x0, x1, y0, y1
	n := len(c.Labels)
	xAt := func(i int) int {
		if n == 1 {
			return (x0 + x1) / 2
		}
		return x0 + int(math.Round(float64(i)*float64(x1-x0)/float64(n-1)))
	}
	yAt := func(v int) int { return y1 - int(math.Round(float64(v)*float64(y1-y0)/float64(top))) }
	for v := 0; v <= top; v += step {
		d.Ticks = append(d.Ticks, DrawnTick{X0: x0, X1: x1, Y: yAt(v), TextX: x0 - 6, TextY: yAt(v) + 4, Value: v})
	}
	every := (n + chartMaxXLabels - 1) / chartMaxXLabels
	for i := 0; i < n; i += every {
		d.Labels = append(d.Labels, DrawnText{X: xAt(i), Y: y1 + chartFontSize + 8, Text: c.Labels[i], Anchor: "middle"})
	}
	for j, s := range c.Series {
		var b strings.Builder
		l := DrawnLine{Colour: chartColours[j%len(chartColours)], Dash: chartDashes[j%len(chartDashes)], Series: s.Name}
		for i := range c.Labels {
			x, y := xAt(i), yAt(s.value(i))
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa(x))
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(y))
			l.LastX, l.LastY, l.LastValue = x, y, s.value(i)
		}
		l.Points1 = n == 1
		l.Points = b.String()
		d.Lines = append(d.Lines, l)
	}
	d.Legend = c.legend(chartLineHeight + chartFontSize)
	d.Height = chartLineHeight + len(d.Legend)*chartLegendRow
	return d
}
