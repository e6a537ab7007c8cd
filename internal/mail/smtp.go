package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// SMTP transport security modes for SMTPConfig.TLS.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS; refuse if not offered
	TLSImplicit = "tls"      // TLS from the first byte, usually port 465
	TLSNone     = "none"     // no encryption: only for a relay on this machine
)

// SMTPConfig configures an SMTP relay.
//
// Credentials are never sent in the clear across a network: with TLS "none", a
// username is only accepted when Host is a loopback address or "localhost" (a local
// relay such as Postfix or a development mail catcher). net/smtp's own PlainAuth makes
// the same check but only knows three spellings of loopback, so this package does the
// check itself, once in New and again before authenticating.
type SMTPConfig struct {
	Host     string
	Port     int // default 587 for starttls, 465 for tls, 25 for none
	Username string
	Password string
	TLS      string // "starttls" (default), "tls" or "none"
	// TLSConfig is optional, e.g. to trust a private CA through RootCAs. ServerName
	// defaults to Host.
	TLSConfig *tls.Config
	// Timeout bounds one whole SMTP conversation. Default 30 seconds.
	Timeout time.Duration
}

// SMTPSender sends each email over a fresh SMTP connection. A connection per message is
// slower than a pool but simple, and the outbox sends a few messages a minute at most.
type SMTPSender struct {
	cfg  SMTPConfig
	from *mail.Address
	addr string // host:port
	helo string // name given in EHLO
}

// NewSMTPSender checks cfg and returns a sender whose messages come from from.
func NewSMTPSender(from string, cfg SMTPConfig) (*SMTPSender, error) {
	cfg, err := checkSMTPConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp: %w", err)
	}
	a, err := parseAddress("from", from)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp: %w", err)
	}
	return &SMTPSender{
		cfg:  cfg,
		from: a,
		addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
		helo: heloName(),
	}, nil
}

// checkSMTPConfig validates cfg and fills in defaults.
func checkSMTPConfig(cfg SMTPConfig) (SMTPConfig, error) {
	cfg.Host = strings.TrimSpace(cfg.Host)
	if cfg.Host == "" || strings.ContainsAny(cfg.Host, " \t\r\n/") {
		return cfg, fmt.Errorf("host %q: a host name or IP address is required", cfg.Host)
	}
	cfg.TLS = strings.ToLower(strings.TrimSpace(cfg.TLS))
	defaultPort := map[string]int{"": 587, TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}
	p, ok := defaultPort[cfg.TLS]
	if !ok {
		return cfg, fmt.Errorf("TLS mode %q: want starttls, tls or none", cfg.TLS)
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Port == 0 {
		cfg.Port = p
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return cfg, fmt.Errorf("port %d out of range", cfg.Port)
	}
	if cfg.Password != "" && cfg.Username == "" {
		return cfg, errors.New("password set without a username")
	}
	if cfg.Username != "" && cfg.TLS == TLSNone && !isLoopback(cfg.Host) {
		return cfg, fmt.Errorf("refusing to send a password unencrypted to %s: use TLS starttls or tls", cfg.Host)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	return cfg, nil
}

// heloName is this machine's name for EHLO; some relays reject "localhost".
func heloName() string {
	h, err := os.Hostname()
	if err != nil || h == "" || strings.ContainsAny(h, " \r\n") {
		return "localhost"
	}
	return h
}

// Send delivers e. Only the refusal of this message is permanent: a 5xx reply to RCPT
// TO (no such recipient) or to its DATA. A refused login is a *ServiceError of kind
// FailAuth; no connection, a server that will not talk (a reply to the greeting, EHLO
// or STARTTLS) or a network error is FailConnection; a refused sender address or a
// missing extension is FailConfig. Other 4xx replies are temporary.
func (s *SMTPSender) Send(ctx context.Context, e model.Email) error {
	msg, err := s.message(e, time.Now())
	if err != nil {
		return permanent(fmt.Errorf("mail: smtp: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	conn, err := s.dial(ctx)
	if err != nil {
		return serviceFailure(FailConnection, fmt.Errorf("mail: smtp: connect to %s: %w", s.addr, err))
	}
	defer conn.Close()
	// net/smtp knows nothing of contexts: a deadline in the past unblocks any read or write.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := s.deliver(conn, msg); err != nil {
		return fmt.Errorf("mail: smtp: %s: %w", s.addr, err)
	}
	return nil
}

// dial connects, completing the TLS handshake first in implicit TLS mode.
func (s *SMTPSender) dial(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{}
	if s.cfg.TLS == TLSImplicit {
		td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig()}
		return td.DialContext(ctx, "tcp", s.addr)
	}
	return d.DialContext(ctx, "tcp", s.addr)
}

// deliver holds the SMTP conversation for one message on conn, sorting each failure by
// the step it happened at (see Send).
func (s *SMTPSender) deliver(conn net.Conn, m *smtpMessage) error {
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return serviceFailure(FailConnection, fmt.Errorf("greeting: %w", err))
	}
	if err := c.Hello(s.helo); err != nil {
		return serviceFailure(FailConnection, fmt.Errorf("EHLO: %w", err))
	}
	if err := s.startTLS(c); err != nil {
		return err
	}
	if err := s.authenticate(c); err != nil {
		return err
	}
	if err := c.Mail(m.from); err != nil {
		return classifySMTP(FailConfig, fmt.Errorf("MAIL FROM: %w", err))
	}
	if err := c.Rcpt(m.to); err != nil {
		return classifySMTP(FailRejected, fmt.Errorf("RCPT TO: %w", err))
	}
	w, err := c.Data()
	if err != nil {
		return classifySMTP(FailRejected, fmt.Errorf("DATA: %w", err))
	}
	if _, err := w.Write(m.data); err != nil {
		return classifySMTP(FailRejected, fmt.Errorf("DATA: %w", err))
	}
	if err := w.Close(); err != nil {
		return classifySMTP(FailRejected, fmt.Errorf("DATA: %w", err))
	}
	// The message has been accepted. A failed QUIT must not make the worker send it again.
	_ = c.Quit()
	return nil
}

// startTLS upgrades the connection in starttls mode. A server that does not offer
// STARTTLS is an error, not a reason to carry on in the clear.
func (s *SMTPSender) startTLS(c *smtp.Client) error {
	if s.cfg.TLS != TLSStartTLS {
		return nil
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return serviceFailure(FailConfig, errors.New("server does not offer STARTTLS (set TLS to \"tls\" for port 465)"))
	}
	if err := c.StartTLS(s.tlsConfig()); err != nil {
		return serviceFailure(FailConnection, fmt.Errorf("STARTTLS: %w", err))
	}
	return nil
}

// authenticate logs in with AUTH PLAIN when a username is configured.
func (s *SMTPSender) authenticate(c *smtp.Client) error {
	if s.cfg.Username == "" {
		return nil
	}
	_, mechs := c.Extension("AUTH")
	if !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
		return serviceFailure(FailConfig, errors.New("server does not offer AUTH PLAIN"))
	}
	a := plainAuth{host: s.cfg.Host, username: s.cfg.Username, password: s.cfg.Password}
	if err := c.Auth(a); err != nil {
		return serviceFailure(FailAuth, fmt.Errorf("AUTH: %w", err))
	}
	return nil
}

// tlsConfig returns the TLS settings for the relay, verifying its certificate for Host.
func (s *SMTPSender) tlsConfig() *tls.Config {
	c := &tls.Config{}
	if s.cfg.TLSConfig != nil {
		c = s.cfg.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = s.cfg.Host
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// classifySMTP sorts the failure of a step after login. A 5xx reply is of the kind the
// step gives (FailRejected: permanent, for this message; FailConfig: a setting of
// ours); a 4xx reply is temporary; no reply at all (the connection broke) is
// FailConnection.
func classifySMTP(kindOn5xx string, err error) error {
	var reply *textproto.Error
	if !errors.As(err, &reply) {
		return serviceFailure(FailConnection, err)
	}
	if reply.Code < 500 || reply.Code >= 600 {
		return err
	}
	if kindOn5xx == FailRejected {
		return permanent(err)
	}
	return serviceFailure(kindOn5xx, err)
}

// plainAuth is AUTH PLAIN (RFC 4616) that allows an unencrypted connection only to a
// loopback host, whatever its spelling.
type plainAuth struct {
	host, username, password string
}

func (a plainAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLoopback(a.host) {
		return "", nil, errors.New("refusing to send a password over an unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "PLAIN", []byte("\x00" + a.username + "\x00" + a.password), nil
}

func (a plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected challenge from server")
	}
	return nil, nil
}
