package web

import (
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// TestLetter: an email worded for every reader keeps each language's version, with
// links to that language's pages, and leads with lead's for an address without an
// account, the other language below; a secret link is lead's throughout.
func TestLetter(t *testing.T) {
	const base = "https://ld.example"
	write := func(withLink bool) func(mailer) model.Email {
		return func(m mailer) model.Email {
			e := model.Email{To: "a@b.gov.uk", Kind: "k", Subject: m.T("emails.signin.subject")}
			if withLink {
				e.Link = m.link("/sign-in/tok")
				e.LinkRemoved = m.T("emails.link_removed")
			}
			e.Body = m.T("emails.signin.body", "Link", m.link("/sign-in/tok"))
			return e
		}
	}
	en, cy := locale.New("en"), locale.New("cy")
	for _, tc := range []struct {
		lead     string
		withLink bool
		lp, op   *locale.Printer
		leadLink string
	}{
		{"en", false, en, cy, base + "/sign-in/tok"},
		{"cy", false, cy, en, base + "/cy/sign-in/tok"},
		{"en", true, en, cy, base + "/sign-in/tok"},
		{"cy", true, cy, en, base + "/cy/sign-in/tok"},
	} {
		e := letter(base, tc.lead, write(tc.withLink))
		if e.Lang != tc.lead || e.Subject != tc.lp.T("emails.signin.subject")+" / "+tc.op.T("emails.signin.subject") {
			t.Errorf("%s: lang %q, subject %q", tc.lead, e.Lang, e.Subject)
		}
		want := strings.TrimRight(tc.lp.T("emails.signin.body", "Link", tc.leadLink), "\n") + mailSeparator
		otherLink := base + "/sign-in/tok"
		if tc.lead == "en" {
			otherLink = base + "/cy/sign-in/tok"
		}
		if tc.withLink {
			otherLink = tc.leadLink
		}
		want += tc.op.T("emails.signin.body", "Link", otherLink)
		if e.Body != want {
			t.Errorf("%s, link %v: body\n%s\nwant\n%s", tc.lead, tc.withLink, e.Body, want)
		}
		if tc.withLink && (e.Link != tc.leadLink || e.LinkRemoved != tc.lp.T("emails.link_removed")+" "+tc.op.T("emails.link_removed")) {
			t.Errorf("%s: link %q, removed %q", tc.lead, e.Link, e.LinkRemoved)
		}
		for lang, link := range map[string]string{"en": base + "/sign-in/tok", "cy": base + "/cy/sign-in/tok"} {
			v := e.ForLanguage(lang)
			p := locale.New(lang)
			if v.Lang != lang || v.Subject != p.T("emails.signin.subject") || v.Body != p.T("emails.signin.body", "Link", link) ||
				(tc.withLink && (v.Link != link || v.LinkRemoved != p.T("emails.link_removed"))) {
				t.Errorf("%s: version for %s = %+v", tc.lead, lang, v)
			}
		}
	}
}
