package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/web"
)

func TestMetricsNeedTheToken(t *testing.T) {
	e := newEnvWith(t, web.Options{BaseURL: baseURL, MetricsToken: "s3cret-token"})
	c := e.newClient()
	wantStatus(t, c.get("/signatories"), http.StatusOK)
	wantStatus(t, c.get("/metrics"), http.StatusNotFound)
	req := c.request("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer wrong")
	wantStatus(t, c.do(req), http.StatusNotFound)
	req = c.request("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret-token")
	r := c.do(req)
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{
		`localdigital_http_requests_total{code="OK",method="GET",route="GET /signatories"} 1`,
		`localdigital_http_request_duration_seconds_bucket{route="GET /signatories"`,
		`localdigital_outbox_messages{status="queued"}`,
		`localdigital_db_connections{pool=`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(r.Body, "@") {
		t.Error("metrics must not hold email addresses")
	}
}

func TestMetricsOffWithoutToken(t *testing.T) {
	e := newEnv(t)
	req := e.newClient().request("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer ")
	wantStatus(t, e.newClient().do(req), http.StatusNotFound)
}

// TestMadeUpMethodsAreRefusedAndNotKept sends methods of a client's own making, long
// ones: they are answered 405 at once, and neither /metrics nor the request log keeps
// them (20 requests with a 100 KB method once added 2 MB to /metrics for good).
func TestMadeUpMethodsAreRefusedAndNotKept(t *testing.T) {
	var logs bytes.Buffer
	h, err := web.New(openDB(t), slog.New(slog.NewJSONHandler(&logs, nil)),
		web.Options{BaseURL: baseURL, MetricsToken: "s3cret-token"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	do := func(method, path string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer s3cret-token")
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	do("GET", "/signatories")
	_, before := do("GET", "/metrics")
	long := strings.Repeat("X", 100<<10)
	for i, method := range []string{long, "PROPFIND", "TRACE", "get", long + "Y"} {
		for _, path := range []string{"/", "/signatories", "/sign-in", "/nowhere"} {
			if code, _ := do(method, path); code != http.StatusMethodNotAllowed {
				t.Errorf("method %d on %s: status %d, want 405", i, path, code)
			}
		}
	}
	code, after := do("GET", "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	if strings.Contains(after, "XXXXXXXX") || strings.Contains(logs.String(), "XXXXXXXX") {
		t.Error("a made-up method reached /metrics or the request log")
	}
	if !strings.Contains(after, `method="other"`) {
		t.Error(`made-up methods should be counted as method="other"`)
	}
	if grown := len(after) - len(before); grown > 8<<10 {
		t.Errorf("/metrics grew by %d bytes", grown)
	}
	if logs.Len() > 64<<10 {
		t.Errorf("the request log holds %d bytes for 22 requests", logs.Len())
	}
}
