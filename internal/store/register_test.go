package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// registerFixture holds a register of six published signatories and some organisations
// that must not appear on it.
type registerFixture struct {
	db  *DB
	clk *testClock
	ids map[string]int64 // organisation name to id
}

func newRegisterFixture(t *testing.T) *registerFixture {
	t.Helper()
	db, clk := newTestDB(t)
	f := &registerFixture{db: db, clk: clk, ids: map[string]int64{}}
	orgs := []struct {
		name, typ, nation, region, official string
		signed                              time.Time // zero: not published
	}{
		{"Adur District Council", "NMD", "England", "South East", "", date(2019, 5, 1)},
		{"Worthing", "NMD", "England", "South East", "Worthing Borough Council", date(2021, 6, 1)},
		{"Cardiff Council", "WPA", "Wales", "Wales", "", date(2021, 2, 1)},
		{"Glasgow City Council", "SCO", "Scotland", "Scotland", "", date(2023, 1, 10)},
		{"Leeds 100% Digital", "OTHER", "England", "Yorkshire and The Humber", "", date(2022, 9, 30)},
		{"Digital_Works", "SUPPLIER", "England", "London", "", date(2020, 11, 11)},
		{"Unsigned Council", "NMD", "England", "South East", "", time.Time{}},
	}
	for _, o := range orgs {
		spec := orgSpec(o.name, o.typ)
		spec.Nation, spec.Region, spec.OfficialName = o.nation, o.region, o.official
		org := createOrg(t, db, spec)
		f.ids[o.name] = org.ID
		if !o.signed.IsZero() {
			publish(t, db, clk, org.ID, o.signed)
		}
	}
	// Organisations with signatures that are not published.
	awaitingSigners := createOrg(t, db, orgSpec("Awaiting Signers Council", "NMD")).ID
	startSig(t, db, awaitingSigners, model.SignerSenior)
	awaitingVerification := createOrg(t, db, orgSpec("Awaiting Verification Council", "NMD")).ID
	_, hashes := startSig(t, db, awaitingVerification, model.SignerSenior)
	if _, err := db.RespondAsSigner(t.Context(), hashes[0], true, nil); err != nil {
		t.Fatal(err)
	}
	declined := createOrg(t, db, orgSpec("Declined Council", "NMD")).ID
	_, hashes = startSig(t, db, declined, model.SignerSenior)
	if _, err := db.RespondAsSigner(t.Context(), hashes[0], false, nil); err != nil {
		t.Fatal(err)
	}
	rejected := createOrg(t, db, orgSpec("Rejected Council", "NMD")).ID
	sig, hashes := startSig(t, db, rejected, model.SignerSenior)
	if _, err := db.RespondAsSigner(t.Context(), hashes[0], true, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RejectSignature(t.Context(), admin, sig.ID, "Not a real council", nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func rowNames(rows []model.SignatoryRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Organisation.Name)
	}
	return out
}

func TestListRegisterFilters(t *testing.T) {
	f := newRegisterFixture(t)
	tests := []struct {
		name string
		q    model.RegisterQuery
		want []string
	}{
		{"everything published, by name", model.RegisterQuery{}, []string{
			"Adur District Council", "Cardiff Council", "Digital_Works", "Glasgow City Council",
			"Leeds 100% Digital", "Worthing"}},
		{"q is case-insensitive", model.RegisterQuery{Q: "COUNCIL"}, []string{
			"Adur District Council", "Cardiff Council", "Glasgow City Council", "Worthing"}},
		{"q matches the official name", model.RegisterQuery{Q: "borough"}, []string{"Worthing"}},
		// Name search finds the start of words (full-text, migration 0013), in any order;
		// punctuation separates words and is never an operator.
		{"q matches the start of a word", model.RegisterQuery{Q: "card"}, []string{"Cardiff Council"}},
		{"q does not match inside a word", model.RegisterQuery{Q: "ardi"}, []string{}},
		{"every word must match", model.RegisterQuery{Q: "city glas"}, []string{"Glasgow City Council"}},
		{"percent is not a wildcard", model.RegisterQuery{Q: "100%"}, []string{"Leeds 100% Digital"}},
		{"punctuation only finds nothing", model.RegisterQuery{Q: "%"}, []string{}},
		{"underscore separates words", model.RegisterQuery{Q: "digital_works"}, []string{"Digital_Works"}},
		{"quotes and operators are words", model.RegisterQuery{Q: `"glasgow" OR NOT*`}, []string{}},
		{"backslash finds nothing", model.RegisterQuery{Q: `\`}, []string{}},
		{"q with no match", model.RegisterQuery{Q: "nowhere"}, []string{}},
		{"type", model.RegisterQuery{Type: "NMD"}, []string{"Adur District Council", "Worthing"}},
		{"nation", model.RegisterQuery{Nation: "Wales"}, []string{"Cardiff Council"}},
		{"region", model.RegisterQuery{Region: "South East"}, []string{"Adur District Council", "Worthing"}},
		{"year", model.RegisterQuery{Year: 2021}, []string{"Cardiff Council", "Worthing"}},
		{"year with none", model.RegisterQuery{Year: 2018}, []string{}},
		{"type and year", model.RegisterQuery{Type: "NMD", Year: 2021}, []string{"Worthing"}},
		{"q and nation", model.RegisterQuery{Q: "council", Nation: "Scotland"}, []string{"Glasgow City Council"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Page, tt.q.PerPage = 1, 50
			rows, total, err := f.db.ListRegister(t.Context(), tt.q, ModePublished)
			if err != nil {
				t.Fatal(err)
			}
			wantStrings(t, "names", rowNames(rows), tt.want)
			if total != len(tt.want) {
				t.Errorf("total = %d, want %d", total, len(tt.want))
			}
		})
	}
}

// TestRegisterNameSearch checks the prefix search register users rely on, over names and
// official names, and that the index follows a renamed organisation (both engines).
func TestRegisterNameSearch(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	for _, o := range []struct{ name, official string }{
		{"North Yorkshire Council", "North Yorkshire County Council"},
		{"City of York Council", ""},
		{"Scarborough", "Scarborough Borough Council"},
		{"Royal Borough of Greenwich", ""},
		{"Stockton-on-Tees Borough Council", ""},
		{"King's Lynn and West Norfolk", ""},
	} {
		spec := orgSpec(o.name, "NMD")
		spec.OfficialName = o.official
		org := createOrg(t, db, spec)
		if o.name != "City of York Council" {
			publish(t, db, clk, org.ID, date(2024, 1, 1))
		}
	}
	// The organisation list searches the full-text index; the public register, bounded
	// by the signatures, searches its few rows the same way.
	search := func(q string) []string {
		t.Helper()
		rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Q: q, Page: 1, PerPage: 50}, ModeAll)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if total != len(rows) {
			t.Errorf("search %q: total %d, %d rows", q, total, len(rows))
		}
		pub, pubTotal, err := db.ListRegister(ctx, model.RegisterQuery{Q: q, Page: 1, PerPage: 50}, ModePublished)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var want []string
		for _, n := range rowNames(rows) {
			if n != "City of York Council" && n != "York Unitary Council" {
				want = append(want, n)
			}
		}
		wantStrings(t, "register search "+q, rowNames(pub), append([]string{}, want...))
		if pubTotal != len(want) {
			t.Errorf("register search %q: total %d, want %d", q, pubTotal, len(want))
		}
		return rowNames(rows)
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"borough", []string{"Royal Borough of Greenwich", "Scarborough", "Stockton-on-Tees Borough Council"}},
		{"Borough", []string{"Royal Borough of Greenwich", "Scarborough", "Stockton-on-Tees Borough Council"}},
		{"boro", []string{"Royal Borough of Greenwich", "Scarborough", "Stockton-on-Tees Borough Council"}},
		{"north york", []string{"North Yorkshire Council"}},
		{"york", []string{"City of York Council", "North Yorkshire Council"}},
		{"county", []string{"North Yorkshire Council"}},
		{"stockton-on", []string{"Stockton-on-Tees Borough Council"}},
		{"tees", []string{"Stockton-on-Tees Borough Council"}},
		{"king's lynn", []string{"King's Lynn and West Norfolk"}},
		{"  lynn   WEST ", []string{"King's Lynn and West Norfolk"}},
		{"yorkshire city", []string{}},
	} {
		wantStrings(t, "search "+tt.q, search(tt.q), tt.want)
	}

	// A renamed organisation is found by its new name only: the index follows the row.
	rows, _, err := db.ListRegister(ctx, model.RegisterQuery{Q: "city of york", Page: 1, PerPage: 1}, ModeAll)
	if err != nil || len(rows) != 1 {
		t.Fatalf("find York: %v %v", rows, err)
	}
	o := rows[0].Organisation
	o.Name = "York Unitary Council"
	// As every change does, the rename bumps the data version (counts are kept per version).
	if err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.updateOrganisation(ctx, &o); err != nil {
			return err
		}
		return tx.bumpVersion(ctx)
	}); err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "old name", search("city of york"), []string{})
	wantStrings(t, "new name", search("unitary"), []string{"York Unitary Council"})
}

func TestListRegisterSort(t *testing.T) {
	f := newRegisterFixture(t)
	byName := []string{"Adur District Council", "Cardiff Council", "Digital_Works", "Glasgow City Council",
		"Leeds 100% Digital", "Worthing"}
	oldest := []string{"Adur District Council", "Digital_Works", "Cardiff Council", "Worthing",
		"Leeds 100% Digital", "Glasgow City Council"}
	newest := slices.Clone(oldest)
	slices.Reverse(newest)
	tests := []struct {
		sort string
		want []string
	}{
		{"", byName},
		{model.SortName, byName},
		{model.SortOldest, oldest},
		{model.SortNewest, newest},
		{"bogus", byName},
	}
	for _, tt := range tests {
		rows, _, err := f.db.ListRegister(t.Context(), model.RegisterQuery{Sort: tt.sort, Page: 1, PerPage: 50}, ModePublished)
		if err != nil {
			t.Fatal(err)
		}
		wantStrings(t, "sort "+tt.sort, rowNames(rows), tt.want)
	}
}

func TestListRegisterPages(t *testing.T) {
	f := newRegisterFixture(t)
	tests := []struct {
		page, perPage int
		want          []string
	}{
		{1, 2, []string{"Adur District Council", "Cardiff Council"}},
		{2, 2, []string{"Digital_Works", "Glasgow City Council"}},
		{3, 2, []string{"Leeds 100% Digital", "Worthing"}},
		{4, 2, []string{}},
		{2, 4, []string{"Leeds 100% Digital", "Worthing"}},
		{0, 0, []string{"Adur District Council", "Cardiff Council", "Digital_Works", "Glasgow City Council",
			"Leeds 100% Digital", "Worthing"}}, // zero values: first page of the default size
	}
	for _, tt := range tests {
		q := model.RegisterQuery{Sort: model.SortName, Page: tt.page, PerPage: tt.perPage}
		rows, total, err := f.db.ListRegister(t.Context(), q, ModePublished)
		if err != nil {
			t.Fatal(err)
		}
		wantStrings(t, "page", rowNames(rows), tt.want)
		if total != 6 {
			t.Errorf("page %d of %d: total = %d, want 6", tt.page, tt.perPage, total)
		}
	}
}

func TestListRegisterRows(t *testing.T) {
	f := newRegisterFixture(t)
	rows, _, err := f.db.ListRegister(t.Context(), model.RegisterQuery{Q: "cardiff", Page: 1, PerPage: 10}, ModePublished)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d rows, want 1", len(rows))
	}
	r := rows[0]
	if r.Status != model.SigVerified || !r.SignedAt.Equal(date(2021, 2, 1)) || !r.WithdrawnAt.IsZero() ||
		r.Title != "Open planning data" || r.SignatureID == 0 || r.Organisation.ID != f.ids["Cardiff Council"] ||
		r.Organisation.Nation != "Wales" {
		t.Errorf("row = %+v", r)
	}
}

func TestListRegisterWithdrawn(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig := publish(t, db, clk, org.ID, date(2019, 5, 1))
	withdraw(t, db, clk, sig.ID, date(2020, 7, 1))

	rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 10}, ModePublished)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(rows) != 1 {
		t.Fatalf("total %d, rows %v, want Adur once", total, rowNames(rows))
	}
	r := rows[0]
	if r.Status != model.SigWithdrawn || r.SignatureID != sig.ID || !r.SignedAt.Equal(date(2019, 5, 1)) ||
		!r.WithdrawnAt.Equal(date(2020, 7, 1)) {
		t.Errorf("row = %+v, want withdrawn 2020-07-01 of the 2019 signature", r)
	}
	n, err := db.CountSignatories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("CountSignatories = %d, want 0 after withdrawal", n)
	}
}

func TestListRegisterResigned(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	first := publish(t, db, clk, org.ID, date(2019, 5, 1))
	withdraw(t, db, clk, first.ID, date(2020, 7, 1))
	second := publish(t, db, clk, org.ID, date(2022, 3, 3))

	rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 10}, ModePublished)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(rows) != 1 {
		t.Fatalf("total %d, rows %v, want Adur once", total, rowNames(rows))
	}
	r := rows[0]
	if r.SignatureID != second.ID || r.Status != model.SigVerified || !r.SignedAt.Equal(date(2022, 3, 3)) ||
		!r.WithdrawnAt.IsZero() {
		t.Errorf("row = %+v, want the 2022 verified signature", r)
	}
	// The year filter looks at the published signature only.
	for _, tt := range []struct {
		year int
		want int
	}{{2019, 0}, {2022, 1}} {
		_, total, err := db.ListRegister(ctx, model.RegisterQuery{Year: tt.year, Page: 1, PerPage: 10}, ModePublished)
		if err != nil {
			t.Fatal(err)
		}
		if total != tt.want {
			t.Errorf("year %d: total = %d, want %d", tt.year, total, tt.want)
		}
	}
}

// A signature cancelled before it was verified was never published: it must not put the
// organisation on the register, nor show it twice once it signs again.
func TestListRegisterIgnoresCancelledSignatures(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	never := makeOrg(t, db, "Abandoned Council")
	sig, _ := startSig(t, db, never.ID, model.SignerSenior)
	cancel(t, db, clk, sig.ID, date(2019, 1, 1))

	resigned := makeOrg(t, db, "Resigned Council")
	sig, _ = startSig(t, db, resigned.ID, model.SignerSenior)
	cancel(t, db, clk, sig.ID, date(2019, 2, 1))
	second := publish(t, db, clk, resigned.ID, date(2020, 3, 3))

	rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 10}, ModePublished)
	if err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "published", rowNames(rows), []string{"Resigned Council"})
	if total != 1 || rows[0].SignatureID != second.ID {
		t.Errorf("total %d, rows %+v, want the 2020 signature once", total, rows)
	}
	rows, total, err = db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 10}, ModeAll)
	if err != nil {
		t.Fatal(err)
	}
	wantStrings(t, "all", rowNames(rows), []string{"Abandoned Council", "Resigned Council"})
	if total != 2 {
		t.Errorf("ModeAll total = %d, want 2", total)
	}
	years, err := db.SignedYears(ctx)
	if err != nil {
		t.Fatalf("SignedYears: %v", err)
	}
	if !slices.Equal(years, []int{2020}) {
		t.Errorf("SignedYears = %v, want [2020]", years)
	}
}

func TestListRegisterModeAll(t *testing.T) {
	f := newRegisterFixture(t)
	withdrawnOrg := createOrg(t, f.db, orgSpec("Withdrawn Council", "NMD"))
	sig := publish(t, f.db, f.clk, withdrawnOrg.ID, date(2019, 9, 9))
	withdraw(t, f.db, f.clk, sig.ID, date(2020, 9, 9))

	signed := []string{"Adur District Council", "Cardiff Council", "Digital_Works", "Glasgow City Council",
		"Leeds 100% Digital", "Worthing"}
	unsigned := []string{"Awaiting Signers Council", "Awaiting Verification Council", "Declined Council",
		"Rejected Council", "Unsigned Council", "Withdrawn Council"}
	all := append(slices.Clone(signed), unsigned...)
	slices.Sort(all)
	tests := []struct {
		signed string
		q      string
		want   []string
	}{
		{"", "", all},
		{"yes", "", signed},
		{"no", "", unsigned},
		{"no", "council", []string{"Awaiting Signers Council", "Awaiting Verification Council", "Declined Council",
			"Rejected Council", "Unsigned Council", "Withdrawn Council"}},
		{"yes", "council", []string{"Adur District Council", "Cardiff Council", "Glasgow City Council", "Worthing"}},
	}
	for _, tt := range tests {
		q := model.RegisterQuery{Q: tt.q, Signed: tt.signed, Page: 1, PerPage: 50}
		rows, total, err := f.db.ListRegister(t.Context(), q, ModeAll)
		if err != nil {
			t.Fatal(err)
		}
		wantStrings(t, "signed="+tt.signed+" q="+tt.q, rowNames(rows), tt.want)
		if total != len(tt.want) {
			t.Errorf("signed=%s: total = %d, want %d", tt.signed, total, len(tt.want))
		}
	}
	// ModePublished ignores Signed.
	_, total, err := f.db.ListRegister(t.Context(), model.RegisterQuery{Signed: "no", Page: 1, PerPage: 50}, ModePublished)
	if err != nil {
		t.Fatal(err)
	}
	if total != 7 {
		t.Errorf("published with signed=no: total = %d, want 7 (6 signed and 1 withdrawn)", total)
	}
}

func TestCountSignatoriesAndSignedYears(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	check := func(wantCount int, wantYears []int) {
		t.Helper()
		n, err := db.CountSignatories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		years, err := db.SignedYears(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != wantCount || !slices.Equal(years, wantYears) {
			t.Errorf("count, years = %d, %v, want %d, %v", n, years, wantCount, wantYears)
		}
	}
	check(0, nil)
	a := makeOrg(t, db, "A")
	b := makeOrg(t, db, "B")
	c := makeOrg(t, db, "C")
	sigA := publish(t, db, clk, a.ID, date(2021, 12, 31))
	publish(t, db, clk, b.ID, date(2019, 1, 1))
	publish(t, db, clk, c.ID, date(2021, 1, 1))
	startSig(t, db, makeOrg(t, db, "D").ID, model.SignerSenior) // in progress: not counted
	check(3, []int{2019, 2021})
	withdraw(t, db, clk, sigA.ID, date(2023, 5, 5))
	check(2, []int{2019, 2021}) // the withdrawn one was still verified in 2021
	publish(t, db, clk, a.ID, date(2024, 2, 2))
	check(3, []int{2019, 2021, 2024})
}

// TestHasSignedIsOneDefinition: the register (ModeSigned), its count, the home page's
// count and who may publish resources and case studies all agree on who has signed; a
// withdrawn organisation is listed only in ModeWithdrawn (and the open data's
// ModePublished, with its status).
func TestHasSignedIsOneDefinition(t *testing.T) {
	f := newRegisterFixture(t)
	ctx := t.Context()
	withdrawnOrg := createOrg(t, f.db, orgSpec("Withdrawn Council", "NMD"))
	sig := publish(t, f.db, f.clk, withdrawnOrg.ID, date(2019, 9, 9))
	withdraw(t, f.db, f.clk, sig.ID, date(2020, 9, 9))

	signed := []string{"Adur District Council", "Cardiff Council", "Digital_Works", "Glasgow City Council",
		"Leeds 100% Digital", "Worthing"}
	list := func(mode string) ([]string, int) {
		t.Helper()
		rows, total, err := f.db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 50}, mode)
		if err != nil {
			t.Fatal(err)
		}
		return rowNames(rows), total
	}
	names, total := list(ModeSigned)
	wantStrings(t, "signed", names, signed)
	n, err := f.db.CountSignatories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(signed) || n != len(signed) {
		t.Errorf("register total %d, CountSignatories %d, want %d", total, n, len(signed))
	}
	names, total = list(ModeWithdrawn)
	wantStrings(t, "withdrawn", names, []string{"Withdrawn Council"})
	if total != 1 {
		t.Errorf("withdrawn total = %d", total)
	}
	if _, total = list(ModePublished); total != len(signed)+1 {
		t.Errorf("published total = %d, want %d", total, len(signed)+1)
	}
	for name, id := range f.ids {
		want := slices.Contains(signed, name)
		if res, err := f.db.IsSignatory(ctx, id); err != nil || res != want {
			t.Errorf("%s: IsSignatory %v, %v, want %v", name, res, err, want)
		}
	}
	if ok, err := f.db.IsSignatory(ctx, withdrawnOrg.ID); err != nil || ok {
		t.Errorf("withdrawn organisation counts as a signatory: %v %v", ok, err)
	}
}

// TestRegisterNameSearchDense: a search that matches more than denseMatches organisations
// takes the other plan (dialect.nameSearch) and still finds the same page.
func TestRegisterNameSearchDense(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	n := denseMatches + 100
	err := db.inTx(ctx, func(tx *Tx) error {
		for i := range n {
			for _, name := range []string{fmt.Sprintf("Borough %05d", i), fmt.Sprintf("District %05d", i)} {
				o := orgSpec(name, "NMD")
				if err := tx.insertOrganisation(ctx, &o); err != nil {
					return err
				}
			}
		}
		return tx.bumpVersion(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Q: "boro", Page: 3, PerPage: 5}, ModeAll)
	if err != nil {
		t.Fatal(err)
	}
	if total != n {
		t.Errorf("total = %d, want %d", total, n)
	}
	wantStrings(t, "page 3", rowNames(rows), []string{"Borough 00010", "Borough 00011", "Borough 00012", "Borough 00013", "Borough 00014"})
}

// TestRegisterDeepPages: a page past the first anchorEvery organisations starts from the
// anchor before it (a range on the name index) rather than stepping over every
// organisation in front, and holds exactly what stepping over them would give, with the
// filters applied, on either side of every anchor.
func TestRegisterDeepPages(t *testing.T) {
	f := newRegisterFixture(t)
	ctx := t.Context()
	n := 2*anchorEvery + 600
	err := f.db.inTx(ctx, func(tx *Tx) error {
		for i := range n {
			typ := "OTHER"
			if i%2 == 0 {
				typ = "NMD"
			}
			o := orgSpec(fmt.Sprintf("%c Parish %05d", 'A'+i%26, i), typ)
			if err := tx.insertOrganisation(ctx, &o); err != nil {
				return err
			}
		}
		return tx.bumpVersion(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []model.RegisterQuery{{Signed: "no"}, {}, {Signed: "no", Type: "NMD"}} {
		whole := q
		whole.Page, whole.PerPage = 1, n+100
		all, total, err := f.db.ListRegister(ctx, whole, ModeAll)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != total || total < anchorEvery+50 {
			t.Fatalf("%+v: %d rows of %d", q, len(all), total)
		}
		const perPage = 7
		for _, offset := range []int{anchorEvery - 7, anchorEvery - 3, anchorEvery, anchorEvery + 1, 2*anchorEvery - 1, 2 * anchorEvery, total - 4} {
			if offset >= total {
				continue
			}
			p := q
			p.PerPage, p.Page = 1, offset+1
			rows, _, err := f.db.ListRegister(ctx, p, ModeAll)
			if err != nil {
				t.Fatal(err)
			}
			wantStrings(t, fmt.Sprintf("%+v offset %d", q, offset), rowNames(rows), rowNames(all[offset:offset+1]))
			if offset >= anchorEvery {
				list, _, err := f.db.pageFrom(ctx, f.db.registerSQL(p, ModeAll), offset, 1)
				if err != nil {
					t.Fatal(err)
				}
				if list != f.db.registerSQL(p, ModeAll).listAfter {
					t.Errorf("%+v offset %d: the page is not read from an anchor", q, offset)
				}
			}
		}
		for page := 1; (page-1)*perPage < total; page += 97 {
			p := q
			p.Page, p.PerPage = page, perPage
			rows, _, err := f.db.ListRegister(ctx, p, ModeAll)
			if err != nil {
				t.Fatal(err)
			}
			from := (page - 1) * perPage
			wantStrings(t, fmt.Sprintf("%+v page %d", q, page), rowNames(rows), rowNames(all[from:min(from+perPage, total)]))
		}
	}
}
