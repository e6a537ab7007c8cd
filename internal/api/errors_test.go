package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

var dataPaths = []string{"/api/v1/signatories", "/api/v1/signatories.csv", "/api/v1/organisations", "/feeds/signatories.atom"}

func TestBadInput(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query string
		names string // the parameter the message must name
	}{
		{"page=-1", "page"},
		{"page=0", "page"},
		{"page=abc", "page"},
		{"page=1.5", "page"},
		{"page=100001", "page"},
		{"page=99999999999999999999999", "page"},
		{"per_page=0", "per_page"},
		{"per_page=100000", "per_page"},
		{"per_page=-5", "per_page"},
		{"type=XYZ", "type"},
		{"type=ua", "type"},
		{"nation=Atlantis", "nation"},
		{"region=Narnia", "region"},
		{"sort=up", "sort"},
		{"year=1999", "year"},
		{"year=twenty", "year"},
		{"signed=maybe", "signed"},
		{"q=" + strings.Repeat("x", 500), "q"},
		{"q=%zz", "query string"},
		{"type=UA;nation=Wales", "query string"},
	}
	for _, path := range dataPaths {
		for _, tt := range tests {
			t.Run(path+"?"+tt.query[:min(len(tt.query), 30)], func(t *testing.T) {
				w := f.get(t, path+"?"+tt.query)
				checkHeaders(t, w, http.StatusBadRequest, jsonType)
				e := decode[errorOut](t, w)
				if e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, tt.names) {
					t.Errorf("error = %+v, want code invalid naming %q", e.Error, tt.names)
				}
			})
		}
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{model.EINVALID, 400},
		{model.EUNAUTHORIZED, 401},
		{model.EFORBIDDEN, 403},
		{model.ENOTFOUND, 404},
		{model.ECONFLICT, 409},
		{model.EINTERNAL, 500},
		{"", 500},
		{"teapot", 500},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.code); got != tt.want {
			t.Errorf("StatusOf(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestWriteError(t *testing.T) {
	fe := &model.FieldErrors{}
	fe.Add("title", "Enter a title for your commitment")
	tests := []struct {
		name     string
		err      error
		status   int
		code     string
		message  string
		logged   bool
		notShown string
	}{
		{"invalid", model.Errorf(model.EINVALID, "page must be a whole number"), 400, "invalid", "page must be a whole number", false, ""},
		{"wrapped not found", fmt.Errorf("web: %w", model.Errorf(model.ENOTFOUND, "organisation not found")), 404, "not_found", "organisation not found", false, ""},
		{"conflict", model.Errorf(model.ECONFLICT, "Already signed"), 409, "conflict", "Already signed", false, ""},
		{"unauthorized", model.Errorf(model.EUNAUTHORIZED, "This link has expired"), 401, "unauthorized", "This link has expired", false, ""},
		{"forbidden", model.Errorf(model.EFORBIDDEN, "Admins only"), 403, "forbidden", "Admins only", false, ""},
		{"form errors", fmt.Errorf("save: %w", fe), 400, "invalid", "Enter a title for your commitment", false, ""},
		{"plain error", errors.New("store: disk I/O error at /var/db/secret.db"), 500, "internal", "Sorry, there is a problem", true, "secret.db"},
		{"unknown code", model.Errorf("teapot", "short and stout"), 500, "internal", "short and stout", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logged := logBuffer()
			w := httptest.NewRecorder()
			WriteError(w, tt.err, log)
			if w.Code != tt.status || w.Header().Get("Content-Type") != jsonType {
				t.Errorf("status %d, type %q; want %d JSON", w.Code, w.Header().Get("Content-Type"), tt.status)
			}
			e := decode[errorOut](t, w)
			if e.Error.Code != tt.code || !strings.Contains(e.Error.Message, tt.message) {
				t.Errorf("error = %+v, want %s %q", e.Error, tt.code, tt.message)
			}
			if tt.notShown != "" && strings.Contains(w.Body.String(), tt.notShown) {
				t.Errorf("body shows %q: %s", tt.notShown, w.Body)
			}
			if got := logged.Len() > 0; got != tt.logged {
				t.Errorf("logged = %v, want %v: %s", got, tt.logged, logged)
			}
		})
	}
}

// A broken database gives every endpoint a 500 with a safe message, and the detail
// goes to the log.
func TestInternalError(t *testing.T) {
	db := openDB(t)
	log, logged := logBuffer()
	h := mux(New(db, testBase, log))
	db.Close()
	for _, path := range dataPaths {
		w := do(h, "GET", path)
		checkHeaders(t, w, 500, jsonType)
		e := decode[errorOut](t, w)
		if e.Error.Code != "internal" || strings.Contains(e.Error.Message, "store") {
			t.Errorf("%s: error = %+v, want internal with a safe message", path, e.Error)
		}
	}
	if !strings.Contains(logged.String(), "store:") {
		t.Errorf("log does not hold the real error: %s", logged)
	}
}

func TestNotFound(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/api/v1/nothing", "/api/v2/signatories", "/api/v1/signatories/"} {
		w := f.get(t, path)
		checkHeaders(t, w, 404, jsonType)
		if e := decode[errorOut](t, w); e.Error.Code != "not_found" {
			t.Errorf("%s: error = %+v, want not_found", path, e.Error)
		}
	}
}

func TestPreflight(t *testing.T) {
	f := newFixture(t)
	for _, path := range append(dataPaths, "/api/v1/openapi.json") {
		r := httptest.NewRequest(http.MethodOptions, path, nil)
		r.Header.Set("Origin", "https://data.example.org")
		r.Header.Set("Access-Control-Request-Method", "GET")
		w := httptest.NewRecorder()
		f.handler.ServeHTTP(w, r)
		if w.Code != http.StatusNoContent || w.Body.Len() != 0 {
			t.Errorf("%s: status %d, body %q; want 204, empty", path, w.Code, w.Body)
		}
		for k, v := range map[string]string{
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Methods": "GET, OPTIONS",
		} {
			if got := w.Header().Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
	}
}

// The API is read-only: other methods are refused by the router.
func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		if w := do(f.handler, method, "/api/v1/signatories"); w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", method, w.Code)
		}
	}
	if w := do(f.handler, http.MethodHead, "/api/v1/signatories.csv"); w.Code != 200 {
		t.Errorf("HEAD: status %d, want 200", w.Code)
	}
}
