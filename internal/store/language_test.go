package store

import (
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// People's own words keep the language they were written in: a signature's commitment,
// a resource, a case study and an event save it and read it back, a change saves the
// new one, and one not given is English.
func TestOwnWordsLanguageSaved(t *testing.T) {
	ctx := t.Context()
	t.Run("commitment", func(t *testing.T) {
		db, _ := newTestDB(t)
		cy, en := makeOrg(t, db, "Cyngor Gwynedd", "gwynedd.llyw.cymru"), makeOrg(t, db, "Adur", "adur.gov.uk")
		sig := newSignature(cy.ID, model.SignerSenior)
		sig.Commitment.Language = model.LanguageWelsh
		if err := db.StartSignature(ctx, admin, sig, []string{newToken("s")}, nil); err != nil {
			t.Fatal(err)
		}
		enSig, _ := startSig(t, db, en.ID, model.SignerSenior) // no language given
		for _, tt := range []struct {
			id   int64
			want string
		}{{sig.ID, "cy"}, {enSig.ID, "en"}} {
			got, err := db.Signature(ctx, tt.id)
			if err != nil || got.Commitment.Language != tt.want {
				t.Errorf("signature %d: language %q (%v), want %q", tt.id, got.Commitment.Language, err, tt.want)
			}
		}
	})
	t.Run("resources", func(t *testing.T) {
		w := newResourceWorld(t)
		r := newResource("Achos busnes biniau", w.hackney)
		r.Language = model.LanguageWelsh
		w.publishResource(t, w.hackneyActor, r)
		e := w.publishResource(t, w.hackneyActor, newResource("Bins business case", w.hackney))
		if got := w.resource(t, r.ID).Language; got != "cy" {
			t.Errorf("Welsh resource read back as %q", got)
		}
		if got := w.resource(t, e.ID).Language; got != "en" {
			t.Errorf("resource with no language read back as %q", got)
		}
		for lang, want := range map[string][]int64{"": {e.ID, r.ID}, "cy": {r.ID}, "en": {e.ID}} {
			rows, total, err := w.db.ListResources(ctx, model.ResourceQuery{Language: lang, Sort: model.SortResourcesNewest}, false)
			var ids []int64
			for _, x := range rows {
				ids = append(ids, x.ID)
			}
			if err != nil || total != len(want) || !sameIDs(ids, want) {
				t.Errorf("language=%q: %v (%d in all, %v), want %v", lang, ids, total, err, want)
			}
		}
	})
	t.Run("case studies", func(t *testing.T) {
		w := newCaseStudyWorld(t)
		c := newCaseStudy("Biniau", w.hackney)
		c.Language = model.LanguageWelsh
		w.create(t, c)
		e := w.create(t, newCaseStudy("Bins", w.hackney))
		read := func(id int64) string {
			got, err := w.db.CaseStudy(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return got.Language
		}
		if read(c.ID) != "cy" || read(e.ID) != "en" {
			t.Errorf("languages read back %q, %q, want cy, en", read(c.ID), read(e.ID))
		}
		for lang, want := range map[string][]int64{"": {e.ID, c.ID}, "cy": {c.ID}, "en": {e.ID}} {
			rows, total, err := w.db.ListCaseStudies(ctx, model.CaseStudyQuery{Language: lang, Sort: model.SortNewest, PerPage: 10})
			var ids []int64
			for _, x := range rows {
				ids = append(ids, x.ID)
			}
			if err != nil || total != len(want) || !sameIDs(ids, want) {
				t.Errorf("language=%q: %v (%d in all, %v), want %v", lang, ids, total, err, want)
			}
		}
		change := newCaseStudy("Bins", w.hackney)
		change.ID, change.Organisations, change.Language = c.ID, nil, model.LanguageEnglish
		if err := w.db.UpdateCaseStudy(ctx, w.writerActor, w.hackney.ID, change); err != nil {
			t.Fatal(err)
		}
		if got := read(c.ID); got != "en" {
			t.Errorf("after the change to English: %q", got)
		}
	})
	t.Run("events", func(t *testing.T) {
		w := newEventWorld(t)
		w.clk.Set(t0)
		cy := w.event(t, 10, func(e *model.Event) { e.Language = model.LanguageWelsh; e.Title = "Cyflwyniad" })
		en := w.event(t, 10)
		if got := w.reload(t, cy.ID).Language; got != "cy" {
			t.Errorf("Welsh event read back as %q", got)
		}
		if got := w.reload(t, en.ID).Language; got != "en" {
			t.Errorf("event with no language read back as %q", got)
		}
		for lang, want := range map[string][]int64{"": {cy.ID, en.ID}, "cy": {cy.ID}, "en": {en.ID}} {
			rows, total, err := w.db.ListEvents(ctx, model.EventQuery{Language: lang, When: model.EventsAll, Page: 1, PerPage: 10})
			var ids []int64
			for _, x := range rows {
				ids = append(ids, x.ID)
			}
			if err != nil || total != len(want) || !sameIDs(ids, want) {
				t.Errorf("language=%q: %v (%d in all, %v), want %v", lang, ids, total, err, want)
			}
		}
		change := *w.reload(t, cy.ID)
		change.Language = model.LanguageEnglish
		if err := w.db.UpdateEvent(ctx, w.organise, &change, testNotify); err != nil {
			t.Fatal(err)
		}
		if got := w.reload(t, cy.ID).Language; got != "en" {
			t.Errorf("after the change to English: %q", got)
		}
	})
}

// sameIDs reports whether got holds the ids of want, in any order.
func sameIDs(got, want []int64) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[int64]bool{}
	for _, id := range got {
		seen[id] = true
	}
	for _, id := range want {
		if !seen[id] {
			return false
		}
	}
	return true
}

// A database made before languages were kept upgrades with its commitments in English,
// the only language its platform had.
func TestMigrationOwnWordsLanguage(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := t.Context()
	if _, err := db.migrateTo(ctx, 15); err != nil {
		t.Fatal(err)
	}
	org := createOrg(t, db, orgSpec("Adur District Council", "NMD", "adur.gov.uk"))
	var id int64
	err := db.write.QueryRowContext(ctx, `INSERT INTO signatures (organisation_id, declaration_version, status, title,
mission, impact, created_at, updated_at) VALUES ($1, 1, 'awaiting_signers', 'T', 'M', 'I', $2, $2) RETURNING id`,
		org.ID, time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	sig, err := db.Signature(ctx, id)
	if err != nil || sig.Commitment.Title != "T" || sig.Commitment.Language != "en" {
		t.Fatalf("after migrating: %+v, %v", sig, err)
	}
}

// TestRegisterLanguageFilter: the register lists only organisations whose published
// commitment is written in the language asked for, and counts them alike.
func TestRegisterLanguageFilter(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	cy, en := makeOrg(t, db, "Cyngor Gwynedd", "gwynedd.llyw.cymru"), makeOrg(t, db, "Adur", "adur.gov.uk")
	makeOrg(t, db, "Worthing", "worthing.gov.uk") // has not signed
	clk.Set(t0)
	sig := newSignature(cy.ID, model.SignerSenior)
	sig.Commitment.Language = model.LanguageWelsh
	hash := newToken("s")
	if err := db.StartSignature(ctx, admin, sig, []string{hash}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RespondAsSigner(ctx, hash, true, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.VerifySignature(ctx, admin, sig.ID, nil); err != nil {
		t.Fatal(err)
	}
	publish(t, db, clk, en.ID, t0.Add(time.Hour)) // written in English
	for _, tt := range []struct {
		lang, mode string
		want       []string
	}{
		{"cy", ModePublished, []string{"Cyngor Gwynedd"}},
		{"en", ModePublished, []string{"Adur"}},
		{"", ModePublished, []string{"Adur", "Cyngor Gwynedd"}},
		{"cy", ModeAll, []string{"Cyngor Gwynedd"}},
		{"", ModeAll, []string{"Adur", "Cyngor Gwynedd", "Worthing"}},
	} {
		rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Language: tt.lang, Sort: model.SortName, Page: 1, PerPage: 20}, tt.mode)
		if err != nil {
			t.Fatalf("ListRegister(%q, %s): %v", tt.lang, tt.mode, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Organisation.Name)
		}
		if strings.Join(got, ", ") != strings.Join(tt.want, ", ") || total != len(tt.want) {
			t.Errorf("language %q, %s: %v (total %d), want %v", tt.lang, tt.mode, got, total, tt.want)
		}
	}
}
