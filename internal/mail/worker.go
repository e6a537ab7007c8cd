package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Outbox is the part of the store the Worker needs. The real one is in internal/store;
// it claims rows so that two processes never send the same message. ClaimDue is
// expected to leave Attempts alone: the Worker counts the attempt it is about to make
// and passes the new total to MarkRetry or MarkFailed.
type Outbox interface {
	// ClaimDue marks up to limit queued messages whose next attempt is due as "sending" and returns them.
	ClaimDue(ctx context.Context, now time.Time, limit int) ([]model.OutboxMessage, error)
	// MarkSent records that a message went out. Unless keepLinks is set, it removes the
	// message's link (Email.Link) from the stored body, so that no copy of the database
	// holds a link that still works.
	MarkSent(ctx context.Context, id int64, now time.Time, keepLinks bool) error
	// MarkRetry puts the message back in the queue for another attempt at next.
	MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string) error
	// MarkFailed gives up on the message.
	MarkFailed(ctx context.Context, id int64, attempts int, lastErr string) error
	// ReleaseClaimed puts messages this process claimed but did not send back in the queue (used at shutdown).
	ReleaseClaimed(ctx context.Context, ids []int64) error
	// Tidy is the Worker's housekeeping, run now and then by every instance, so it must
	// be safe to run twice at once: it removes the links of sent emails whose links have
	// expired, deletes sent emails older than keepSent, and forgets spent rate limits.
	Tidy(ctx context.Context, now time.Time, keepSent time.Duration) error
}

// WorkerOptions tunes a Worker. Zero values take the defaults.
type WorkerOptions struct {
	PollInterval time.Duration    // how often to look for due mail unprompted; default 2s
	BatchSize    int              // messages claimed at once; default 20
	MaxAttempts  int              // attempts before giving up; default 8
	BaseBackoff  time.Duration    // wait after the first failure, doubling; default 30s
	MaxBackoff   time.Duration    // longest wait between attempts; default 1h
	SendTimeout  time.Duration    // limit on one Send; default 1 minute
	TidyEvery    time.Duration    // how often Run calls Outbox.Tidy; default 1h
	KeepSent     time.Duration    // how long sent emails are kept; default 90 days
	Now          func() time.Time // clock, replaceable in tests; default time.Now
}

// With the defaults a message is tried 8 times over about two hours (30s, 1m, 2m, 4m,
// 8m, 16m, 32m between attempts): long enough to ride out a provider's outage, short
// enough that a sign-in link is not delivered after it has expired by a day.
func (o WorkerOptions) withDefaults() WorkerOptions {
	setDefault(&o.PollInterval, 2*time.Second)
	setDefault(&o.BatchSize, 20)
	setDefault(&o.MaxAttempts, 8)
	setDefault(&o.BaseBackoff, 30*time.Second)
	setDefault(&o.MaxBackoff, time.Hour)
	setDefault(&o.SendTimeout, time.Minute)
	setDefault(&o.TidyEvery, time.Hour)
	setDefault(&o.KeepSent, 90*24*time.Hour)
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// storeTimeout bounds the store calls made after shutdown has begun.
const storeTimeout = 10 * time.Second

// maxLastError bounds the error text stored with a message.
const maxLastError = 1000

// Worker sends queued outbox messages in the background, so that a request that
// causes an email never waits for, or fails because of, the mail provider.
type Worker struct {
	outbox Outbox
	sender Sender
	log    *slog.Logger
	opts   WorkerOptions
	wake   chan struct{}

	// keepLinks is set for a sender that delivers nowhere (the log sender): people read
	// its emails in the outbox, so links stay there until they expire.
	keepLinks bool

	mu       sync.Mutex
	failures map[string]uint64 // failed attempts by Fail… kind
	degraded string            // the kind of service failure since the last success, or ""
	since    time.Time         // when the service failure began
	lastTidy time.Time
}

// NewWorker returns a Worker that takes messages from o and sends them with s.
func NewWorker(o Outbox, s Sender, log *slog.Logger, opts WorkerOptions) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	lk, ok := s.(interface{ KeepsLinks() bool })
	return &Worker{outbox: o, sender: s, log: log, opts: opts.withDefaults(), wake: make(chan struct{}, 1),
		keepLinks: ok && lk.KeepsLinks(), failures: map[string]uint64{}}
}

// Degraded reports the kind of failure (FailAuth, FailConnection or FailConfig) that
// has stopped every email since the time given, or "" while mail goes out. It clears at
// the next email sent. /readyz shows it.
func (w *Worker) Degraded() (kind string, since time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.degraded, w.since
}

// Failures counts the failed attempts to send since start, by Fail… kind, for /metrics.
func (w *Worker) Failures() map[string]uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]uint64, len(w.failures))
	for k, v := range w.failures {
		out[k] = v
	}
	return out
}

// note records the outcome of one attempt: nil for a message sent.
func (w *Worker) note(sendErr error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if sendErr == nil {
		w.degraded, w.since = "", time.Time{}
		return
	}
	kind := FailureKind(sendErr)
	w.failures[kind]++
	if IsServiceFailure(sendErr) && w.degraded != kind {
		w.degraded, w.since = kind, w.opts.Now()
	}
}

// Wake asks the worker to look for mail now rather than at its next poll, so that a
// sign-in link goes out at once. It never blocks; wakes while one is pending merge.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends mail until ctx is cancelled. On cancellation it finishes the message in
// hand, puts the rest of its batch back in the queue, and returns.
func (w *Worker) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-w.wake:
		}
		w.tidy(ctx)
		res, err := w.runBatch(ctx)
		if err != nil && !errors.Is(err, context.Canceled) {
			w.log.Error("mail: worker", slog.Any("err", err))
		}
		delay := w.opts.PollInterval
		if err == nil && res.claimed == w.opts.BatchSize {
			delay = 0 // a full batch: more may be waiting
		}
		timer.Reset(delay)
	}
}

// RunOnce claims and sends one batch of due messages. failed counts attempts that did
// not succeed, whether they will be retried or not. It suits tests and a CLI command.
func (w *Worker) RunOnce(ctx context.Context) (sent, failed int, err error) {
	res, err := w.runBatch(ctx)
	return res.sent, res.failed, err
}

// tidy runs the outbox's housekeeping when TidyEvery has passed since the last time.
func (w *Worker) tidy(ctx context.Context) {
	now := w.opts.Now()
	if !w.lastTidy.IsZero() && now.Sub(w.lastTidy) < w.opts.TidyEvery {
		return
	}
	w.lastTidy = now
	if err := w.Tidy(ctx); err != nil && !errors.Is(err, context.Canceled) {
		w.log.Error("mail: tidy outbox", slog.Any("err", err))
	}
}

// Tidy removes expired links from sent emails, deletes sent emails older than KeepSent
// and forgets spent rate limits. Run calls it every TidyEvery.
func (w *Worker) Tidy(ctx context.Context) error {
	return w.outbox.Tidy(ctx, w.opts.Now(), w.opts.KeepSent)
}

type batchResult struct {
	claimed, sent, failed int
}

// runBatch claims due messages and sends them one at a time. Store errors for one
// message do not stop the others; they are joined and returned.
func (w *Worker) runBatch(ctx context.Context) (batchResult, error) {
	var res batchResult
	msgs, err := w.outbox.ClaimDue(ctx, w.opts.Now(), w.opts.BatchSize)
	if err != nil {
		return res, fmt.Errorf("mail: claim due messages: %w", err)
	}
	res.claimed = len(msgs)
	var errs []error
	for i, m := range msgs {
		if ctx.Err() != nil {
			errs = append(errs, w.release(ctx, msgs[i:]))
			break
		}
		sent, err := w.process(ctx, m)
		if sent {
			res.sent++
		} else {
			res.failed++
		}
		errs = append(errs, err)
	}
	return res, errors.Join(errs...)
}

// process sends one claimed message and records the outcome. The send and the store
// calls are detached from ctx, so that shutdown does not abandon a message half sent.
func (w *Worker) process(ctx context.Context, m model.OutboxMessage) (sent bool, err error) {
	sendCtx, cancel := detached(ctx, w.opts.SendTimeout)
	defer cancel()
	sendErr := w.sender.Send(WithReference(sendCtx, fmt.Sprintf("outbox-%d", m.ID)), m.Email)

	storeCtx, cancel := detached(ctx, storeTimeout)
	defer cancel()
	w.note(sendErr)
	if sendErr != nil {
		return false, w.recordFailure(storeCtx, m, sendErr)
	}
	if err := w.outbox.MarkSent(storeCtx, m.ID, w.opts.Now(), w.keepLinks); err != nil {
		return true, fmt.Errorf("mail: mark message %d sent: %w", m.ID, err)
	}
	w.log.Info("mail: sent", slog.Int64("id", m.ID), slog.String("kind", m.Email.Kind),
		slog.Int("attempt", m.Attempts+1))
	return true, nil
}

// recordFailure fails the message for good if the error is permanent or, for a
// temporary error, the attempts are used up, and otherwise queues it again after a
// growing delay. A failure of the whole service (authentication, connection,
// configuration) never uses up a message: it waits, at most MaxBackoff between
// attempts, for the setting to be mended.
func (w *Worker) recordFailure(ctx context.Context, m model.OutboxMessage, sendErr error) error {
	attempts := m.Attempts + 1
	lastErr := clip(withoutAddresses(oneLine(sendErr.Error())), maxLastError)
	attrs := []any{slog.Int64("id", m.ID), slog.String("kind", m.Email.Kind),
		slog.Int("attempt", attempts), slog.String("failure", FailureKind(sendErr)), slog.String("err", lastErr)}
	if IsPermanent(sendErr) || (attempts >= w.opts.MaxAttempts && !IsServiceFailure(sendErr)) {
		w.log.Error("mail: giving up on message", append(attrs, slog.Bool("permanent", IsPermanent(sendErr)))...)
		if err := w.outbox.MarkFailed(ctx, m.ID, attempts, lastErr); err != nil {
			return fmt.Errorf("mail: mark message %d failed: %w", m.ID, err)
		}
		return nil
	}
	next := w.opts.Now().Add(w.backoff(attempts))
	w.log.Warn("mail: send failed, will retry", append(attrs, slog.Time("next", next))...)
	if err := w.outbox.MarkRetry(ctx, m.ID, attempts, next, lastErr); err != nil {
		return fmt.Errorf("mail: mark message %d for retry: %w", m.ID, err)
	}
	return nil
}

// backoff is the wait after the given number of failed attempts: BaseBackoff doubled
// each time, capped at MaxBackoff.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.opts.BaseBackoff
	for i := 1; i < attempts && d < w.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opts.MaxBackoff)
}

// release puts claimed messages back in the queue at shutdown.
func (w *Worker) release(ctx context.Context, msgs []model.OutboxMessage) error {
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	storeCtx, cancel := detached(ctx, storeTimeout)
	defer cancel()
	if err := w.outbox.ReleaseClaimed(storeCtx, ids); err != nil {
		return fmt.Errorf("mail: release %d claimed messages: %w", len(ids), err)
	}
	w.log.Info("mail: released claimed messages at shutdown", slog.Int("count", len(ids)))
	return nil
}

// detached returns a context that keeps ctx's values but not its cancellation, with
// its own time limit.
func detached(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// addressLike matches anything shaped like an email address, angle brackets and all.
var addressLike = regexp.MustCompile(`<?[^\s<>@]+@[^\s<>]+>?`)

// withoutAddresses blanks out email addresses in a provider's error text ("550 5.1.1
// <bob@example.com>: Recipient address rejected") before it is logged or stored, as
// logs hold no addresses.
func withoutAddresses(s string) string {
	return addressLike.ReplaceAllString(s, "[address]")
}
