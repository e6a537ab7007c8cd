// Package testbin gives tests the localdigital binary, built once per test run:
// scripts/test.sh builds it before the tests and names it in LD_TEST_BINARY, so that
// every package running the binary shares one build; without the variable (go test run
// by hand) the first test that asks builds it once for its package.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// Env names the variable holding the path of a prebuilt localdigital binary.
const Env = "LD_TEST_BINARY"

var (
	once     sync.Once
	path     string
	buildErr error
	owned    string // a folder this process made for its own build, removed by Cleanup
)

// Path returns the path of the localdigital binary: $LD_TEST_BINARY when set, otherwise
// one built for this test process the first time it is asked for.
func Path(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if p := os.Getenv(Env); p != "" {
			if _, err := os.Stat(p); err != nil {
				buildErr = fmt.Errorf("testbin: %s: %w", Env, err)
			}
			path = p
			return
		}
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir, err := os.MkdirTemp("", "ld-test-bin")
		if err != nil {
			buildErr = err
			return
		}
		owned, path = dir, filepath.Join(dir, "localdigital")
		cmd := exec.Command("go", "build", "-o", path, "./cmd/localdigital")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return path
}

// Cleanup removes a binary Path built for this process; call it from TestMain after
// m.Run. A binary named by LD_TEST_BINARY belongs to whoever built it and stays.
func Cleanup() {
	if owned != "" {
		os.RemoveAll(owned)
	}
}
