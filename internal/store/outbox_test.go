package store

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func outboxIDs(msgs []model.OutboxMessage) []int64 {
	out := []int64{}
	for _, m := range msgs {
		out = append(out, m.ID)
	}
	return out
}

// outboxMessage returns the stored message with id.
func outboxMessage(t *testing.T, db *DB, id int64) model.OutboxMessage {
	t.Helper()
	msgs, err := db.ListOutbox(t.Context(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("outbox message %d not found", id)
	return model.OutboxMessage{}
}

func TestClaimDue(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	a := enqueueAt(t, db, clk, t0, "a@example.test")
	b := enqueueAt(t, db, clk, t0.Add(time.Minute), "b@example.test")
	c := enqueueAt(t, db, clk, t0.Add(2*time.Minute), "c@example.test")
	clk.Set(t0.Add(time.Hour))

	tests := []struct {
		name  string
		now   time.Time
		limit int
		want  []int64
	}{
		{"nothing due yet", t0.Add(-time.Second), 10, []int64{}},
		{"only the first is due", t0.Add(30 * time.Second), 10, []int64{a}},
		{"limit", t0.Add(time.Hour), 1, []int64{b}},
		{"the rest", t0.Add(time.Hour), 10, []int64{c}},
		{"all claimed", t0.Add(time.Hour), 10, []int64{}},
	}
	for _, tt := range tests {
		got, err := db.ClaimDue(ctx, tt.now, tt.limit)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !slices.Equal(outboxIDs(got), tt.want) {
			t.Errorf("%s: claimed %v, want %v", tt.name, outboxIDs(got), tt.want)
		}
		for _, m := range got {
			if m.Status != model.MailSending || m.Email.To == "" || m.Email.Subject != "Subject "+m.Email.To {
				t.Errorf("%s: claimed message = %+v", tt.name, m)
			}
		}
	}
	counts, err := db.OutboxCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(counts, map[string]int{model.MailSending: 3}) {
		t.Errorf("counts = %v, want 3 sending", counts)
	}
}

func TestOutboxOutcomes(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	sent := enqueueAt(t, db, clk, t0, "sent@example.test")
	retry := enqueueAt(t, db, clk, t0, "retry@example.test")
	failed := enqueueAt(t, db, clk, t0, "failed@example.test")
	if got, err := db.ClaimDue(ctx, t0, 10); err != nil || len(got) != 3 {
		t.Fatalf("ClaimDue = %d messages, %v", len(got), err)
	}

	sentAt := t0.Add(time.Second)
	next := t0.Add(10 * time.Minute)
	if err := db.MarkSent(ctx, sent, sentAt, false); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetry(ctx, retry, 1, next, "421 try later"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, failed, 5, "550 no such user"); err != nil {
		t.Fatal(err)
	}

	m := outboxMessage(t, db, sent)
	if m.Status != model.MailSent || m.Attempts != 1 || !m.SentAt.Equal(sentAt) || m.LastError != "" {
		t.Errorf("sent message = %+v", m)
	}
	m = outboxMessage(t, db, retry)
	if m.Status != model.MailQueued || m.Attempts != 1 || !m.NextAttemptAt.Equal(next) || m.LastError != "421 try later" ||
		!m.SentAt.IsZero() {
		t.Errorf("retried message = %+v", m)
	}
	m = outboxMessage(t, db, failed)
	if m.Status != model.MailFailed || m.Attempts != 5 || m.LastError != "550 no such user" || !m.SentAt.IsZero() {
		t.Errorf("failed message = %+v", m)
	}

	// The retry is claimed again only when it is due.
	for _, tt := range []struct {
		now  time.Time
		want []int64
	}{
		{next.Add(-time.Second), []int64{}},
		{next, []int64{retry}},
	} {
		got, err := db.ClaimDue(ctx, tt.now, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(outboxIDs(got), tt.want) {
			t.Errorf("claim at %v = %v, want %v", tt.now, outboxIDs(got), tt.want)
		}
	}
	counts, err := db.OutboxCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{model.MailSent: 1, model.MailSending: 1, model.MailFailed: 1}
	if !maps.Equal(counts, want) {
		t.Errorf("counts = %v, want %v", counts, want)
	}
}

func TestReleaseClaimed(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	a := enqueueAt(t, db, clk, t0, "a@example.test")
	b := enqueueAt(t, db, clk, t0, "b@example.test")
	c := enqueueAt(t, db, clk, t0, "c@example.test")
	if _, err := db.ClaimDue(ctx, t0, 10); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, c, t0, false); err != nil {
		t.Fatal(err)
	}
	// c was sent: releasing it must not queue it again.
	if err := db.ReleaseClaimed(ctx, []int64{a, c}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id   int64
		want string
	}{{a, model.MailQueued}, {b, model.MailSending}, {c, model.MailSent}} {
		if got := outboxMessage(t, db, tt.id).Status; got != tt.want {
			t.Errorf("message %d status = %s, want %s", tt.id, got, tt.want)
		}
	}
	got, err := db.ClaimDue(ctx, t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(outboxIDs(got), []int64{a}) {
		t.Errorf("claimed after release = %v, want [%d]", outboxIDs(got), a)
	}
}

func TestReleaseStale(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	old := enqueueAt(t, db, clk, t0, "old@example.test")
	recent := enqueueAt(t, db, clk, t0, "recent@example.test")
	queued := enqueueAt(t, db, clk, t0, "queued@example.test")

	clk.Set(t0.Add(time.Minute)) // old is claimed at t0+1m
	if got, err := db.ClaimDue(ctx, t0, 1); err != nil || len(got) != 1 || got[0].ID != old {
		t.Fatalf("claim old = %v, %v", got, err)
	}
	clk.Set(t0.Add(10 * time.Minute)) // recent is claimed at t0+10m
	if got, err := db.ClaimDue(ctx, t0, 1); err != nil || len(got) != 1 || got[0].ID != recent {
		t.Fatalf("claim recent = %v, %v", got, err)
	}

	tests := []struct {
		cutoff time.Time
		want   map[int64]string
	}{
		{t0.Add(time.Minute), map[int64]string{old: model.MailSending, recent: model.MailSending, queued: model.MailQueued}},
		{t0.Add(5 * time.Minute), map[int64]string{old: model.MailQueued, recent: model.MailSending, queued: model.MailQueued}},
		{t0.Add(11 * time.Minute), map[int64]string{old: model.MailQueued, recent: model.MailQueued, queued: model.MailQueued}},
	}
	for _, tt := range tests {
		if err := db.ReleaseStale(ctx, tt.cutoff); err != nil {
			t.Fatal(err)
		}
		for id, want := range tt.want {
			if got := outboxMessage(t, db, id).Status; got != want {
				t.Errorf("cutoff %v: message %d status = %s, want %s", tt.cutoff, id, got, want)
			}
		}
	}
}

func TestListOutboxNewestFirst(t *testing.T) {
	db, clk := newTestDB(t)
	var ids []int64
	for i, to := range []string{"a@example.test", "b@example.test", "c@example.test", "d@example.test"} {
		ids = append(ids, enqueueAt(t, db, clk, t0.Add(time.Duration(i)*time.Minute), to))
	}
	tests := []struct {
		limit int
		want  []int64
	}{
		{10, []int64{ids[3], ids[2], ids[1], ids[0]}},
		{2, []int64{ids[3], ids[2]}},
	}
	for _, tt := range tests {
		got, err := db.ListOutbox(t.Context(), tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(outboxIDs(got), tt.want) {
			t.Errorf("limit %d: %v, want %v", tt.limit, outboxIDs(got), tt.want)
		}
	}
	counts, err := db.OutboxCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(counts, map[string]int{model.MailQueued: 4}) {
		t.Errorf("counts = %v", counts)
	}
}

// enqueueLink queues an email carrying link, good for ttl, at the clock's time.
func enqueueLink(t *testing.T, db *DB, to, link string, ttl time.Duration) int64 {
	t.Helper()
	err := db.inTx(t.Context(), func(tx *Tx) error {
		return tx.enqueue(t.Context(), model.Email{To: to, Kind: "sign_in", Subject: "Sign in",
			Body: "Use this link:\n\n" + link + "\n\nIt works once.", Link: link, LinkRemoved: linkGone, LinkTTL: ttl})
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	msgs, err := db.ListOutbox(t.Context(), 1)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("ListOutbox after enqueue: %v, %d messages", err, len(msgs))
	}
	return msgs[0].ID
}

// rawOutbox reads what a backup of the outbox row would hold.
// linkGone stands in the tests' stored emails for their links once sent.
const linkGone = "[link gone]"

func rawOutbox(t *testing.T, db *DB, id int64) (body, link string) {
	t.Helper()
	if err := db.read.QueryRowContext(t.Context(), `SELECT body, link FROM outbox WHERE id = $1`, id).Scan(&body, &link); err != nil {
		t.Fatal(err)
	}
	return body, link
}

func TestSentEmailsKeepNoLink(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	clk.Set(t0)
	const link = "https://example.test/sign-in/SECRETTOKEN?next=%2Fsign"
	sent := enqueueLink(t, db, "admin@example.test", link, 30*time.Minute)
	logged := enqueueLink(t, db, "dev@example.test", link+"2", 30*time.Minute)
	failed := enqueueLink(t, db, "gone@example.test", link+"3", 30*time.Minute)
	if got, err := db.ClaimDue(ctx, t0, 10); err != nil || len(got) != 3 || !strings.Contains(got[0].Email.Body, link) {
		t.Fatalf("ClaimDue = %+v, %v; want the bodies with their links, to send", got, err)
	}
	if err := db.MarkSent(ctx, sent, t0, false); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, logged, t0, true); err != nil { // the log sender
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, failed, 1, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{sent, failed} {
		body, kept := rawOutbox(t, db, id)
		if strings.Contains(body, "SECRETTOKEN") || kept != "" {
			t.Errorf("message %d still holds its link after sending: body %q, link %q", id, body, kept)
		}
		if !strings.Contains(body, "Use this link:\n\n"+linkGone+"\n\nIt works once.") {
			t.Errorf("message %d body = %q, want the link replaced by %q", id, body, linkGone)
		}
	}
	// The log sender's copy keeps the link, for `localdigital mail list`, until it expires.
	if body, _ := rawOutbox(t, db, logged); !strings.Contains(body, link+"2") {
		t.Errorf("the log sender's email lost its link before it expired: %q", body)
	}
	if err := db.Tidy(ctx, t0.Add(29*time.Minute), 90*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if body, _ := rawOutbox(t, db, logged); !strings.Contains(body, link+"2") {
		t.Errorf("Tidy took the link out before it expired: %q", body)
	}
	if err := db.Tidy(ctx, t0.Add(31*time.Minute), 90*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if body, kept := rawOutbox(t, db, logged); strings.Contains(body, "SECRETTOKEN") || kept != "" {
		t.Errorf("the log sender's email keeps its link after it expired: %q", body)
	}
}

func TestTidyDeletesOldSentEmailsOnly(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	old := enqueueAt(t, db, clk, t0, "old@example.test")
	recent := enqueueAt(t, db, clk, t0, "recent@example.test")
	oldFailed := enqueueAt(t, db, clk, t0, "failed@example.test")
	oldQueued := enqueueAt(t, db, clk, t0, "queued@example.test")
	if _, err := db.ClaimDue(ctx, t0, 3); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, old, t0, false); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, recent, t0.Add(24*time.Hour), false); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, oldFailed, 8, "gave up"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Hit(ctx, "signin-email:a@example.test", 15*time.Minute); err != nil {
		t.Fatal(err)
	}
	keep := 90 * 24 * time.Hour
	now := t0.Add(keep + time.Hour) // old was sent 90 days and an hour ago, recent 89 days and 23 hours ago
	// Two instances tidy at once, and again: the outcome is the same.
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- db.Tidy(ctx, now, keep) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Tidy(ctx, now, keep); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.ListOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := outboxIDs(msgs)
	slices.Sort(got)
	if want := []int64{recent, oldFailed, oldQueued}; !slices.Equal(got, want) {
		t.Errorf("after Tidy the outbox holds %v, want %v (only the sent email older than 90 days deleted)", got, want)
	}
	var limits int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM rate_limits`).Scan(&limits); err != nil || limits != 0 {
		t.Errorf("rate-limit windows left after Tidy: %d, %v", limits, err)
	}
}

// TestLinkRemovedMigration runs migration 0015 over an email queued before it, whose link
// then gives way to the English words every email had then; and an email with a link
// but no words for it is refused.
func TestLinkRemovedMigration(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	clk.Set(t0)
	for _, q := range []string{`ALTER TABLE outbox DROP COLUMN link_removed`, `DROP TABLE case_study_reports`,
		`DELETE FROM schema_migrations WHERE version = 15`} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	const link = "https://example.test/sign-in/OLDTOKEN"
	var id int64
	err := db.write.QueryRowContext(ctx, `INSERT INTO outbox (to_addr, kind, subject, body, status, created_at, next_attempt_at, link, link_expires_at)
VALUES ('old@example.test', 'sign_in', 'Sign in', $1, 'queued', $2, $2, $3, $4) RETURNING id`,
		"Use this link:\n\n"+link+"\n\nIt works once.", t0, link, t0.Add(time.Hour)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if err := db.MarkSent(ctx, id, t0, false); err != nil {
		t.Fatal(err)
	}
	if body, _ := rawOutbox(t, db, id); body != "Use this link:\n\n[link removed after sending]\n\nIt works once." {
		t.Errorf("old email's body after sending = %q", body)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		return tx.enqueue(ctx, model.Email{To: "a@example.test", Kind: "sign_in", Body: link, Link: link, LinkTTL: time.Hour})
	})
	if err == nil {
		t.Error("an email with a link and no words to replace it was queued")
	}
}
