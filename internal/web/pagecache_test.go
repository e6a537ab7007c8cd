package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// TestCachedPagesAreNeverStale serves public pages from two instances on one database,
// changes the data through one of them (or the store), and expects the other to show the
// change on the very next request.
func TestCachedPagesAreNeverStale(t *testing.T) {
	e := newEnv(t)
	other, err := web.New(e.db, testLogger(t), web.Options{BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	second := httptest.NewServer(other)
	defer second.Close()
	get := func(base, path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, base := range []string{e.srv.URL, second.URL} {
		for range 2 { // the second request is served from the cache
			if body := get(base, "/signatories"); !strings.Contains(body, ">0</strong> organisations") {
				t.Fatalf("empty register expected on %s", base)
			}
		}
		if body := get(base, "/api/v1/signatories"); !strings.Contains(body, `"total":0`) {
			t.Fatalf("empty API expected: %.200s", body)
		}
	}
	sig := e.publish("hackney", "Open housing data")
	for _, base := range []string{e.srv.URL, second.URL} {
		if body := get(base, "/signatories"); !strings.Contains(body, "London Borough of Hackney") {
			t.Errorf("%s still serves the old register after a signature was published", base)
		}
		if body := get(base, "/api/v1/signatories"); !strings.Contains(body, "London Borough of Hackney") {
			t.Errorf("%s still serves the old API after a signature was published", base)
		}
		if body := get(base, "/organisations/hackney"); !strings.Contains(body, "Open housing data") {
			t.Errorf("%s still serves the old organisation page", base)
		}
	}
	if _, err := e.db.WithdrawSignature(t.Context(), model.Actor{Label: "test"}, sig.ID, "test", nil); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{e.srv.URL, second.URL} {
		if body := get(base, "/organisations/hackney"); !strings.Contains(body, "Withdrew on") {
			t.Errorf("%s does not show the withdrawal on the next request", base)
		}
	}
}
