package mail

import (
	"context"
	"crypto/tls"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const testFrom = "Local Digital <noreply@example.gov.uk>"

var testEmail = model.Email{
	To:      "Siân Jones <sian@example.com>",
	Kind:    "sign-in",
	Subject: "Mewngofnodi – sign in to Local Digital",
	Body: "Croeso, Siân.\n\n" +
		".a line that starts with a dot\n" +
		"Use this link: https://example.gov.uk/sign-in?token=abc123=&next=%2F" +
		strings.Repeat("x", 80) + "\n",
}

func TestSMTPSendDelivers(t *testing.T) {
	serverTLS, pool := selfSigned(t)
	tests := []struct {
		name        string
		mode        string
		implicitTLS bool
		wantTLS     bool
	}{
		{"starttls", TLSStartTLS, false, true},
		{"default mode is starttls", "", false, true},
		{"implicit tls", TLSImplicit, true, true},
		{"none to loopback", TLSNone, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &fakeSMTP{startTLS: serverTLS, user: "apikey", pass: "s3cret pass"}
			var implicit *tls.Config
			if tt.implicitTLS {
				implicit = serverTLS
			}
			host, port := srv.start(t, implicit)
			s, err := NewSMTPSender(testFrom, SMTPConfig{
				Host: host, Port: port, TLS: tt.mode,
				Username: "apikey", Password: "s3cret pass",
				TLSConfig: &tls.Config{RootCAs: pool},
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Send(context.Background(), testEmail); err != nil {
				t.Fatalf("Send: %v", err)
			}
			_, auths, msgs := srv.received()
			if len(msgs) != 1 || len(auths) != 1 {
				t.Fatalf("server got %d messages and %d AUTHs, want 1 and 1", len(msgs), len(auths))
			}
			got := msgs[0]
			if got.tls != tt.wantTLS {
				t.Errorf("TLS = %v, want %v", got.tls, tt.wantTLS)
			}
			if got.authUser != "apikey" || got.authPass != "s3cret pass" {
				t.Errorf("AUTH PLAIN credentials = %q, %q", got.authUser, got.authPass)
			}
			checkEnvelope(t, got)
			checkMessage(t, got.data)
		})
	}
}

func checkEnvelope(t *testing.T, got smtpReceived) {
	t.Helper()
	if !strings.HasPrefix(got.from, "FROM:<noreply@example.gov.uk>") {
		t.Errorf("MAIL %q, want FROM:<noreply@example.gov.uk>", got.from)
	}
	if len(got.to) != 1 || got.to[0] != "TO:<sian@example.com>" {
		t.Errorf("RCPT %q, want [TO:<sian@example.com>]", got.to)
	}
	if got.helo == "" {
		t.Error("EHLO sent no name")
	}
}

// checkMessage parses the DATA as a mail reader would and compares it with testEmail.
func checkMessage(t *testing.T, data string) {
	t.Helper()
	// ReadDotBytes has already turned CRLF into LF and removed dot-stuffing.
	for i, line := range strings.Split(data, "\n") {
		if len(line) > 78 || strings.ContainsFunc(line, func(r rune) bool { return r > 126 }) {
			t.Errorf("line %d is not short 7-bit text: %q", i, line)
		}
	}
	m, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != testEmail.Subject {
		t.Errorf("Subject decodes to %q (%v), want %q", subject, err, testEmail.Subject)
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "sian@example.com" || to[0].Name != "Siân Jones" {
		t.Errorf("To = %v (%v)", to, err)
	}
	from, err := m.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "noreply@example.gov.uk" || from[0].Name != "Local Digital" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if d, err := m.Header.Date(); err != nil || time.Since(d).Abs() > time.Minute {
		t.Errorf("Date = %v (%v)", d, err)
	}
	if id := m.Header.Get("Message-Id"); !regexp.MustCompile(`^<[A-Z2-7]{26}@example\.gov\.uk>$`).MatchString(id) {
		t.Errorf("Message-ID = %q", id)
	}
	for k, want := range map[string]string{
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=UTF-8",
		"Content-Transfer-Encoding": "quoted-printable",
	} {
		if got := m.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != testEmail.Body {
		t.Errorf("body decodes to\n%q\nwant\n%q", got, testEmail.Body)
	}
}

func TestSMTPSendFailures(t *testing.T) {
	tests := []struct {
		name          string
		srv           *fakeSMTP
		password      string
		wantPermanent bool
		wantText      string
	}{
		{"unknown recipient", &fakeSMTP{rcptReply: "550 5.1.1 no such user"}, "", true, "550"},
		{"mailbox busy", &fakeSMTP{rcptReply: "451 4.3.0 try again later"}, "", false, "451"},
		{"bad credentials", &fakeSMTP{user: "u", pass: "right"}, "wrong", false, "535"},
		{"no AUTH offered", &fakeSMTP{}, "p", false, "does not offer AUTH PLAIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host, port := tt.srv.start(t, nil)
			cfg := SMTPConfig{Host: host, Port: port, TLS: TLSNone}
			if tt.password != "" {
				cfg.Username, cfg.Password = "u", tt.password
			}
			err := mustSMTP(t, cfg).Send(context.Background(), testEmail)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if IsPermanent(err) != tt.wantPermanent || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("err = %v, permanent %v; want permanent %v containing %q",
					err, IsPermanent(err), tt.wantPermanent, tt.wantText)
			}
			if _, _, msgs := tt.srv.received(); len(msgs) != 0 {
				t.Errorf("server accepted %d messages, want none", len(msgs))
			}
		})
	}
}

func TestSMTPSendNetworkErrorIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	err = mustSMTP(t, SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone}).Send(context.Background(), testEmail)
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
}

func TestSMTPSendTimesOut(t *testing.T) {
	// A server that accepts and then says nothing must not hang the worker.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	s := mustSMTP(t, SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, Timeout: 200 * time.Millisecond})
	start := time.Now()
	err = s.Send(context.Background(), testEmail)
	if err == nil || IsPermanent(err) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v, want a prompt temporary error", err, time.Since(start))
	}
}

func TestSMTPNeverSendsPasswordInTheClear(t *testing.T) {
	serverTLS, pool := selfSigned(t)
	tests := []struct {
		name string
		srv  *fakeSMTP
		cfg  SMTPConfig
	}{
		{"server without STARTTLS", &fakeSMTP{user: "u", pass: "p"},
			SMTPConfig{Username: "u", Password: "p", TLSConfig: &tls.Config{RootCAs: pool}}},
		{"untrusted certificate", &fakeSMTP{startTLS: serverTLS, user: "u", pass: "p"},
			SMTPConfig{Username: "u", Password: "p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Host, tt.cfg.Port = tt.srv.start(t, nil)
			err := mustSMTP(t, tt.cfg).Send(context.Background(), testEmail)
			if err == nil || IsPermanent(err) {
				t.Errorf("err = %v, want a temporary error", err)
			}
			if _, auths, msgs := tt.srv.received(); len(auths)+len(msgs) != 0 {
				t.Errorf("server got %d AUTHs and %d messages, want none", len(auths), len(msgs))
			}
		})
	}
}

func TestSMTPRejectsHeaderInjection(t *testing.T) {
	tests := []struct {
		name string
		edit func(*model.Email)
	}{
		{"CRLF in subject", func(e *model.Email) { e.Subject = "Hello\r\nBcc: victim@example.com" }},
		{"LF in subject", func(e *model.Email) { e.Subject = "Hello\nBcc: victim@example.com" }},
		{"CR in subject", func(e *model.Email) { e.Subject = "Hello\rBcc: victim@example.com" }},
		{"LF in recipient", func(e *model.Email) { e.To = "a@example.com\nBcc: victim@example.com" }},
		{"CRLF in recipient name", func(e *model.Email) { e.To = "\"A\r\nBcc: v@example.com\" <a@example.com>" }},
		{"two recipients", func(e *model.Email) { e.To = "a@example.com, victim@example.com" }},
		{"not an address", func(e *model.Email) { e.To = "nobody" }},
	}
	srv := &fakeSMTP{}
	host, port := srv.start(t, nil)
	s := mustSMTP(t, SMTPConfig{Host: host, Port: port, TLS: TLSNone})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEmail
			tt.edit(&e)
			if err := s.Send(context.Background(), e); !IsPermanent(err) {
				t.Errorf("err = %v, want a permanent error", err)
			}
		})
	}
	if conns, _, _ := srv.received(); conns != 0 {
		t.Errorf("server saw %d connections, want none", conns)
	}
}

func TestNewSMTPSender(t *testing.T) {
	tests := []struct {
		name     string
		from     string
		cfg      SMTPConfig
		wantErr  string
		wantPort int
	}{
		{"starttls default port", testFrom, SMTPConfig{Host: "smtp.example.com"}, "", 587},
		{"implicit tls default port", testFrom, SMTPConfig{Host: "smtp.example.com", TLS: "TLS"}, "", 465},
		{"none default port", testFrom, SMTPConfig{Host: "relay", TLS: "none"}, "", 25},
		{"explicit port", testFrom, SMTPConfig{Host: "smtp.example.com", Port: 2525}, "", 2525},
		{"auth over none to localhost", testFrom, SMTPConfig{Host: "localhost", TLS: "none", Username: "u"}, "", 25},
		{"auth over none to 127.0.0.2", testFrom, SMTPConfig{Host: "127.0.0.2", TLS: "none", Username: "u"}, "", 25},
		{"auth over none to ::1", testFrom, SMTPConfig{Host: "::1", TLS: "none", Username: "u"}, "", 25},
		{"no host", testFrom, SMTPConfig{}, "host", 0},
		{"unknown TLS mode", testFrom, SMTPConfig{Host: "h", TLS: "ssl"}, "TLS mode", 0},
		{"port out of range", testFrom, SMTPConfig{Host: "h", Port: 70000}, "port", 0},
		{"password without username", testFrom, SMTPConfig{Host: "h", Password: "p"}, "username", 0},
		{"auth over none to a remote host", testFrom, SMTPConfig{Host: "smtp.example.com", TLS: "none", Username: "u"}, "unencrypted", 0},
		{"no from", "", SMTPConfig{Host: "h"}, "from", 0},
		{"bad from", "noreply", SMTPConfig{Host: "h"}, "from", 0},
		{"from with line break", "a@example.com\r\nBcc: b@example.com", SMTPConfig{Host: "h"}, "line break", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSMTPSender(tt.from, tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.cfg.Port != tt.wantPort {
				t.Errorf("port = %d, want %d", s.cfg.Port, tt.wantPort)
			}
		})
	}
}

func mustSMTP(t *testing.T, cfg SMTPConfig) *SMTPSender {
	t.Helper()
	s, err := NewSMTPSender(testFrom, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSMTPListUnsubscribe: follow emails carry the one-click unsubscribe headers (RFC
// 8058); transactional ones, such as a sign-in link, do not.
func TestSMTPListUnsubscribe(t *testing.T) {
	s := mustSMTP(t, SMTPConfig{Host: "localhost", Port: 25, TLS: TLSNone})
	now := time.Date(2027, 1, 5, 8, 0, 0, 0, time.UTC)
	signIn := testEmail
	signIn.Kind = "sign_in"
	digest := testEmail
	digest.Kind, digest.Unsubscribe = "follow_digest", "https://localdigital.example/unsubscribe/7.abc"
	headers := func(e model.Email) string {
		t.Helper()
		m, err := s.message(e, now)
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(m.data), "\r\n\r\n")
		return head
	}
	if h := headers(signIn); strings.Contains(h, "List-Unsubscribe") {
		t.Errorf("a sign-in email carries List-Unsubscribe:\n%s", h)
	}
	h := headers(digest)
	for _, want := range []string{"\r\nList-Unsubscribe: <https://localdigital.example/unsubscribe/7.abc>\r\n",
		"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click"} {
		if !strings.Contains(h+"\r\n", want) {
			t.Errorf("the digest's headers lack %q:\n%s", want, h)
		}
	}
	digest.Unsubscribe = "https://x/\r\nBcc: victim@example.com"
	if _, err := s.message(digest, now); err == nil {
		t.Error("an unsubscribe address with a line break was accepted")
	}
}
