package store

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/model"
)

// searchNames lists the names of every organisation whose names match q.
func searchNames(t *testing.T, db *DB, q string) []string {
	t.Helper()
	rows, _, err := db.ListRegister(t.Context(), model.RegisterQuery{Q: q, Page: 1, PerPage: 50}, ModeAll)
	if err != nil {
		t.Fatal(err)
	}
	return rowNames(rows)
}

// TestImportRealRegisterNamesAndAliases imports the real register: councils show the
// register's official name (North Yorkshire Council, Somerset Council), and search finds
// them by GOV.UK's old county names and their short names too.
func TestImportRealRegisterNamesAndAliases(t *testing.T) {
	db, _ := newTestDB(t)
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "uk_local_authorities.csv"))
	if err != nil {
		t.Skipf("no register: %v", err)
	}
	defer f.Close()
	orgs, err := importer.ParseOrganisations(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportOrganisations(t.Context(), admin, orgs); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"north yorkshire county council": {"North Yorkshire Council"},
		"somerset county council":        {"Somerset Council"},
		"north yorkshire council":        {"North Yorkshire Council"},
	} {
		wantStrings(t, "search "+q, searchNames(t, db, q), want)
	}
	org, err := db.OrganisationBySlug(t.Context(), "north-yorkshire")
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "North Yorkshire Council" || !slices.Contains(org.Aliases, "North Yorkshire County Council") {
		t.Errorf("north-yorkshire = %q, aliases %v", org.Name, org.Aliases)
	}
	// A second import of the same file changes nothing.
	again, _ := importer.ParseOrganisations(mustOpen(t, filepath.Join("..", "..", "..", "shared", "data", "uk_local_authorities.csv")))
	res, err := db.ImportOrganisations(t.Context(), admin, again)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Updated != 0 {
		t.Errorf("second import = %+v, want everything unchanged", res)
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestRenameOrganisationSurvivesImport: a platform admin corrects a name; the old name
// becomes an alias search finds, the change is audited, and a later import keeps the
// correction (the register's name becomes an alias).
func TestRenameOrganisationSurvivesImport(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	row := func() []model.Organisation {
		return []model.Organisation{{Name: "Somerset Council", OfficialName: "Somerset Council", TypeCode: "UA",
			TypeName: "Unitary authority", Nation: "England", Region: "South West", GSSCode: "E06000066", LACode: "SMT",
			Slug: "somerset", Aliases: []string{"Somerset", "Somerset County Council"}}}
	}
	if _, err := db.ImportOrganisations(ctx, admin, row()); err != nil {
		t.Fatal(err)
	}
	org, err := db.OrganisationBySlug(ctx, "somerset")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RenameOrganisation(ctx, admin, org.ID, "  Somerset Council (Taunton)  ", false); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		got, err := db.OrganisationBySlug(ctx, "somerset")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Somerset Council (Taunton)" {
			t.Errorf("%s: name = %q", when, got.Name)
		}
		wantStrings(t, when+": aliases", got.Aliases, []string{"Somerset", "Somerset Council", "Somerset County Council"})
		for _, q := range []string{"taunton", "somerset county council", "somerset council"} {
			wantStrings(t, when+": search "+q, searchNames(t, db, q), []string{"Somerset Council (Taunton)"})
		}
	}
	check("after the rename")
	if !slices.Contains(auditActions(t, db), "organisation.rename") {
		t.Errorf("audit = %v, want organisation.rename", auditActions(t, db))
	}
	res, err := db.ImportOrganisations(ctx, admin, row())
	if err != nil {
		t.Fatal(err)
	}
	check("after a re-import")
	if res.Updated+res.Unchanged != 1 {
		t.Errorf("re-import = %+v", res)
	}
	wantCode(t, db.RenameOrganisation(ctx, admin, 999999, "Nowhere", false), model.ENOTFOUND)
}

// TestMigrationMendsOrganisations upgrades a database made by an earlier release: names
// taken from GOV.UK become the official ones (the old kept as aliases), slugs that
// dropped accented letters are transliterated, and the old slugs redirect. Every row is
// kept.
func TestMigrationMendsOrganisations(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := t.Context()
	if _, err := db.migrateTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	insert := `INSERT INTO organisations (slug, name, official_name, name_search, type_code, type_name, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'UA', 'Unitary authority', $5, $5)`
	for _, o := range [][3]string{
		{"ynys-m-n", "Ynys Môn", "Isle of Anglesey County Council"},
		{"north-yorkshire", "North Yorkshire County Council", "North Yorkshire Council"},
		{"caerffili-caf-2", "Caerffili Café", "Caerffili Café"},
		{"caerffili-cafe", "Caerffili Cafe", "Caerffili Cafe"}, // the mended slug's base is taken
		{"adur", "Adur District Council", "Adur District Council"},
	} {
		if _, err := db.write.ExecContext(ctx, insert, o[0], o[1], o[2], o[1]+" "+o[2], t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := db.CountOrganisations(ctx)
	if err != nil || n != 5 {
		t.Fatalf("%d organisations after migrating (%v), want 5", n, err)
	}
	for _, tt := range []struct{ slug, name, old string }{
		{"ynys-mon", "Isle of Anglesey County Council", "ynys-m-n"},
		{"north-yorkshire", "North Yorkshire Council", ""},
		{"caerffili-cafe-2", "Caerffili Café", "caerffili-caf-2"},
		{"caerffili-cafe", "Caerffili Cafe", ""},
		{"adur", "Adur District Council", ""},
	} {
		org, err := db.OrganisationBySlug(ctx, tt.slug)
		if err != nil {
			t.Errorf("%s: %v", tt.slug, err)
			continue
		}
		if org.Name != tt.name {
			t.Errorf("%s: name %q, want %q", tt.slug, org.Name, tt.name)
		}
		if tt.old != "" {
			got, err := db.SlugRedirect(ctx, tt.old)
			if err != nil || got != tt.slug {
				t.Errorf("SlugRedirect(%s) = %q, %v; want %s", tt.old, got, err, tt.slug)
			}
		}
	}
	if got, err := db.SlugRedirect(ctx, "adur"); err != nil || got != "" {
		t.Errorf("SlugRedirect(adur) = %q, %v; want none", got, err)
	}
	wantStrings(t, "search ynys môn", searchNames(t, db, "ynys môn"), []string{"Isle of Anglesey County Council"})
	wantStrings(t, "search county council", searchNames(t, db, "north yorkshire county"), []string{"North Yorkshire Council"})
	// An old slug is not given to a new organisation.
	o := orgSpec("Ynys M N", "OTHER")
	created := createOrg(t, db, o)
	if created.Slug == "ynys-m-n" {
		t.Errorf("a new organisation took the old slug %s", created.Slug)
	}
}

// TestRenameOrganisationMovesSlug: with moveSlug the address follows the new name, the old
// one redirects, and moving back takes the old address back.
func TestRenameOrganisationMovesSlug(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	org := createOrg(t, db, orgSpec("Ynys Mon", "OTHER"))
	if org.Slug != "ynys-mon" {
		t.Fatalf("slug = %s", org.Slug)
	}
	if err := db.RenameOrganisation(ctx, admin, org.ID, "Cyngor Sir Ynys Môn", true); err != nil {
		t.Fatal(err)
	}
	if got, err := db.SlugRedirect(ctx, "ynys-mon"); err != nil || got != "cyngor-sir-ynys-mon" {
		t.Errorf("SlugRedirect(ynys-mon) = %q, %v", got, err)
	}
	if _, err := db.OrganisationBySlug(ctx, "cyngor-sir-ynys-mon"); err != nil {
		t.Fatal(err)
	}
	if err := db.RenameOrganisation(ctx, admin, org.ID, "Ynys Môn", true); err != nil {
		t.Fatal(err)
	}
	got, err := db.OrganisationBySlug(ctx, "ynys-mon")
	if err != nil || got.ID != org.ID {
		t.Fatalf("ynys-mon = %+v, %v", got, err)
	}
	if r, _ := db.SlugRedirect(ctx, "ynys-mon"); r != "" {
		t.Errorf("the current slug still redirects to %q", r)
	}
	if r, _ := db.SlugRedirect(ctx, "cyngor-sir-ynys-mon"); r != "ynys-mon" {
		t.Errorf("SlugRedirect(cyngor-sir-ynys-mon) = %q", r)
	}
}
