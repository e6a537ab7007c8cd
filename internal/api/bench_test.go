package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// registerPath is the shared UK local authority register, relative to this package.
var registerPath = filepath.Join("..", "..", "..", "shared", "data", "uk_local_authorities.csv")

// seedRegister imports the real register and publishes signatures for about three in
// four councils, one in ten of them since withdrawn. It skips when the register is absent.
func seedRegister(tb testing.TB, db *store.DB) int {
	tb.Helper()
	data, err := os.ReadFile(registerPath)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("reference register %s is not present", registerPath)
	}
	if err != nil {
		tb.Fatalf("read register: %v", err)
	}
	orgs, err := importer.ParseOrganisations(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("parse register: %v", err)
	}
	if _, err := db.ImportOrganisations(context.Background(), testActor, orgs); err != nil {
		tb.Fatalf("import register: %v", err)
	}
	var signed []model.Organisation
	for i, o := range orgs {
		if i%4 != 3 {
			signed = append(signed, o)
		}
	}
	publishAll(tb, db, signed)
	return len(signed)
}

// seedMany adds n made-up organisations, each with a published signature.
func seedMany(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	orgs := make([]model.Organisation, n)
	for i := range orgs {
		orgs[i] = model.Organisation{Name: fmt.Sprintf("Test organisation %04d", i), TypeCode: "OTHER",
			TypeName: "Other organisation", LACode: fmt.Sprintf("T%s", letters(i))}
	}
	if _, err := db.ImportOrganisations(context.Background(), testActor, orgs); err != nil {
		tb.Fatalf("import: %v", err)
	}
	publishAll(tb, db, orgs)
}

// letters spells i in base 26, so that made-up local authority codes are valid.
func letters(i int) string {
	s := ""
	for range 3 {
		s = string(rune('A'+i%26)) + s
		i /= 26
	}
	return s
}

// publishAll publishes a signature for each organisation a day apart, and withdraws
// every tenth.
func publishAll(tb testing.TB, db *store.DB, orgs []model.Organisation) {
	tb.Helper()
	at := time.Date(2018, time.July, 4, 9, 0, 0, 0, time.UTC)
	for i, o := range orgs {
		id := publish(tb, db, o.ID, "Commitment of "+o.Name, at.AddDate(0, 0, i))
		if i%10 == 9 {
			if _, err := db.WithdrawSignature(context.Background(), testActor, id, "test", nil); err != nil {
				tb.Fatalf("withdraw: %v", err)
			}
		}
	}
}

// discard is a ResponseWriter that counts the body and keeps nothing, so that the
// benchmarks measure the handler rather than a recorder's buffer.
type discard struct {
	h http.Header
	n int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func benchmarkHandler(b *testing.B, handler func(*API) http.HandlerFunc, target string) {
	db := openDB(b)
	n := seedRegister(b, db)
	h := handler(New(db, testBase, nil))
	r := httptest.NewRequest(http.MethodGet, target, nil)
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		w.n = 0
		h(w, r)
	}
	b.SetBytes(int64(w.n))
	b.ReportMetric(float64(n), "signatures")
}

func BenchmarkSignatoriesJSON(b *testing.B) {
	benchmarkHandler(b, func(a *API) http.HandlerFunc { return a.Signatories }, "/api/v1/signatories")
}

func BenchmarkSignatoriesCSV(b *testing.B) {
	benchmarkHandler(b, func(a *API) http.HandlerFunc { return a.SignatoriesCSV }, "/api/v1/signatories.csv")
}
