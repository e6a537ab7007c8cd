package store

import (
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

func TestDataVersionChangesWithAuditedChangesOnly(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	v0, err := db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RequestSignIn(ctx, "h", "a@hackney.gov.uk", model.Email{To: "a@hackney.gov.uk", Kind: "sign_in", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.DataVersion(ctx); v != v0 {
		t.Fatalf("a sign-in request changed the data version %d -> %d", v0, v)
	}
	if _, err := db.ImportOrganisations(ctx, admin, []model.Organisation{orgSpec("Adur District Council", "NMD", "adur-worthing.gov.uk")}); err != nil {
		t.Fatal(err)
	}
	v1, _ := db.DataVersion(ctx)
	if v1 <= v0 {
		t.Fatalf("an import did not change the data version: %d -> %d", v0, v1)
	}
	if _, err := db.GrantRole(ctx, admin, "x@adur-worthing.gov.uk", model.RoleOrgAdmin); err != nil {
		t.Fatal(err)
	}
	if v2, _ := db.DataVersion(ctx); v2 <= v1 {
		t.Fatalf("an audited change did not change the data version: %d -> %d", v1, v2)
	}
}
