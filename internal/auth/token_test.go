package auth

import "testing"

func TestNewTokenIsUniqueAndWellShaped(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := NewToken()
		if !ValidTokenShape(tok) {
			t.Fatalf("token %q has the wrong shape", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
}

func TestHashIsStableAndHidesToken(t *testing.T) {
	tok := NewToken()
	if first, again := Hash(tok), Hash(tok); first != again {
		t.Fatal("hash not stable")
	}
	if Hash(tok) == tok || len(Hash(tok)) != 64 {
		t.Fatalf("hash %q does not look like sha256 hex", Hash(tok))
	}
	if Hash(tok) == Hash(NewToken()) {
		t.Fatal("different tokens share a hash")
	}
}

func TestValidTokenShape(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", false},
		{"short", false},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/", false},
		{"<script>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	} {
		if got := ValidTokenShape(tc.in); got != tc.want {
			t.Errorf("ValidTokenShape(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !Equal("abc", "abc") || Equal("abc", "abd") {
		t.Error("Equal is wrong")
	}
}
