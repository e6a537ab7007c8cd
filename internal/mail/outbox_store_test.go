package mail

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

// The worker against the real outbox (SQLite, or PostgreSQL with LD_TEST_POSTGRES_URL)
// and the fake SMTP server.

func openStore(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), testdb.URL(t, os.Getenv))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

const storeLink = "http://localhost:8080/sign-in/SECRETTOKEN-for-the-tests"

// linkGone stands in the tests' stored emails for their links once sent.
const linkGone = "[link removed after sending]"

// queueSignIn queues a sign-in email as the web layer does.
func queueSignIn(t *testing.T, db *store.DB, to string) {
	t.Helper()
	e := model.Email{To: to, Kind: "sign_in", Subject: "Sign in to Local Digital",
		Body: "Use this link to sign in to Local Digital:\n\n" + storeLink + "\n\nThe link works once, for 30 minutes.\n",
		Link: storeLink, LinkRemoved: linkGone, LinkTTL: model.SignInLinkTTL}
	if err := db.RequestSignIn(t.Context(), "hash-"+to, to, e); err != nil {
		t.Fatal(err)
	}
}

func onlyMessage(t *testing.T, db *store.DB) model.OutboxMessage {
	t.Helper()
	msgs, err := db.ListOutbox(t.Context(), 10)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("ListOutbox = %d messages, %v; want 1", len(msgs), err)
	}
	return msgs[0]
}

func TestSentSignInEmailIsStoredWithoutItsLink(t *testing.T) {
	db := openStore(t)
	queueSignIn(t, db, "admin@communities.gov.uk")
	srv := &fakeSMTP{}
	host, port := srv.start(t, nil)
	w := NewWorker(db, mustSMTP(t, SMTPConfig{Host: host, Port: port, TLS: TLSNone}), nil, WorkerOptions{})
	if sent, _, err := w.RunOnce(t.Context()); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if _, _, msgs := srv.received(); len(msgs) != 1 || !strings.Contains(strings.ReplaceAll(msgs[0].data, "=\r\n", ""), "SECRETTOKEN") {
		t.Fatalf("the delivered email should carry the link: %+v", msgs)
	}
	m := onlyMessage(t, db)
	if m.Status != model.MailSent || strings.Contains(m.Email.Body, "SECRET") || !strings.Contains(m.Email.Body, linkGone) {
		t.Errorf("stored after sending: status %q, body %q; want sent, the link replaced by %q", m.Status, m.Email.Body, linkGone)
	}
}

func TestLogSenderKeepsLinkUntilItExpires(t *testing.T) {
	db := openStore(t)
	queueSignIn(t, db, "officer@adur-worthing.gov.uk")
	w := NewWorker(db, NewLogSender(slog.New(slog.DiscardHandler)), nil, WorkerOptions{})
	if sent, _, err := w.RunOnce(t.Context()); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if m := onlyMessage(t, db); !strings.Contains(m.Email.Body, storeLink) {
		t.Fatalf("`mail list` would show no usable link: %q", m.Email.Body)
	}
	later := NewWorker(db, NewLogSender(slog.New(slog.DiscardHandler)), nil,
		WorkerOptions{Now: func() time.Time { return time.Now().Add(model.SignInLinkTTL + time.Minute) }})
	if err := later.Tidy(t.Context()); err != nil {
		t.Fatal(err)
	}
	if m := onlyMessage(t, db); strings.Contains(m.Email.Body, "SECRET") {
		t.Errorf("the link outlived its expiry in the outbox: %q", m.Email.Body)
	}
}

func TestWrongSMTPPasswordKeepsEmailQueuedInStore(t *testing.T) {
	db := openStore(t)
	queueSignIn(t, db, "officer@adur-worthing.gov.uk")
	srv := &fakeSMTP{user: "u", pass: "right"}
	host, port := srv.start(t, nil)
	w := NewWorker(db, mustSMTP(t, SMTPConfig{Host: host, Port: port, TLS: TLSNone, Username: "u", Password: "wrong"}), nil, WorkerOptions{})
	before := time.Now()
	if _, failed, err := w.RunOnce(t.Context()); failed != 1 || err != nil {
		t.Fatalf("failed %d, %v", failed, err)
	}
	m := onlyMessage(t, db)
	if m.Status != model.MailQueued || m.Attempts != 1 || !m.NextAttemptAt.After(before.Add(20*time.Second)) {
		t.Errorf("after a refused login: status %q, attempts %d, next attempt %v; want queued, 1, about 30s on", m.Status, m.Attempts, m.NextAttemptAt)
	}
	if !strings.Contains(m.Email.Body, storeLink) {
		t.Error("an email not yet sent lost its link")
	}
	if k, _ := w.Degraded(); k != FailAuth {
		t.Errorf("Degraded() = %q, want auth", k)
	}
}
