package store

import (
	"context"
	"fmt"
	"time"
)

const hitRateLimit = `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`

const deleteOldRateLimits = `DELETE FROM rate_limits WHERE window_start < $1`

// Hit counts one attempt against key in the current fixed window of the given length and
// returns the attempts so far in that window and when it ends. The count lives in the
// database, so a limit holds across every instance.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	now := db.now()
	start := now.Truncate(window)
	var hits int
	if err := db.write.QueryRowContext(ctx, hitRateLimit, key, start).Scan(&hits); err != nil {
		return 0, time.Time{}, fmt.Errorf("store: rate limit %s: %w", key, err)
	}
	return hits, start.Add(window), nil
}

// DeleteOldRateLimits forgets windows that ended more than a day ago.
func (db *DB) DeleteOldRateLimits(ctx context.Context) error {
	return db.execWrite(ctx, "delete old rate limits", deleteOldRateLimits, db.now().Add(-24*time.Hour))
}
