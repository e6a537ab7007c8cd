package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func checkInNotify(n CheckInNotice) []model.Email {
	var out []model.Email
	for _, to := range n.To {
		out = append(out, model.Email{To: to, Kind: "commitment_check_in",
			Subject: fmt.Sprintf("%s quarter %d", n.Organisation.Name, n.Quarter), Body: n.Title})
	}
	return out
}

// checkInMail lists the check-in emails in the outbox, oldest first: "to subject".
func checkInMail(t *testing.T, db *DB) []string {
	t.Helper()
	msgs, err := db.ListOutbox(t.Context(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := msgs[i]; m.Email.Kind == "commitment_check_in" {
			out = append(out, m.Email.To+" "+m.Email.Subject)
		}
	}
	return out
}

// TestCommitmentsThroughTheYear moves the clock through a commitment's year with two
// instances of the job on one database: one check-in email per quarter, overdue exactly
// when the due date passes, check-ins that keep overdue unless they settle it, and the
// self-assessment's latest per quarter.
func TestCommitmentsThroughTheYear(t *testing.T) {
	ctx := context.Background()
	one, two, clk := twoInstances(t)
	adur := makeOrg(t, one, "Adur", "adur.gov.uk")
	hackney := makeOrg(t, one, "Hackney", "hackney.gov.uk")
	for _, email := range []string{"admin@adur.gov.uk", "boss@adur.gov.uk"} {
		if _, err := one.GrantRole(ctx, admin, email, model.RoleOrgAdmin); err != nil {
			t.Fatal(err)
		}
	}
	member, err := one.GrantRole(ctx, admin, "member@adur.gov.uk", model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	sig := publish(t, one, clk, adur.ID, t0)
	verified := sig.VerifiedAt
	due := verified.AddDate(1, 0, 0)
	commitment := func() *model.CommitmentProgress {
		t.Helper()
		c, err := one.CommitmentOf(ctx, adur.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// run runs the job's two steps on both instances at once, several times over.
	run := func() (sent, overdue int) {
		t.Helper()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i, db := range []*DB{one, two} {
			wg.Go(func() {
				for range 5 {
					s, err := db.SendCheckIns(ctx, checkInNotify)
					if err != nil {
						t.Errorf("instance %d: SendCheckIns: %v", i, err)
						return
					}
					o, err := db.MarkOverdue(ctx)
					if err != nil {
						t.Errorf("instance %d: MarkOverdue: %v", i, err)
						return
					}
					mu.Lock()
					sent, overdue = sent+s, overdue+o
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return sent, overdue
	}

	t.Run("verification starts the year", func(t *testing.T) {
		c := commitment()
		if c.Status != model.CommitmentOnTrack || !c.DueAt.Equal(due) || !c.NextCheckInAt.Equal(verified.AddDate(0, 3, 0)) {
			t.Errorf("commitment = %+v, want on track, due %s, first check-in after 3 months", c, due)
		}
		if _, err := one.CommitmentOf(ctx, hackney.ID); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("Hackney, which has not signed: %v, want ENOTFOUND", err)
		}
	})

	t.Run("one check-in email per quarter, once across instances", func(t *testing.T) {
		for q := 1; q <= 4; q++ {
			clk.Set(verified.AddDate(0, 3*q, 0).Add(-time.Second))
			if sent, _ := run(); sent != 0 {
				t.Fatalf("quarter %d: %d sent a second early", q, sent)
			}
			clk.Set(verified.AddDate(0, 3*q, 0))
			if sent, _ := run(); sent != 1 {
				t.Errorf("quarter %d: %d notices, want 1", q, sent)
			}
			clk.Advance(24 * time.Hour)
			if sent, _ := run(); sent != 0 {
				t.Errorf("quarter %d: %d more the next day", q, sent)
			}
		}
		var want []string
		for q := 1; q <= 4; q++ {
			want = append(want, fmt.Sprintf("admin@adur.gov.uk Adur quarter %d", q), fmt.Sprintf("boss@adur.gov.uk Adur quarter %d", q))
		}
		wantStrings(t, "check-in emails", checkInMail(t, one), want)
		clk.Set(verified.AddDate(2, 0, 0))
		if sent, _ := run(); sent != 0 {
			t.Errorf("%d sent after the year's four", sent)
		}
	})

	t.Run("overdue exactly when due passes", func(t *testing.T) {
		// Start again: a fresh year for Hackney, which checks in "at risk" on the way.
		h := publish(t, one, clk, hackney.ID, t0.AddDate(1, 0, 0))
		hdue := h.VerifiedAt.AddDate(1, 0, 0)
		hm, err := one.GrantRole(ctx, admin, "member@hackney.gov.uk", model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		clk.Set(hdue.Add(-48 * time.Hour))
		said := &model.CheckIn{Status: model.CommitmentAtRisk, WhatHappened: "Slipping", Language: "en", AsOf: model.Today(clk.Now())}
		if _, err := one.CheckIn(ctx, model.Actor{UserID: hm.ID, Label: hm.Email}, hackney.ID, said); err != nil {
			t.Fatal(err)
		}
		clk.Set(hdue.Add(-time.Microsecond))
		if _, overdue := run(); overdue != 0 {
			t.Fatalf("%d marked overdue before the due date", overdue)
		}
		clk.Set(hdue)
		if _, overdue := run(); overdue != 1 {
			t.Errorf("%d marked overdue at the due date, want 1", overdue)
		}
		c, err := one.CommitmentOf(ctx, hackney.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommitmentOverdue || !c.StatusAt.Equal(hdue) {
			t.Errorf("status %s at %s, want overdue at %s", c.Status, c.StatusAt, hdue)
		}
		// Adur's commitment went overdue too, at its own due date (passed above).
		if c := commitment(); c.Status != model.CommitmentOverdue {
			t.Errorf("Adur: %s, want overdue", c.Status)
		}
	})

	t.Run("check-ins", func(t *testing.T) {
		as := model.Actor{UserID: member.ID, Label: member.Email}
		clk.Set(due.AddDate(0, 1, 0))
		ci := &model.CheckIn{Status: model.CommitmentOnTrack, WhatHappened: "Back on **track**", Language: "en",
			Evidence: []string{"https://example.org/a", "http://example.org/b"}, AsOf: model.Today(clk.Now())}
		c, err := one.CheckIn(ctx, as, adur.ID, ci)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommitmentOverdue {
			t.Errorf("on track after the due date: %s, want overdue", c.Status)
		}
		clk.Advance(time.Hour)
		c, err = one.CheckIn(ctx, as, adur.ID, &model.CheckIn{Status: model.CommitmentDelivered, WhatHappened: "Done", Language: "cy", AsOf: model.Today(clk.Now())})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommitmentDelivered || !c.NextCheckInAt.IsZero() {
			t.Errorf("delivered: %+v", c)
		}
		got := commitment()
		if len(got.CheckIns) != 2 || got.CheckIns[0].Status != model.CommitmentDelivered || got.CheckIns[1].Status != model.CommitmentOnTrack {
			t.Fatalf("check-ins, newest first: %+v", got.CheckIns)
		}
		old := got.CheckIns[1]
		if strings.Join(old.Evidence, " ") != "https://example.org/a http://example.org/b" || !strings.Contains(old.HTML, "<strong>track</strong>") ||
			old.AuthorID != member.ID || !old.AsOf.Equal(model.Today(due.AddDate(0, 1, 0))) {
			t.Errorf("kept check-in: %+v", old)
		}
		if got.CheckIns[0].Language != "cy" {
			t.Errorf("language %q, want cy", got.CheckIns[0].Language)
		}
		var kinds []string
		err = eachRow(ctx, one.read, `SELECT kind FROM activity_items WHERE object_kind = 'organisation' AND object_id = $1
AND kind LIKE 'commitment.%' ORDER BY id`, []any{adur.ID}, func(rows *sql.Rows) error {
			var k string
			err := rows.Scan(&k)
			kinds = append(kinds, k)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wantStrings(t, "Adur's activity", kinds, []string{model.ActivityCommitmentCheckIn, model.ActivityCommitmentDelivered})
		if _, overdue := run(); overdue != 0 {
			t.Errorf("a delivered commitment marked overdue")
		}
		if acts := auditActions(t, one); !strings.Contains(strings.Join(acts, " "), "commitment.check_in") || !strings.Contains(strings.Join(acts, " "), "commitment.overdue") {
			t.Errorf("audit: %v", acts)
		}
	})

	t.Run("signatures verified before commitments were kept are adopted without emails", func(t *testing.T) {
		before := len(checkInMail(t, one))
		if _, err := one.write.ExecContext(ctx, `DELETE FROM commitment_check_ins`); err != nil {
			t.Fatal(err)
		}
		if _, err := one.write.ExecContext(ctx, `DELETE FROM commitments`); err != nil {
			t.Fatal(err)
		}
		clk.Set(verified.AddDate(0, 7, 0)) // Adur: two quarters past; Hackney: not yet verified then
		run()
		c := commitment()
		if c.CheckInsSent != 2 || !c.NextCheckInAt.Equal(verified.AddDate(0, 9, 0)) || !c.DueAt.Equal(due) {
			t.Errorf("adopted: %+v, want 2 quarters counted sent, the next at 9 months", c)
		}
		if n := len(checkInMail(t, one)) - before; n != 0 {
			t.Errorf("%d emails on adoption", n)
		}
	})

	t.Run("self-assessment: the latest of a quarter counts", func(t *testing.T) {
		as := model.Actor{UserID: member.ID, Label: member.Email}
		assess := func(day time.Time, level int) {
			t.Helper()
			a := &model.SelfAssessment{AsOf: day, Language: "en"}
			a.Year, a.Quarter = model.QuarterOf(day)
			for p := 1; p <= 5; p++ {
				a.Levels = append(a.Levels, model.PrincipleLevel{Principle: p, Level: level, Evidence: fmt.Sprintf("p%d l%d", p, level)})
			}
			if err := one.SelfAssess(ctx, as, adur.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		assess(date(2025, 1, 10), 1)
		assess(date(2025, 3, 31), 2) // the same quarter, later: it counts instead
		assess(date(2025, 4, 1), 3)
		got, err := one.SelfAssessments(ctx, adur.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Quarter != 2 || got[1].Quarter != 1 || got[1].Levels[0].Level != 2 || len(got[1].Levels) != 5 || got[0].Levels[4].Evidence != "p5 l3" {
			t.Errorf("self-assessments: %+v", got)
		}
		var n int
		if err := one.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM self_assessments`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d self-assessments kept (%v), want 3", n, err)
		}
	})
}
