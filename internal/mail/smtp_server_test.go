package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSMTP is just enough of an ESMTP server to test SMTPSender: EHLO, STARTTLS,
// AUTH PLAIN, MAIL, RCPT, DATA, RSET and QUIT. It records what it was sent.
type fakeSMTP struct {
	startTLS  *tls.Config // offer STARTTLS with this config when set
	user      string      // offer AUTH PLAIN and accept these credentials when set
	pass      string
	rcptReply string // reply to RCPT TO instead of "250 2.1.5 OK"

	mu    sync.Mutex
	conns int
	auths []smtpReceived // every AUTH attempt, successful or not
	msgs  []smtpReceived // every message accepted after DATA
}

// smtpReceived is what one session told the server.
type smtpReceived struct {
	helo, from string
	to         []string
	data       string
	tls        bool
	authUser   string
	authPass   string
}

// start serves on 127.0.0.1 with a random port, wrapped in TLS when implicit is set.
func (s *fakeSMTP) start(t *testing.T, implicit *tls.Config) (host string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit != nil {
		ln = tls.NewListener(ln, implicit)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
			wg.Go(func() { s.serve(conn) })
		}
	})
	addr := ln.Addr().(*net.TCPAddr)
	return addr.IP.String(), addr.Port
}

func (s *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(conn)
	var r smtpReceived
	if tc, ok := conn.(*tls.Conn); ok {
		r.tls = tc.Handshake() == nil
	}
	reply(tp, "220 fake.test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			r.helo = arg
			s.ehlo(tp, r.tls)
		case "STARTTLS":
			reply(tp, "220 2.0.0 go ahead")
			tc := tls.Server(conn, s.startTLS)
			if tc.Handshake() != nil {
				return
			}
			conn, tp, r.tls = tc, textproto.NewConn(tc), true
		case "AUTH":
			s.auth(tp, arg, &r)
		case "MAIL":
			r.from = arg
			reply(tp, "250 2.1.0 OK")
		case "RCPT":
			s.rcpt(tp, arg, &r)
		case "DATA":
			s.data(tp, &r)
		case "RSET":
			r.from, r.to = "", nil
			reply(tp, "250 2.0.0 OK")
		case "QUIT":
			reply(tp, "221 2.0.0 bye")
			return
		default:
			reply(tp, "502 5.5.2 not implemented")
		}
	}
}

func reply(tp *textproto.Conn, line string) { _ = tp.PrintfLine("%s", line) }

func (s *fakeSMTP) ehlo(tp *textproto.Conn, secure bool) {
	lines := []string{"fake.test"}
	if s.startTLS != nil && !secure {
		lines = append(lines, "STARTTLS")
	}
	if s.user != "" {
		lines = append(lines, "AUTH LOGIN PLAIN")
	}
	lines = append(lines, "8BITMIME")
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		reply(tp, "250"+sep+l)
	}
}

func (s *fakeSMTP) auth(tp *textproto.Conn, arg string, r *smtpReceived) {
	mech, initial, _ := strings.Cut(arg, " ")
	raw, err := base64.StdEncoding.DecodeString(initial)
	parts := strings.Split(string(raw), "\x00")
	if !strings.EqualFold(mech, "PLAIN") || err != nil || len(parts) != 3 {
		reply(tp, "501 5.5.4 malformed AUTH")
		return
	}
	r.authUser, r.authPass = parts[1], parts[2]
	s.mu.Lock()
	s.auths = append(s.auths, *r)
	s.mu.Unlock()
	if parts[1] != s.user || parts[2] != s.pass {
		reply(tp, "535 5.7.8 authentication credentials invalid")
		return
	}
	reply(tp, "235 2.7.0 authenticated")
}

func (s *fakeSMTP) rcpt(tp *textproto.Conn, arg string, r *smtpReceived) {
	if s.rcptReply != "" {
		reply(tp, s.rcptReply)
		return
	}
	r.to = append(r.to, arg)
	reply(tp, "250 2.1.5 OK")
}

func (s *fakeSMTP) data(tp *textproto.Conn, r *smtpReceived) {
	if len(r.to) == 0 {
		reply(tp, "503 5.5.1 no recipients")
		return
	}
	reply(tp, "354 go ahead")
	b, err := tp.ReadDotBytes()
	if err != nil {
		return
	}
	r.data = string(b)
	s.mu.Lock()
	s.msgs = append(s.msgs, *r)
	s.mu.Unlock()
	reply(tp, "250 2.0.0 queued")
}

// received returns the connection count, auth attempts and accepted messages so far.
func (s *fakeSMTP) received() (conns int, auths, msgs []smtpReceived) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, append([]smtpReceived(nil), s.auths...), append([]smtpReceived(nil), s.msgs...)
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a pool trusting it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "fake smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, pool
}
