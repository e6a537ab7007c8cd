package store

import (
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// TestBriefLifecycle: a joint brief is published only once every co-signer has
// confirmed; a decline returns it to draft with the reason; co-signers must be on the
// platform; only a draft changes.
func TestBriefLifecycle(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	lead := makeOrg(t, db, "Hackney", "hackney.gov.uk")
	camden := makeOrg(t, db, "Camden", "camden.gov.uk")
	islington := makeOrg(t, db, "Islington", "islington.gov.uk")
	nobody := makeOrg(t, db, "Nowhere")
	actor := func(email, role string) model.Actor {
		u, err := db.GrantRole(ctx, admin, email, role)
		if err != nil {
			t.Fatal(err)
		}
		return model.Actor{UserID: u.ID, Label: email}
	}
	writer := actor("officer@hackney.gov.uk", model.RoleMember)
	camdenAdmin := actor("admin@camden.gov.uk", model.RoleOrgAdmin)
	islingtonAdmin := actor("admin@islington.gov.uk", model.RoleOrgAdmin)
	brief := func(cosigners ...int64) *model.Brief {
		b := &model.Brief{Title: "Revenues and benefits system", Lead: model.OrgRef{ID: lead.ID}, Background: "b",
			Outcome: "o", EndUsers: "u", Phase: "alpha", Location: "London", StartDate: day("2026-04-01"),
			ContractLength: "2 years", TechnicalWeighting: 50, CulturalWeighting: 10, PriceWeighting: 30,
			SocialValueWeighting: 10, QuestionsDeadline: day("2026-02-01"), Language: "en"}
		for _, id := range cosigners {
			b.CoSigners = append(b.CoSigners, model.CoSigner{OrganisationID: id})
		}
		return b
	}
	t.Run("co-signers on the platform", func(t *testing.T) {
		if err := db.CreateBrief(ctx, writer, brief(camden.ID, nobody.ID)); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("a co-signer with nobody to confirm: %v", err)
		}
		if err := db.CreateBrief(ctx, writer, brief(lead.ID)); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("the lead as a co-signer: %v", err)
		}
		bad := brief(camden.ID)
		bad.PriceWeighting = 31 // 101 in all: the database refuses it too
		if err := db.CreateBrief(ctx, writer, bad); err == nil {
			t.Fatal("weightings summing to 101 were saved")
		}
	})
	b := brief(camden.ID, islington.ID)
	if err := db.CreateBrief(ctx, writer, b); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		got, err := db.Brief(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	t.Run("decline returns to draft", func(t *testing.T) {
		if _, err := db.AnswerBrief(ctx, camdenAdmin, b.ID, camden.ID, true, ""); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("an answer to a draft: %v", err)
		}
		asked := func(b *model.Brief, to string) model.Email {
			return model.Email{To: to, Kind: "brief_to_answer", Subject: "Co-sign " + b.Title, Body: "b"}
		}
		if _, err := db.SendBrief(ctx, writer, b.ID, asked); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind = 'brief_to_answer' AND to_addr IN ('admin@camden.gov.uk', 'admin@islington.gov.uk')`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("emails to the co-signers' admins: %d %v", n, err)
		}
		if err := db.UpdateBrief(ctx, writer, brief(camden.ID)); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("updating brief 0: %v", err)
		}
		changed := brief(camden.ID)
		changed.ID = b.ID
		if err := db.UpdateBrief(ctx, writer, changed); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("a change while awaiting co-signers: %v", err)
		}
		if _, err := db.AnswerBrief(ctx, camdenAdmin, b.ID, camden.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if got := status(); got != model.BriefAwaiting {
			t.Fatalf("after one of two confirmations: %s", got)
		}
		got, err := db.AnswerBrief(ctx, islingtonAdmin, b.ID, islington.ID, false, "Our contract ends a year later")
		if err != nil || got.Status != model.BriefDraft {
			t.Fatalf("decline: %+v %v", got, err)
		}
		again, _ := db.Brief(ctx, b.ID)
		if again.Status != model.BriefDraft || again.DeclineReason != "Our contract ends a year later" || again.DeclinedBy != "Islington" {
			t.Fatalf("after a decline: %s %q %q", again.Status, again.DeclineReason, again.DeclinedBy)
		}
	})
	t.Run("published once every co-signer confirmed", func(t *testing.T) {
		if _, err := db.SendBrief(ctx, writer, b.ID, nil); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Brief(ctx, b.ID)
		for _, c := range got.CoSigners {
			if c.Status != model.CoSignerPending {
				t.Fatalf("after sending again, %s is %s", c.OrganisationName, c.Status)
			}
		}
		if got.DeclineReason != "" {
			t.Fatalf("the decline's reason stayed: %q", got.DeclineReason)
		}
		if _, err := db.AnswerBrief(ctx, islingtonAdmin, b.ID, islington.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if s := status(); s != model.BriefAwaiting {
			t.Fatalf("published before Camden confirmed: %s", s)
		}
		if _, err := db.AnswerBrief(ctx, islingtonAdmin, b.ID, islington.ID, true, ""); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("a second answer: %v", err)
		}
		if _, err := db.AnswerBrief(ctx, writer, b.ID, lead.ID, true, ""); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("the lead answering: %v", err)
		}
		got, err := db.AnswerBrief(ctx, camdenAdmin, b.ID, camden.ID, true, "")
		if err != nil || got.Status != model.BriefPublished {
			t.Fatalf("last confirmation: %+v %v", got, err)
		}
		pub, err := db.PublishedBriefs(ctx)
		if err != nil || len(pub) != 1 || pub[0].PublishedAt.IsZero() || len(pub[0].CoSigners) != 2 {
			t.Fatalf("published briefs = %+v %v", pub, err)
		}
		if err := db.CloseBrief(ctx, writer, b.ID); err != nil || status() != model.BriefClosed {
			t.Fatalf("close: %v", err)
		}
	})
	t.Run("own briefs", func(t *testing.T) {
		d := brief(camden.ID)
		if err := db.CreateBrief(ctx, writer, d); err != nil {
			t.Fatal(err)
		}
		for org, want := range map[int64]int{lead.ID: 1, camden.ID: 1, islington.ID: 0} {
			got, err := db.BriefsOf(ctx, []int64{org})
			if err != nil || len(got) != want {
				t.Errorf("briefs of %d = %d %v, want %d", org, len(got), err, want)
			}
		}
	})
}
