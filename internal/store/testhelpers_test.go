package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

// t0 is where every test clock starts.
var t0 = time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC)

// admin is the actor for changes a platform admin makes in tests.
var admin = model.Actor{Label: "admin@test"}

// testClock is a clock tests set and move forward; it is safe for concurrent use.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTestDB opens a new, empty database without migrating it: a SQLite file in a
// temporary folder, or a fresh PostgreSQL database when LD_TEST_POSTGRES_URL is set.
func openTestDB(t *testing.T) (*DB, *testClock) {
	t.Helper()
	db, err := Open(context.Background(), testdb.URL(t, os.Getenv))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	clk := &testClock{t: t0}
	db.Now = clk.Now
	return db, clk
}

// twoInstances opens one migrated database twice, as two instances of the platform
// would, both on one clock that starts at t0.
func twoInstances(t *testing.T) (one, two *DB, clk *testClock) {
	t.Helper()
	url := testdb.URL(t, os.Getenv)
	clk = &testClock{t: t0}
	open := func() *DB {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.Now = clk.Now
		return db
	}
	one, two = open(), open()
	if _, err := one.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return one, two, clk
}

// newTestDB opens a migrated database whose clock starts at t0.
func newTestDB(t *testing.T) (*DB, *testClock) {
	t.Helper()
	db, clk := openTestDB(t)
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db, clk
}

// orgSpec returns an organisation ready to create: a council in England unless changed.
func orgSpec(name, typeCode string, domains ...string) model.Organisation {
	t, ok := model.LookupOrgType(typeCode)
	if !ok {
		panic("unknown organisation type " + typeCode)
	}
	return model.Organisation{
		Name:     name,
		TypeCode: t.Code,
		TypeName: locale.English.Msg(t.Name),
		Nation:   "England",
		Region:   "South East",
		Website:  "https://www.example.gov.uk",
		Domains:  domains,
	}
}

// createOrg adds o through CreateOrganisation and returns it as stored.
func createOrg(t *testing.T, db *DB, o model.Organisation) *model.Organisation {
	t.Helper()
	if err := db.CreateOrganisation(t.Context(), admin, &o); err != nil {
		t.Fatalf("CreateOrganisation %s: %v", o.Name, err)
	}
	return &o
}

// makeOrg adds a council with the given email domains.
func makeOrg(t *testing.T, db *DB, name string, domains ...string) *model.Organisation {
	t.Helper()
	return createOrg(t, db, orgSpec(name, "NMD", domains...))
}

var tokenSeq atomic.Int64

// newToken returns a token hash no other test row uses.
func newToken(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, tokenSeq.Add(1))
}

// newSignature returns a signature for orgID with one signer of each kind given.
func newSignature(orgID int64, kinds ...string) *model.Signature {
	sig := &model.Signature{
		OrganisationID:     orgID,
		DeclarationVersion: model.CurrentDeclaration.Version,
		Commitment: model.Commitment{
			Title:    "Open planning data",
			Partners: "Neighbouring councils",
			Mission:  "Publish planning applications as open data",
			Impact:   "Residents find applications near them",
		},
	}
	for _, k := range kinds {
		sig.Signers = append(sig.Signers, model.Signer{
			Kind:  k,
			Name:  "Name " + k,
			Role:  "Role " + k,
			Email: fmt.Sprintf("%s-%d@example.gov.uk", k, orgID),
		})
	}
	return sig
}

// startSig starts a signature for orgID with the given signer kinds and returns it with
// each signer's token hash, in signer order. It queues one email per signer.
func startSig(t *testing.T, db *DB, orgID int64, kinds ...string) (*model.Signature, []string) {
	t.Helper()
	sig := newSignature(orgID, kinds...)
	var hashes []string
	var emails []model.Email
	for _, s := range sig.Signers {
		hashes = append(hashes, newToken("signer"))
		emails = append(emails, model.Email{To: s.Email, Kind: "signer_request", Subject: "Please confirm", Body: "link"})
	}
	if err := db.StartSignature(t.Context(), admin, sig, hashes, emails); err != nil {
		t.Fatalf("StartSignature for %d: %v", orgID, err)
	}
	return sig, hashes
}

// publish takes a one-signer signature for orgID through to verified, at time at.
func publish(t *testing.T, db *DB, clk *testClock, orgID int64, at time.Time) *model.Signature {
	t.Helper()
	clk.Set(at)
	sig, hashes := startSig(t, db, orgID, model.SignerSenior)
	if _, err := db.RespondAsSigner(t.Context(), hashes[0], true, nil); err != nil {
		t.Fatalf("RespondAsSigner: %v", err)
	}
	out, err := db.VerifySignature(t.Context(), admin, sig.ID, nil)
	if err != nil {
		t.Fatalf("VerifySignature: %v", err)
	}
	return out
}

// withdraw withdraws signature id at time at.
func withdraw(t *testing.T, db *DB, clk *testClock, id int64, at time.Time) *model.Signature {
	t.Helper()
	clk.Set(at)
	out, err := db.WithdrawSignature(t.Context(), admin, id, "test", nil)
	if err != nil {
		t.Fatalf("WithdrawSignature %d: %v", id, err)
	}
	return out
}

// cancel cancels signature id, still in progress, at time at.
func cancel(t *testing.T, db *DB, clk *testClock, id int64, at time.Time) *model.Signature {
	t.Helper()
	clk.Set(at)
	out, err := db.CancelSignature(t.Context(), admin, id, "", nil)
	if err != nil {
		t.Fatalf("CancelSignature %d: %v", id, err)
	}
	return out
}

// enqueueAt queues an email with the clock set to at, and returns its outbox id.
func enqueueAt(t *testing.T, db *DB, clk *testClock, at time.Time, to string) int64 {
	t.Helper()
	clk.Set(at)
	err := db.inTx(t.Context(), func(tx *Tx) error {
		return tx.enqueue(t.Context(), model.Email{To: to, Kind: "test", Subject: "Subject " + to, Body: "Body"})
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	msgs, err := db.ListOutbox(t.Context(), 1)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("ListOutbox after enqueue: %v, %d messages", err, len(msgs))
	}
	return msgs[0].ID
}

// outboxCount counts every row of the outbox.
func outboxCount(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.read.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		t.Fatalf("count outbox: %v", err)
	}
	return n
}

// auditActions returns every audit entry's action, oldest first.
func auditActions(t *testing.T, db *DB) []string {
	t.Helper()
	entries := allAudit(t, db)
	out := make([]string, len(entries))
	for i, e := range entries {
		out[len(entries)-1-i] = e.Action
	}
	return out
}

// allAudit returns the whole audit log, newest first.
func allAudit(t *testing.T, db *DB) []model.AuditEntry {
	t.Helper()
	entries, _, err := db.ListAudit(t.Context(), 1000, 0)
	if err != nil {
		t.Fatalf("ListAudit: %v", err)
	}
	return entries
}

// wantCode fails the test unless err carries the model error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := model.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (err %v), want %q", got, err, code)
	}
}

// wantErr fails the test unless err is target.
func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
}

// wantStrings fails the test unless got equals want.
func wantStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
}

// date is midday UTC on a day, for signing dates.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}
