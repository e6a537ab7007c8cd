package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// registerFile is the real register of UK local authorities, beside the repository.
var registerFile = filepath.Join("..", "..", "..", "shared", "data", "uk_local_authorities.csv")

// benchServer serves the real register with 300 published signatures.
func benchServer(b *testing.B) http.Handler {
	b.Helper()
	raw, err := os.ReadFile(registerFile)
	if os.IsNotExist(err) {
		b.Skipf("the register %s is not here (it lives in ../shared beside the repository)", registerFile)
	}
	if err != nil {
		b.Fatal(err)
	}
	orgs, err := importer.ParseOrganisations(bytes.NewReader(raw))
	if err != nil {
		b.Fatalf("ParseOrganisations: %v", err)
	}
	db := openDB(b)
	if _, err := db.ImportOrganisations(context.Background(), model.Actor{Label: "bench"}, orgs); err != nil {
		b.Fatalf("ImportOrganisations: %v", err)
	}
	const signed = 300
	if len(orgs) < signed {
		b.Fatalf("the register has %d organisations, want at least %d", len(orgs), signed)
	}
	for i := range signed {
		publish(b, db, &orgs[i], "Commitment number "+orgs[i].Name)
	}
	h, err := web.New(db, slog.New(slog.DiscardHandler), web.Options{BaseURL: baseURL})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func benchPage(b *testing.B, h http.Handler, path string) {
	b.Helper()
	check := httptest.NewRecorder()
	h.ServeHTTP(check, httptest.NewRequest(http.MethodGet, path, nil))
	if check.Code != http.StatusOK {
		b.Fatalf("GET %s: %d\n%s", path, check.Code, check.Body)
	}
	b.SetBytes(int64(check.Body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
}

// BenchmarkRegisterPage renders the first page of the public register, as most visitors
// see it.
func BenchmarkRegisterPage(b *testing.B) {
	benchPage(b, benchServer(b), "/signatories")
}

// BenchmarkRegisterPageAll renders the whole register on one page (per_page=500).
func BenchmarkRegisterPageAll(b *testing.B) {
	benchPage(b, benchServer(b), "/signatories?per_page=500")
}

// BenchmarkOrganisationPage renders one signed council's page.
func BenchmarkOrganisationPage(b *testing.B) {
	benchPage(b, benchServer(b), "/organisations/adur")
}

// benchPageWithCookie is benchPage for a request with a cookie, which the page cache does
// not serve; with fresh, each request has a parameter of its own, so that no cache can
// answer and the page is built afresh.
func benchPageWithCookie(b *testing.B, h http.Handler, path string, fresh bool) {
	b.Helper()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		p := path
		if fresh {
			n++
			p += "?_fresh=" + strconv.Itoa(n)
		}
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("Cookie", "ldbench=1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", p, rec.Code)
		}
	}
}

// BenchmarkRegisterPageShared is the register as a signed-in person gets it: the main
// content kept for the data version, the layout rendered per request (issue 7, item 25).
func BenchmarkRegisterPageShared(b *testing.B) {
	benchPageWithCookie(b, benchServer(b), "/signatories", false)
}

// BenchmarkRegisterPageAfresh builds the register afresh on every request.
func BenchmarkRegisterPageAfresh(b *testing.B) {
	benchPageWithCookie(b, benchServer(b), "/signatories", true)
}

// BenchmarkOrganisationPageAfresh builds an organisation page as a signed-in person's
// request does: per request.
func BenchmarkOrganisationPageAfresh(b *testing.B) {
	benchPageWithCookie(b, benchServer(b), "/organisations/adur", true)
}

// BenchmarkWelshRegisterPageShared is BenchmarkRegisterPageShared in Welsh (issue 9: as fast).
func BenchmarkWelshRegisterPageShared(b *testing.B) {
	benchPageWithCookie(b, benchServer(b), "/cy/signatories", false)
}
