package mail

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// memOutbox is an in-memory Outbox with the store's semantics.
type memOutbox struct {
	mu       sync.Mutex
	msgs     map[int64]*model.OutboxMessage
	released []int64
	claimErr error
	claims   int // calls to ClaimDue
	tidied   []time.Time
}

func newMemOutbox(msgs ...model.OutboxMessage) *memOutbox {
	o := &memOutbox{msgs: map[int64]*model.OutboxMessage{}}
	for _, m := range msgs {
		o.add(m)
	}
	return o
}

func (o *memOutbox) add(m model.OutboxMessage) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if m.Status == "" {
		m.Status = model.MailQueued
	}
	o.msgs[m.ID] = &m
}

func (o *memOutbox) get(id int64) model.OutboxMessage {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.msgs[id]
}

func (o *memOutbox) ClaimDue(_ context.Context, now time.Time, limit int) ([]model.OutboxMessage, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.claims++
	if o.claimErr != nil {
		return nil, o.claimErr
	}
	var ids []int64
	for id, m := range o.msgs {
		if m.Status == model.MailQueued && !m.NextAttemptAt.After(now) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var out []model.OutboxMessage
	for _, id := range ids[:min(limit, len(ids))] {
		o.msgs[id].Status = model.MailSending
		out = append(out, *o.msgs[id])
	}
	return out, nil
}

func (o *memOutbox) update(id int64, f func(m *model.OutboxMessage)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	m, ok := o.msgs[id]
	if !ok || m.Status != model.MailSending {
		return errors.New("message not claimed")
	}
	f(m)
	return nil
}

func (o *memOutbox) MarkSent(_ context.Context, id int64, now time.Time, keepLinks bool) error {
	return o.update(id, func(m *model.OutboxMessage) {
		m.Status, m.SentAt = model.MailSent, now
		if !keepLinks && m.Email.Link != "" {
			m.Email.Body, m.Email.Link = strings.ReplaceAll(m.Email.Body, m.Email.Link, m.Email.LinkRemoved), ""
		}
	})
}

func (o *memOutbox) Tidy(_ context.Context, now time.Time, keepSent time.Duration) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.tidied = append(o.tidied, now)
	for id, m := range o.msgs {
		if m.Status == model.MailSent && m.SentAt.Before(now.Add(-keepSent)) {
			delete(o.msgs, id)
		}
	}
	return nil
}

func (o *memOutbox) MarkRetry(_ context.Context, id int64, attempts int, next time.Time, lastErr string) error {
	return o.update(id, func(m *model.OutboxMessage) {
		m.Status, m.Attempts, m.NextAttemptAt, m.LastError = model.MailQueued, attempts, next, lastErr
	})
}

func (o *memOutbox) MarkFailed(_ context.Context, id int64, attempts int, lastErr string) error {
	return o.update(id, func(m *model.OutboxMessage) {
		m.Status, m.Attempts, m.LastError = model.MailFailed, attempts, lastErr
	})
}

func (o *memOutbox) ReleaseClaimed(_ context.Context, ids []int64) error {
	for _, id := range ids {
		if err := o.update(id, func(m *model.OutboxMessage) { m.Status = model.MailQueued }); err != nil {
			return err
		}
	}
	o.mu.Lock()
	o.released = append(o.released, ids...)
	o.mu.Unlock()
	return nil
}

// fakeSender records what it is asked to send and answers with fn.
type fakeSender struct {
	mu   sync.Mutex
	sent []model.Email
	fn   func(ctx context.Context, e model.Email) error
}

func (s *fakeSender) Send(ctx context.Context, e model.Email) error {
	s.mu.Lock()
	s.sent = append(s.sent, e)
	s.mu.Unlock()
	if s.fn == nil {
		return nil
	}
	return s.fn(ctx, e)
}

func (s *fakeSender) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// clock is a settable time for WorkerOptions.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// msg is a queued message whose body must never reach a log.
func msg(id int64) model.OutboxMessage {
	return model.OutboxMessage{ID: id, Email: model.Email{To: "a@example.com", Kind: "k", Body: "secret link"}}
}

func TestWorkerSendsDueMessages(t *testing.T) {
	clk := newClock()
	later := msg(3)
	later.NextAttemptAt = clk.Now().Add(time.Minute)
	o := newMemOutbox(msg(1), msg(2), later)
	s := &fakeSender{}
	w := NewWorker(o, s, nil, WorkerOptions{Now: clk.Now})

	sent, failed, err := w.RunOnce(context.Background())
	if err != nil || sent != 2 || failed != 0 {
		t.Fatalf("RunOnce = %d sent, %d failed, %v; want 2, 0, nil", sent, failed, err)
	}
	for id, want := range map[int64]string{1: model.MailSent, 2: model.MailSent, 3: model.MailQueued} {
		if got := o.get(id); got.Status != want {
			t.Errorf("message %d is %q, want %q", id, got.Status, want)
		}
	}
	if got := o.get(1).SentAt; !got.Equal(clk.Now()) {
		t.Errorf("SentAt = %v, want %v", got, clk.Now())
	}
}

func TestWorkerRespectsBatchSize(t *testing.T) {
	o := newMemOutbox(msg(1), msg(2), msg(3))
	w := NewWorker(o, &fakeSender{}, nil, WorkerOptions{BatchSize: 2})
	if sent, _, _ := w.RunOnce(context.Background()); sent != 2 {
		t.Errorf("sent %d in one batch, want 2", sent)
	}
}

func TestWorkerRetriesWithGrowingBackoff(t *testing.T) {
	clk := newClock()
	o := newMemOutbox(msg(1))
	s := &fakeSender{fn: func(context.Context, model.Email) error { return errors.New("451 try later") }}
	w := NewWorker(o, s, nil, WorkerOptions{Now: clk.Now, MaxAttempts: 10, MaxBackoff: 5 * time.Minute})

	waits := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		5 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, want := range waits {
		if _, failed, err := w.RunOnce(context.Background()); err != nil || failed != 1 {
			t.Fatalf("attempt %d: failed %d, err %v", i+1, failed, err)
		}
		m := o.get(1)
		if m.Status != model.MailQueued || m.Attempts != i+1 || m.LastError != "451 try later" {
			t.Fatalf("after attempt %d: %+v", i+1, m)
		}
		if got := m.NextAttemptAt.Sub(clk.Now()); got != want {
			t.Errorf("after attempt %d: wait %v, want %v", i+1, got, want)
		}
		// Not due yet: nothing is sent.
		if sent, failed, _ := w.RunOnce(context.Background()); sent+failed != 0 {
			t.Fatalf("after attempt %d: a message not yet due was sent", i+1)
		}
		clk.Set(m.NextAttemptAt)
	}
	if _, _, err := w.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m := o.get(1); m.Status != model.MailFailed || m.Attempts != 10 {
		t.Errorf("after the last attempt: status %q, attempts %d; want failed, 10", m.Status, m.Attempts)
	}
	if s.count() != 10 {
		t.Errorf("sender called %d times, want 10", s.count())
	}
}

func TestWorkerBackoffDefaults(t *testing.T) {
	w := NewWorker(newMemOutbox(), &fakeSender{}, nil, WorkerOptions{})
	tests := []struct {
		attempts int
		want     time.Duration
	}{
		{1, 30 * time.Second}, {2, time.Minute}, {3, 2 * time.Minute}, {7, 32 * time.Minute},
		{8, time.Hour}, {9, time.Hour}, {1000, time.Hour},
	}
	for _, tt := range tests {
		if got := w.backoff(tt.attempts); got != tt.want {
			t.Errorf("backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
	if w.opts.MaxAttempts != 8 || w.opts.BatchSize != 20 || w.opts.PollInterval != 2*time.Second {
		t.Errorf("defaults = %+v", w.opts)
	}
}

func TestWorkerGivesUpAtMaxAttempts(t *testing.T) {
	m := msg(1)
	m.Attempts = 7 // the next attempt is the eighth and last
	o := newMemOutbox(m)
	w := NewWorker(o, &fakeSender{fn: func(context.Context, model.Email) error { return errors.New("timeout") }}, nil, WorkerOptions{})
	if _, failed, err := w.RunOnce(context.Background()); err != nil || failed != 1 {
		t.Fatalf("failed %d, err %v", failed, err)
	}
	if got := o.get(1); got.Status != model.MailFailed || got.Attempts != 8 || got.LastError != "timeout" {
		t.Errorf("message = %+v, want failed after 8 attempts", got)
	}
}

func TestWorkerPermanentErrorFailsAtOnce(t *testing.T) {
	o := newMemOutbox(msg(1))
	perm := permanent(errors.New("550 5.1.1 no such user\r\nsecond line"))
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	w := NewWorker(o, &fakeSender{fn: func(context.Context, model.Email) error { return perm }}, log, WorkerOptions{})
	if _, failed, err := w.RunOnce(context.Background()); err != nil || failed != 1 {
		t.Fatalf("failed %d, err %v", failed, err)
	}
	if !strings.Contains(logs.String(), "no such user") || strings.Contains(logs.String(), "secret link") {
		t.Errorf("log should give the error but not the body:\n%s", logs.String())
	}
	if got := o.get(1); got.Status != model.MailFailed || got.Attempts != 1 || got.LastError != "550 5.1.1 no such user second line" {
		t.Errorf("message = %+v, want failed after 1 attempt with a one-line error", got)
	}
}

func TestWorkerReleasesBatchOnShutdown(t *testing.T) {
	o := newMemOutbox(msg(1), msg(2), msg(3))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &fakeSender{fn: func(sendCtx context.Context, e model.Email) error {
		cancel() // shutdown begins while the first message is being sent
		if sendCtx.Err() != nil {
			t.Error("the message in hand was abandoned at shutdown")
		}
		return nil
	}}
	w := NewWorker(o, s, nil, WorkerOptions{})
	sent, failed, err := w.RunOnce(ctx)
	if err != nil || sent != 1 || failed != 0 {
		t.Fatalf("RunOnce = %d sent, %d failed, %v; want 1, 0, nil", sent, failed, err)
	}
	if got := o.get(1).Status; got != model.MailSent {
		t.Errorf("message 1 is %q, want sent", got)
	}
	if !slices.Equal(o.released, []int64{2, 3}) || o.get(2).Status != model.MailQueued || o.get(3).Status != model.MailQueued {
		t.Errorf("released %v; statuses %q %q", o.released, o.get(2).Status, o.get(3).Status)
	}
}

func TestWorkerReportsStoreErrors(t *testing.T) {
	o := newMemOutbox(msg(1))
	o.claimErr = errors.New("database is locked")
	w := NewWorker(o, &fakeSender{}, nil, WorkerOptions{})
	if _, _, err := w.RunOnce(context.Background()); err == nil || !errors.Is(err, o.claimErr) {
		t.Errorf("err = %v, want it to wrap the store's error", err)
	}
}

func TestWorkerPassesOutboxReference(t *testing.T) {
	var ref string
	s := &fakeSender{fn: func(ctx context.Context, _ model.Email) error {
		ref, _ = ctx.Value(referenceKey{}).(string)
		return nil
	}}
	if _, _, err := NewWorker(newMemOutbox(msg(42)), s, nil, WorkerOptions{}).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ref != "outbox-42" {
		t.Errorf("reference = %q, want outbox-42", ref)
	}
}

func TestWorkerRunWakesAndStops(t *testing.T) {
	o := newMemOutbox()
	s := &fakeSender{}
	// A poll interval of an hour: only Wake can make the worker look again.
	w := NewWorker(o, s, nil, WorkerOptions{PollInterval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()

	waitFor(t, func() bool { o.mu.Lock(); defer o.mu.Unlock(); return o.claims == 1 }) // the first, empty poll
	o.add(msg(1))
	w.Wake()
	waitFor(t, func() bool { return o.get(1).Status == model.MailSent })

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestWorkerRunFinishesMessageInHandOnShutdown(t *testing.T) {
	o := newMemOutbox(msg(1), msg(2))
	inSend, finish := make(chan struct{}), make(chan struct{})
	s := &fakeSender{fn: func(ctx context.Context, _ model.Email) error {
		close(inSend)
		<-finish
		return ctx.Err()
	}}
	w := NewWorker(o, s, nil, WorkerOptions{PollInterval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()

	<-inSend
	cancel()
	close(finish)
	<-done
	if got := o.get(1).Status; got != model.MailSent {
		t.Errorf("message in hand is %q, want sent", got)
	}
	if got := o.get(2).Status; got != model.MailQueued || !slices.Equal(o.released, []int64{2}) {
		t.Errorf("message 2 is %q, released %v; want queued, [2]", got, o.released)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
