package web_test

import (
	"net/http"
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
