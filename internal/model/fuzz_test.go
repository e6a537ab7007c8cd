package model

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzCommitmentForm feeds the commitment form's fields through validation: accepted
// values are within their limits, hold no control characters but newlines and tabs, and
// validate again unchanged.
func FuzzCommitmentForm(f *testing.F) {
	f.Add("Open data", "Hackney; Camden", "Publish it", "Residents benefit")
	f.Add("", "", "", "")
	f.Add("<script>alert(1)</script>", "\x00\r\n", strings.Repeat("é", 1300), "\u202e")
	f.Fuzz(func(t *testing.T, title, partners, mission, impact string) {
		c := Commitment{Title: title, Partners: partners, Mission: mission, Impact: impact}
		if c.Validate().Any() {
			return
		}
		for name, v := range map[string]string{"title": c.Title, "partners": c.Partners, "mission": c.Mission, "impact": c.Impact} {
			for _, r := range v {
				if unicode.IsControl(r) && r != '\n' && r != '\t' {
					t.Fatalf("%s keeps control character %q", name, r)
				}
			}
		}
		if Length(c.Title) > MaxTitle || Length(c.Mission) > MaxMission || Length(c.Impact) > MaxImpact || Length(c.Partners) > MaxPartners {
			t.Fatalf("over-long value accepted: %+v", c)
		}
		again := c
		if again.Validate().Any() || again != c {
			t.Fatalf("validation is not stable: %+v then %+v", c, again)
		}
	})
}

// FuzzSignersForm feeds the senior signers' fields through validation against a council.
func FuzzSignersForm(f *testing.F) {
	f.Add("Alex", "Chief Executive", "ceo@hackney.gov.uk", "Sam", "Leader", "leader@hackney.gov.uk")
	f.Add("", "", "not-an-email", "x", "y", "CEO@HACKNEY.GOV.UK")
	f.Fuzz(func(t *testing.T, cn, cr, ce, ln, lr, le string) {
		org := &Organisation{TypeCode: "LBO", Domains: []string{"hackney.gov.uk"}}
		s := []Signer{{Kind: SignerCEO, Name: cn, Role: cr, Email: ce}, {Kind: SignerLeader, Name: ln, Role: lr, Email: le}}
		if ValidateSigners(org, "officer@hackney.gov.uk", s).Any() {
			return
		}
		if CanonicalMailbox(s[0].Email) == CanonicalMailbox(s[1].Email) || CanonicalMailbox(s[0].Email) == "officer@hackney.gov.uk" {
			t.Fatalf("two signers share %q", s[0].Email)
		}
		for _, sg := range s {
			if EmailDomain(sg.Email) != "hackney.gov.uk" || sg.Email != strings.ToLower(sg.Email) {
				t.Fatalf("accepted email %q", sg.Email)
			}
			if sg.Name == "" || sg.Role == "" || Length(sg.Name) > MaxName || strings.ContainsAny(sg.Name+sg.Role, "\r\n\x00") {
				t.Fatalf("accepted signer %+v", sg)
			}
		}
	})
}

// FuzzNormaliseEmail checks that accepted addresses are plain, lower-case and stable.
func FuzzNormaliseEmail(f *testing.F) {
	for _, s := range []string{"a@b.gov.uk", "A@B.GOV.UK", "x", "a@b", "\"a b\"@c.uk", "a@b.c\r\nBcc: d@e.f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, ok := NormaliseEmail(in)
		if !ok {
			return
		}
		if strings.ContainsAny(out, " \r\n<>\"") || out != strings.ToLower(out) || !strings.Contains(EmailDomain(out), ".") {
			t.Fatalf("accepted %q as %q", in, out)
		}
		if again, ok := NormaliseEmail(out); !ok || again != out {
			t.Fatalf("not stable: %q -> %q -> %q", in, out, again)
		}
	})
}
