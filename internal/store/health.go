package store

import (
	"context"
	"time"
)

// Kinds of write failure that mean the database cannot take writes at all, as
// WriteFailure reports them.
const (
	WriteDiskFull = "disk_full" // the file system (or PostgreSQL's) is full
	WriteIOError  = "io_error"  // the disk failed to read or write
)

// writeFailure is the write failure the database is in, until a write succeeds.
type writeFailure struct {
	kind  string
	since time.Time
}

// noteWrite records the outcome of a write: a failure of a kind that stops every write
// (see writeFailureKind) marks the database unwritable; a success (nil) clears that.
// It returns err, so that callers can wrap their return in it.
func (db *DB) noteWrite(err error) error {
	if err == nil {
		if db.failing.Load() != nil {
			db.failing.Store(nil)
		}
		return nil
	}
	if kind := writeFailureKind(err); kind != "" && db.failing.Load() == nil {
		db.failing.CompareAndSwap(nil, &writeFailure{kind: kind, since: db.Now().UTC()})
	}
	return err
}

// WriteFailure reports whether writes are failing because the disk is full or failing
// (kind WriteDiskFull or WriteIOError, since when), or "" once a write has succeeded
// again. /readyz reports it; it clears by itself at the next successful write.
func (db *DB) WriteFailure() (kind string, since time.Time) {
	if f := db.failing.Load(); f != nil {
		return f.kind, f.since
	}
	return "", time.Time{}
}

const probeWrite = `INSERT INTO write_probe (id, checked_at) VALUES (1, $1)
ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`

// ProbeWrite makes one tiny write, so that /readyz can tell, while writes are failing,
// when they work again even if no one else writes. Its outcome is noted like any write.
func (db *DB) ProbeWrite(ctx context.Context) error {
	return db.execWrite(ctx, "probe write", probeWrite, db.now())
}
