package store

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// importRows returns a fresh copy of a small register extract each time, because
// ImportOrganisations fills in IDs and slugs.
func importRows() []model.Organisation {
	adur := orgSpec("Adur", "NMD", "adur-worthing.gov.uk")
	adur.OfficialName, adur.GSSCode, adur.LACode = "Adur District Council", "E07000223", "ADU"
	worthing := orgSpec("Worthing", "NMD", "adur-worthing.gov.uk")
	worthing.OfficialName, worthing.GSSCode, worthing.LACode = "Worthing Borough Council", "E07000229", "WOT"
	cardiff := orgSpec("Cardiff", "WPA", "cardiff.gov.uk")
	cardiff.Nation, cardiff.Region, cardiff.GSSCode, cardiff.LACode = "Wales", "Wales", "W06000015", "CRF"
	gmca := orgSpec("Greater Manchester", "COMB", "greatermanchester-ca.gov.uk")
	gmca.Region, gmca.LACode = "North West", "GMCA" // no GSS code: matched on LA code
	return []model.Organisation{adur, worthing, cardiff, gmca}
}

func TestImportOrganisationsCounts(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()

	changeName := func(rows []model.Organisation) { rows[1].Name = "Worthing Town" }
	gainGSS := func(rows []model.Organisation) { rows[3].GSSCode = "E47000001" }
	tests := []struct {
		name   string
		change func([]model.Organisation)
		want   ImportResult
	}{
		{"first import", nil, ImportResult{Created: 4}},
		{"same again", nil, ImportResult{Unchanged: 4}},
		{"one name changed", changeName, ImportResult{Updated: 1, Unchanged: 3}},
		{"changed name again", changeName, ImportResult{Unchanged: 4}},
		{"LA-only row gains a GSS code", func(rows []model.Organisation) { changeName(rows); gainGSS(rows) },
			ImportResult{Updated: 1, Unchanged: 3}},
	}
	for _, tt := range tests {
		clk.Advance(time.Hour)
		rows := importRows()
		if tt.change != nil {
			tt.change(rows)
		}
		got, err := db.ImportOrganisations(ctx, admin, rows)
		if err != nil {
			t.Fatalf("%s: ImportOrganisations: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: result = %+v, want %+v", tt.name, got, tt.want)
		}
		n, err := db.CountOrganisations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("%s: %d organisations, want 4", tt.name, n)
		}
	}
	o, err := db.OrganisationBySlug(ctx, "greater-manchester")
	if err != nil {
		t.Fatal(err)
	}
	if o.GSSCode != "E47000001" {
		t.Errorf("GMCA GSS code = %q, want E47000001", o.GSSCode)
	}
}

func TestImportOrganisationsKeepsSlugAndDomains(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	if _, err := db.ImportOrganisations(ctx, admin, importRows()); err != nil {
		t.Fatal(err)
	}
	before, err := db.OrganisationBySlug(ctx, "worthing")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetOrganisationDomains(ctx, admin, before.ID, []string{"worthing.gov.uk"}); err != nil {
		t.Fatal(err)
	}

	clk.Advance(time.Hour)
	rows := importRows()
	rows[1].Name, rows[1].Website = "Worthing Borough", "https://www.worthing.gov.uk"
	res, err := db.ImportOrganisations(ctx, admin, rows)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 1 {
		t.Fatalf("result = %+v, want 1 updated", res)
	}
	if rows[1].ID != before.ID || rows[1].Slug != "worthing" {
		t.Errorf("imported row has id %d slug %q, want %d worthing", rows[1].ID, rows[1].Slug, before.ID)
	}
	after, err := db.Organisation(ctx, before.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Slug != "worthing" {
		t.Errorf("slug = %q, want worthing kept", after.Slug)
	}
	if after.Name != "Worthing Borough" || after.Website != "https://www.worthing.gov.uk" {
		t.Errorf("name, website = %q, %q, want the imported ones", after.Name, after.Website)
	}
	wantStrings(t, "domains", after.Domains, []string{"worthing.gov.uk"})
	if !after.UpdatedAt.Equal(t0.Add(time.Hour)) || !after.CreatedAt.Equal(t0) {
		t.Errorf("created, updated = %v, %v, want %v, %v", after.CreatedAt, after.UpdatedAt, t0, t0.Add(time.Hour))
	}
	last := allAudit(t, db)[0]
	if last.Action != "organisation.import" || last.EntityID != before.ID || last.Before == "" {
		t.Errorf("last audit = %+v, want organisation.import of %d with before", last, before.ID)
	}
}

func TestImportOrganisationsAllOrNothing(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	rows := importRows()
	dup := rows[0]
	dup.Name = "Adur again" // same GSS and LA codes as Adur
	if _, err := db.ImportOrganisations(ctx, admin, append(rows, dup)); err == nil {
		t.Fatal("importing a duplicate code succeeded")
	}
	n, err := db.CountOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || len(allAudit(t, db)) != 0 {
		t.Errorf("a failed import left %d organisations and %d audit entries", n, len(allAudit(t, db)))
	}
}

func TestSlugCollision(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := orgSpec("Newport", "WPA")
	a.GSSCode = "W06000022"
	b := orgSpec("Newport", "OTHER")
	b.LACode = "NWP"
	c := orgSpec("Newport", "OTHER")
	c.LACode = "NWPT"
	res, err := db.ImportOrganisations(ctx, admin, []model.Organisation{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 3 {
		t.Fatalf("result = %+v, want 3 created", res)
	}
	for _, tt := range []struct{ slug, la string }{{"newport", ""}, {"newport-2", "NWP"}, {"newport-3", "NWPT"}} {
		o, err := db.OrganisationBySlug(ctx, tt.slug)
		if err != nil {
			t.Fatalf("slug %s: %v", tt.slug, err)
		}
		if o.LACode != tt.la {
			t.Errorf("slug %s has LA code %q, want %q", tt.slug, o.LACode, tt.la)
		}
	}
	d := createOrg(t, db, orgSpec("Newport", "SUPPLIER"))
	if d.Slug != "newport-4" {
		t.Errorf("created slug = %q, want newport-4", d.Slug)
	}
}

func TestOrganisationLookups(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	o := makeOrg(t, db, "King's Lynn & West Norfolk", "west-norfolk.gov.uk", "kingslynn.gov.uk")
	if o.Slug != "kings-lynn-and-west-norfolk" {
		t.Fatalf("slug = %q", o.Slug)
	}
	bySlug, err := db.OrganisationBySlug(ctx, o.Slug)
	if err != nil {
		t.Fatal(err)
	}
	byID, err := db.Organisation(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []*model.Organisation{bySlug, byID} {
		if got.ID != o.ID || got.Name != o.Name || got.TypeName != "Non-metropolitan district" || got.Nation != "England" {
			t.Errorf("got %+v, want %+v", got, o)
		}
		wantStrings(t, "domains", got.Domains, []string{"kingslynn.gov.uk", "west-norfolk.gov.uk"})
		if !got.CreatedAt.Equal(t0) {
			t.Errorf("created = %v, want %v", got.CreatedAt, t0)
		}
	}
}

func TestOrganisationNotFound(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	makeOrg(t, db, "Adur")
	tests := []struct {
		name string
		call func() error
	}{
		{"by slug", func() error { _, err := db.OrganisationBySlug(ctx, "nowhere"); return err }},
		{"by id", func() error { _, err := db.Organisation(ctx, 999); return err }},
		// SetOrganisationDomains does not check that the organisation exists: it fails
		// with a foreign key error (EINTERNAL), or with no domains audits a change to
		// nothing. See the report that came with these tests.
		{"set domains", func() error { return db.SetOrganisationDomains(ctx, admin, 999, []string{"x.gov.uk"}) }},
		{"clear domains", func() error { return db.SetOrganisationDomains(ctx, admin, 999, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), model.ENOTFOUND) })
	}
}

func TestOrganisationIDsByDomain(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	adur := makeOrg(t, db, "Adur", "adur-worthing.gov.uk", "adur.gov.uk")
	worthing := makeOrg(t, db, "Worthing", "adur-worthing.gov.uk")
	tests := []struct {
		domain string
		want   []int64
	}{
		{"adur-worthing.gov.uk", []int64{adur.ID, worthing.ID}},
		{"adur.gov.uk", []int64{adur.ID}},
		{"example.com", nil},
	}
	for _, tt := range tests {
		got, err := db.OrganisationIDsByDomain(ctx, tt.domain)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.domain, got, tt.want)
		}
	}
}

func TestCreateOrganisationAudits(t *testing.T) {
	db, _ := newTestDB(t)
	actor := model.Actor{UserID: 0, Label: "platform@test"}
	o := orgSpec("Brighton and Hove", "UA", "brighton-hove.gov.uk")
	if err := db.CreateOrganisation(t.Context(), actor, &o); err != nil {
		t.Fatal(err)
	}
	entries := allAudit(t, db)
	if len(entries) != 1 {
		t.Fatalf("%d audit entries, want 1", len(entries))
	}
	e := entries[0]
	if e.Action != "organisation.create" || e.Entity != "organisation" || e.EntityID != o.ID ||
		e.Actor != "platform@test" || e.Before != "" || !e.At.Equal(t0) {
		t.Errorf("audit = %+v", e)
	}
	var after model.Organisation
	if err := json.Unmarshal([]byte(e.After), &after); err != nil {
		t.Fatalf("after JSON %q: %v", e.After, err)
	}
	if after.Name != o.Name || after.Slug != "brighton-and-hove" {
		t.Errorf("after = %+v", after)
	}

	dup := orgSpec("Brighton", "UA")
	dup.GSSCode = "E06000043"
	createOrg(t, db, dup)
	err := db.CreateOrganisation(t.Context(), actor, &dup)
	wantCode(t, err, model.ECONFLICT)
	if n := len(allAudit(t, db)); n != 2 {
		t.Errorf("%d audit entries after a failed create, want 2", n)
	}
}

func TestSetOrganisationDomains(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	o := makeOrg(t, db, "Adur", "adur.gov.uk")
	steps := []struct {
		set        []string
		wantBefore string
	}{
		{[]string{"adur-worthing.gov.uk", "adur.gov.uk"}, `{"domains":["adur.gov.uk"]}`},
		{[]string{"worthing.gov.uk"}, `{"domains":["adur-worthing.gov.uk","adur.gov.uk"]}`},
		{nil, `{"domains":["worthing.gov.uk"]}`},
	}
	for _, st := range steps {
		clk.Advance(time.Minute)
		if err := db.SetOrganisationDomains(ctx, admin, o.ID, st.set); err != nil {
			t.Fatal(err)
		}
		got, err := db.Organisation(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantStrings(t, "domains", got.Domains, st.set)
		e := allAudit(t, db)[0]
		wantAfter, _ := json.Marshal(map[string]any{"domains": st.set})
		if e.Action != "organisation.domains" || e.EntityID != o.ID || e.Before != st.wantBefore || e.After != string(wantAfter) {
			t.Errorf("audit = %+v, want before %s after %s", e, st.wantBefore, wantAfter)
		}
	}
}
