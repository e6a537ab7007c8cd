package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

// TestCopyDataCopiesEveryTable fills every table of the migrated schema with at least one
// row, copies the database with copy-data and counts every table on both sides itself,
// so that a table copy-data leaves out fails the test. The rows come from every
// feature's demo data (feature.Seed, which `seed --demo` adds): a feature's demo data
// writes a row to each table the feature owns, and a table left empty fails the test.
// fillEveryTable adds only what demo data cannot hold. With LD_TEST_POSTGRES_URL set the
// copy goes from SQLite to PostgreSQL, otherwise into another SQLite database.
func TestCopyDataCopiesEveryTable(t *testing.T) {
	ctx := context.Background()
	srcPath := filepath.Join(t.TempDir(), "src.db")
	src, err := store.Open(ctx, "sqlite:"+srcPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(ctx, src); err != nil {
		t.Fatalf("seed: %v", err)
	}
	fillEveryTable(t, src)
	cols, err := src.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src.Close()

	srcDB := rawDB(t, "sqlite:"+srcPath)
	before := map[string]int{}
	for table := range cols {
		before[table] = countRows(t, srcDB, table)
		if before[table] == 0 {
			t.Errorf("the demo data leaves table %s empty: give the feature that owns it demo data (feature.Seed) that writes a row, so that copy-data is tested on it", table)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	dst := testdb.URL(t, os.Getenv)
	r := run(t, nil, "copy-data", "--from", "sqlite:"+srcPath, "--to", dst)
	if r.code != 0 || !strings.Contains(r.stdout, "Copied.") {
		t.Fatalf("copy-data: %+v", r)
	}
	dstDB := rawDB(t, dst)
	for table, n := range before {
		if got := countRows(t, dstDB, table); got != n {
			t.Errorf("%s: %d rows in the source, %d in the copy", table, n, got)
		}
	}
}

// fillEveryTable adds, through the store, the rows demo data cannot hold: sign-in links
// and sessions, a rate limit, uploaded files, a report, a booking, a signing journey in
// progress, a corrected name and a write probe. A new feature's tables are filled by its
// demo data instead (TestCopyDataCopiesEveryTable).
func fillEveryTable(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	admin := model.Actor{Label: "test"}
	email := func(to string) model.Email {
		return model.Email{To: to, Kind: "sign_in", Subject: "Sign in", Body: "A link"}
	}
	// An unused sign-in link, and a session from another one.
	must("request sign-in", db.RequestSignIn(ctx, "unused-token", "member@hackney.gov.uk", email("member@hackney.gov.uk")))
	must("request sign-in", db.RequestSignIn(ctx, "used-token", "member@hackney.gov.uk", email("member@hackney.gov.uk")))
	user, err := db.SignIn(ctx, "used-token", "session-hash", "csrf")
	must("sign in", err)
	member := model.Actor{UserID: user.ID, Label: user.Email}
	_, _, err = db.Hit(ctx, "sign-in:member@hackney.gov.uk", model.SessionTTL)
	must("rate limit", err)

	hackney, err := db.OrganisationBySlug(ctx, "hackney")
	must("hackney", err)
	res := &model.Resource{Type: "service_pattern", Title: "Repairs data model", Summary: "A data model for housing repairs.",
		Licence: "OGL-UK-3.0", Organisations: []model.OrgRef{{ID: hackney.ID}}, Principles: []int{2},
		Services: []model.Service{{Code: 524}}}
	must("publish with a file", db.PublishResource(ctx, member, res, []store.FileUpload{{Name: "model.pdf", StoredName: "stored-model.pdf",
		ContentType: "application/pdf", Size: 4, SHA256: strings.Repeat("ab", 32), Place: func() error { return nil }}}))
	_, err = db.Report(ctx, store.Resources, member, res.ID, "It names a person.")
	must("report", err)
	_, err = db.UseResource(ctx, admin, res.ID, hackney.ID, "We use it.")
	must("use", err)
	cs := &model.CaseStudy{Title: "Repairs data", Summary: "A summary.", Problem: "A problem.", Approach: "An approach.",
		Outcomes: "Outcomes.", Lessons: "Lessons.", Organisations: []model.OrgRef{{ID: hackney.ID}}, Principles: []int{2},
		Services: []model.Service{{Code: 524}}, Links: []model.CaseStudyLink{{Title: "The data model", ResourceID: res.ID}}}
	must("case study", db.CreateCaseStudy(ctx, member, cs))
	_, err = db.Report(ctx, store.CaseStudies, member, cs.ID, "It names a street.")
	must("case study report", err)
	events, _, err := db.ListEvents(ctx, model.EventQuery{When: model.EventsAll, Page: 1, PerPage: 10})
	must("events", err)
	if len(events) == 0 {
		t.Fatal("the demo seed has no events")
	}
	_, err = db.BookEvent(ctx, member, events[0].ID, func(store.EventNotice) []model.Email { return nil })
	must("book", err)
	// A signing journey in progress, an image for a case study, a corrected name (an
	// alias and an old slug) and a write probe.
	must("draft", db.SaveSigningDraft(ctx, user.ID, `{"org_id":1}`))
	_, err = db.AddCaseStudyImage(ctx, member, hackney.ID, store.FileUpload{Name: "chart.png", StoredName: "stored-chart.png",
		ContentType: "image/png", Size: 4, SHA256: strings.Repeat("cd", 32), Place: func() error { return nil }})
	must("case study image", err)
	must("rename", db.RenameOrganisation(ctx, admin, hackney.ID, "Hackney Council", true))
	must("write probe", db.ProbeWrite(ctx))
}

// rawDB opens a database behind the store's back, to count its rows independently.
func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", url
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		driver, dsn = "sqlite", path
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countRows(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
