package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// FuzzRegisterQuery sends any query string through the parser and the Signatories
// handler: the answer is a 200 page or a 400 "invalid" error, as the parser decides,
// and never a 5xx or a panic.
func FuzzRegisterQuery(f *testing.F) {
	for _, seed := range []string{
		"", "page=-1", "page=abc", "type=UA&nation=England", "q=%zz", "per_page=500&page=2",
		"sort=newest&year=2019", "q=Telford+%26+Wrekin", "signed=maybe", "page=99999999999999999999",
		"q=%00%01", "region=London;x", "q=%E2%80%99", "q=%ff%fe", "per_page=1&page=100000", "q=%25_%5C",
		"type=&nation=&page=&per_page=", "year=2018&sort=oldest&region=Scotland",
	} {
		f.Add(seed)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, raw string) {
		wantStatus := http.StatusOK
		if v, err := url.ParseQuery(raw); err != nil {
			wantStatus = http.StatusBadRequest
		} else if _, err := model.ParseRegisterQuery(v); err != nil {
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("ParseRegisterQuery(%q) error code %q, want invalid", raw, model.ErrorCode(err))
			}
			wantStatus = http.StatusBadRequest
		}
		r := httptest.NewRequest(http.MethodGet, "/api/v1/signatories", nil)
		r.URL.RawQuery = raw
		w := httptest.NewRecorder()
		fx.api.Signatories(w, r)
		if w.Code != wantStatus {
			t.Fatalf("query %q: status %d, want %d; body %s", raw, w.Code, wantStatus, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("query %q: body is not JSON: %s", raw, w.Body)
		}
		if wantStatus == http.StatusBadRequest {
			var e errorOut
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != model.EINVALID || e.Error.Message == "" {
				t.Fatalf("query %q: error body %s", raw, w.Body)
			}
		}
	})
}
