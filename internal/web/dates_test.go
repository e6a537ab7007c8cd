package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// dateSpan is a span of time and its words; dateForm a date form's words and the words
// wanted.
type (
	dateSpan struct {
		start, end time.Time
		want       string
	}
	dateForm struct{ name, got, want string }
)

func utcTime(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

// checkDates checks spans as when writes them in p's words, and forms.
func checkDates(t *testing.T, p *locale.Printer, spans []dateSpan, forms []dateForm) {
	t.Helper()
	for _, tt := range spans {
		if got := when(p, tt.start, tt.end); got != tt.want {
			t.Errorf("when(%s, %s) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
	for _, f := range forms {
		if f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
}

// TestDatesInEnglish checks the English words of every date and time form, in London
// time: midnight, midday, times with minutes, spans over two days and the clock changes.
func TestDatesInEnglish(t *testing.T) {
	p := locale.English
	utc := utcTime
	spans := []dateSpan{
		{utc(2026, 3, 3, 10, 0), utc(2026, 3, 3, 11, 30), "Tuesday 3 March 2026, 10am to 11:30am"},
		{utc(2026, 3, 3, 12, 0), utc(2026, 3, 3, 17, 5), "Tuesday 3 March 2026, midday to 5:05pm"},
		{utc(2026, 3, 3, 0, 0), utc(2026, 3, 3, 12, 30), "Tuesday 3 March 2026, midnight to 12:30pm"},
		{utc(2026, 3, 3, 9, 0), utc(2026, 3, 3, 12, 0), "Tuesday 3 March 2026, 9am to midday"},
		// British Summer Time: 9am UTC is 10am in London.
		{utc(2026, 7, 1, 9, 0), utc(2026, 7, 1, 15, 0), "Wednesday 1 July 2026, 10am to 4pm"},
		// 11:30pm UTC on 30 June is 00:30 on 1 July in London.
		{utc(2026, 6, 30, 23, 30), utc(2026, 7, 1, 1, 0), "Wednesday 1 July 2026, 12:30am to 2am"},
		{utc(2026, 3, 3, 9, 0), utc(2026, 3, 4, 0, 0), "Tuesday 3 March 2026, 9am to Wednesday 4 March 2026, midnight"},
		// Over the change to summer time on 29 March 2026 (1am UTC).
		{utc(2026, 3, 2, 9, 0), utc(2026, 3, 30, 17, 0), "Monday 2 March 2026, 9am to Monday 30 March 2026, 6pm"},
		{utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30), "Sunday 29 March 2026, 12:30am to 2:30am"},
		// Back to winter time on 25 October 2026 (1am UTC): 1:30am comes twice.
		{utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30), "Sunday 25 October 2026, 1:30am to 1:30am"},
		{utc(2026, 12, 31, 22, 0), utc(2027, 1, 1, 2, 0), "Thursday 31 December 2026, 10pm to Friday 1 January 2027, 2am"},
	}
	at := utc(2026, 3, 2, 17, 0)
	summer := utc(2026, 7, 1, 11, 5)
	forms := []dateForm{
		{"dayAndTime", dayAndTime(p, at), "Monday 2 March 2026 at 5pm"},
		{"dayAndTime in summer", dayAndTime(p, summer), "Wednesday 1 July 2026 at 12:05pm"},
		{"dayAndTime at midday", dayAndTime(p, utc(2026, 12, 14, 12, 0)), "Monday 14 December 2026 at midday"},
		{"dayAndTime of nothing", dayAndTime(p, time.Time{}), ""},
		{"longDate", longDate(p, summer), "Wednesday 1 July 2026"},
		{"date", date(p, utc(2026, 9, 7, 23, 30)), "8 September 2026"},
		{"date of nothing", date(p, time.Time{}), ""},
		{"clockTime midday", clockTime(p, utc(2026, 1, 5, 12, 0)), "midday"},
		{"clockTime midnight", clockTime(p, utc(2026, 1, 5, 0, 0)), "midnight"},
		{"clockTime minutes", clockTime(p, utc(2026, 1, 5, 9, 7)), "9:07am"},
		{"exactTime", exactTime(p, utc(2026, 1, 5, 15, 4)), "3:04pm"},
		{"exactTime midday", exactTime(p, utc(2026, 1, 5, 12, 0)), "12:00pm"},
		{"exactTime midnight", exactTime(p, utc(2026, 1, 5, 0, 0)), "12:00am"},
		{"dateAndExactTime", dateAndExactTime(p, summer), "1 July 2026 at 12:05pm"},
		{"timeOnDate", timeOnDate(p, at), "5:00pm on 2 March 2026"},
	}
	checkDates(t, p, spans, forms)
	// The forms are what Go's English layouts wrote before they came from the catalog.
	for d := utc(2026, 1, 1, 0, 0); d.Year() == 2026; d = d.Add(61 * time.Minute) {
		l := d.In(model.London)
		if got, want := dateAndExactTime(p, d), l.Format("2 January 2006 at 3:04pm"); got != want {
			t.Fatalf("dateAndExactTime(%s) = %q, want %q", d, got, want)
		}
		if got, want := longDate(p, d), l.Format("Monday 2 January 2006"); got != want {
			t.Fatalf("longDate(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestDatesInWelsh checks the Welsh words of every date and time form, in London time:
// the names of every month and day, yb and yp, canol dydd and hanner nos, spans over one
// day and two, and the clock changes.
func TestDatesInWelsh(t *testing.T) {
	p := locale.New("cy")
	utc := utcTime
	spans := []dateSpan{
		{utc(2026, 12, 14, 10, 0), utc(2026, 12, 14, 14, 30), "Dydd Llun 14 Rhagfyr 2026, 10yb i 2:30yp"},
		{utc(2026, 3, 3, 12, 0), utc(2026, 3, 3, 17, 5), "Dydd Mawrth 3 Mawrth 2026, canol dydd i 5:05yp"},
		{utc(2026, 3, 3, 0, 0), utc(2026, 3, 3, 12, 30), "Dydd Mawrth 3 Mawrth 2026, hanner nos i 12:30yp"},
		// "i" (to) mutates "canol dydd"; a time after a comma keeps it. Spans over days take a
		// dash, as "i" would mutate the day after it.
		{utc(2026, 3, 3, 9, 0), utc(2026, 3, 3, 12, 0), "Dydd Mawrth 3 Mawrth 2026, 9yb i ganol dydd"},
		{utc(2026, 3, 3, 9, 0), utc(2026, 3, 4, 12, 0), "Dydd Mawrth 3 Mawrth 2026, 9yb – Dydd Mercher 4 Mawrth 2026, canol dydd"},
		{utc(2026, 1, 5, 0, 0), utc(2026, 1, 5, 23, 0), "Dydd Llun 5 Ionawr 2026, hanner nos i 11yp"},
		// Amser Haf Prydain: 9am UTC is 10am in London.
		{utc(2026, 7, 1, 9, 0), utc(2026, 7, 1, 15, 0), "Dydd Mercher 1 Gorffennaf 2026, 10yb i 4yp"},
		{utc(2026, 6, 30, 23, 30), utc(2026, 7, 1, 1, 0), "Dydd Mercher 1 Gorffennaf 2026, 12:30yb i 2yb"},
		{utc(2026, 3, 3, 9, 0), utc(2026, 3, 4, 0, 0), "Dydd Mawrth 3 Mawrth 2026, 9yb – Dydd Mercher 4 Mawrth 2026, hanner nos"},
		{utc(2026, 3, 2, 9, 0), utc(2026, 3, 30, 17, 0), "Dydd Llun 2 Mawrth 2026, 9yb – Dydd Llun 30 Mawrth 2026, 6yp"},
		{utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30), "Dydd Sul 25 Hydref 2026, 1:30yb i 1:30yb"},
		{utc(2026, 12, 31, 22, 0), utc(2027, 1, 1, 2, 0), "Dydd Iau 31 Rhagfyr 2026, 10yp – Dydd Gwener 1 Ionawr 2027, 2yb"},
	}
	at := utc(2026, 3, 2, 17, 0)
	summer := utc(2026, 7, 1, 11, 5)
	forms := []dateForm{
		{"dayAndTime", dayAndTime(p, at), "Dydd Llun 2 Mawrth 2026 am 5yp"},
		{"dayAndTime in summer", dayAndTime(p, summer), "Dydd Mercher 1 Gorffennaf 2026 am 12:05yp"},
		{"dayAndTime at midday", dayAndTime(p, utc(2026, 12, 14, 12, 0)), "Dydd Llun 14 Rhagfyr 2026 am ganol dydd"},
		{"dayAndTime of nothing", dayAndTime(p, time.Time{}), ""},
		{"longDate", longDate(p, utc(2026, 12, 14, 10, 0)), "Dydd Llun 14 Rhagfyr 2026"},
		{"date", date(p, utc(2026, 9, 7, 23, 30)), "8 Medi 2026"},
		{"date of nothing", date(p, time.Time{}), ""},
		{"clockTime hour", clockTime(p, utc(2026, 1, 5, 10, 0)), "10yb"},
		{"clockTime midday", clockTime(p, utc(2026, 1, 5, 12, 0)), "canol dydd"},
		{"clockTime midnight", clockTime(p, utc(2026, 1, 5, 0, 0)), "hanner nos"},
		{"clockTime minutes", clockTime(p, utc(2026, 1, 5, 14, 30)), "2:30yp"},
		{"exactTime", exactTime(p, utc(2026, 1, 5, 15, 4)), "3:04yp"},
		{"exactTime midday", exactTime(p, utc(2026, 1, 5, 12, 0)), "12:00yp"},
		{"exactTime midnight", exactTime(p, utc(2026, 1, 5, 0, 0)), "12:00yb"},
		{"dateAndExactTime", dateAndExactTime(p, summer), "1 Gorffennaf 2026 am 12:05yp"},
		{"timeOnDate", timeOnDate(p, at), "5:00yp ar 2 Mawrth 2026"},
	}
	checkDates(t, p, spans, forms)
	months := []string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi",
		"Hydref", "Tachwedd", "Rhagfyr"}
	for i, want := range months {
		if got := date(p, utc(2026, time.Month(i+1), 15, 12, 0)); got != "15 "+want+" 2026" {
			t.Errorf("month %d: %q, want %q", i+1, got, "15 "+want+" 2026")
		}
	}
	// 14 December 2026 is a Monday.
	days := []string{"Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener", "Dydd Sadwrn", "Dydd Sul"}
	for i, want := range days {
		d := utc(2026, 12, 14+i, 12, 0)
		if got := longDate(p, d); got != fmt.Sprintf("%s %d Rhagfyr 2026", want, 14+i) {
			t.Errorf("longDate(%s) = %q, want %s", d, got, want)
		}
	}
}

// TestFileTypesHaveNames: every type of file the library accepts has a name in the
// catalog, and a type it does not know is a "File".
func TestFileTypesHaveNames(t *testing.T) {
	seen := map[string]bool{}
	for _, ft := range files.Types {
		m, ok := fileTypeNames[ft.MIME]
		if !ok {
			t.Errorf("%s has no name", ft.MIME)
			continue
		}
		name := locale.English.Msg(m)
		if name == "" || name == m.Key || seen[name] {
			t.Errorf("%s is named %q", ft.MIME, name)
		}
		seen[name] = true
	}
	if got := fileWithTypeName(locale.English, model.FileVersion{ContentType: "application/pdf"}).TypeName; got != "PDF" {
		t.Errorf("a PDF is a %q", got)
	}
	if got := fileWithTypeName(locale.English, model.FileVersion{ContentType: "application/x-unknown"}).TypeName; got != "File" {
		t.Errorf("an unknown type is a %q", got)
	}
}
