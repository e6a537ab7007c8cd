package store

import (
	"slices"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// TestSetWelshNames: a file of Welsh names changes only the Welsh names of the
// organisations it names, all rows or none; search finds an organisation by either name,
// and a later register import or rename keeps the Welsh name.
func TestSetWelshNames(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	register := func() []model.Organisation {
		return []model.Organisation{
			{Name: "City of Cardiff Council", OfficialName: "City of Cardiff Council", TypeCode: "WPA", TypeName: "Welsh unitary authority",
				Nation: "Wales", Region: "Wales", GSSCode: "W06000015", LACode: "CRF", Slug: "cardiff", Aliases: []string{"Cardiff"}},
			{Name: "Gwynedd Council", OfficialName: "Gwynedd Council", TypeCode: "WPA", TypeName: "Welsh unitary authority",
				Nation: "Wales", Region: "Wales", GSSCode: "W06000002", LACode: "GWN", Slug: "gwynedd"},
			{Name: "Fife Council", OfficialName: "Fife Council", TypeCode: "SCO", TypeName: "Scottish unitary authority",
				Nation: "Scotland", Region: "Scotland", GSSCode: "S12000047", LACode: "FIF", Slug: "fife"},
		}
	}
	if _, err := db.ImportOrganisations(ctx, admin, register()); err != nil {
		t.Fatal(err)
	}
	before := auditActions(t, db)
	// One bad row (a code no organisation has, a name that is not the code's): nothing changes.
	_, err := db.SetWelshNames(ctx, admin, []model.WelshName{
		{GSSCode: "W06000015", WelshName: "Cyngor Dinas Caerdydd", Line: 2},
		{GSSCode: "W06000099", WelshName: "Cyngor Nunlle", Line: 3},
		{GSSCode: "W06000002", WelshName: "Cyngor Gwynedd", OfficialName: "Conwy County Borough Council", Line: 4},
	})
	wantCode(t, err, model.EINVALID)
	if msg := locale.English.Error(err); !strings.Contains(msg, "line 3: no organisation has gss_code W06000099") ||
		!strings.Contains(msg, "line 4: gss_code W06000002 is Gwynedd Council, not Conwy County Borough Council") {
		t.Errorf("error %q does not name both bad rows", msg)
	}
	if got := auditActions(t, db); !slices.Equal(got, before) {
		t.Errorf("a refused file changed the audit log: %v", got)
	}
	wantStrings(t, "search caerdydd after a refused file", searchNames(t, db, "caerdydd"), nil)

	res, err := db.SetWelshNames(ctx, admin, []model.WelshName{
		{GSSCode: "W06000015", WelshName: "Cyngor Dinas Caerdydd", OfficialName: "City of Cardiff Council", Line: 2},
		{GSSCode: "W06000002", WelshName: "Cyngor Gwynedd", Line: 3},
	})
	if err != nil || res.Updated != 2 {
		t.Fatalf("SetWelshNames = %+v, %v", res, err)
	}
	check := func(when string) {
		t.Helper()
		cardiff, err := db.OrganisationBySlug(ctx, "cardiff")
		if err != nil {
			t.Fatal(err)
		}
		if cardiff.WelshName != "Cyngor Dinas Caerdydd" || cardiff.Name != "City of Cardiff Council" ||
			cardiff.NameIn("cy") != "Cyngor Dinas Caerdydd" || cardiff.NameIn("en") != "City of Cardiff Council" {
			t.Errorf("%s: cardiff = %q / %q", when, cardiff.Name, cardiff.WelshName)
		}
		for q, want := range map[string][]string{
			"caerdydd": {"City of Cardiff Council"}, "cyngor dinas": {"City of Cardiff Council"},
			"cardiff": {"City of Cardiff Council"}, "cyngor": {"City of Cardiff Council", "Gwynedd Council"},
			"fife": {"Fife Council"},
		} {
			wantStrings(t, when+": search "+q, searchNames(t, db, q), want)
		}
		fife, _ := db.OrganisationBySlug(ctx, "fife")
		if fife.WelshName != "" || fife.NameIn("cy") != "Fife Council" {
			t.Errorf("%s: fife has Welsh name %q", when, fife.WelshName)
		}
	}
	check("after the Welsh names")
	if n := strings.Count(strings.Join(auditActions(t, db), " "), "organisation.welsh_name"); n != 2 {
		t.Errorf("%d organisation.welsh_name audit entries, want 2", n)
	}
	// The same file again changes nothing.
	if res, err := db.SetWelshNames(ctx, admin, []model.WelshName{{GSSCode: "W06000002", WelshName: "Cyngor Gwynedd"}}); err != nil || res.Unchanged != 1 {
		t.Errorf("again = %+v, %v", res, err)
	}
	// A register import that changes the row, and a rename, keep the Welsh name.
	changed := register()
	changed[0].Website = "https://www.cardiff.gov.uk/"
	if _, err := db.ImportOrganisations(ctx, admin, changed); err != nil {
		t.Fatal(err)
	}
	check("after a register import")
	gwynedd, _ := db.OrganisationBySlug(ctx, "gwynedd")
	if err := db.RenameOrganisation(ctx, admin, gwynedd.ID, "Gwynedd Council", false); err != nil {
		t.Fatal(err)
	}
	cardiff, _ := db.OrganisationBySlug(ctx, "cardiff")
	if err := db.RenameOrganisation(ctx, admin, cardiff.ID, "City of Cardiff Council", false); err != nil {
		t.Fatal(err)
	}
	check("after a rename")

	// A platform admin sets or clears it.
	if err := db.SetOrganisationWelshName(ctx, admin, gwynedd.ID, "  Cyngor   Gwynedd Newydd "); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "search newydd", searchNames(t, db, "newydd"), []string{"Gwynedd Council"})
	if err := db.SetOrganisationWelshName(ctx, admin, gwynedd.ID, ""); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "search newydd once cleared", searchNames(t, db, "newydd"), nil)
	wantCode(t, db.SetOrganisationWelshName(ctx, admin, 999999, "Dim"), model.ENOTFOUND)

	// The name form saves both names in one go, and search finds the new ones at once.
	welsh := "Cyngor Gwynedd Hen"
	if err := db.NameOrganisation(ctx, admin, gwynedd.ID, "Gwynedd County Council", false, &welsh); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "search hen", searchNames(t, db, "hen"), []string{"Gwynedd County Council"})
	if err := db.NameOrganisation(ctx, admin, gwynedd.ID, "Gwynedd Council", false, nil); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "search hen after a rename without the field", searchNames(t, db, "hen"), []string{"Gwynedd Council"})
	wantCode(t, db.NameOrganisation(ctx, admin, 999999, "Dim", false, &welsh), model.ENOTFOUND)
}
