package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// TestBackupUnderWriteLoad takes a backup while writers keep committing, restores it,
// and finds every row whose commit was acknowledged before the backup began.
func TestBackupUnderWriteLoad(t *testing.T) {
	skipUnlessSQLite(t)
	db, _ := newTestDB(t)
	db.Now = time.Now
	ctx := context.Background()
	var acked sync.Map // email -> committed
	var n atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				email := fmt.Sprintf("writer%d-%d@hackney.gov.uk", w, i)
				if err := db.RequestSignIn(ctx, fmt.Sprintf("hash-%d-%d", w, i), email, model.Email{To: email, Kind: "sign_in", Subject: "s", Body: "b"}); err != nil {
					t.Errorf("write: %v", err)
					return
				}
				acked.Store(email, true)
				n.Add(1)
			}
		}()
	}
	for n.Load() < 200 {
		time.Sleep(5 * time.Millisecond)
	}
	var before []string
	acked.Range(func(k, _ any) bool { before = append(before, k.(string)); return true })
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	restored, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	msgs, err := restored.ListOutbox(ctx, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, m := range msgs {
		have[m.Email.To] = true
	}
	for _, email := range before {
		if !have[email] {
			t.Fatalf("%s was acknowledged before the backup began but is not in it (%d of %d rows)", email, len(have), len(before))
		}
	}
	if n.Load() <= int64(len(before)) {
		t.Logf("writers wrote %d rows, %d before the backup", n.Load(), len(before))
	}
}
