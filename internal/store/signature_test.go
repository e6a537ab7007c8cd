package store

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// recorder is a Notifier that remembers each call and asks for one email per event.
type recorder struct {
	mu     sync.Mutex
	events []string
	status []string // the signature's status as the notifier saw it
}

func (r *recorder) notify(sig *model.Signature, event string) []model.Email {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event)
	r.status = append(r.status, sig.Status)
	return []model.Email{{To: "team@example.test", Kind: event, Subject: event, Body: sig.Organisation.Name}}
}

func (r *recorder) calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func TestStartSignature(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur", "adur.gov.uk")
	actor := model.Actor{Label: "jo@adur.gov.uk"}
	sig := newSignature(org.ID, model.SignerCEO, model.SignerLeader)
	hashes := []string{newToken("ceo"), newToken("leader")}
	emails := []model.Email{
		{To: sig.Signers[0].Email, Kind: "signer_request", Subject: "Confirm", Body: "ceo link"},
		{To: sig.Signers[1].Email, Kind: "signer_request", Subject: "Confirm", Body: "leader link"},
	}
	if err := db.StartSignature(ctx, actor, sig, hashes, emails); err != nil {
		t.Fatalf("StartSignature: %v", err)
	}
	if sig.ID == 0 || sig.Status != model.SigAwaitingSigners || !sig.CreatedAt.Equal(t0) {
		t.Errorf("returned signature = %+v", sig)
	}

	got, err := db.Signature(ctx, sig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.SigAwaitingSigners || got.OrganisationID != org.ID || got.DeclarationVersion != 1 ||
		got.Commitment != sig.Commitment || !got.CreatedAt.Equal(t0) || !got.VerifiedAt.IsZero() ||
		got.Organisation == nil || got.Organisation.Name != "Adur" {
		t.Errorf("stored signature = %+v", got)
	}
	if len(got.Signers) != 2 {
		t.Fatalf("%d signers, want 2", len(got.Signers))
	}
	for i, s := range got.Signers {
		want := sig.Signers[i]
		if s.ID != want.ID || s.Kind != want.Kind || s.Email != want.Email || s.Name != want.Name ||
			s.Status != model.SignerPending || !s.RespondedAt.IsZero() {
			t.Errorf("signer %d = %+v, want %+v", i, s, want)
		}
	}
	signer, viaLink, err := db.SignerByToken(ctx, hashes[1])
	if err != nil {
		t.Fatal(err)
	}
	if signer.Kind != model.SignerLeader || viaLink.ID != sig.ID {
		t.Errorf("SignerByToken = %+v, %d", signer, viaLink.ID)
	}
	_, _, err = db.SignerByToken(ctx, "no-such-token")
	wantErr(t, err, ErrSignerLinkUnknown)

	msgs, err := db.ListOutbox(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Email != emails[1] || msgs[1].Email != emails[0] {
		t.Errorf("outbox = %+v, want the two signer emails", msgs)
	}
	e := allAudit(t, db)[0]
	if e.Action != "signature.start" || e.EntityID != sig.ID || e.Actor != "jo@adur.gov.uk" || e.Before != "" {
		t.Errorf("audit = %+v", e)
	}
	var after model.Signature
	if err := json.Unmarshal([]byte(e.After), &after); err != nil || after.Commitment.Title != sig.Commitment.Title {
		t.Errorf("audit after = %s (%v)", e.After, err)
	}
}

func TestStartSignatureAllOrNothing(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	emails := []model.Email{{To: "x@example.gov.uk", Kind: "k", Subject: "s", Body: "b"}}
	tests := []struct {
		name   string
		hashes []string
	}{
		{"too few tokens", []string{newToken("one")}},
		{"the second signer's token is taken", []string{"same-token", "same-token"}},
	}
	for _, tt := range tests {
		sig := newSignature(org.ID, model.SignerCEO, model.SignerLeader)
		if err := db.StartSignature(ctx, admin, sig, tt.hashes, emails); err == nil {
			t.Fatalf("%s: StartSignature succeeded", tt.name)
		}
		sigs, err := db.SignaturesForOrganisation(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sigs) != 0 || outboxCount(t, db) != 0 || len(allAudit(t, db)) != 1 {
			t.Errorf("%s: left %d signatures, %d emails, %d audit entries", tt.name, len(sigs), outboxCount(t, db),
				len(allAudit(t, db)))
		}
	}
	// Nothing half-written blocks the next attempt.
	startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
}

func TestStartSignatureAlreadySigning(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	other := makeOrg(t, db, "Worthing")
	first, _ := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	rows, audits := outboxCount(t, db), len(allAudit(t, db))

	second := newSignature(org.ID, model.SignerCEO, model.SignerLeader)
	err := db.StartSignature(ctx, admin, second, []string{newToken("a"), newToken("b")},
		[]model.Email{{To: "x@example.gov.uk", Kind: "k", Subject: "s", Body: "b"}})
	wantErr(t, err, ErrAlreadySigning)
	wantCode(t, err, model.ECONFLICT)
	if n := outboxCount(t, db); n != rows {
		t.Errorf("outbox rows = %d, want %d: the failed start queued email", n, rows)
	}
	if n := len(allAudit(t, db)); n != audits {
		t.Errorf("audit entries = %d, want %d", n, audits)
	}

	// Another organisation is not blocked.
	startSig(t, db, other.ID, model.SignerCEO, model.SignerLeader)

	// After cancelling the organisation can start again.
	clk.Set(t0.Add(time.Hour))
	if _, err := db.CancelSignature(ctx, admin, first.ID, "", nil); err != nil {
		t.Fatalf("CancelSignature: %v", err)
	}
	again, _ := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	sigs, err := db.SignaturesForOrganisation(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 || sigs[0].ID != again.ID || sigs[1].ID != first.ID || sigs[1].Status != model.SigCancelled {
		t.Errorf("signatures = %+v, want the new one then the cancelled one", sigs)
	}
}

func TestStartSignatureBlockedWhileLive(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, db *DB, clk *testClock, orgID int64)
		blocked bool
	}{
		{"awaiting signers", func(t *testing.T, db *DB, clk *testClock, orgID int64) {
			startSig(t, db, orgID, model.SignerSenior)
		}, true},
		{"awaiting verification", func(t *testing.T, db *DB, clk *testClock, orgID int64) {
			_, h := startSig(t, db, orgID, model.SignerSenior)
			if _, err := db.RespondAsSigner(t.Context(), h[0], true, nil); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"verified", func(t *testing.T, db *DB, clk *testClock, orgID int64) {
			publish(t, db, clk, orgID, t0)
		}, true},
		{"declined", func(t *testing.T, db *DB, clk *testClock, orgID int64) {
			_, h := startSig(t, db, orgID, model.SignerSenior)
			if _, err := db.RespondAsSigner(t.Context(), h[0], false, nil); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"rejected", func(t *testing.T, db *DB, clk *testClock, orgID int64) {
			s, h := startSig(t, db, orgID, model.SignerSenior)
			if _, err := db.RespondAsSigner(t.Context(), h[0], true, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := db.RejectSignature(t.Context(), admin, s.ID, "no", nil); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"withdrawn after verification", func(t *testing.T, db *DB, clk *testClock, orgID int64) {
			s := publish(t, db, clk, orgID, t0)
			withdraw(t, db, clk, s.ID, t0.Add(time.Hour))
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, clk := newTestDB(t)
			org := makeOrg(t, db, "Adur")
			tt.prepare(t, db, clk, org.ID)
			err := db.StartSignature(t.Context(), admin, newSignature(org.ID, model.SignerSenior), []string{newToken("s")}, nil)
			if tt.blocked {
				wantErr(t, err, ErrAlreadySigning)
			} else if err != nil {
				t.Fatalf("StartSignature: %v", err)
			}
		})
	}
}

func TestSignatureLifecycle(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	rec := &recorder{}
	rows := outboxCount(t, db)

	steps := []struct {
		name       string
		do         func() (*model.Signature, error)
		wantStatus string
		wantEvent  string
		wantSigner []string // signer statuses, in order
	}{
		{"chief executive confirms", func() (*model.Signature, error) {
			return db.RespondAsSigner(ctx, hashes[0], true, rec.notify)
		}, model.SigAwaitingSigners, EventSignerConfirmed, []string{model.SignerConfirmed, model.SignerPending}},
		{"leader confirms", func() (*model.Signature, error) {
			return db.RespondAsSigner(ctx, hashes[1], true, rec.notify)
		}, model.SigAwaitingVerification, EventAllConfirmed, []string{model.SignerConfirmed, model.SignerConfirmed}},
		{"platform team verifies", func() (*model.Signature, error) {
			return db.VerifySignature(ctx, admin, sig.ID, rec.notify)
		}, model.SigVerified, EventVerified, []string{model.SignerConfirmed, model.SignerConfirmed}},
		{"organisation withdraws", func() (*model.Signature, error) {
			return db.WithdrawSignature(ctx, admin, sig.ID, "We are merging with our neighbour.", rec.notify)
		}, model.SigWithdrawn, EventWithdrawn, []string{model.SignerConfirmed, model.SignerConfirmed}},
	}
	for i, st := range steps {
		clk.Advance(time.Hour)
		now := clk.Now()
		got, err := st.do()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		stored, err := db.Signature(ctx, sig.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []*model.Signature{got, stored} {
			if s.Status != st.wantStatus {
				t.Errorf("%s: status = %s, want %s", st.name, s.Status, st.wantStatus)
			}
			for j, signer := range s.Signers {
				if signer.Status != st.wantSigner[j] {
					t.Errorf("%s: signer %d status = %s, want %s", st.name, j, signer.Status, st.wantSigner[j])
				}
			}
		}
		if rec.calls() != i+1 || rec.events[i] != st.wantEvent || rec.status[i] != st.wantStatus {
			t.Errorf("%s: notifier saw %v with statuses %v, want %s with %s last",
				st.name, rec.events, rec.status, st.wantEvent, st.wantStatus)
		}
		if n := outboxCount(t, db); n != rows+i+1 {
			t.Errorf("%s: outbox rows = %d, want %d", st.name, n, rows+i+1)
		}
		switch st.wantStatus {
		case model.SigVerified:
			if !stored.VerifiedAt.Equal(now) {
				t.Errorf("verified at %v, want %v", stored.VerifiedAt, now)
			}
		case model.SigWithdrawn:
			if !stored.WithdrawnAt.Equal(now) || stored.VerifiedAt.IsZero() || stored.WithdrawnReason != "We are merging with our neighbour." {
				t.Errorf("withdrawn at %v (verified %v), want %v", stored.WithdrawnAt, stored.VerifiedAt, now)
			}
		}
		if st.wantSigner[0] == model.SignerConfirmed && !stored.Signers[0].RespondedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("%s: ceo responded at %v", st.name, stored.Signers[0].RespondedAt)
		}
	}
	wantStrings(t, "audit", auditActions(t, db)[1:], []string{
		"signature.start",
		"signer.confirmed",
		"signer.confirmed", "signature.awaiting_verification",
		"signature.verified",
		"signature.withdrawn",
	})
	e := allAudit(t, db)[0]
	if e.EntityID != sig.ID || e.Before != `{"status":"verified"}` || e.After != `{"reason":"We are merging with our neighbour.","status":"withdrawn"}` {
		t.Errorf("last audit = %+v", e)
	}
	signerAudit := allAudit(t, db)[4] // the chief executive's confirmation
	if signerAudit.Entity != "signer" || signerAudit.Actor != "signer:"+sig.Signers[0].Email ||
		signerAudit.EntityID != sig.Signers[0].ID {
		t.Errorf("signer audit = %+v", signerAudit)
	}
}

func TestSignerCannotConfirmTwice(t *testing.T) {
	db, _ := newTestDB(t)
	org := makeOrg(t, db, "Adur")
	_, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	if _, err := db.RespondAsSigner(t.Context(), hashes[0], true, nil); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	rows, audits := outboxCount(t, db), len(allAudit(t, db))
	for _, confirm := range []bool{true, false} {
		_, err := db.RespondAsSigner(t.Context(), hashes[0], confirm, rec.notify)
		wantCode(t, err, model.ECONFLICT)
	}
	if rec.calls() != 0 || outboxCount(t, db) != rows || len(allAudit(t, db)) != audits {
		t.Errorf("a refused response notified %d times, outbox %d→%d, audit %d→%d",
			rec.calls(), rows, outboxCount(t, db), audits, len(allAudit(t, db)))
	}
}

func TestSignerDeclines(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
	rec := &recorder{}
	got, err := db.RespondAsSigner(ctx, hashes[1], false, rec.notify)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.SigDeclined || got.Signers[1].Status != model.SignerDeclined || got.Signers[0].Status != model.SignerPending {
		t.Errorf("after decline: %+v", got)
	}
	if len(rec.events) != 1 || rec.events[0] != EventDeclined {
		t.Errorf("events = %v, want declined", rec.events)
	}
	wantStrings(t, "audit", auditActions(t, db)[1:], []string{"signature.start", "signer.declined", "signature.declined"})

	_, err = db.RespondAsSigner(ctx, hashes[0], true, rec.notify)
	wantCode(t, err, model.ECONFLICT)
	stored, err := db.Signature(ctx, sig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != model.SigDeclined || stored.Signers[0].Status != model.SignerPending {
		t.Errorf("after a late confirmation: %+v", stored)
	}
	if rec.calls() != 1 {
		t.Errorf("notifier called %d times, want 1", rec.calls())
	}
}

func TestRejectSignature(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	org := makeOrg(t, db, "Adur")
	sig, hashes := startSig(t, db, org.ID, model.SignerSenior)
	if _, err := db.RespondAsSigner(ctx, hashes[0], true, nil); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	const reason = "The commitment is not a single project"
	got, err := db.RejectSignature(ctx, admin, sig.ID, reason, rec.notify)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.Signature(ctx, sig.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*model.Signature{got, stored} {
		if s.Status != model.SigRejected || s.RejectedReason != reason || !s.VerifiedAt.IsZero() {
			t.Errorf("rejected signature = %+v", s)
		}
	}
	if len(rec.events) != 1 || rec.events[0] != EventRejected {
		t.Errorf("events = %v", rec.events)
	}
	e := allAudit(t, db)[0]
	wantAfter, _ := json.Marshal(map[string]string{"status": "rejected", "reason": reason})
	if e.Action != "signature.rejected" || e.After != string(wantAfter) || e.Before != `{"status":"awaiting_verification"}` {
		t.Errorf("audit = %+v", e)
	}
}

func TestChangeStatusConflicts(t *testing.T) {
	tests := []struct {
		name   string
		status string // state to reach before the change
		change func(db *DB, id int64, n Notifier) error
	}{
		{"verify while awaiting signers", model.SigAwaitingSigners, verify},
		{"verify a verified signature", model.SigVerified, verify},
		{"verify a rejected signature", model.SigRejected, verify},
		{"verify a withdrawn signature", model.SigWithdrawn, verify},
		{"verify a declined signature", model.SigDeclined, verify},
		{"reject while awaiting signers", model.SigAwaitingSigners, reject},
		{"reject a verified signature", model.SigVerified, reject},
		{"withdraw a withdrawn signature", model.SigWithdrawn, withdrawFn},
		{"withdraw a rejected signature", model.SigRejected, withdrawFn},
		{"withdraw while awaiting signers", model.SigAwaitingSigners, withdrawFn},
		{"cancel a verified signature", model.SigVerified, cancelFn},
		{"cancel a withdrawn signature", model.SigWithdrawn, cancelFn},
		{"cancel a cancelled signature", model.SigCancelled, cancelFn},
		{"cancel a declined signature", model.SigDeclined, cancelFn},
		{"verify a cancelled signature", model.SigCancelled, verify},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, clk := newTestDB(t)
			org := makeOrg(t, db, "Adur")
			id := signatureIn(t, db, clk, org.ID, tt.status)
			rec := &recorder{}
			rows, audits := outboxCount(t, db), len(allAudit(t, db))
			err := tt.change(db, id, rec.notify)
			wantCode(t, err, model.ECONFLICT)
			stored, err := db.Signature(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Status != tt.status {
				t.Errorf("status = %s, want %s unchanged", stored.Status, tt.status)
			}
			if rec.calls() != 0 || outboxCount(t, db) != rows || len(allAudit(t, db)) != audits {
				t.Errorf("a failed change notified %d times, outbox %d→%d, audit %d→%d",
					rec.calls(), rows, outboxCount(t, db), audits, len(allAudit(t, db)))
			}
		})
	}
}

func verify(db *DB, id int64, n Notifier) error {
	_, err := db.VerifySignature(context.Background(), admin, id, n)
	return err
}

func reject(db *DB, id int64, n Notifier) error {
	_, err := db.RejectSignature(context.Background(), admin, id, "reason", n)
	return err
}

func cancelFn(db *DB, id int64, n Notifier) error {
	_, err := db.CancelSignature(context.Background(), admin, id, "reason", n)
	return err
}

func withdrawFn(db *DB, id int64, n Notifier) error {
	_, err := db.WithdrawSignature(context.Background(), admin, id, "test", n)
	return err
}

// signatureIn returns a one-signer signature for orgID taken to status.
func signatureIn(t *testing.T, db *DB, clk *testClock, orgID int64, status string) int64 {
	t.Helper()
	ctx := t.Context()
	sig, hashes := startSig(t, db, orgID, model.SignerSenior)
	if status == model.SigAwaitingSigners {
		return sig.ID
	}
	if status == model.SigCancelled {
		if _, err := db.CancelSignature(ctx, admin, sig.ID, "", nil); err != nil {
			t.Fatal(err)
		}
		return sig.ID
	}
	if _, err := db.RespondAsSigner(ctx, hashes[0], status != model.SigDeclined, nil); err != nil {
		t.Fatal(err)
	}
	var err error
	switch status {
	case model.SigVerified:
		_, err = db.VerifySignature(ctx, admin, sig.ID, nil)
	case model.SigRejected:
		_, err = db.RejectSignature(ctx, admin, sig.ID, "no", nil)
	case model.SigWithdrawn:
		if _, err = db.VerifySignature(ctx, admin, sig.ID, nil); err == nil {
			_, err = db.WithdrawSignature(ctx, admin, sig.ID, "test", nil)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return sig.ID
}

func TestSignerLinkExpires(t *testing.T) {
	tests := []struct {
		after time.Duration
		want  error
	}{
		{29 * 24 * time.Hour, nil},
		{model.SignerLinkTTL, ErrSignerLinkExpired},
		{31 * 24 * time.Hour, ErrSignerLinkExpired},
	}
	for _, tt := range tests {
		t.Run(tt.after.String(), func(t *testing.T) {
			db, clk := newTestDB(t)
			org := makeOrg(t, db, "Adur")
			sig, hashes := startSig(t, db, org.ID, model.SignerCEO, model.SignerLeader)
			clk.Advance(tt.after)
			_, _, err := db.SignerByToken(t.Context(), hashes[0])
			if tt.want == nil && err != nil {
				t.Fatalf("SignerByToken: %v", err)
			}
			if tt.want != nil {
				wantErr(t, err, tt.want)
			}
			rec := &recorder{}
			_, err = db.RespondAsSigner(t.Context(), hashes[0], true, rec.notify)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("RespondAsSigner: %v", err)
				}
				return
			}
			wantErr(t, err, tt.want)
			stored, err := db.Signature(t.Context(), sig.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Signers[0].Status != model.SignerPending || rec.calls() != 0 {
				t.Errorf("an expired link changed the signer: %+v, %d notifications", stored.Signers[0], rec.calls())
			}
		})
	}
}

// The emails a Notifier composes are queued in the change's transaction: when queueing
// fails, the change is rolled back too.
func TestNotifierEmailsShareTransaction(t *testing.T) {
	db, _ := newTestDB(t)
	org := makeOrg(t, db, "Adur")
	_, hashes := startSig(t, db, org.ID, model.SignerSenior)
	rows, audits := outboxCount(t, db), len(allAudit(t, db))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	failing := func(sig *model.Signature, event string) []model.Email {
		cancel() // the enqueue that follows fails
		return []model.Email{{To: "team@example.test", Kind: event, Subject: "s", Body: "b"}}
	}
	if _, err := db.RespondAsSigner(ctx, hashes[0], true, failing); err == nil {
		t.Fatal("RespondAsSigner succeeded although its email could not be queued")
	}
	signer, sig, err := db.SignerByToken(t.Context(), hashes[0])
	if err != nil {
		t.Fatal(err)
	}
	if signer.Status != model.SignerPending || sig.Status != model.SigAwaitingSigners {
		t.Errorf("signer %s, signature %s: the change was kept without its email", signer.Status, sig.Status)
	}
	if n := outboxCount(t, db); n != rows {
		t.Errorf("outbox rows = %d, want %d", n, rows)
	}
	if n := len(allAudit(t, db)); n != audits {
		t.Errorf("audit entries = %d, want %d", n, audits)
	}
	// The same response works once the email can be queued.
	rec := &recorder{}
	if _, err := db.RespondAsSigner(t.Context(), hashes[0], true, rec.notify); err != nil {
		t.Fatal(err)
	}
	if n := outboxCount(t, db); n != rows+1 {
		t.Errorf("outbox rows = %d, want %d", n, rows+1)
	}
}

func TestSignaturesByStatus(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	a := signatureIn(t, db, clk, makeOrg(t, db, "A").ID, model.SigAwaitingVerification)
	clk.Advance(time.Minute)
	b := signatureIn(t, db, clk, makeOrg(t, db, "B").ID, model.SigAwaitingVerification)
	signatureIn(t, db, clk, makeOrg(t, db, "C").ID, model.SigAwaitingSigners)
	got, err := db.SignaturesByStatus(ctx, model.SigAwaitingVerification)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a || got[1].ID != b || len(got[0].Signers) != 1 || got[0].Organisation.Name != "A" {
		t.Errorf("queue = %+v, want %d then %d", got, a, b)
	}
}
