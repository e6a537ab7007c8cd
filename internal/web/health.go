package web

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/localdigital/localdigital/internal/mail"
	"github.com/localdigital/localdigital/internal/store"
)

// MailStatus is what the mail worker (mail.Worker) tells /readyz and /metrics.
type MailStatus interface {
	// Degraded returns the kind of failure (mail.FailAuth, FailConnection, FailConfig)
	// that has kept every email queued since the time given, or "" while mail goes out.
	Degraded() (kind string, since time.Time)
	// Failures counts failed attempts to send by kind (mail.Fail…).
	Failures() map[string]uint64
}

// readiness decides /readyz's answer. Not ready (503): the database does not answer, or
// writes to it fail because its disk is full or failing; while they fail, each check
// tries one tiny write, so that readiness comes back by itself once space is freed.
// Degraded (200, as the site still serves): mail cannot be sent; emails stay queued.
func (s *Server) readiness(ctx context.Context) (int, string) {
	if err := s.db.Ping(ctx); err != nil {
		s.log.Error("readiness check failed", "err", err)
		return http.StatusServiceUnavailable, "not ready: database unavailable"
	}
	if kind, _ := s.db.WriteFailure(); kind != "" {
		if err := s.db.ProbeWrite(ctx); err != nil {
			s.log.Error("readiness check: database writes still fail", "err", err)
		}
		if kind, since := s.db.WriteFailure(); kind != "" {
			return http.StatusServiceUnavailable, "not ready: database writes are failing since " +
				since.UTC().Format(time.RFC3339) + ": " + writeFailureText(kind)
		}
	}
	if s.opts.Mail != nil {
		if kind, since := s.opts.Mail.Degraded(); kind != "" {
			return http.StatusOK, "degraded: no email has been sent since " + since.UTC().Format(time.RFC3339) +
				": " + mailFailureText(kind) + "; emails stay queued and are retried"
		}
	}
	return http.StatusOK, "ok"
}

func writeFailureText(kind string) string {
	switch kind {
	case store.WriteDiskFull:
		return "the disk is full"
	case store.WriteIOError:
		return "the disk reports input/output errors"
	}
	return kind
}

func mailFailureText(kind string) string {
	switch kind {
	case mail.FailAuth:
		return "the mail provider refuses our credentials (LD_SMTP_PASSWORD or LD_NOTIFY_API_KEY)"
	case mail.FailConnection:
		return "the mail provider cannot be reached"
	case mail.FailConfig:
		return "the mail provider refuses a mail setting (see the log)"
	}
	return kind
}

// mailCollector reads the mail worker's failure counts when Prometheus scrapes.
type mailCollector struct{ mail MailStatus }

var (
	mailFailuresDesc = prometheus.NewDesc("localdigital_mail_send_failures_total",
		"Failed attempts to send an email, by kind: auth, connection, config (all mail waits), rejected (one message failed for good), temporary.",
		[]string{"kind"}, nil)
	mailDegradedDesc = prometheus.NewDesc("localdigital_mail_degraded",
		"1 while a failure of the given kind keeps every email queued.", []string{"kind"}, nil)
)

func (c *mailCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- mailFailuresDesc
	ch <- mailDegradedDesc
}

func (c *mailCollector) Collect(ch chan<- prometheus.Metric) {
	counts := c.mail.Failures()
	degraded, _ := c.mail.Degraded()
	for _, kind := range []string{mail.FailAuth, mail.FailConnection, mail.FailConfig, mail.FailRejected, mail.FailTemporary} {
		ch <- prometheus.MustNewConstMetric(mailFailuresDesc, prometheus.CounterValue, float64(counts[kind]), kind)
	}
	for _, kind := range []string{mail.FailAuth, mail.FailConnection, mail.FailConfig} {
		v := 0.0
		if degraded == kind {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(mailDegradedDesc, prometheus.GaugeValue, v, kind)
	}
}
