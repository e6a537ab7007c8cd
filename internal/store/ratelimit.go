package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

const hitRateLimit = `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`

const deleteOldRateLimits = `DELETE FROM rate_limits WHERE window_start < $1`

// rateLimitKeep is how long a rate-limit window is kept after it began.
const rateLimitKeep = 24 * time.Hour

// Hit counts one attempt against key in the current fixed window of the given length and
// returns the attempts so far in that window and when it ends. The count lives in the
// database, so a limit holds across every instance. The key is stored as its SHA-256
// hash: keys name email addresses and client addresses, which the table need not hold.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	now := db.now()
	start := now.Truncate(window)
	var hits int
	if err := db.write.QueryRowContext(ctx, hitRateLimit, rateLimitKey(key), start).Scan(&hits); err != nil {
		return 0, time.Time{}, db.noteWrite(fmt.Errorf("store: rate limit: %w", err))
	}
	db.noteWrite(nil)
	return hits, start.Add(window), nil
}

// rateLimitKey is the stored form of a rate-limit key.
func rateLimitKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// DeleteOldRateLimits forgets windows that ended more than a day ago. The mail worker's
// Tidy does the same.
func (db *DB) DeleteOldRateLimits(ctx context.Context) error {
	return db.execWrite(ctx, "delete old rate limits", deleteOldRateLimits, db.now().Add(-rateLimitKeep))
}
