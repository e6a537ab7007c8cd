package web

// The authorization matrix entries for this feature's routes (see authz_test.go).
func init() {
	for pattern, want := range map[string][]string{} {
		matrix[pattern] = want
	}
}
