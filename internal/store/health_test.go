package store

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
)

// TestWriteFailureIsNotedUntilAWriteSucceeds: a write that fails for want of disk
// marks the database unwritable (and unavailable: 503, not 500) until a write works;
// the probe /readyz makes is such a write. The real full disk is in internal/faulttest.
func TestWriteFailureIsNotedUntilAWriteSucceeds(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	if kind, _ := db.WriteFailure(); kind != "" {
		t.Fatalf("a fresh database reports %q", kind)
	}
	full := fmt.Errorf("store: commit: %w", syscall.ENOSPC)
	if !IsUnavailable(full) || !IsUnavailable(fmt.Errorf("x: %w", syscall.EIO)) {
		t.Error("a full or failing disk should count as unavailable (503)")
	}
	if IsUnavailable(errors.New("syntax error")) {
		t.Error("a fault in a query is not unavailability")
	}
	db.noteWrite(full)
	db.noteWrite(fmt.Errorf("x: %w", syscall.EIO)) // the first failure stays the reason
	if kind, since := db.WriteFailure(); kind != WriteDiskFull || !since.Equal(clk.Now().UTC()) {
		t.Errorf("WriteFailure() = %q, %v; want %q since now", kind, since, WriteDiskFull)
	}
	// A transaction that changes nothing proves nothing.
	if _, err := db.ClaimDue(ctx, t0, 10); err != nil {
		t.Fatal(err)
	}
	if kind, _ := db.WriteFailure(); kind != WriteDiskFull {
		t.Errorf("an empty transaction cleared the write failure: %q", kind)
	}
	for range 2 { // the probe row is written, then updated
		if err := db.ProbeWrite(ctx); err != nil {
			t.Fatal(err)
		}
		if kind, _ := db.WriteFailure(); kind != "" {
			t.Errorf("a successful write left WriteFailure() = %q", kind)
		}
		db.noteWrite(full)
	}
}
