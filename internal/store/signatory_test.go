package store

import (
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// TestSignatoryWithWithdrawnNewerSignature: an organisation that signed one version of
// the Declaration and then withdrew its newer, published signature has not signed
// (hasSigned), although its older signature is still verified: it may not publish a
// resource or a case study. A signatory may.
func TestSignatoryWithWithdrawnNewerSignature(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	org := makeOrg(t, w.db, "Newer Withdrawn Council", "newer.gov.uk")
	older := publish(t, w.db, w.clk, org.ID, date(2019, time.May, 1))
	err := w.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO declarations (version, published_on) VALUES (2, '2025-01-01')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.clk.Set(date(2025, time.February, 1))
	newer := newSignature(org.ID, model.SignerSenior)
	newer.DeclarationVersion = 2
	hash := newToken("signer")
	if err := w.db.StartSignature(ctx, admin, newer, []string{hash},
		[]model.Email{{To: newer.Signers[0].Email, Kind: "signer_request", Subject: "Please confirm", Body: "link"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.RespondAsSigner(ctx, hash, true, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.VerifySignature(ctx, admin, newer.ID, nil); err != nil {
		t.Fatal(err)
	}
	withdraw(t, w.db, w.clk, newer.ID, date(2025, time.March, 1))
	if sig, err := w.db.Signature(ctx, older.ID); err != nil || sig.Status != model.SigVerified {
		t.Fatalf("older signature = %+v, %v; want it still verified", sig, err)
	}
	if ok, err := w.db.IsSignatory(ctx, org.ID); err != nil || ok {
		t.Errorf("IsSignatory = %v, %v; want false", ok, err)
	}
	for _, k := range taggedKinds {
		for _, tt := range []struct {
			org  *model.Organisation
			want bool
		}{{org, false}, {w.hackney, true}} {
			before := countRows(t, w.db, k.tt.content)
			_, err := k.create(t, w, "Bins", []*model.Organisation{tt.org}, []int{1}, []int{524})
			if tt.want != (err == nil) {
				t.Errorf("%s by %s: err = %v", k.name, tt.org.Name, err)
			}
			if !tt.want {
				if model.ErrorCode(err) != model.EFORBIDDEN {
					t.Errorf("%s by %s: err = %v, want EFORBIDDEN", k.name, tt.org.Name, err)
				}
				if n := countRows(t, w.db, k.tt.content); n != before {
					t.Errorf("%s by %s: %d rows, want %d", k.name, tt.org.Name, n, before)
				}
			}
		}
	}
}
