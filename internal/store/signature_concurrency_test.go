package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// Twenty people press "Start" for one organisation at the same moment: the partial unique
// index lets exactly one signature through.
func TestStartSignatureConcurrently(t *testing.T) {
	db, _ := newTestDB(t)
	org := makeOrg(t, db, "Adur", "adur.gov.uk")
	const n = 20
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, n)
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sig := newSignature(org.ID, model.SignerCEO, model.SignerLeader)
			hashes := []string{fmt.Sprintf("race-%d-ceo", i), fmt.Sprintf("race-%d-leader", i)}
			emails := []model.Email{
				{To: sig.Signers[0].Email, Kind: "signer_request", Subject: "s", Body: fmt.Sprint(i)},
				{To: sig.Signers[1].Email, Kind: "signer_request", Subject: "s", Body: fmt.Sprint(i)},
			}
			actor := model.Actor{Label: fmt.Sprintf("person%d@adur.gov.uk", i)}
			<-start
			errs[i] = db.StartSignature(t.Context(), actor, sig, hashes, emails)
		}()
	}
	close(start)
	wg.Wait()

	var ok, already int
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrAlreadySigning) || model.ErrorCode(err) == model.ECONFLICT:
			already++
		default:
			t.Errorf("goroutine %d: unexpected error %v", i, err)
		}
	}
	if ok != 1 || already != n-1 {
		t.Fatalf("%d succeeded and %d were told someone is already signing, want 1 and %d", ok, already, n-1)
	}
	sigs, err := db.SignaturesForOrganisation(t.Context(), org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || len(sigs[0].Signers) != 2 {
		t.Fatalf("signatures = %+v, want exactly one with two signers", sigs)
	}
	var signers int
	if err := db.read.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM signers`).Scan(&signers); err != nil {
		t.Fatal(err)
	}
	if signers != 2 {
		t.Errorf("%d signer rows, want 2 (losers' signers rolled back)", signers)
	}
	if rows := outboxCount(t, db); rows != 2 {
		t.Errorf("%d outbox rows, want 2 (only the winner's emails)", rows)
	}
	starts := 0
	for _, a := range auditActions(t, db) {
		if a == "signature.start" {
			starts++
		}
	}
	if starts != 1 {
		t.Errorf("%d signature.start audit entries, want 1", starts)
	}
}
