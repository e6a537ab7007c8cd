package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// Follows and activity (issue 10). A feature records an activity item with
// tx.recordActivity in the transaction of the change it describes, beside its audit
// entry; people follow targets (model.FollowRef) and hear about the items that touch
// them, in digests (digest.go).

const (
	insertActivity = `INSERT INTO activity_items (actor_id, kind, object_kind, object_id, title, title_cy, path, happened_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
	insertActivityTarget = `INSERT INTO activity_targets (activity_id, target_kind, target_id) VALUES ($1, $2, $3)`
)

// recordActivity writes an activity item, and what it touches, in the transaction of the
// change it describes: a.At is the transaction's time and a.ID the new item's id.
func (tx *Tx) recordActivity(ctx context.Context, actor model.Actor, a *model.Activity) error {
	if a.Kind == "" || a.Object.Kind == "" || a.Path == "" {
		return fmt.Errorf("store: activity %q on %v: kind, object and path are needed", a.Kind, a.Object)
	}
	a.ActorID, a.At = actor.UserID, tx.now
	if err := tx.queryRow(ctx, insertActivity, nullInt(actor.UserID), a.Kind, a.Object.Kind, a.Object.ID,
		a.Title, a.TitleCy, a.Path, tx.now).Scan(&a.ID); err != nil {
		return fmt.Errorf("store: record activity %s: %w", a.Kind, err)
	}
	for _, t := range a.Targets() {
		if _, err := tx.exec(ctx, insertActivityTarget, a.ID, t.Kind, t.ID); err != nil {
			return fmt.Errorf("store: record activity %s target %v: %w", a.Kind, t, err)
		}
	}
	return nil
}

const (
	insertFollow = `INSERT INTO follows (user_id, target_kind, target_id, title, title_cy, path, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (user_id, target_kind, target_id) DO UPDATE SET title = excluded.title, title_cy = excluded.title_cy, path = excluded.path`
	deleteFollow  = `DELETE FROM follows WHERE user_id = $1 AND target_kind = $2 AND target_id = $3`
	countFollows  = `SELECT COUNT(*) FROM follows WHERE target_kind = $1 AND target_id = $2`
	isFollowing   = `SELECT COUNT(*) FROM follows WHERE user_id = $1 AND target_kind = $2 AND target_id = $3`
	selectFollows = `SELECT target_kind, target_id, title, title_cy, path, created_at FROM follows
WHERE user_id = $1 ORDER BY created_at, id`
)

// Follow makes the actor follow t (again: its name and address are refreshed). Counts of
// followers are public, so the data version moves.
func (db *DB) Follow(ctx context.Context, actor model.Actor, t model.FollowTarget) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, insertFollow, actor.UserID, t.Kind, t.ID, t.Title, t.TitleCy, t.Path, tx.now); err != nil {
			return fmt.Errorf("store: follow %v: %w", t.FollowRef, err)
		}
		return tx.audit(ctx, actor, "follow.add", t.Kind, t.ID, nil, t.FollowRef)
	})
}

// Unfollow stops the actor following ref; following nothing is not an error.
func (db *DB) Unfollow(ctx context.Context, actor model.Actor, ref model.FollowRef) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, deleteFollow, actor.UserID, ref.Kind, ref.ID)
		if err != nil {
			return fmt.Errorf("store: unfollow %v: %w", ref, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.audit(ctx, actor, "follow.remove", ref.Kind, ref.ID, ref, nil)
	})
}

// FollowState is how many people follow ref and whether user userID (0: nobody signed
// in) is one of them.
func (db *DB) FollowState(ctx context.Context, userID int64, ref model.FollowRef) (count int, following bool, err error) {
	if err := db.read.QueryRowContext(ctx, countFollows, ref.Kind, ref.ID).Scan(&count); err != nil {
		return 0, false, fmt.Errorf("store: followers of %v: %w", ref, err)
	}
	if userID == 0 || count == 0 {
		return count, false, nil
	}
	var n int
	if err := db.read.QueryRowContext(ctx, isFollowing, userID, ref.Kind, ref.ID).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("store: following %v: %w", ref, err)
	}
	return count, n > 0, nil
}

// Following lists what user userID follows, in the order they followed them.
func (db *DB) Following(ctx context.Context, userID int64) ([]model.Follow, error) {
	return following(ctx, db.read, userID)
}

func following(ctx context.Context, q querier, userID int64) ([]model.Follow, error) {
	var out []model.Follow
	err := eachRow(ctx, q, selectFollows, []any{userID}, func(rows *sql.Rows) error {
		var f model.Follow
		if err := rows.Scan(&f.Kind, &f.ID, &f.Title, &f.TitleCy, &f.Path, &f.CreatedAt); err != nil {
			return err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: follows of user %d: %w", userID, err)
	}
	return out, nil
}

const (
	selectFrequency = `SELECT frequency FROM notification_preferences WHERE user_id = $1`
	upsertFrequency = `INSERT INTO notification_preferences (user_id, frequency, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency, updated_at = excluded.updated_at`
)

// NotificationFrequency is how often user userID hears about what they follow
// (model.DigestWeekly unless they chose otherwise).
func (db *DB) NotificationFrequency(ctx context.Context, userID int64) (string, error) {
	return frequencyOf(ctx, db.read, userID)
}

func frequencyOf(ctx context.Context, q querier, userID int64) (string, error) {
	var f string
	switch err := q.QueryRowContext(ctx, selectFrequency, userID).Scan(&f); {
	case errors.Is(err, sql.ErrNoRows):
		return model.DigestWeekly, nil
	case err != nil:
		return "", fmt.Errorf("store: notification preference of user %d: %w", userID, err)
	}
	return f, nil
}

// SetNotificationFrequency sets how often user userID hears about what they follow; the
// actor is they, or nobody signed in with their unsubscribe link.
func (db *DB) SetNotificationFrequency(ctx context.Context, actor model.Actor, userID int64, f string) error {
	if !model.ValidDigestFrequency(f) {
		return model.Errorf(model.EINVALID, "notifications.frequency.invalid")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		was, err := frequencyOf(ctx, tx.tx, userID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, upsertFrequency, userID, f, tx.now); err != nil {
			return fmt.Errorf("store: notification preference of user %d: %w", userID, err)
		}
		return tx.audit(ctx, actor, "user.notifications", "user", userID,
			map[string]string{"frequency": was}, map[string]string{"frequency": f})
	})
}

const (
	insertSigningKey = `INSERT INTO signing_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`
	selectSigningKey = `SELECT secret FROM signing_keys WHERE name = $1`
)

// SigningKey is the site's key called name, made at random the first time any instance
// asks for it; every instance reads the same one.
func (db *DB) SigningKey(ctx context.Context, name string) ([]byte, error) {
	var secret string
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, insertSigningKey, name, rand.Text()+rand.Text(), tx.now); err != nil {
			return fmt.Errorf("store: signing key %s: %w", name, err)
		}
		return tx.queryRow(ctx, selectSigningKey, name).Scan(&secret)
	})
	return []byte(secret), err
}
