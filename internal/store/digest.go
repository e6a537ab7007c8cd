package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Digest is what one person hears about for one period: the items that touched what
// they follow, grouped by the thing followed (each item once, under the first of their
// follows it touches, in the order they followed them).
type Digest struct {
	UserID     int64
	Email      string
	Lang       string
	Frequency  string
	Start, End time.Time
	Groups     []DigestGroup
}

// DigestGroup is one followed thing and the items that touched it.
type DigestGroup struct {
	Target model.FollowTarget
	Items  []model.Activity
}

// Items counts the digest's items.
func (d Digest) Items() int {
	n := 0
	for _, g := range d.Groups {
		n += len(g.Items)
	}
	return n
}

// DigestWriter words a digest as an email (with its Unsubscribe address); the store
// queues it in the transaction that marks the person's period done.
type DigestWriter func(Digest) model.Email

// digestBatch is how many people one transaction claims: their items are read with one
// query.
var digestBatch = 500

// immediateLookback bounds how far back the first email of someone who just chose "as it
// happens" reaches.
const immediateLookback = time.Hour

// immediateSettle is how long an item waits before an "as it happens" email tells of it.
const immediateSettle = 5 * time.Second

// claimDigestsSQL picks people of a frequency ($1) who follow something and have no
// digest for the period ending $2. For "as it happens" ($4 the default start) only those
// with an item since their last one are picked, so that nobody gets a row a minute.
// On PostgreSQL people another instance holds are skipped.
func (db *DB) claimDigestsSQL(immediate bool) string {
	q := `SELECT u.id, u.email, u.language FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
WHERE COALESCE(p.frequency, 'weekly') = $1
AND NOT EXISTS (SELECT 1 FROM digest_runs d WHERE d.user_id = u.id AND d.period_end = $2)`
	if immediate {
		q += `
AND EXISTS (SELECT 1 FROM follows f JOIN activity_targets t ON t.target_kind = f.target_kind AND t.target_id = f.target_id
  JOIN activity_items a ON a.id = t.activity_id
  WHERE f.user_id = u.id AND a.happened_at < $2 AND a.happened_at >= f.created_at
  AND (a.actor_id IS NULL OR a.actor_id <> u.id)
  AND a.happened_at >= COALESCE((SELECT d.covered_until FROM digest_runs d WHERE d.user_id = u.id
    ORDER BY d.period_end DESC LIMIT 1), $4))`
	} else {
		q += `
AND EXISTS (SELECT 1 FROM follows f WHERE f.user_id = u.id)`
	}
	return q + `
ORDER BY u.id LIMIT $3` + db.dialect.skipLockedOf("u")
}

// The latest digest of each of a batch of people (%s their ids' placeholders), where the
// next one starts.
const selectCoveredUntil = `SELECT d.user_id, d.covered_until FROM digest_runs d WHERE d.user_id IN (%s)
AND d.period_end = (SELECT MAX(d2.period_end) FROM digest_runs d2 WHERE d2.user_id = d.user_id)`

// selectWindowItems reads the items of a run's window ($1 to $2), once per run: a
// batch's query then names them by id.
const selectWindowItems = `SELECT id, COALESCE(actor_id, 0), kind, object_kind, object_id, title, title_cy, path, happened_at
FROM activity_items WHERE happened_at >= $1 AND happened_at < $2`

// selectBatchFollows reads what a batch of people (%s) follow.
const selectBatchFollows = `SELECT id, user_id, target_kind, target_id, title, title_cy, path FROM follows WHERE user_id IN (%s)`

// selectDigestPairs reads, in one query, which items between $1 and $2 touched what a
// batch of people (%s, from $3) follow, since they followed it, but not those they made
// themselves: one row per follow and item, in the order each person followed.
const selectDigestPairs = `SELECT f.user_id, f.id, a.id
FROM follows f
JOIN activity_targets t ON t.target_kind = f.target_kind AND t.target_id = f.target_id
JOIN activity_items a ON a.id = t.activity_id
WHERE f.user_id IN (%s) AND a.happened_at >= $1 AND a.happened_at < $2 AND a.happened_at >= f.created_at
AND (a.actor_id IS NULL OR a.actor_id <> f.user_id)
ORDER BY f.user_id, f.created_at, f.id, a.happened_at, a.id`

const insertDigestRun = `INSERT INTO digest_runs (user_id, period_end, frequency, items, covered_until, created_at)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`

// SendDigests makes the digests of frequency f due at asOf: for daily and weekly, the
// period that ended at the latest 8am (Monday's, weekly) London time at or before asOf;
// for "as it happens", what happened up to asOf, one email per item. Each person's
// emails are queued in the transaction that records their period as done, so each
// person gets one digest per period however many instances run this, and a run cut off
// halfway is finished by the next. A person with nothing new gets no email. It returns
// how many emails it queued.
func (db *DB) SendDigests(ctx context.Context, f string, asOf time.Time, write DigestWriter) (int, error) {
	if f != model.DigestDaily && f != model.DigestWeekly && f != model.DigestImmediate {
		return 0, fmt.Errorf("store: no digests are sent for %q", f)
	}
	// What happened in the last few seconds waits for the next run, so that a change
	// still committing is not passed over.
	end := asOf.UTC().Truncate(time.Microsecond).Add(-immediateSettle)
	start := end.Add(-immediateLookback)
	if f != model.DigestImmediate {
		end = model.DigestPeriodEnd(f, asOf)
		start = model.DigestPeriodStart(f, end)
	}
	items := map[int64]*model.Activity{}
	err := eachRow(ctx, db.read, selectWindowItems, []any{start, end}, func(rows *sql.Rows) error {
		a := &model.Activity{}
		if err := rows.Scan(&a.ID, &a.ActorID, &a.Kind, &a.Object.Kind, &a.Object.ID, &a.Title, &a.TitleCy, &a.Path, &a.At); err != nil {
			return err
		}
		a.At = a.At.UTC()
		items[a.ID] = a
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: %s digest items: %w", f, err)
	}
	sent := 0
	for {
		n, people, err := db.sendDigestBatch(ctx, f, start, end, items, write)
		if err != nil {
			return sent, err
		}
		sent += n
		if people < digestBatch {
			return sent, nil
		}
	}
}

// digestPerson is a claimed person and where their digest starts.
type digestPerson struct {
	Digest
	seen map[int64]bool
}

// sendDigestBatch claims up to digestBatch people, reads their items with one query and
// queues their digests, in one transaction. It returns the emails queued and the people
// claimed.
func (db *DB) sendDigestBatch(ctx context.Context, f string, start, end time.Time, items map[int64]*model.Activity, write DigestWriter) (sent, claimed int, err error) {
	err = db.inTx(ctx, func(tx *Tx) error {
		sent, claimed = 0, 0
		var people []*digestPerson
		byID := map[int64]*digestPerson{}
		claim := []any{f, end, digestBatch}
		if f == model.DigestImmediate {
			claim = append(claim, start)
		}
		err := eachRow(ctx, tx.tx, db.claimDigestsSQL(f == model.DigestImmediate), claim, func(rows *sql.Rows) error {
			p := &digestPerson{Digest: Digest{Frequency: f, Start: start, End: end}, seen: map[int64]bool{}}
			if err := rows.Scan(&p.UserID, &p.Email, &p.Lang); err != nil {
				return err
			}
			people = append(people, p)
			byID[p.UserID] = p
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: claim %s digests: %w", f, err)
		}
		claimed = len(people)
		if claimed == 0 {
			return nil
		}
		in, args := idList(people, 0)
		from := start
		err = eachRow(ctx, tx.tx, fmt.Sprintf(selectCoveredUntil, in), args, func(rows *sql.Rows) error {
			var id int64
			var until time.Time
			if err := rows.Scan(&id, &until); err != nil {
				return err
			}
			if p := byID[id]; p != nil && until.After(p.Start) {
				p.Start = until.UTC()
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: %s digests: last periods: %w", f, err)
		}
		for _, p := range people {
			if p.Start.Before(from) {
				from = p.Start
			}
		}
		followed := map[int64]model.FollowTarget{}
		err = eachRow(ctx, tx.tx, fmt.Sprintf(selectBatchFollows, in), args, func(rows *sql.Rows) error {
			var id, uid int64
			var t model.FollowTarget
			if err := rows.Scan(&id, &uid, &t.Kind, &t.ID, &t.Title, &t.TitleCy, &t.Path); err != nil {
				return err
			}
			followed[id] = t
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: %s digests: follows: %w", f, err)
		}
		in, _ = idList(people, 2)
		err = eachRow(ctx, tx.tx, fmt.Sprintf(selectDigestPairs, in), append([]any{from, end}, args...), func(rows *sql.Rows) error {
			var uid, fid, aid int64
			if err := rows.Scan(&uid, &fid, &aid); err != nil {
				return err
			}
			p, a, t := byID[uid], items[aid], followed[fid]
			if p == nil || a == nil || p.seen[aid] || a.At.Before(p.Start) {
				return nil // read before: an item of the window still committing when the run began
			}
			p.seen[aid] = true
			if n := len(p.Groups); n == 0 || p.Groups[n-1].Target.FollowRef != t.FollowRef {
				p.Groups = append(p.Groups, DigestGroup{Target: t})
			}
			g := &p.Groups[len(p.Groups)-1]
			g.Items = append(g.Items, *a)
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: %s digest items: %w", f, err)
		}
		for _, p := range people {
			n, err := tx.queueDigest(ctx, p.Digest, write)
			if err != nil {
				return err
			}
			sent += n
		}
		return nil
	})
	return sent, claimed, err
}

// queueDigest records d's period as done and, if this transaction is the one that did
// and there is something to say, queues its email (one per item, as it happens).
func (tx *Tx) queueDigest(ctx context.Context, d Digest, write DigestWriter) (int, error) {
	items := d.Items()
	res, err := tx.exec(ctx, insertDigestRun, d.UserID, d.End, d.Frequency, items, d.End, tx.now)
	if err != nil {
		return 0, fmt.Errorf("store: digest of user %d: %w", d.UserID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 || items == 0 {
		return 0, nil
	}
	var emails []model.Email
	if d.Frequency == model.DigestImmediate {
		for _, g := range d.Groups {
			for _, a := range g.Items {
				one := d
				one.Groups = []DigestGroup{{Target: g.Target, Items: []model.Activity{a}}}
				emails = append(emails, write(one))
			}
		}
	} else {
		emails = append(emails, write(d))
	}
	for _, e := range emails {
		if err := tx.enqueue(ctx, e); err != nil {
			return 0, err
		}
	}
	return len(emails), nil
}

// idList is the placeholders of the people's ids, numbered from first, and the ids.
func idList(people []*digestPerson, first int) (string, []any) {
	marks := make([]string, len(people))
	args := make([]any, len(people))
	for i, p := range people {
		marks[i] = "$" + strconv.Itoa(first+i+1)
		args[i] = p.UserID
	}
	return strings.Join(marks, ", "), args
}
