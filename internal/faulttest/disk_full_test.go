package faulttest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDiskFull runs the server on SQLite in a small file system and fills it: writes
// answer 503 with the GOV.UK "service unavailable" page and Retry-After (not a 500),
// /readyz says not ready and why, and once space is freed both recover by themselves.
// It mounts a tmpfs, so it needs root; otherwise it is skipped.
func TestDiskFull(t *testing.T) {
	if os.Getenv("LD_TEST_POSTGRES_URL") != "" {
		t.Skip("a SQLite test: it runs in the SQLite pass")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs for the database")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs at %s (%v): %s", dir, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() }) // after the server is killed (cleanups run last first)
	addr := freeAddr(t)
	s := start(t, "sqlite:"+filepath.Join(dir, "ld.db"), addr)
	if st, err := requestLink(addr, 1); err != nil || st != http.StatusSeeOther {
		t.Fatalf("a write before the disk filled: %d, %v\n%s", st, err, s.log)
	}

	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	var full got
	var header http.Header
	for n := int64(2); n < 5000; n++ {
		full, header = postSignIn(t, addr, n)
		if full.status != http.StatusSeeOther {
			break
		}
	}
	if full.status != http.StatusServiceUnavailable || !strings.Contains(full.body, "Sorry, the service is unavailable") {
		t.Fatalf("a write on a full disk gave %d, want 503 with the unavailable page:\n%.600s\nlog:\n%s", full.status, full.body, tail(s.log.String()))
	}
	if header.Get("Retry-After") == "" {
		t.Error("the 503 has no Retry-After header")
	}
	ready := get(t, addr, "/readyz")
	if ready.status != http.StatusServiceUnavailable || !strings.Contains(ready.body, "disk is full") {
		t.Errorf("/readyz on a full disk = %d %q, want 503 saying the disk is full", ready.status, ready.body)
	}
	if page := get(t, addr, "/"); page.status != http.StatusOK {
		t.Errorf("reading the home page on a full disk gave %d, want 200", page.status)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for ready = get(t, addr, "/readyz"); ready.status != http.StatusOK && time.Now().Before(deadline); ready = get(t, addr, "/readyz") {
		time.Sleep(100 * time.Millisecond)
	}
	if ready.status != http.StatusOK || ready.body != "ok\n" {
		t.Fatalf("/readyz after space was freed = %d %q, want 200 ok", ready.status, ready.body)
	}
	if st, _ := postSignIn(t, addr, 9000); st.status != http.StatusSeeOther {
		t.Errorf("a write after space was freed gave %d, want 303:\n%.400s", st.status, st.body)
	}
}

// fill writes to path until the file system is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}

// postSignIn asks for a sign-in link as client n and returns the answer and its headers.
func postSignIn(t *testing.T, addr string, n int64) (got, http.Header) {
	t.Helper()
	form := url.Values{"email": {fmt.Sprintf("writer%d@hackney.gov.uk", n)}}
	req, _ := http.NewRequest("POST", "http://"+addr+"/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("POST /sign-in: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return got{resp.StatusCode, string(b)}, resp.Header
}

// tail is the end of a log, enough to see the last errors.
func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}
