package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	MarkSent(ctx context.Context, id int64, now time.Time) error
	// MarkRetry puts the message back in the queue for another attempt at next.
	MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string) error
	// MarkFailed gives up on the message.
	MarkFailed(ctx context.Context, id int64, attempts int, lastErr string) error
	// ReleaseClaimed puts messages this process claimed but did not send back in the queue (used at shutdown).
	ReleaseClaimed(ctx context.Context, ids []int64) error
}

// WorkerOptions tunes a Worker. Zero values take the defaults.
type WorkerOptions struct {
	PollInterval time.Duration    // how often to look for due mail unprompted; default 2s
	BatchSize    int              // messages claimed at once; default 20
	MaxAttempts  int              // attempts before giving up; default 8
	BaseBackoff  time.Duration    // wait after the first failure, doubling; default 30s
	MaxBackoff   time.Duration    // longest wait between attempts; default 1h
	SendTimeout  time.Duration    // limit on one Send; default 1 minute
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
}

// NewWorker returns a Worker that takes messages from o and sends them with s.
func NewWorker(o Outbox, s Sender, log *slog.Logger, opts WorkerOptions) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{outbox: o, sender: s, log: log, opts: opts.withDefaults(), wake: make(chan struct{}, 1)}
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
	if sendErr != nil {
		return false, w.recordFailure(storeCtx, m, sendErr)
	}
	if err := w.outbox.MarkSent(storeCtx, m.ID, w.opts.Now()); err != nil {
		return true, fmt.Errorf("mail: mark message %d sent: %w", m.ID, err)
	}
	w.log.Info("mail: sent", slog.Int64("id", m.ID), slog.String("kind", m.Email.Kind),
		slog.Int("attempt", m.Attempts+1))
	return true, nil
}

// recordFailure fails the message for good if the error is permanent or the attempts
// are used up, and otherwise queues it again after a growing delay.
func (w *Worker) recordFailure(ctx context.Context, m model.OutboxMessage, sendErr error) error {
	attempts := m.Attempts + 1
	lastErr := clip(oneLine(sendErr.Error()), maxLastError)
	attrs := []any{slog.Int64("id", m.ID), slog.String("kind", m.Email.Kind),
		slog.Int("attempt", attempts), slog.String("err", lastErr)}
	if IsPermanent(sendErr) || attempts >= w.opts.MaxAttempts {
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
