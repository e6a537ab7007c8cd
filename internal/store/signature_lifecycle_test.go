package store

import (
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// TestCancelSignature cancels a signature awaiting its senior signers: the status, when
// and why are kept, the change is audited and its emails queued in the same transaction,
// the signers' links can no longer be answered, and the organisation may start again.
func TestCancelSignature(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	rows := outboxCount(t, db)
	clk.Advance(2 * time.Hour)
	rec := &recorder{}
	got, err := db.CancelSignature(ctx, admin, sig.ID, "The leader's address was mistyped.", rec.notify)
	if err != nil {
		t.Fatalf("CancelSignature: %v", err)
	}
	if got.Status != model.SigCancelled || !got.CancelledAt.Equal(clk.Now()) || got.CancelledReason != "The leader's address was mistyped." {
		t.Errorf("cancelled signature = %+v", got)
	}
	if rec.calls() != 1 || rec.events[0] != EventCancelled || rec.status[0] != model.SigCancelled {
		t.Errorf("notifier saw %v %v", rec.events, rec.status)
	}
	if n := outboxCount(t, db); n != rows+1 {
		t.Errorf("outbox rows = %d, want %d", n, rows+1)
	}
	e := allAudit(t, db)[0]
	if e.Action != "signature.cancelled" || e.Before != `{"status":"awaiting_signers"}` ||
		e.After != `{"reason":"The leader's address was mistyped.","status":"cancelled"}` {
		t.Errorf("audit = %+v", e)
	}
	_, err = db.RespondAsSigner(ctx, hashes[0], true, nil)
	wantCode(t, err, model.ECONFLICT)
	if _, _, err := db.SignerByToken(ctx, hashes[1]); err != nil {
		t.Errorf("the link of a cancelled signature should still say what happened: %v", err)
	}
	again, _ := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	if again.ID == sig.ID {
		t.Fatal("no new signature")
	}
	// A signature awaiting verification can be cancelled too.
	other := makeOrg(t, db, "Worthing")
	id := signatureIn(t, db, clk, other.ID, model.SigAwaitingVerification)
	if _, err := db.CancelSignature(ctx, admin, id, "", nil); err != nil {
		t.Errorf("cancel awaiting verification: %v", err)
	}
}

// TestChangeSignerInvalidatesOldLink corrects a senior signer's address: the old link stops
// working at once, the new one works, the change is audited with the old and new values
// and its emails queued; a signer who answered cannot be changed.
func TestChangeSignerInvalidatesOldLink(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	rows := outboxCount(t, db)
	rec := &recorder{}
	newHash := newToken("changed")
	to := model.Signer{Kind: model.SignerLeader, Name: "Sam Okafor", Role: "Leader of the Council", Email: "sam.okafor@example.gov.uk"}
	invite := model.Email{To: to.Email, Kind: "signer_invite", Subject: "Please confirm", Body: "new link"}
	got, err := db.ChangeSigner(ctx, admin, sig.ID, to, newHash, []model.Email{invite}, rec.notify)
	if err != nil {
		t.Fatalf("ChangeSigner: %v", err)
	}
	if s := got.Signers[1]; s.Name != to.Name || s.Email != to.Email || s.Role != to.Role || s.Status != model.SignerPending {
		t.Errorf("changed signer = %+v", s)
	}
	_, _, err = db.SignerByToken(ctx, hashes[1])
	wantErr(t, err, ErrSignerLinkUnknown)
	signer, _, err := db.SignerByToken(ctx, newHash)
	if err != nil || signer.Email != to.Email {
		t.Fatalf("new link: %+v, %v", signer, err)
	}
	if n := outboxCount(t, db); n != rows+2 {
		t.Errorf("outbox rows = %d, want %d (the invitation and the notice)", n, rows+2)
	}
	if rec.calls() != 1 || rec.events[0] != EventSignerChanged {
		t.Errorf("notifier saw %v", rec.events)
	}
	e := allAudit(t, db)[0]
	if e.Action != "signer.change" || e.EntityID != signer.ID ||
		e.Before != `{"name":"Name leader","role":"Role leader","email":"leader-1@example.gov.uk"}` ||
		e.After != `{"name":"Sam Okafor","role":"Leader of the Council","email":"sam.okafor@example.gov.uk"}` {
		t.Errorf("audit = %+v", e)
	}

	// The chief executive confirms: they can no longer be changed.
	if _, err := db.RespondAsSigner(ctx, hashes[0], true, nil); err != nil {
		t.Fatal(err)
	}
	audits := len(allAudit(t, db))
	_, err = db.ChangeSigner(ctx, admin, sig.ID, model.Signer{Kind: model.SignerCEO, Name: "X", Role: "Y", Email: "x@example.gov.uk"},
		newToken("x"), nil, nil)
	wantErr(t, err, ErrSignerNotPending)
	_, err = db.ChangeSigner(ctx, admin, sig.ID, model.Signer{Kind: model.SignerSenior, Name: "X", Role: "Y", Email: "x@example.gov.uk"},
		newToken("x"), nil, nil)
	wantErr(t, err, ErrNoSuchSigner)
	if len(allAudit(t, db)) != audits {
		t.Error("a refused change was audited")
	}
	// Nor can anyone be changed once the signature is cancelled.
	if _, err := db.CancelSignature(ctx, admin, sig.ID, "", nil); err != nil {
		t.Fatal(err)
	}
	_, err = db.ChangeSigner(ctx, admin, sig.ID, to, newToken("x"), nil, nil)
	wantErr(t, err, ErrNotAwaitingSigner)
}

// TestResendSignerLinkLimit resends a signer's link: each resend replaces the link, and
// the fourth within a day is refused with the time it becomes possible again.
func TestResendSignerLinkLimit(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	old := hashes[0]
	first := clk.Now()
	emails := func(s *model.Signature, sg *model.Signer) []model.Email {
		return []model.Email{{To: sg.Email, Kind: "signer_invite", Subject: "again", Body: "link"}}
	}
	for i := range model.MaxSignerResends {
		clk.Advance(time.Hour)
		h := newToken("resent")
		rows := outboxCount(t, db)
		if _, err := db.ResendSignerLink(ctx, admin, sig.ID, model.SignerCEO, h, emails); err != nil {
			t.Fatalf("resend %d: %v", i+1, err)
		}
		_, _, err := db.SignerByToken(ctx, old)
		wantErr(t, err, ErrSignerLinkUnknown)
		if _, _, err := db.SignerByToken(ctx, h); err != nil {
			t.Fatalf("resent link: %v", err)
		}
		if outboxCount(t, db) != rows+1 {
			t.Errorf("resend %d queued no email", i+1)
		}
		old = h
	}
	clk.Advance(time.Hour)
	rows, audits := outboxCount(t, db), len(allAudit(t, db))
	_, err := db.ResendSignerLink(ctx, admin, sig.ID, model.SignerCEO, newToken("x"), emails)
	rl, ok := IsResendLimit(err)
	if !ok || !rl.Next.Equal(first.Add(time.Hour+model.SignerResendWindow)) {
		t.Fatalf("fourth resend: %v, want the limit until %v", err, first.Add(time.Hour+model.SignerResendWindow))
	}
	wantCode(t, err, model.ECONFLICT)
	if outboxCount(t, db) != rows || len(allAudit(t, db)) != audits {
		t.Error("a refused resend left emails or audit entries")
	}
	if _, _, err := db.SignerByToken(ctx, old); err != nil {
		t.Errorf("a refused resend broke the last link: %v", err)
	}
	// The other signer has their own allowance.
	if _, err := db.ResendSignerLink(ctx, admin, sig.ID, model.SignerLeader, newToken("l"), emails); err != nil {
		t.Errorf("leader's resend: %v", err)
	}
	// A day after the first resend, one more is allowed.
	clk.Set(first.Add(time.Hour + model.SignerResendWindow + time.Second))
	if _, err := db.ResendSignerLink(ctx, admin, sig.ID, model.SignerCEO, newToken("y"), emails); err != nil {
		t.Errorf("resend a day later: %v", err)
	}
}

// TestRegisterHistoryKeptAfterSigningAgain withdraws a council's signature with a reason
// and has it sign again: the register shows the new signature, and the history both,
// with the withdrawal's date and reason.
func TestRegisterHistoryKeptAfterSigningAgain(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	first := publish(t, db, clk, org.ID, date(2019, 5, 1))
	clk.Set(date(2021, 6, 1))
	if _, err := db.WithdrawSignature(ctx, admin, first.ID, "Merging with Worthing.", nil); err != nil {
		t.Fatal(err)
	}
	second := publish(t, db, clk, org.ID, date(2023, 2, 1))
	makeOrg(t, db, "Never Signed")

	rows, total, err := db.ListRegister(ctx, model.RegisterQuery{Page: 1, PerPage: 10}, ModePublished)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || rows[0].SignatureID != second.ID {
		t.Errorf("register = %+v", rows)
	}
	hist, total, err := db.ListRegisterHistory(ctx, model.RegisterQuery{Page: 1, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(hist) != 2 {
		t.Fatalf("history = %+v (total %d), want two signatures", hist, total)
	}
	if h := hist[0]; h.SignatureID != first.ID || h.Status != model.SigWithdrawn || !h.SignedAt.Equal(date(2019, 5, 1)) ||
		!h.WithdrawnAt.Equal(date(2021, 6, 1)) || h.WithdrawnReason != "Merging with Worthing." || h.Organisation.Name != "Adur" {
		t.Errorf("first = %+v", h)
	}
	if h := hist[1]; h.SignatureID != second.ID || h.Status != model.SigVerified || !h.WithdrawnAt.IsZero() {
		t.Errorf("second = %+v", h)
	}
	hist, total, err = db.ListRegisterHistory(ctx, model.RegisterQuery{Page: 1, PerPage: 10, Year: 2023})
	if err != nil || total != 1 || hist[0].SignatureID != second.ID {
		t.Errorf("history in 2023 = %+v, %d, %v", hist, total, err)
	}
	sigs, err := db.SignaturesForOrganisation(ctx, org.ID)
	if err != nil || len(sigs) != 2 || sigs[1].WithdrawnReason != "Merging with Worthing." {
		t.Errorf("organisation's signatures = %+v, %v", sigs, err)
	}
}

// TestSigningDraftOutlivesSessions keeps a person's journey in progress by person: it is
// there after their session ends, replaced by a later save, and gone with their account.
func TestSigningDraftOutlivesSessions(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	u, err := db.GrantRole(ctx, admin, "jo@example.gov.uk", model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := db.SigningDraft(ctx, u.ID); err != nil || d != "" {
		t.Fatalf("no draft yet: %q, %v", d, err)
	}
	for _, data := range []string{`{"org_id":1}`, `{"org_id":2}`} {
		if err := db.SaveSigningDraft(ctx, u.ID, data); err != nil {
			t.Fatal(err)
		}
		if d, err := db.SigningDraft(ctx, u.ID); err != nil || d != data {
			t.Fatalf("draft = %q, %v, want %q", d, err, data)
		}
	}
	if ud, err := db.UserData(ctx, u.ID); err != nil || string(ud.Draft) != `{"org_id":2}` {
		t.Errorf("downloaded data holds draft %s (%v)", ud.Draft, err)
	}
	if err := db.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM signing_drafts`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d drafts after deleting the account (%v)", n, err)
	}
}
