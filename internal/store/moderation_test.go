package store

import (
	"strings"
	"sync"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// moderatedKind is one kind of content in the moderation tests: a fresh database with
// one piece of it, visible, and the addresses told when it is hidden.
type moderatedKind struct {
	name    string
	content Content
	setup   func(t *testing.T) (db *DB, id int64, authors []string, reporter model.Actor)
}

var moderatedKinds = []moderatedKind{
	{"resource", Resources, func(t *testing.T) (*DB, int64, []string, model.Actor) {
		w := newResourceWorld(t)
		r := w.publishResource(t, w.hackneyActor, newResource("Questionable", w.hackney))
		return w.db, r.ID, []string{w.hackneyUser.Email}, w.adurActor
	}},
	{"case study", CaseStudies, func(t *testing.T) (*DB, int64, []string, model.Actor) {
		w := newCaseStudyWorld(t)
		cs := w.create(t, newCaseStudy("Missed bins", w.hackney))
		return w.db, cs.ID, []string{w.writer.Email}, w.camdenAct
	}},
}

func hiddenEmails(c HiddenContent, to []string) []model.Email {
	var out []model.Email
	for _, addr := range to {
		out = append(out, model.Email{To: addr, Kind: "hidden", Subject: c.Title, Body: c.Reason})
	}
	return out
}

// TestModerationHideAndUnhide: every kind is hidden and shown the same way, with the
// strictest checks either kind had: the reason is required and bounded (in the store,
// whatever the form did), hiding hidden content and showing shown content are
// conflicts, missing content is not found, each change is audited once and the authors
// are emailed in the same transaction.
func TestModerationHideAndUnhide(t *testing.T) {
	for _, k := range moderatedKinds {
		t.Run(k.name, func(t *testing.T) {
			db, id, authors, _ := k.setup(t)
			ctx := t.Context()
			for _, reason := range []string{"", " \n ", strings.Repeat("r", model.MaxHideReason+1)} {
				err := db.Hide(ctx, k.content, admin, id, reason, hiddenEmails)
				if fe, ok := err.(*model.FieldErrors); !ok || !fe.Has("reason") {
					t.Errorf("reason %.10q: %v, want an error on the field reason", reason, err)
				}
			}
			outbox := outboxCount(t, db)
			if err := db.Hide(ctx, k.content, admin, id, "  It names a resident ", hiddenEmails); err != nil {
				t.Fatalf("Hide: %v", err)
			}
			msgs, err := db.ListOutbox(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			var to []string
			for _, m := range msgs[:outboxCount(t, db)-outbox] {
				to = append(to, m.Email.To)
				if m.Email.Body != "It names a resident" {
					t.Errorf("email body %q", m.Email.Body)
				}
			}
			wantStrings(t, "emailed", to, authors)
			wantCode(t, db.Hide(ctx, k.content, admin, id, "again", hiddenEmails), model.ECONFLICT)
			wantCode(t, db.Hide(ctx, k.content, admin, id+99, "x", nil), model.ENOTFOUND)
			if err := db.Unhide(ctx, k.content, admin, id); err != nil {
				t.Fatalf("Unhide: %v", err)
			}
			wantCode(t, db.Unhide(ctx, k.content, admin, id), model.ECONFLICT)
			wantCode(t, db.Unhide(ctx, k.content, admin, id+99), model.ENOTFOUND)
			var hidden bool
			var reason string
			if err := db.read.QueryRowContext(ctx, k.content.sql(`SELECT hidden, hidden_reason FROM %[1]s WHERE id = $1`), id).Scan(&hidden, &reason); err != nil || hidden || reason != "" {
				t.Errorf("after unhiding: hidden %v, reason %q, %v", hidden, reason, err)
			}
			var acts []string
			for _, e := range allAudit(t, db) {
				if e.Entity == k.content.kind && e.EntityID == id && strings.HasSuffix(e.Action, "hide") {
					acts = append(acts, e.Action)
				}
			}
			wantStrings(t, "audit, newest first", acts, []string{k.content.kind + ".unhide", k.content.kind + ".hide"})
		})
	}
}

// TestModerationHideAtOnce: of several admins hiding the same content at once, one
// hides it and the others are refused with a conflict, on every kind and engine.
func TestModerationHideAtOnce(t *testing.T) {
	for _, k := range moderatedKinds {
		t.Run(k.name, func(t *testing.T) {
			db, id, _, _ := k.setup(t)
			const n = 6
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for range n {
				wg.Go(func() { errs <- db.Hide(t.Context(), k.content, admin, id, "Duplicate", hiddenEmails) })
			}
			wg.Wait()
			close(errs)
			ok := 0
			for err := range errs {
				switch model.ErrorCode(err) {
				case "":
					ok++
				case model.ECONFLICT:
				default:
					t.Errorf("Hide: %v", err)
				}
			}
			hides := 0
			for _, a := range auditActions(t, db) {
				if a == k.content.kind+".hide" {
					hides++
				}
			}
			if ok != 1 || hides != 1 {
				t.Errorf("%d hid it, %d audit entries; want 1 and 1", ok, hides)
			}
		})
	}
}

// TestModerationReports: members report visible content (the reason required, in the
// field report_reason); hiding closes its reports; hidden content cannot be reported;
// dismissing closes open reports and is audited only when it closed some.
func TestModerationReports(t *testing.T) {
	for _, k := range moderatedKinds {
		t.Run(k.name, func(t *testing.T) {
			db, id, _, reporter := k.setup(t)
			ctx := t.Context()
			_, err := db.Report(ctx, k.content, reporter, id, "  ")
			if fe, ok := err.(*model.FieldErrors); !ok || !fe.Has("report_reason") {
				t.Fatalf("blank report: %v", err)
			}
			for range 2 {
				if _, err := db.Report(ctx, k.content, reporter, id, "Looks odd"); err != nil {
					t.Fatal(err)
				}
			}
			list, err := db.OpenReports(ctx, k.content)
			if err != nil || len(list) != 2 || list[0].ContentID != id || list[0].Reason != "Looks odd" || list[0].Hidden {
				t.Fatalf("OpenReports = %+v, %v", list, err)
			}
			if n, err := db.DismissReports(ctx, k.content, admin, id); err != nil || n != 2 {
				t.Fatalf("DismissReports = %d, %v", n, err)
			}
			if n, err := db.DismissReports(ctx, k.content, admin, id); err != nil || n != 0 {
				t.Fatalf("dismissing again = %d, %v", n, err)
			}
			if _, err := db.Report(ctx, k.content, reporter, id, "Still odd"); err != nil {
				t.Fatal(err)
			}
			if err := db.Hide(ctx, k.content, admin, id, "Odd", nil); err != nil {
				t.Fatal(err)
			}
			if list, _ := db.OpenReports(ctx, k.content); len(list) != 0 {
				t.Errorf("hiding left %d reports open", len(list))
			}
			if list, err := db.HiddenList(ctx, k.content); err != nil || len(list) != 1 || list[0].ID != id ||
				list[0].Reason != "Odd" || list[0].HiddenAt.IsZero() {
				t.Errorf("HiddenList = %+v, %v; want the one hidden, with its reason and when", list, err)
			}
			_, err = db.Report(ctx, k.content, reporter, id, "x")
			wantCode(t, err, model.ENOTFOUND)
			dismissals := 0
			for _, a := range auditActions(t, db) {
				if a == k.content.kind+".reports_dismiss" {
					dismissals++
				}
			}
			if dismissals != 1 {
				t.Errorf("%d dismissals audited, want 1", dismissals)
			}
		})
	}
}
