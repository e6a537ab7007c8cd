package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

var testFundingMail = FundingMail{
	ConfirmPartner: func(to string, b *model.Bid, p model.OrgRef) model.Email {
		return model.Email{To: to, Kind: "funding_partner", Subject: "Confirm " + p.Name, Body: b.Title}
	},
	Receipt: func(to string, b *model.Bid) model.Email {
		return model.Email{To: to, Kind: "funding_receipt", Subject: "Received " + b.Title, Body: b.Title}
	},
	Outcome: func(to string, b *model.Bid) model.Email {
		return model.Email{To: to, Kind: "funding_outcome", Subject: b.Outcome + " " + b.Title, Body: b.Title}
	},
}

// fundingWorld: Adur leads; Hackney and Worthing have signed; Unsigned has not; Gone
// signed and withdrew. Each has an org admin.
type fundingWorld struct {
	db                                 *DB
	clk                                *testClock
	adur, hackney, worthing, unsigned  *model.Organisation
	gone                               *model.Organisation
	lead, hackneyAdmin, worthingAdmin  model.Actor
	unsignedAdmin, goneAdmin, assessor model.Actor
}

func newFundingWorld(t *testing.T) *fundingWorld {
	db, clk := newTestDB(t)
	w := &fundingWorld{db: db, clk: clk}
	w.adur = makeOrg(t, db, "Adur District Council", "adur.gov.uk")
	w.hackney = makeOrg(t, db, "Hackney", "hackney.gov.uk")
	w.worthing = makeOrg(t, db, "Worthing", "worthing.gov.uk")
	w.unsigned = makeOrg(t, db, "Unsigned Council", "unsigned.gov.uk")
	w.gone = makeOrg(t, db, "Gone Council", "gone.gov.uk")
	start := t0.Add(-30 * 24 * time.Hour)
	var sig *model.Signature
	for i, o := range []*model.Organisation{w.adur, w.hackney, w.worthing, w.gone} {
		sig = publish(t, db, clk, o.ID, start.Add(time.Duration(i)*time.Hour))
	}
	withdraw(t, db, clk, sig.ID, start.Add(24*time.Hour))
	clk.Set(t0)
	user := func(email, role string) model.Actor {
		u, err := db.GrantRole(t.Context(), admin, email, role)
		if err != nil {
			t.Fatal(err)
		}
		return model.Actor{UserID: u.ID, Label: email}
	}
	w.lead = user("lead@adur.gov.uk", model.RoleMember)
	w.hackneyAdmin = user("admin@hackney.gov.uk", model.RoleOrgAdmin)
	w.worthingAdmin = user("admin@worthing.gov.uk", model.RoleOrgAdmin)
	w.unsignedAdmin = user("admin@unsigned.gov.uk", model.RoleOrgAdmin)
	w.goneAdmin = user("admin@gone.gov.uk", model.RoleOrgAdmin)
	w.assessor = user("assessor@unsigned.gov.uk", model.RoleMember)
	if _, err := db.SetAssessor(t.Context(), admin, "assessor@unsigned.gov.uk", true); err != nil {
		t.Fatal(err)
	}
	return w
}

// round adds a round open at t0 for ten days: two partners, two bids a lead.
func (w *fundingWorld) round(t *testing.T, name string) *model.FundingRound {
	t.Helper()
	r := &model.FundingRound{Name: name, Prospectus: "# Prospectus", OpensAt: t0.Add(-24 * time.Hour),
		ClosesAt: t0.Add(10 * 24 * time.Hour), DecisionsAt: t0.Add(40 * 24 * time.Hour),
		Caps:        map[string]int{model.PhaseDiscovery: 100000, model.PhaseAlpha: 180000, model.PhaseBeta: 350000},
		MinPartners: 2, MaxLeadBids: 2,
		Criteria: []model.Criterion{{Name: "Strategic fit", Weight: 40, Position: 1}, {Name: "Deliverability", Weight: 30, Position: 2},
			{Name: "Value for money", Weight: 30, Position: 3}}}
	if err := w.db.SaveRound(t.Context(), admin, r); err != nil {
		t.Fatal(err)
	}
	r, err := w.db.Round(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// draft saves a complete discovery bid by Adur with partners, asking for amount.
func (w *fundingWorld) draft(t *testing.T, r *model.FundingRound, title string, amount int, partners ...*model.Organisation) *model.Bid {
	t.Helper()
	b := &model.Bid{RoundID: r.ID, Lead: model.OrgRef{ID: w.adur.ID}, Title: title, Problem: "p", Users: "u",
		Phase: model.PhaseDiscovery, Reuse: "r", Team: "t", Timeline: "tl", Budget: []model.BudgetItem{{Item: "Research", Amount: amount}}}
	for _, p := range partners {
		b.Partners = append(b.Partners, model.BidPartner{OrgRef: model.OrgRef{ID: p.ID}})
	}
	if err := w.db.SaveBid(t.Context(), w.lead, b, testFundingMail); err != nil {
		t.Fatalf("SaveBid %s: %v", title, err)
	}
	return b
}

func (w *fundingWorld) confirm(t *testing.T, b *model.Bid, admins ...model.Actor) {
	t.Helper()
	for _, a := range admins {
		u, _ := w.db.User(t.Context(), a.UserID)
		if err := w.db.ConfirmPartner(t.Context(), a, b.ID, u.Memberships[0].OrganisationID); err != nil {
			t.Fatalf("ConfirmPartner by %s: %v", a.Label, err)
		}
	}
}

func refusalKeys(err error) []string {
	var br *BidRefused
	if !errors.As(err, &br) {
		return nil
	}
	var out []string
	for _, p := range br.Problems {
		out = append(out, p.Key)
	}
	return out
}

// TestFunding takes bids through drafts, partners' confirmations, the rules at
// submission, publication after the deadline, assessment and decisions, on one database.
func TestFunding(t *testing.T) {
	w := newFundingWorld(t)
	ctx := t.Context()
	r := w.round(t, "Round 1")

	t.Run("a draft asks partners to confirm, and is submitted once", func(t *testing.T) {
		b := w.draft(t, r, "Waste app", 90000, w.hackney, w.worthing)
		msgs, err := w.db.ListOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		asked := map[string]bool{}
		for _, m := range msgs {
			if m.Email.Kind == "funding_partner" {
				asked[m.Email.To] = true
			}
		}
		if !asked["admin@hackney.gov.uk"] || !asked["admin@worthing.gov.uk"] || len(asked) != 2 {
			t.Errorf("partners asked: %v", asked)
		}
		_, err = w.db.SubmitBid(ctx, w.lead, b.ID, testFundingMail)
		if got := refusalKeys(err); fmt.Sprint(got) != "[funding.rules.partner_not_confirmed funding.rules.partner_not_confirmed]" {
			t.Fatalf("submitted unconfirmed: %v (%v)", got, err)
		}
		if err := w.db.ConfirmPartner(ctx, w.unsignedAdmin, b.ID, w.unsigned.ID); !errors.Is(err, ErrNotPartner) {
			t.Errorf("a stranger confirmed: %v", err)
		}
		w.confirm(t, b, w.hackneyAdmin, w.worthingAdmin)
		got, err := w.db.SubmitBid(ctx, w.lead, b.ID, testFundingMail)
		if err != nil || !got.Submitted() {
			t.Fatalf("SubmitBid: %v", err)
		}
		if _, err := w.db.SubmitBid(ctx, w.lead, b.ID, testFundingMail); !errors.Is(err, ErrBidSubmitted) {
			t.Errorf("submitted twice: %v", err)
		}
		b.Title = "Changed"
		if err := w.db.SaveBid(ctx, w.lead, b, testFundingMail); !errors.Is(err, ErrBidSubmitted) {
			t.Errorf("changed after submission: %v", err)
		}
		stored, _ := w.db.Bid(ctx, b.ID)
		if stored.Title != "Waste app" {
			t.Errorf("title %q after a refused change", stored.Title)
		}
	})

	t.Run("each rule refuses at submission with its message", func(t *testing.T) {
		r2 := w.round(t, "Rules")
		cases := []struct {
			name     string
			partners []*model.Organisation
			admins   []model.Actor
			amount   int
			at       time.Time
			want     string
		}{
			{"partner not signed", []*model.Organisation{w.hackney, w.unsigned}, []model.Actor{w.hackneyAdmin, w.unsignedAdmin}, 1000, t0, "[funding.rules.partner_not_signed]"},
			{"partner withdrawn", []*model.Organisation{w.hackney, w.gone}, []model.Actor{w.hackneyAdmin, w.goneAdmin}, 1000, t0, "[funding.rules.partner_withdrawn]"},
			{"too few partners", []*model.Organisation{w.hackney}, []model.Actor{w.hackneyAdmin}, 1000, t0, "[funding.rules.too_few_partners]"},
			{"over the cap", []*model.Organisation{w.hackney, w.worthing}, []model.Actor{w.hackneyAdmin, w.worthingAdmin}, 100001, t0, "[funding.rules.over_cap]"},
			{"a second after the deadline", []*model.Organisation{w.hackney, w.worthing}, []model.Actor{w.hackneyAdmin, w.worthingAdmin}, 1000, r2.ClosesAt.Add(time.Second), "[funding.rules.closed]"},
		}
		for _, c := range cases {
			w.clk.Set(t0)
			b := w.draft(t, r2, c.name, c.amount, c.partners...)
			w.confirm(t, b, c.admins...)
			w.clk.Set(c.at)
			_, err := w.db.SubmitBid(ctx, w.lead, b.ID, testFundingMail)
			if got := fmt.Sprint(refusalKeys(err)); got != c.want {
				t.Errorf("%s: refused with %s (%v), want %s", c.name, got, err, c.want)
			}
			if stored, _ := w.db.Bid(ctx, b.ID); stored.Submitted() {
				t.Errorf("%s: submitted", c.name)
			}
		}
		w.clk.Set(r2.ClosesAt) // the deadline itself is still in time
		b := w.draft2(t, r2)
		if _, err := w.db.SubmitBid(ctx, w.lead, b.ID, testFundingMail); err != nil {
			t.Errorf("at the deadline: %v", err)
		}
		w.clk.Set(t0)
	})

	t.Run("thirty submitted at once, two allowed", func(t *testing.T) {
		r3 := w.round(t, "Race")
		bids := make([]*model.Bid, 30)
		for i := range bids {
			bids[i] = w.draft(t, r3, fmt.Sprintf("Bid %02d", i), 1000, w.hackney, w.worthing)
			w.confirm(t, bids[i], w.hackneyAdmin, w.worthingAdmin)
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, len(bids))
		for i, b := range bids {
			wg.Go(func() {
				<-start
				_, errs[i] = w.db.SubmitBid(context.Background(), w.lead, b.ID, testFundingMail)
			})
		}
		close(start)
		wg.Wait()
		ok, refused := 0, 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case fmt.Sprint(refusalKeys(err)) == "[funding.rules.too_many_bids]":
				refused++
			default:
				t.Errorf("bid %d: %v", i, err)
			}
		}
		if ok != 2 || refused != 28 {
			t.Fatalf("%d submitted and %d refused, want 2 and 28 (%s)", ok, refused, testdb.Engine(os.Getenv))
		}
		all, err := w.db.Bids(ctx, BidQuery{RoundID: r3.ID})
		if err != nil {
			t.Fatal(err)
		}
		submitted := 0
		for _, b := range all {
			if b.Submitted() {
				submitted++
			}
		}
		if submitted != 2 {
			t.Errorf("%d stored as submitted", submitted)
		}
	})

	t.Run("published only after the deadline; assessed, decided and totalled", func(t *testing.T) {
		q := BidQuery{RoundID: r.ID, Published: true, Now: w.clk.Now()}
		if got, _ := w.db.Bids(ctx, q); len(got) != 0 {
			t.Fatalf("%d published before the deadline", len(got))
		}
		q.Now = r.ClosesAt.Add(time.Second)
		got, err := w.db.Bids(ctx, q)
		if err != nil || len(got) != 1 || len(got[0].Partners) != 2 {
			t.Fatalf("published after the deadline: %v %v", got, err)
		}
		b := got[0]
		hackneyAssessor := model.Actor{UserID: w.hackneyAdmin.UserID}
		if _, err := w.db.SetAssessor(ctx, admin, "admin@hackney.gov.uk", true); err != nil {
			t.Fatal(err)
		}
		if err := w.db.AssignAssessor(ctx, admin, b.ID, "admin@hackney.gov.uk"); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("a partner's assessor assigned: %v", err)
		}
		if err := w.db.SaveScores(ctx, hackneyAssessor, b.ID, nil); !errors.Is(err, ErrNotAssigned) {
			t.Errorf("scored unassigned: %v", err)
		}
		if err := w.db.AssignAssessor(ctx, admin, b.ID, "assessor@unsigned.gov.uk"); err != nil {
			t.Fatal(err)
		}
		var scores []model.Score
		for _, c := range r.Criteria {
			scores = append(scores, model.Score{CriterionID: c.ID, Score: 4, Comment: "Good"})
		}
		scores[0].Score = 6
		if err := w.db.SaveScores(ctx, w.assessor, b.ID, scores); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("a score of 6: %v", err)
		}
		scores[0].Score = 5
		if err := w.db.SaveScores(ctx, w.assessor, b.ID, scores); err != nil {
			t.Fatal(err)
		}
		stored, _ := w.db.Scores(ctx, b.ID)
		if sp := model.Spreads(r.Criteria, stored); len(stored) != 3 || sp[0].Max != 5 || sp[1].Mean != 4 {
			t.Errorf("scores %+v", stored)
		}
		if err := w.db.DecideBid(ctx, admin, b.ID, model.OutcomeFunded, 80000); !errors.Is(err, ErrNotDecidable) {
			t.Errorf("decided before the deadline: %v", err)
		}
		if err := w.db.PublishOutcomes(ctx, admin, r.ID, testFundingMail); !errors.Is(err, ErrRoundNotClosed) {
			t.Errorf("published before the close: %v", err)
		}
		w.clk.Set(r.ClosesAt.Add(time.Second))
		if err := w.db.DecideBid(ctx, admin, b.ID, model.OutcomeFunded, 80000); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.db.RoundTotals(ctx); len(got) != 0 {
			t.Errorf("totals before the outcomes are published: %+v", got)
		}
		if got, _ := w.db.Bid(ctx, b.ID); got.ShownOutcome() != "" {
			t.Errorf("outcome shown before publication: %q", got.ShownOutcome())
		}
		if err := w.db.PublishOutcomes(ctx, admin, r.ID, testFundingMail); err != nil {
			t.Fatal(err)
		}
		if err := w.db.DecideBid(ctx, admin, b.ID, model.OutcomeNotFunded, 0); !errors.Is(err, ErrOutcomesPublished) {
			t.Errorf("changed after publication: %v", err)
		}
		msgs, _ := w.db.ListOutbox(ctx, 5)
		if m := msgs[0].Email; m.Kind != "funding_outcome" || m.To != "lead@adur.gov.uk" || m.Subject != "funded Waste app" {
			t.Errorf("outcome email %+v", m)
		}
		var items int
		if err := w.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_items WHERE kind = $1 AND object_id = $2`,
			model.ActivityOutcomesPublished, r.ID).Scan(&items); err != nil || items != 1 {
			t.Errorf("%d outcomes-published items (%v)", items, err)
		}
		w.clk.Set(t0)
		totals, err := w.db.RoundTotals(ctx)
		if err != nil || len(totals) != 1 || totals[0].Total != 80000 || totals[0].Funded != 1 {
			t.Errorf("totals %+v %v", totals, err)
		}
		funded, _ := w.db.Bids(ctx, BidQuery{Outcome: model.OutcomeFunded, Published: true, Now: r.ClosesAt.Add(time.Second)})
		sum := 0
		for _, f := range funded {
			sum += f.Awarded
		}
		if sum != totals[0].Total {
			t.Errorf("totals %d, sum of decisions %d", totals[0].Total, sum)
		}
	})

	t.Run("publishing outcomes makes each funded bid a project, once", func(t *testing.T) {
		r4 := w.round(t, "Projects")
		funded, notFunded := w.draft(t, r4, "Shared repairs", 40000, w.hackney, w.worthing), w.draft(t, r4, "Bins", 1000, w.hackney, w.worthing)
		for _, b := range []*model.Bid{funded, notFunded} {
			w.confirm(t, b, w.hackneyAdmin, w.worthingAdmin)
			if _, err := w.db.SubmitBid(ctx, w.lead, b.ID, testFundingMail); err != nil {
				t.Fatal(err)
			}
		}
		w.clk.Set(r4.ClosesAt.Add(time.Second))
		defer w.clk.Set(t0)
		if err := w.db.DecideBid(ctx, admin, funded.ID, model.OutcomeFunded, 30000); err != nil {
			t.Fatal(err)
		}
		if err := w.db.DecideBid(ctx, admin, notFunded.ID, model.OutcomeNotFunded, 0); err != nil {
			t.Fatal(err)
		}
		projectsOf := func() []int64 {
			var ids []int64
			err := eachRow(ctx, w.db.read, `SELECT id FROM projects WHERE bid_id IN ($1, $2) ORDER BY id`, []any{funded.ID, notFunded.ID},
				func(rows *sql.Rows) error {
					var id int64
					err := rows.Scan(&id)
					ids = append(ids, id)
					return err
				})
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if ids := projectsOf(); len(ids) != 0 {
			t.Fatalf("projects %v before the outcomes are published", ids)
		}
		for range 2 {
			if err := w.db.PublishOutcomes(ctx, admin, r4.ID, testFundingMail); err != nil {
				t.Fatal(err)
			}
		}
		ids := projectsOf()
		if len(ids) != 1 {
			t.Fatalf("projects %v, want one for the funded bid", ids)
		}
		p, err := w.db.Project(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if p.BidID != funded.ID || p.Title != "Shared repairs" || p.Problem != "p" || p.Users != "u" || p.Phase != model.PhaseDiscovery ||
			p.Funding != "up-to-50k" || p.Lead().ID != w.adur.ID || len(p.Partners()) != 2 ||
			p.Partners()[0].ID != w.hackney.ID || p.Partners()[1].ID != w.worthing.ID {
			t.Errorf("project %+v", p)
		}
		if b, _ := w.db.Bid(ctx, funded.ID); b.ProjectID != p.ID {
			t.Errorf("funded bid links to project %d, want %d", b.ProjectID, p.ID)
		}
		if b, _ := w.db.Bid(ctx, notFunded.ID); b.ProjectID != 0 {
			t.Errorf("bid not funded links to project %d", b.ProjectID)
		}
		var created int
		for _, a := range allAudit(t, w.db) {
			if a.Action == "project.create" && a.EntityID == p.ID {
				created++
			}
		}
		if created != 1 {
			t.Errorf("%d project.create audit entries for the project", created)
		}
		var items int
		if err := w.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_items WHERE kind = $1 AND object_id = $2`,
			model.ActivityProjectAdded, p.ID).Scan(&items); err != nil || items != 1 {
			t.Errorf("%d project-added items (%v)", items, err)
		}
	})

	t.Run("each round's opening is recorded once, by one of two instances", func(t *testing.T) {
		rounds, _ := w.db.Rounds(ctx)
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i := range counts {
			wg.Go(func() {
				n, err := w.db.OpenRounds(context.Background())
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		if counts[0]+counts[1] != len(rounds) {
			t.Errorf("%v rounds marked opened, want %d in all", counts, len(rounds))
		}
		var items int
		if err := w.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_items WHERE kind = $1`,
			model.ActivityRoundOpened).Scan(&items); err != nil || items != len(rounds) {
			t.Errorf("%d round-opened items (%v)", items, err)
		}
		if n, _ := w.db.OpenRounds(ctx); n != 0 {
			t.Errorf("%d opened again", n)
		}
	})

	t.Run("a deadline passing marks public data as changed, once", func(t *testing.T) {
		v0, _ := w.db.DataVersion(ctx)
		w.clk.Set(r.ClosesAt.Add(time.Minute))
		defer w.clk.Set(t0)
		next, err := w.db.PassFundingMoments(ctx, r.ClosesAt.Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		v1, _ := w.db.DataVersion(ctx)
		if _, err := w.db.PassFundingMoments(ctx, next); err != nil {
			t.Fatal(err)
		}
		v2, _ := w.db.DataVersion(ctx)
		if v1 != v0+1 || v2 != v1 {
			t.Errorf("versions %d, %d, %d: want one bump", v0, v1, v2)
		}
	})

	t.Run("questions are published with their answers, without the asker", func(t *testing.T) {
		if err := w.db.AskQuestion(ctx, w.lead, r.ID, "Can a county lead?"); err != nil {
			t.Fatal(err)
		}
		if err := w.db.AskQuestion(ctx, w.lead, r.ID, " "); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("an empty question: %v", err)
		}
		if got, _ := w.db.Questions(ctx, r.ID, true); len(got) != 0 {
			t.Errorf("unanswered published: %v", got)
		}
		all, _ := w.db.Questions(ctx, r.ID, false)
		if err := w.db.AnswerQuestion(ctx, admin, r.ID, all[0].ID, "Yes."); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.db.Questions(ctx, r.ID, true); len(got) != 1 || got[0].Answer != "Yes." {
			t.Errorf("answered: %v", got)
		}
	})
}

// draft2 is a complete bid with two confirmed partners.
func (w *fundingWorld) draft2(t *testing.T, r *model.FundingRound) *model.Bid {
	t.Helper()
	now := w.clk.Now()
	w.clk.Set(t0)
	b := w.draft(t, r, "In time", 1000, w.hackney, w.worthing)
	w.confirm(t, b, w.hackneyAdmin, w.worthingAdmin)
	w.clk.Set(now)
	return b
}
