package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
	"github.com/localdigital/localdigital/internal/web"
)

// dashboardNow is the clock of the dashboard's world: five years after the launch.
var dashboardNow = time.Date(2023, time.July, 15, 12, 0, 0, 0, time.UTC)

// dashboardWorld is the real register (and extra organisations up to orgs) with
// signatures generated over five years and training attended, written in a few batched
// statements; raw reads the same database with SQL of its own.
type dashboardWorld struct {
	db  *store.DB
	raw *sql.DB
	h   http.Handler
}

func newDashboardWorld(tb testing.TB, orgs int) *dashboardWorld {
	tb.Helper()
	ctx := context.Background()
	raw, err := os.ReadFile(registerFile)
	if os.IsNotExist(err) {
		tb.Skipf("the register %s is not here (it lives in ../shared beside the repository)", registerFile)
	}
	if err != nil {
		tb.Fatal(err)
	}
	register, err := importer.ParseOrganisations(bytes.NewReader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	url := testdb.Migrated(tb, os.Getenv, store.MigrateURL)
	db, err := store.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return dashboardNow }
	if _, err := db.ImportOrganisations(ctx, model.Actor{Label: "test"}, register); err != nil {
		tb.Fatal(err)
	}
	for i := len(register); i < orgs; i++ { // bodies that are not councils
		o := &model.Organisation{Name: fmt.Sprintf("Digital Partnership %d", i), TypeCode: "OTHER", TypeName: "Other",
			Nation: "England", Region: "London", Website: fmt.Sprintf("https://partnership%d.example.org", i)}
		if err := db.CreateOrganisation(ctx, model.Actor{Label: "test"}, o); err != nil {
			tb.Fatal(err)
		}
	}
	w := &dashboardWorld{db: db}
	if testdb.Engine(os.Getenv) == "postgres" {
		w.raw, err = sql.Open("pgx", url)
	} else {
		w.raw, err = sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")+"?_pragma=busy_timeout(10000)&_time_format=sqlite")
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.raw.Close() })
	w.generate(tb)
	if w.h, err = web.New(db, slog.New(slog.DiscardHandler), web.Options{BaseURL: baseURL}); err != nil {
		tb.Fatal(err)
	}
	return w
}

func (w *dashboardWorld) exec(tb testing.TB, q string, args ...any) {
	tb.Helper()
	if _, err := w.raw.Exec(q, args...); err != nil {
		tb.Fatalf("%.80s…: %v", q, err)
	}
}

// insert writes rows into table in one statement.
func (w *dashboardWorld) insert(tb testing.TB, table string, cols []string, rows [][]any) {
	tb.Helper()
	if len(rows) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	var args []any
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			fmt.Fprintf(&b, "$%d", len(args))
		}
		b.WriteByte(')')
	}
	w.exec(tb, b.String(), args...)
}

// generate signs three organisations in four between the launch and now, at random times
// (one just after midnight on 1 July 2019, London time, which is still June in UTC), some
// withdrawn since, some signed again after withdrawing, some still waiting; and runs
// training: events for each audience over the years, attended by people (some twice in a
// year, some since deleted), one event cancelled, one booking without an organisation.
func (w *dashboardWorld) generate(tb testing.TB) {
	tb.Helper()
	rnd := rand.New(rand.NewPCG(12, 2018))
	var ids []int64
	rows, err := w.raw.Query(`SELECT id FROM organisations ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	launch := time.Date(2018, time.July, 4, 9, 0, 0, 0, time.UTC)
	span := dashboardNow.Sub(launch)
	at := func() time.Time { return launch.Add(time.Duration(rnd.Int64N(int64(span)))).Truncate(time.Second) }
	cols := []string{"id", "organisation_id", "declaration_version", "status", "title", "mission", "impact",
		"created_at", "updated_at", "verified_at", "withdrawn_at"}
	var sigs [][]any
	published := map[int64]int64{}
	sig := func(org int64, status string, verified, withdrawn any, created time.Time) int64 {
		id := int64(len(sigs) + 1)
		sigs = append(sigs, []any{id, org, 1, status, "Commitment", "Mission", "Impact", created, created, verified, withdrawn})
		return id
	}
	for i, org := range ids {
		switch r := rnd.IntN(100); {
		case i == 0:
			t := time.Date(2019, time.June, 30, 23, 30, 0, 0, time.UTC)
			published[org] = sig(org, "verified", t, nil, t)
		case r < 62:
			t := at()
			published[org] = sig(org, "verified", t, nil, t)
		case r < 68: // withdrawn, not signed again
			t := at()
			published[org] = sig(org, "withdrawn", t, dashboardNow.Add(-time.Hour), t)
		case r < 75: // withdrawn, then signed again
			t := at()
			sig(org, "withdrawn", t, t.Add(time.Hour), t)
			later := t.Add(2 * time.Hour)
			published[org] = sig(org, "verified", later, nil, later)
		case r < 78: // waiting for verification: not published
			t := at()
			sig(org, "awaiting_verification", nil, nil, t)
		}
	}
	w.insert(tb, "signatures", cols, sigs)
	for org, s := range published {
		w.exec(tb, `UPDATE organisations SET published_signature_id = $1 WHERE id = $2`, s, org)
	}

	var users [][]any
	for i := range 120 {
		users = append(users, []any{i + 1, fmt.Sprintf("person%d@example.gov.uk", i), ids[i%len(ids)], dashboardNow})
	}
	w.insert(tb, "users", []string{"id", "email", "organisation_id", "created_at"}, users)
	var events, bookings [][]any
	for e := range 30 {
		starts := at()
		var cancelled any
		if e == 7 {
			cancelled = starts
		}
		events = append(events, []any{e + 1, ids[e%len(ids)], model.Audiences[e%len(model.Audiences)], "online", "Training",
			"About it", starts, starts.Add(time.Hour), 40, starts, cancelled, starts, starts})
		for b := range 25 {
			user := any(int64(rnd.IntN(len(users)) + 1))
			status := []string{"attended", "attended", "attended", "no_show", "cancelled"}[rnd.IntN(5)]
			if b == 0 {
				user = nil // the person has deleted their account
			}
			org := any(ids[(b*7+e)%len(ids)])
			if b == 1 {
				org = nil
			}
			bookings = append(bookings, []any{len(bookings) + 1, e + 1, user, org, status, starts, starts})
		}
	}
	// markers of half the organisations, dated never within two days of a signing (the
	// baseline is the value on the signing day)
	var markers [][]any
	for i, org := range ids {
		if i%2 == 1 {
			continue
		}
		signed := launch.Add(span / 2)
		if p, ok := published[org]; ok {
			signed = sigs[p-1][9].(time.Time)
		}
		day := func() time.Time {
			for {
				d := at().AddDate(-1, 0, 0).Truncate(24 * time.Hour)
				if d.Before(dashboardNow.AddDate(0, 0, -1)) && (d.Before(signed.AddDate(0, 0, -2)) || d.After(signed.AddDate(0, 0, 2))) {
					return d
				}
			}
		}
		var confirmed any
		if rnd.IntN(10) < 7 {
			confirmed = dashboardNow
		}
		markers = append(markers,
			[]any{len(markers) + 1, org, model.MarkerStrategy, day(), "", "https://example.gov.uk/strategy", confirmed, dashboardNow},
			[]any{len(markers) + 2, org, model.MarkerCyber, day(), model.CyberStates[rnd.IntN(3)], "", nil, dashboardNow},
			[]any{len(markers) + 3, org, model.MarkerCyber, day(), model.CyberStates[rnd.IntN(3)], "", nil, dashboardNow},
			[]any{len(markers) + 4, org, model.MarkerAssessments, day(), strconv.Itoa(rnd.IntN(3)), "", nil, dashboardNow},
			[]any{len(markers) + 5, org, model.MarkerOpenCode, day(), "", "https://github.com/example", nil, dashboardNow})
	}
	w.insert(tb, "organisation_markers", []string{"id", "organisation_id", "marker", "as_of", "value", "url", "confirmed_at", "created_at"}, markers)
	// commitments of the published signatures, and self-assessments over two quarters
	var commitments, assessments, levels [][]any
	for org, sid := range published {
		st := model.CommitmentStatuses[rnd.IntN(len(model.CommitmentStatuses))]
		commitments = append(commitments, []any{len(commitments) + 1, sid, org, st, dashboardNow, dashboardNow, dashboardNow})
		for q := range 1 + rnd.IntN(2) {
			assessments = append(assessments, []any{len(assessments) + 1, org, 2023, 1 + q, "2023-0" + strconv.Itoa(3*q+1) + "-01", true, dashboardNow})
			for p := 1; p <= 5; p++ {
				levels = append(levels, []any{len(assessments), p, 1 + rnd.IntN(4), "Evidence"})
			}
		}
	}
	w.insert(tb, "commitments", []string{"id", "signature_id", "organisation_id", "status", "due_at", "status_at", "created_at"}, commitments)
	w.insert(tb, "self_assessments", []string{"id", "organisation_id", "year", "quarter", "as_of", "latest", "created_at"}, assessments)
	w.insert(tb, "self_assessment_levels", []string{"self_assessment_id", "principle", "level", "evidence"}, levels)

	// the Digital Marketplace: a third of the organisations bought through it, and one
	// buyer waits for review
	var buyers, opportunities [][]any
	for i, org := range ids {
		if i%3 != 0 {
			continue
		}
		buyers = append(buyers, []any{len(buyers) + 1, fmt.Sprintf("buyer %d|", i), fmt.Sprintf("Buyer %d", i), "matched", org, dashboardNow})
		for range 1 + rnd.IntN(3) {
			opportunities = append(opportunities, []any{len(opportunities) + 1, fmt.Sprintf("opp-%d", len(opportunities)), "Work", len(buyers), at(), dashboardNow})
		}
	}
	buyers = append(buyers, []any{len(buyers) + 1, "nobody|", "Nobody", "review", nil, dashboardNow})
	opportunities = append(opportunities, []any{len(opportunities) + 1, "opp-review", "Work", len(buyers), at(), dashboardNow})
	w.insert(tb, "marketplace_buyers", []string{"id", "buyer_key", "name", "status", "organisation_id", "created_at"}, buyers)
	w.insert(tb, "marketplace_opportunities", []string{"id", "opportunity_id", "title", "buyer_id", "published_at", "imported_at"}, opportunities)
	w.insert(tb, "events", []string{"id", "organisation_id", "audience", "format", "title", "description", "starts_at",
		"ends_at", "capacity", "booking_deadline", "cancelled_at", "created_at", "updated_at"}, events)
	w.insert(tb, "event_bookings", []string{"id", "event_id", "user_id", "organisation_id", "status", "created_at", "updated_at"}, bookings)
	if testdb.Engine(os.Getenv) == "postgres" { // the ids were given: move the sequences on
		for _, t := range []string{"signatures", "users", "events", "event_bookings", "organisation_markers", "marketplace_buyers", "marketplace_opportunities",
			"commitments", "self_assessments"} {
			w.exec(tb, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`)
		}
	}
}

func (w *dashboardWorld) get(tb testing.TB, path string) string {
	tb.Helper()
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d\n%s", path, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// count is one figure counted from the database.
func (w *dashboardWorld) count(tb testing.TB, q string, args ...any) int {
	tb.Helper()
	var n int
	if err := w.raw.QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

// chartTable reads the figures of the chart id's table on a page: label, then a value per
// series, as written ("1,234").
func chartTable(tb testing.TB, body, id string) map[string][]string {
	tb.Helper()
	start := strings.Index(body, `<div class="ld-chart" id="`+id+`">`)
	if start < 0 {
		tb.Fatalf("no chart %s", id)
	}
	part := body[start:]
	part = part[:strings.Index(part, "</table>")]
	out := map[string][]string{}
	row := regexp.MustCompile(`<th scope="row" class="govuk-table__header">([^<]*)</th>((?:<td[^>]*>[^<]*</td>)+)`)
	cell := regexp.MustCompile(`<td[^>]*>([^<]*)</td>`)
	for _, m := range row.FindAllStringSubmatch(part, -1) {
		for _, c := range cell.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], c[1])
		}
	}
	return out
}

func commaInt(n int) string { // as the pages write counts
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestDashboardFiguresAgree counts every figure of the dashboard from the database, with
// SQL of its own, and finds the same in the page's tables, the JSON and the CSV.
func TestDashboardFiguresAgree(t *testing.T) {
	w := newDashboardWorld(t, 0)
	page := w.get(t, "/dashboard")
	var api struct {
		Signed int      `json:"signed"`
		Months []string `json:"months"`
		Total  []int    `json:"total"`
		ByType []struct {
			Key        string `json:"key"`
			Signed     int    `json:"signed"`
			Cumulative []int  `json:"cumulative"`
		} `json:"by_type"`
		ByNation []struct {
			Key        string `json:"key"`
			Signed     int    `json:"signed"`
			Cumulative []int  `json:"cumulative"`
		} `json:"by_nation"`
		ByRegion []struct {
			Key        string `json:"key"`
			Signed     int    `json:"signed"`
			Cumulative []int  `json:"cumulative"`
		} `json:"by_region"`
		Councils struct {
			Signed   int `json:"signed"`
			Councils int `json:"councils"`
			ByNation []struct {
				Key      string `json:"key"`
				Signed   int    `json:"signed"`
				Councils int    `json:"councils"`
			} `json:"by_nation"`
			ByRegion []struct {
				Key      string `json:"key"`
				Signed   int    `json:"signed"`
				Councils int    `json:"councils"`
			} `json:"by_region"`
		} `json:"councils"`
	}
	if err := json.Unmarshal([]byte(w.get(t, "/api/v1/dashboard/signatories")), &api); err != nil {
		t.Fatal(err)
	}
	csvRows, err := csv.NewReader(strings.NewReader(w.get(t, "/api/v1/dashboard/signatories.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fromCSV := map[string]string{} // breakdown|key|month -> signed (and |councils)
	for _, r := range csvRows[1:] {
		fromCSV[r[0]+"|"+r[1]+"|"+r[2]] = r[3]
		if r[4] != "" {
			fromCSV[r[0]+"|"+r[1]+"|councils"] = r[4]
		}
	}
	const signedSQL = `SELECT COUNT(*) FROM organisations o JOIN signatures s ON s.id = o.published_signature_id WHERE s.status = 'verified'`

	t.Run("signed now", func(t *testing.T) {
		n := w.count(t, signedSQL)
		if n < 250 || api.Signed != n || !strings.Contains(page, `id="dashboard-signed">`+commaInt(n)+`</span>`) {
			t.Errorf("signed: database %d, API %d", n, api.Signed)
		}
	})

	t.Run("month by month", func(t *testing.T) {
		if len(api.Months) != 61 || api.Months[0] != "2018-07" || api.Months[60] != "2023-07" {
			t.Fatalf("months %v", api.Months)
		}
		total := chartTable(t, page, "sign-ups")
		byNation := chartTable(t, page, "sign-ups-by-nation")
		nations := []string{}
		for _, b := range api.ByNation {
			nations = append(nations, b.Key)
		}
		if !slices.Equal(nations, []string{"England", "Scotland", "Wales", "Northern Ireland"}) {
			t.Errorf("nations %v", nations)
		}
		for i, m := range api.Months {
			y, _ := strconv.Atoi(m[:4])
			mo, _ := strconv.Atoi(m[5:])
			end := time.Date(y, time.Month(mo)+1, 1, 0, 0, 0, 0, model.London) // the month's end, in London
			label := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC).Format("January 2006")
			n := w.count(t, signedSQL+` AND s.verified_at < $1`, end.UTC())
			if api.Total[i] != n || fromCSV["total||"+m] != strconv.Itoa(n) || total[label][0] != commaInt(n) {
				t.Errorf("%s: database %d, API %d, CSV %s, page %v", m, n, api.Total[i], fromCSV["total||"+m], total[label])
			}
			for j, b := range api.ByNation {
				n := w.count(t, signedSQL+` AND s.verified_at < $1 AND o.nation = $2`, end.UTC(), b.Key)
				if b.Cumulative[i] != n || fromCSV["nation|"+b.Key+"|"+m] != strconv.Itoa(n) || byNation[label][j] != commaInt(n) {
					t.Errorf("%s %s: database %d, API %d, CSV %s, page %v", m, b.Key, n, b.Cumulative[i], fromCSV["nation|"+b.Key+"|"+m], byNation[label])
				}
			}
			for _, b := range api.ByRegion {
				if n := w.count(t, signedSQL+` AND s.verified_at < $1 AND o.region = $2`, end.UTC(), b.Key); b.Cumulative[i] != n || fromCSV["region|"+b.Key+"|"+m] != strconv.Itoa(n) {
					t.Errorf("%s %s: database %d, API %d", m, b.Key, n, b.Cumulative[i])
				}
			}
			for _, b := range api.ByType {
				if n := w.count(t, signedSQL+` AND s.verified_at < $1 AND o.type_code = $2`, end.UTC(), b.Key); b.Cumulative[i] != n || fromCSV["type|"+b.Key+"|"+m] != strconv.Itoa(n) {
					t.Errorf("%s %s: database %d, API %d", m, b.Key, n, b.Cumulative[i])
				}
			}
		}
		// Midnight on 1 July 2019 in London is 30 June in UTC: July's sign-up.
		if api.Total[12]-api.Total[11] < 1 {
			t.Errorf("July 2019 has no sign-up: %v", api.Total[10:14])
		}
	})

	t.Run("now by type and region", func(t *testing.T) {
		byType, byRegion := chartTable(t, page, "sign-ups-by-type"), chartTable(t, page, "sign-ups-by-region")
		sum := 0
		for _, b := range api.ByType {
			n := w.count(t, signedSQL+` AND o.type_code = $1`, b.Key)
			ty, _ := model.LookupOrgType(b.Key)
			if b.Signed != n || byType[printerText(ty.Name)][0] != commaInt(n) {
				t.Errorf("type %s: database %d, API %d, page %v", b.Key, n, b.Signed, byType[printerText(ty.Name)])
			}
			sum += n
		}
		for _, b := range api.ByRegion {
			n := w.count(t, signedSQL+` AND o.region = $1`, b.Key)
			if name := printerText(model.RegionName(b.Key)); b.Signed != n || byRegion[name][0] != commaInt(n) {
				t.Errorf("region %s: database %d, API %d, page %v", b.Key, n, b.Signed, byRegion[name])
			}
		}
		if sum != api.Signed || len(api.ByRegion) != 12 {
			t.Errorf("types add up to %d, not %d; %d regions", sum, api.Signed, len(api.ByRegion))
		}
	})

	t.Run("councils' shares", func(t *testing.T) {
		councilTypes := []string{}
		for _, ty := range model.OrgTypes {
			if ty.Council {
				councilTypes = append(councilTypes, "'"+ty.Code+"'")
			}
		}
		in := ` AND o.type_code IN (` + strings.Join(councilTypes, ", ") + `)`
		allSQL := `SELECT COUNT(*) FROM organisations o WHERE 1 = 1` + in
		if n, s := w.count(t, allSQL), w.count(t, signedSQL+in); api.Councils.Councils != n || api.Councils.Signed != s || n != 397 {
			t.Errorf("councils: database %d of %d, API %d of %d", s, n, api.Councils.Signed, api.Councils.Councils)
		}
		nations := chartTable(t, page, "councils-by-nation")
		for _, c := range api.Councils.ByNation {
			n, s := w.count(t, allSQL+` AND o.nation = $1`, c.Key), w.count(t, signedSQL+in+` AND o.nation = $1`, c.Key)
			line := fmt.Sprintf("<li>%s: %s of %s</li>", c.Key, commaInt(s), commaInt(n))
			if c.Signed != s || c.Councils != n || !strings.Contains(page, line) ||
				!slices.Equal(nations[c.Key], []string{commaInt(s), commaInt(n)}) ||
				fromCSV["councils_by_nation|"+c.Key+"|"] != strconv.Itoa(s) || fromCSV["councils_by_nation|"+c.Key+"|councils"] != strconv.Itoa(n) {
				t.Errorf("%s: database %d of %d, API %d of %d, page %v", c.Key, s, n, c.Signed, c.Councils, nations[c.Key])
			}
		}
		if want := 22; !strings.Contains(page, fmt.Sprintf(" of %d</li>", want)) {
			t.Errorf("no Welsh councils' share (of 22) on the page")
		}
		regions := chartTable(t, page, "councils-by-region")
		for _, c := range api.Councils.ByRegion {
			n, s := w.count(t, allSQL+` AND o.region = $1`, c.Key), w.count(t, signedSQL+in+` AND o.region = $1`, c.Key)
			if c.Signed != s || c.Councils != n || !slices.Equal(regions[c.Key], []string{commaInt(s), commaInt(n)}) {
				t.Errorf("%s: database %d of %d, API %d of %d, page %v", c.Key, s, n, c.Signed, c.Councils, regions[c.Key])
			}
		}
	})

	t.Run("markers", func(t *testing.T) { w.checkMarkers(t, page) })

	t.Run("commitments and self-assessment", func(t *testing.T) {
		var c struct {
			ByStatus []struct {
				Status string `json:"status"`
				Count  int    `json:"count"`
			} `json:"by_status"`
		}
		if err := json.Unmarshal([]byte(w.get(t, "/api/v1/dashboard/commitments")), &c); err != nil || len(c.ByStatus) != 5 {
			t.Fatalf("%+v, %v", c, err)
		}
		cCSV, _ := csv.NewReader(strings.NewReader(w.get(t, "/api/v1/dashboard/commitments.csv"))).ReadAll()
		chart := chartTable(t, page, "commitments")
		for i, s := range c.ByStatus {
			n := w.count(t, signedSQL+` AND EXISTS (SELECT 1 FROM commitments c WHERE c.signature_id = s.id AND c.status = $1)`, s.Status)
			if s.Count != n || cCSV[i+1][1] != strconv.Itoa(n) || chart[printerText(model.CommitmentStatusName(s.Status))][0] != commaInt(n) {
				t.Errorf("%s: database %d, API %d, CSV %v, page %v", s.Status, n, s.Count, cCSV[i+1], chart[printerText(model.CommitmentStatusName(s.Status))])
			}
		}
		var sa struct {
			Principles []struct {
				Principle int    `json:"principle"`
				Levels    [4]int `json:"levels"`
			} `json:"principles"`
		}
		if err := json.Unmarshal([]byte(w.get(t, "/api/v1/dashboard/self-assessment")), &sa); err != nil || len(sa.Principles) != 5 {
			t.Fatalf("%+v, %v", sa, err)
		}
		saCSV, _ := csv.NewReader(strings.NewReader(w.get(t, "/api/v1/dashboard/self-assessment.csv"))).ReadAll()
		levels := chartTable(t, page, "self-assessment")
		const atLevel = ` AND EXISTS (SELECT 1 FROM self_assessments a JOIN self_assessment_levels l ON l.self_assessment_id = a.id
WHERE a.organisation_id = o.id AND a.latest AND l.principle = $1 AND l.level = $2 AND a.year * 4 + a.quarter =
(SELECT MAX(a2.year * 4 + a2.quarter) FROM self_assessments a2 WHERE a2.organisation_id = o.id AND a2.latest))`
		total := 0
		for i, p := range sa.Principles {
			row := levels[printerText(model.NumberedPrinciple(p.Principle))]
			for l := 1; l <= 4; l++ {
				n := w.count(t, signedSQL+atLevel, p.Principle, l)
				total += n
				if p.Levels[l-1] != n || saCSV[1+i*4+l-1][2] != strconv.Itoa(n) || len(row) != 4 || row[l-1] != commaInt(n) {
					t.Errorf("principle %d level %d: database %d, API %d, CSV %v, page %v", p.Principle, l, n, p.Levels[l-1], saCSV[1+i*4+l-1], row)
				}
			}
		}
		if total != 5*api.Signed {
			t.Errorf("%d levels counted, want five for each of %d signatories", total, api.Signed)
		}
	})

	t.Run("training", func(t *testing.T) {
		var tr struct {
			Years      []int `json:"years"`
			ByAudience []struct {
				Audience string `json:"audience"`
				Total    int    `json:"total"`
				ByYear   []int  `json:"by_year"`
			} `json:"by_audience"`
		}
		if err := json.Unmarshal([]byte(w.get(t, "/api/v1/dashboard/training")), &tr); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(w.get(t, "/api/v1/dashboard/training.csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		fromCSV := map[string]string{}
		for _, r := range rows[1:] {
			fromCSV[r[0]+"|"+r[1]] = r[2]
		}
		const people = `SELECT COUNT(DISTINCT COALESCE(b.user_id, -b.id)) FROM event_bookings b JOIN events e ON e.id = b.event_id
WHERE b.status = 'attended' AND e.cancelled_at IS NULL AND b.organisation_id IS NOT NULL AND e.audience = $1`
		all, byYear := chartTable(t, page, "training"), chartTable(t, page, "training-by-year")
		if len(tr.ByAudience) != 3 || len(tr.Years) == 0 {
			t.Fatalf("training %+v", tr)
		}
		sum := 0
		for j, a := range tr.ByAudience {
			n := w.count(t, people, a.Audience)
			name := printerText(model.AudienceName(a.Audience))
			if a.Total != n || fromCSV[a.Audience+"|all"] != strconv.Itoa(n) || all[name][0] != commaInt(n) {
				t.Errorf("%s: database %d, API %d, CSV %s, page %v", a.Audience, n, a.Total, fromCSV[a.Audience+"|all"], all[name])
			}
			for i, y := range tr.Years {
				from := time.Date(y, time.January, 1, 0, 0, 0, 0, model.London).UTC()
				n := w.count(t, people+` AND e.starts_at >= $2 AND e.starts_at < $3`, a.Audience, from, from.AddDate(1, 0, 0))
				sum += n
				if a.ByYear[i] != n || fromCSV[a.Audience+"|"+strconv.Itoa(y)] != strconv.Itoa(n) || byYear[strconv.Itoa(y)][j] != commaInt(n) {
					t.Errorf("%s %d: database %d, API %d, page %v", a.Audience, y, n, a.ByYear[i], byYear[strconv.Itoa(y)])
				}
			}
		}
		if sum == 0 {
			t.Error("nobody attended training")
		}
	})
}

// TestDashboardFiguresAgree/markers counts, with SQL of its own, the signatories that met
// each marker on signing (the latest value as of then, or else the first after) and now.
func (w *dashboardWorld) checkMarkers(t *testing.T, page string) {
	var api struct {
		Markers []struct {
			Marker   string `json:"marker"`
			Baseline int    `json:"baseline"`
			Now      int    `json:"now"`
		} `json:"markers"`
	}
	if err := json.Unmarshal([]byte(w.get(t, "/api/v1/dashboard/markers")), &api); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(w.get(t, "/api/v1/dashboard/markers.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	chart := chartTable(t, page, "markers")
	met := map[string]string{
		model.MarkerStrategy:    `m.url <> '' AND m.confirmed_at IS NOT NULL`,
		model.MarkerCyber:       `m.value = 'complete'`,
		model.MarkerAssessments: `m.value <> '' AND m.value <> '0'`,
		model.MarkerOpenCode:    `m.url <> ''`,
	}
	const signatories = `SELECT COUNT(*) FROM organisations o JOIN signatures s ON s.id = o.published_signature_id WHERE s.status = 'verified' AND `
	// of two values on one day, the one written later
	pick := func(order, cond string) string {
		return `(SELECT m2.id FROM organisation_markers m2 WHERE m2.organisation_id = o.id AND m2.marker = $1 AND ` + cond + ` ORDER BY m2.as_of ` + order + `, m2.id DESC LIMIT 1)`
	}
	if len(api.Markers) != 6 || len(rows) != 7 {
		t.Fatalf("markers %+v, CSV %v", api.Markers, rows)
	}
	for i, m := range api.Markers {
		var base, now int
		if m.Marker == model.MarkerMarketplace {
			bought := `EXISTS (SELECT 1 FROM marketplace_opportunities p JOIN marketplace_buyers b ON b.id = p.buyer_id WHERE b.status = 'matched' AND b.organisation_id = o.id`
			now = w.count(t, signatories+bought+`)`)
			base = w.count(t, signatories+bought+` AND p.published_at <= s.verified_at)`)
		} else if m.Marker == model.MarkerTraining {
			attended := `EXISTS (SELECT 1 FROM event_bookings b JOIN events e ON e.id = b.event_id WHERE b.organisation_id = o.id AND b.status = 'attended' AND e.cancelled_at IS NULL`
			now = w.count(t, signatories+attended+`)`)
			base = w.count(t, signatories+attended+` AND e.starts_at <= s.verified_at)`)
		} else {
			baseline := `COALESCE(` + pick("DESC", `m2.as_of <= s.verified_at`) + `, ` + pick("ASC", `m2.as_of > s.verified_at`) + `)`
			latest := pick("DESC", `m2.as_of <= $2`)
			base = w.count(t, signatories+`EXISTS (SELECT 1 FROM organisation_markers m WHERE m.id = `+baseline+` AND `+met[m.Marker]+`)`, m.Marker)
			now = w.count(t, signatories+`EXISTS (SELECT 1 FROM organisation_markers m WHERE m.id = `+latest+` AND `+met[m.Marker]+`)`, m.Marker, dashboardNow)
		}
		name := printerText(model.MarkerName(m.Marker))
		if m.Baseline != base || m.Now != now || rows[i+1][0] != m.Marker || rows[i+1][1] != strconv.Itoa(base) || rows[i+1][2] != strconv.Itoa(now) ||
			!slices.Equal(chart[name], []string{commaInt(base), commaInt(now)}) {
			t.Errorf("%s: database %d then %d now, API %d and %d, CSV %v, page %v", m.Marker, base, now, m.Baseline, m.Now, rows[i+1], chart[name])
		}
		// one value is its own baseline (the first after signing); Cyber has two, and changes
		if now == 0 || (m.Marker != model.MarkerStrategy && m.Marker != model.MarkerAssessments && m.Marker != model.MarkerOpenCode && base == now) {
			t.Errorf("%s: %d then, %d now: the world shows no change", m.Marker, base, now)
		}
	}
}

// printerText is a message in English words, as the dashboard writes it.
func printerText(m model.Msg) string { return locale.English.Msg(m) }

// BenchmarkDashboardAfresh builds /dashboard afresh on every request (a cookie keeps the
// page cache out), with 400 organisations and five years of sign-ups and training: the
// budget is 50 ms.
func BenchmarkDashboardAfresh(b *testing.B) {
	benchPageWithCookie(b, newDashboardWorld(b, 400).h, "/dashboard", true)
}

// BenchmarkDashboard is /dashboard as anonymous visitors get it.
func BenchmarkDashboard(b *testing.B) {
	benchPage(b, newDashboardWorld(b, 400).h, "/dashboard")
}
