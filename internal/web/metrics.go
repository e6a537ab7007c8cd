package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/localdigital/localdigital/internal/store"
)

// metrics are the Prometheus figures: requests and latency per route, the outbox, and
// the database pools. Each Server has its own registry, so tests can run side by side.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(db *store.DB) *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "localdigital_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "localdigital_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	m.registry.MustRegister(m.requests, m.latency, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), &dbCollector{db: db})
	return m
}

func (m *metrics) observe(r *http.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, methodLabel(r.Method), http.StatusText(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// serveMetrics answers only when LD_METRICS_TOKEN is set and presented as a bearer token.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	want := s.opts.MetricsToken
	got := r.Header.Get("Authorization")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+want)) != 1 {
		s.notFound(w, r)
		return
	}
	promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// dbCollector reads the outbox and the connection pools when Prometheus scrapes.
type dbCollector struct{ db *store.DB }

var (
	outboxDesc = prometheus.NewDesc("localdigital_outbox_messages", "Emails in the outbox by status.", []string{"status"}, nil)
	poolDesc   = prometheus.NewDesc("localdigital_db_connections", "Database connections by pool and state.", []string{"pool", "state"}, nil)
	waitDesc   = prometheus.NewDesc("localdigital_db_wait_total", "Times a request waited for a database connection.", []string{"pool"}, nil)
)

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDesc
	ch <- poolDesc
	ch <- waitDesc
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if counts, err := c.db.OutboxCounts(ctx); err == nil {
		for _, status := range []string{"queued", "sending", "sent", "failed"} {
			ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(counts[status]), status)
		}
	}
	for pool, st := range c.db.PoolStats() {
		ch <- prometheus.MustNewConstMetric(poolDesc, prometheus.GaugeValue, float64(st.InUse), pool, "in_use")
		ch <- prometheus.MustNewConstMetric(poolDesc, prometheus.GaugeValue, float64(st.Idle), pool, "idle")
		ch <- prometheus.MustNewConstMetric(waitDesc, prometheus.CounterValue, float64(st.WaitCount), pool)
	}
}
