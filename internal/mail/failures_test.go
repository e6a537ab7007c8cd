package mail

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// sendOnce runs one batch over a single queued message m with sender s and returns the
// worker and what became of the message.
func sendOnce(t *testing.T, s Sender, m model.OutboxMessage, logs *strings.Builder) (*Worker, model.OutboxMessage, *clock) {
	t.Helper()
	clk := newClock()
	o := newMemOutbox(m)
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, nil))
	}
	w := NewWorker(o, s, log, WorkerOptions{Now: clk.Now})
	if _, failed, err := w.RunOnce(context.Background()); err != nil || failed != 1 {
		t.Fatalf("RunOnce: failed %d, err %v; want one failed attempt", failed, err)
	}
	return w, o.get(m.ID), clk
}

// wantQueuedAndDegraded checks that a failure of the mail service as a whole left the
// message queued for a later attempt and the worker degraded, counted under kind.
func wantQueuedAndDegraded(t *testing.T, w *Worker, got model.OutboxMessage, clk *clock, attemptsBefore int, kind string) {
	t.Helper()
	if got.Status != model.MailQueued || got.Attempts != attemptsBefore+1 || !got.NextAttemptAt.After(clk.Now()) {
		t.Errorf("message = status %q, attempts %d, next attempt %v; want queued, %d, after %v",
			got.Status, got.Attempts, got.NextAttemptAt, attemptsBefore+1, clk.Now())
	}
	if k, since := w.Degraded(); k != kind || since.IsZero() {
		t.Errorf("Degraded() = %q, %v; want %q since now", k, since, kind)
	}
	if n := w.Failures()[kind]; n != 1 {
		t.Errorf("Failures()[%q] = %d, want 1 (all: %v)", kind, n, w.Failures())
	}
}

func TestWorkerKeepsMailQueuedWhenSMTPLoginFails(t *testing.T) {
	srv := &fakeSMTP{user: "u", pass: "right"}
	host, port := srv.start(t, nil)
	s := mustSMTP(t, SMTPConfig{Host: host, Port: port, TLS: TLSNone, Username: "u", Password: "wrong"})
	m := msg(1)
	m.Attempts = 7 // even past MaxAttempts (8), a wrong password never fails a message for good
	w, got, clk := sendOnce(t, s, m, nil)
	wantQueuedAndDegraded(t, w, got, clk, 7, FailAuth)
	if !strings.Contains(got.LastError, "535") {
		t.Errorf("last error %q does not give the server's answer", got.LastError)
	}
}

func TestWorkerKeepsMailQueuedWhenSMTPServerIsAway(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	w, got, clk := sendOnce(t, mustSMTP(t, SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone}), msg(1), nil)
	wantQueuedAndDegraded(t, w, got, clk, 0, FailConnection)
}

func TestWorkerFailsMessageWhenSMTPRefusesRecipient(t *testing.T) {
	srv := &fakeSMTP{rcptReply: "550 5.1.1 <a@example.com>: Recipient address rejected"}
	host, port := srv.start(t, nil)
	var logs strings.Builder
	w, got, _ := sendOnce(t, mustSMTP(t, SMTPConfig{Host: host, Port: port, TLS: TLSNone}), msg(1), &logs)
	if got.Status != model.MailFailed || got.Attempts != 1 {
		t.Errorf("message = status %q, attempts %d; want failed after 1", got.Status, got.Attempts)
	}
	if k, _ := w.Degraded(); k != "" {
		t.Errorf("one refused recipient marked mail degraded: %q", k)
	}
	if n := w.Failures()[FailRejected]; n != 1 {
		t.Errorf("Failures() = %v, want one rejected", w.Failures())
	}
	if strings.Contains(got.LastError, "a@example.com") || strings.Contains(logs.String(), "a@example.com") {
		t.Errorf("the address was kept in the last error %q or logged:\n%s", got.LastError, logs.String())
	}
	if !strings.Contains(got.LastError, "550") || !strings.Contains(got.LastError, "Recipient address rejected") {
		t.Errorf("last error %q does not give the server's answer", got.LastError)
	}
}

func TestWorkerKeepsMailQueuedWhenNotifyKeyIsWrong(t *testing.T) {
	url, _ := fakeNotify(t, 403, `{"status_code":403,"errors":[{"error":"AuthError","message":"Invalid token: API key not found"}]}`)
	s := must(NewNotifySender(NotifyConfig{APIKey: testAPIKey, BaseURL: url, TemplateID: testTemplate}))
	w, got, clk := sendOnce(t, s, msg(1), nil)
	wantQueuedAndDegraded(t, w, got, clk, 0, FailAuth)
}

func TestWorkerKeepsMailQueuedWhenNotifyTemplateIsWrong(t *testing.T) {
	url, _ := fakeNotify(t, 400, `{"status_code":400,"errors":[{"error":"BadRequestError","message":"Template not found"}]}`)
	s := must(NewNotifySender(NotifyConfig{APIKey: testAPIKey, BaseURL: url, TemplateID: testTemplate}))
	w, got, clk := sendOnce(t, s, msg(1), nil)
	wantQueuedAndDegraded(t, w, got, clk, 0, FailConfig)
}

func TestWorkerFailsMessageWhenNotifyRefusesRecipient(t *testing.T) {
	url, _ := fakeNotify(t, 400, `{"status_code":400,"errors":[{"error":"ValidationError","message":"email_address Not a valid email address"}]}`)
	s := must(NewNotifySender(NotifyConfig{APIKey: testAPIKey, BaseURL: url, TemplateID: testTemplate}))
	w, got, _ := sendOnce(t, s, msg(1), nil)
	if got.Status != model.MailFailed || got.Attempts != 1 {
		t.Errorf("message = status %q, attempts %d; want failed after 1", got.Status, got.Attempts)
	}
	if k, _ := w.Degraded(); k != "" || w.Failures()[FailRejected] != 1 {
		t.Errorf("Degraded() = %q, Failures() = %v; want not degraded, one rejected", k, w.Failures())
	}
}

func TestWorkerDegradedClearsWhenMailGoesOut(t *testing.T) {
	clk := newClock()
	o := newMemOutbox(msg(1))
	fail := true
	s := &fakeSender{fn: func(context.Context, model.Email) error {
		if fail {
			return serviceFailure(FailAuth, errors.New("535 no"))
		}
		return nil
	}}
	w := NewWorker(o, s, nil, WorkerOptions{Now: clk.Now})
	w.RunOnce(context.Background())
	if k, _ := w.Degraded(); k != FailAuth {
		t.Fatalf("Degraded() = %q, want auth", k)
	}
	fail = false
	clk.Set(o.get(1).NextAttemptAt)
	if sent, _, err := w.RunOnce(context.Background()); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if k, _ := w.Degraded(); k != "" {
		t.Errorf("Degraded() = %q after an email went out, want \"\"", k)
	}
}

func TestFailureKinds(t *testing.T) {
	base := errors.New("x")
	for _, tt := range []struct {
		err     error
		want    string
		service bool
	}{
		{base, FailTemporary, false},
		{permanent(base), FailRejected, false},
		{serviceFailure(FailAuth, base), FailAuth, true},
		{serviceFailure(FailConnection, base), FailConnection, true},
		{serviceFailure(FailConfig, base), FailConfig, true},
	} {
		if got := FailureKind(tt.err); got != tt.want || IsServiceFailure(tt.err) != tt.service {
			t.Errorf("FailureKind(%v) = %q (service %v), want %q (%v)", tt.err, got, IsServiceFailure(tt.err), tt.want, tt.service)
		}
	}
}

// linkMsg is a queued sign-in email whose link must not outlive its sending.
func linkMsg(id int64) model.OutboxMessage {
	link := "https://example.test/sign-in/SECRETTOKEN"
	return model.OutboxMessage{ID: id, Email: model.Email{To: "a@example.com", Kind: "sign_in",
		Body: "Sign in: " + link, Link: link, LinkRemoved: linkGone, LinkTTL: 30 * time.Minute}}
}

func TestWorkerTakesLinkOutOfSentEmail(t *testing.T) {
	srv := &fakeSMTP{}
	host, port := srv.start(t, nil)
	o := newMemOutbox(linkMsg(1))
	w := NewWorker(o, mustSMTP(t, SMTPConfig{Host: host, Port: port, TLS: TLSNone}), nil, WorkerOptions{})
	if sent, _, err := w.RunOnce(context.Background()); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if _, _, msgs := srv.received(); len(msgs) != 1 || !strings.Contains(msgs[0].data, "SECRETTOKEN") {
		t.Fatalf("the email delivered should carry its link: %+v", msgs)
	}
	if got := o.get(1); strings.Contains(got.Email.Body, "SECRETTOKEN") || !strings.Contains(got.Email.Body, linkGone) {
		t.Errorf("stored body after sending = %q, want the link replaced by %q", got.Email.Body, linkGone)
	}
}

func TestWorkerLeavesLinkForLogSender(t *testing.T) {
	o := newMemOutbox(linkMsg(1))
	w := NewWorker(o, NewLogSender(slog.New(slog.DiscardHandler)), nil, WorkerOptions{})
	if sent, _, err := w.RunOnce(context.Background()); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if got := o.get(1); !strings.Contains(got.Email.Body, "SECRETTOKEN") {
		t.Errorf("the log sender's email lost its link, which `mail list` shows: %q", got.Email.Body)
	}
}

func TestWorkerRunTidiesEveryInterval(t *testing.T) {
	clk := newClock()
	o := newMemOutbox()
	w := NewWorker(o, &fakeSender{}, nil, WorkerOptions{Now: clk.Now, PollInterval: time.Millisecond, TidyEvery: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	tidied := func() int { o.mu.Lock(); defer o.mu.Unlock(); return len(o.tidied) }
	waitFor(t, func() bool { return tidied() == 1 })
	waitFor(t, func() bool { o.mu.Lock(); defer o.mu.Unlock(); return o.claims > 3 })
	if n := tidied(); n != 1 {
		t.Errorf("tidied %d times within the hour, want once", n)
	}
	clk.Set(clk.Now().Add(time.Hour))
	waitFor(t, func() bool { return tidied() == 2 })
	cancel()
	<-done
}
