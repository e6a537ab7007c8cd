package faulttest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/store"
	"github.com/localdigital/localdigital/internal/testbin"
	"github.com/localdigital/localdigital/internal/testdb"
)

// build returns the localdigital binary, built once per test run (see testbin).
func build(t *testing.T) string { return testbin.Path(t) }

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Cleanup()
	os.Exit(code)
}

type server struct {
	cmd  *exec.Cmd
	addr string
	log  *strings.Builder
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs `localdigital serve` on 127.0.0.1 against dbURL and waits until it is ready.
func start(t *testing.T, dbURL, addr string) *server {
	cmd := exec.Command(build(t), "serve")
	cmd.Env = append(os.Environ(), "LD_DATABASE_URL="+dbURL, "LD_ADDR="+addr, "LD_BASE_URL=http://"+addr,
		"LD_CLIENT_IP_HEADER=X-Forwarded-For", "LD_TRUSTED_PROXIES=127.0.0.1", "LD_MAIL=log")
	s := &server{cmd: cmd, addr: addr, log: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = io.Discard, &syncWriter{b: s.log}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 300; i++ {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not become ready:\n%s", s.log)
	return nil
}

type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

var noRedirect = &http.Client{Timeout: 5 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// requestLink asks for a sign-in link as client n from its own address; a 303 means the
// token and its email were committed.
func requestLink(addr string, n int64) (status int, err error) {
	form := url.Values{"email": {fmt.Sprintf("writer%d@hackney.gov.uk", n)}}
	req, _ := http.NewRequest("POST", "http://"+addr+"/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
	resp, err := noRedirect.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// load sends writes from workers until stop is closed and returns the acknowledged ones.
func load(addr string, workers int, stop <-chan struct{}, acked *sync.Map, count *atomic.Int64, statuses *sync.Map) *sync.WaitGroup {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				n := next.Add(1)
				status, err := requestLink(addr, n)
				if err == nil && status == http.StatusSeeOther {
					acked.Store(fmt.Sprintf("writer%d@hackney.gov.uk", n), true)
					count.Add(1)
				}
				if statuses != nil {
					v, _ := statuses.LoadOrStore(status, new(atomic.Int64))
					v.(*atomic.Int64).Add(1)
				}
				if err != nil {
					time.Sleep(10 * time.Millisecond)
				}
			}
		}()
	}
	return &wg
}

// checkAcked opens the database and finds an outbox row for every acknowledged write.
func checkAcked(t *testing.T, dbURL string, acked *sync.Map) int {
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	msgs, err := db.ListOutbox(ctx, 10_000_000)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, m := range msgs {
		have[m.Email.To] = true
	}
	n := 0
	acked.Range(func(k, _ any) bool {
		n++
		if !have[k.(string)] {
			t.Errorf("write for %s was acknowledged but is not in the database", k)
		}
		return true
	})
	return n
}

// TestAcknowledgedWritesSurviveSIGKILL kills the server mid-load and restarts it.
func TestAcknowledgedWritesSurviveSIGKILL(t *testing.T) {
	dbURL := testdb.URL(t, os.Getenv)
	addr := freeAddr(t)
	s := start(t, dbURL, addr)
	var acked sync.Map
	var count atomic.Int64
	stop := make(chan struct{})
	wg := load(addr, 8, stop, &acked, &count, nil)
	for deadline := time.Now().Add(20 * time.Second); count.Load() < 300 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
	close(stop)
	wg.Wait()
	if count.Load() == 0 {
		t.Fatalf("no write was acknowledged before the kill:\n%s", s.log)
	}
	start(t, dbURL, addr)
	n := checkAcked(t, dbURL, &acked)
	t.Logf("%s: %d writes acknowledged before SIGKILL, all present after restart", testdb.Engine(os.Getenv), n)
}

// TestDatabaseRestartDuringLoad stops PostgreSQL under load: the platform answers 503
// with a GOV.UK page while it is away, recovers without a restart, and loses nothing
// acknowledged. It needs the test cluster to itself (scripts/test.sh runs it last).
func TestDatabaseRestartDuringLoad(t *testing.T) {
	dir, bin := os.Getenv("PG_DIR"), os.Getenv("PG_BIN")
	if os.Getenv("LD_TEST_PG_RESTART") != "1" || dir == "" || bin == "" {
		t.Skip("set LD_TEST_PG_RESTART=1 with a cluster from scripts/pg.sh (scripts/test.sh does)")
	}
	dbURL := testdb.URL(t, os.Getenv)
	addr := freeAddr(t)
	s := start(t, dbURL, addr)
	var acked sync.Map
	var count atomic.Int64
	var statuses sync.Map
	stop := make(chan struct{})
	wg := load(addr, 4, stop, &acked, &count, &statuses)
	time.Sleep(500 * time.Millisecond)
	pgctl(t, bin, dir, "stop", "-m", "fast")
	time.Sleep(time.Second)
	page := get(t, addr, "/signatories")
	pgctl(t, bin, dir, "start", "-w", "-l", filepath.Join(dir, "server.log"))
	recovered := false
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if st, _ := requestLink(addr, 9_000_000+time.Now().UnixNano()%1000); st == http.StatusSeeOther {
			recovered = true
			break
		}
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if page.status != http.StatusServiceUnavailable || !strings.Contains(page.body, "Sorry, the service is unavailable") {
		t.Errorf("while the database was away /signatories gave %d:\n%.400s", page.status, page.body)
	}
	if !recovered {
		t.Fatalf("the platform did not recover after the database came back:\n%s", s.log)
	}
	statuses.Range(func(k, v any) bool {
		if code := k.(int); code != http.StatusSeeOther && code != http.StatusServiceUnavailable && code != 0 {
			t.Errorf("status %d seen %d times during the restart", code, v.(*atomic.Int64).Load())
		}
		return true
	})
	n := checkAcked(t, dbURL, &acked)
	t.Logf("%d writes acknowledged across the database restart, all present", n)
}

type got struct {
	status int
	body   string
}

func get(t *testing.T, addr, path string) got {
	resp, err := noRedirect.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return got{resp.StatusCode, string(b)}
}

func pgctl(t *testing.T, bin, dir string, args ...string) {
	full := append([]string{"-D", filepath.Join(dir, "data")}, args...)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, "pg_ctl")}, full...)...)
	} else {
		cmd = exec.Command(filepath.Join(bin, "pg_ctl"), full...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl %v: %v\n%s", args, err, out)
	}
}
