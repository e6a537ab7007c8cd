// Package faulttest holds tests that break things on purpose: they run the real binary,
// kill it with SIGKILL or stop its database under load, and check that nothing a client
// saw acknowledged is lost. The tests are in fault_test.go.
package faulttest
