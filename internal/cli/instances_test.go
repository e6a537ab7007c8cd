package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testdb"
)

// smtpSink is a local SMTP server that counts deliveries per recipient.
type smtpSink struct {
	ln  net.Listener
	mu  sync.Mutex
	got map[string]int
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, got: map[string]int{}}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *smtpSink) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

func (s *smtpSink) session(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(l string) { fmt.Fprintf(c, "%s\r\n", l) }
	say("220 sink ESMTP")
	var rcpts []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-sink")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RSET"), strings.HasPrefix(cmd, "NOOP"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT"):
			rcpts = append(rcpts, strings.Trim(strings.TrimPrefix(strings.TrimSpace(line)[8:], ":"), "<> \r\n"))
			say("250 ok")
		case cmd == "DATA":
			say("354 go ahead")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			s.mu.Lock()
			for _, to := range rcpts {
				s.got[strings.ToLower(to)]++
			}
			s.mu.Unlock()
			rcpts = nil
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 unknown")
		}
	}
}

func (s *smtpSink) counts() (total, distinct, dupes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.got {
		total += n
		distinct++
		if n > 1 {
			dupes++
		}
	}
	return
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestTwoInstancesSendEachEmailOnce queues 500 emails, starts two servers on one
// database, and counts deliveries at a local SMTP sink: exactly 500, none twice.
func TestTwoInstancesSendEachEmailOnce(t *testing.T) {
	ctx := context.Background()
	url := testdb.URL(t, os.Getenv)
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const total = 500
	for i := range total {
		to := fmt.Sprintf("person%d@hackney.gov.uk", i)
		if err := db.RequestSignIn(ctx, "hash"+strconv.Itoa(i), to, model.Email{To: to, Kind: "sign_in", Subject: "Sign in", Body: "link " + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	sink := newSMTPSink(t)
	_, port, _ := net.SplitHostPort(sink.ln.Addr().String())
	serveCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var addrs []string
	for range 2 {
		addr := freeAddr(t)
		addrs = append(addrs, addr)
		env := map[string]string{"LD_DATABASE_URL": url, "LD_ADDR": addr, "LD_MAIL": "smtp", "LD_SMTP_HOST": "127.0.0.1",
			"LD_SMTP_PORT": port, "LD_SMTP_TLS": "none", "LD_MAIL_FROM": "noreply@localdigital.test"}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var errb bytes.Buffer
			if err := runServe(serveCtx, Env{Stdout: &bytes.Buffer{}, Stderr: &errb, Getenv: func(k string) string { return env[k] }}, nil); err != nil {
				t.Errorf("serve: %v\n%s", err, errb.String())
			}
		}()
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		n, _, _ := sink.counts()
		if n >= total || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // room for a duplicate to show itself
	for _, a := range addrs {
		if resp, err := http.Get("http://" + a + "/healthz"); err != nil || resp.StatusCode != 200 {
			t.Errorf("instance %s not serving: %v", a, err)
		} else {
			resp.Body.Close()
		}
	}
	stop()
	wg.Wait()
	n, distinct, dupes := sink.counts()
	if n != total || distinct != total || dupes != 0 {
		t.Fatalf("deliveries: %d in all, %d distinct, %d sent more than once; want exactly %d", n, distinct, dupes, total)
	}
	counts, err := db.OutboxCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[model.MailSent] != total {
		t.Fatalf("outbox: %v", counts)
	}
}
