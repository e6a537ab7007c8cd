package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// leadSubject is the subject of an email in the language it leads with: all of it for
// an email in one language, the part before " / " for one in two.
func leadSubject(s string) string {
	lead, _, _ := strings.Cut(s, " / ")
	return lead
}

// welshSignerLinkRE finds a senior signer's link to the Welsh page.
var welshSignerLinkRE = regexp.MustCompile(`https?://[^/\s]+(/cy/confirm/[A-Za-z0-9_-]+)`)

// A sign-in link asked for on a page is emailed in the page's language, links to the
// page in that language and, once used, lands on pages in it.
func TestSignInEmailInThePagesLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lang, prefix string }{{"en", ""}, {"cy", "/cy"}} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			words, other := locale.New(tc.lang), locale.New(map[string]string{"en": "cy", "cy": "en"}[tc.lang])
			c := e.newClient()
			wantRedirect(t, c.post(tc.prefix+"/sign-in", url.Values{"email": {"officer@hackney.gov.uk"}, "next": {"/sign"}}),
				tc.prefix+"/sign-in/check-email?next=%2Fsign")
			m := e.lastEmail("officer@hackney.gov.uk")
			if m.Subject != words.T("emails.signin.subject") {
				t.Errorf("subject %q, want %q", m.Subject, words.T("emails.signin.subject"))
			}
			link := e.linkIn(m, regexp.MustCompile(`https?://[^/\s]+(/[^\s]*sign-in/[A-Za-z0-9_-]+\?next=[^\s]+)`))
			if !strings.HasPrefix(link, tc.prefix+"/sign-in/") {
				t.Errorf("link %q, want it under %q", link, tc.prefix+"/sign-in/")
			}
			if m.Body != words.T("emails.signin.body", "Link", baseURL+link) || strings.Contains(m.Body, strings.SplitN(other.T("emails.signin.body"), "\n", 2)[0]) {
				t.Errorf("body:\n%s", m.Body)
			}
			// Once sent, the outbox keeps the email with the link taken out, in its words.
			msgs, err := e.db.ListOutbox(t.Context(), 1)
			if err != nil || len(msgs) != 1 {
				t.Fatalf("ListOutbox: %v", err)
			}
			if err := e.db.MarkSent(t.Context(), msgs[0].ID, e.clock.Now(), false); err != nil {
				t.Fatal(err)
			}
			if kept := e.lastEmail("officer@hackney.gov.uk"); kept.Body != words.T("emails.signin.body", "Link", words.T("emails.link_removed")) {
				t.Errorf("kept body:\n%s", kept.Body)
			}
			wantBody(t, c.get(link), `<html lang="`+tc.lang+`"`, `name="next" value="/sign"`)
			wantRedirect(t, c.post(link, url.Values{"next": {"/sign"}}), tc.prefix+"/sign")
		})
	}
}

// Senior signers named on a journey, who have no account, are emailed in the journey's
// language with the other language below, and the one link in it works.
func TestSeniorSignerEmailFollowsTheJourney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lang, other, prefix string }{{"cy", "en", "/cy"}, {"en", "cy", ""}} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			officer := e.signIn("officer@hackney.gov.uk")
			wantRedirect(t, officer.post(tc.prefix+"/sign/commitment", hackneyCommitment()), tc.prefix+"/sign/signers")
			wantRedirect(t, officer.post(tc.prefix+"/sign/signers", hackneySigners()), tc.prefix+"/sign/check")
			wantRedirect(t, officer.post(tc.prefix+"/sign/check", url.Values{}), tc.prefix+"/sign/confirmation")

			lead, other := locale.New(tc.lang), locale.New(tc.other)
			org := e.org("hackney")
			m := e.lastEmail("dana.whitfield@hackney.gov.uk")
			want := lead.T("emails.signer_invite.subject", "Org", org.NameIn(tc.lang)) + " / " +
				other.T("emails.signer_invite.subject", "Org", org.NameIn(tc.other))
			if m.Subject != want {
				t.Errorf("subject %q, want %q", m.Subject, want)
			}
			re := signerLinkRE
			if tc.lang == "cy" {
				re = welshSignerLinkRE
			}
			link := e.linkIn(m, re)
			body := func(p *locale.Printer, lang string) string {
				return p.T("emails.signer_invite.body", "Name", "Dana Whitfield", "Starter", "officer@hackney.gov.uk",
					"Kind", model.Msg{Key: "emails.signer_kind.ceo"}, "Org", org.NameIn(lang),
					"Commitment", hackneyCommitment().Get("title"), "Link", baseURL+link)
			}
			if want := strings.TrimRight(body(lead, tc.lang), "\n") + "\n\n----------\n\n" + body(other, tc.other); m.Body != want {
				t.Errorf("body:\n%s\nwant:\n%s", m.Body, want)
			}
			page := e.newClient().get(link)
			wantStatus(t, page, http.StatusOK)
			wantBody(t, page, `<html lang="`+tc.lang+`"`)
		})
	}
}

// A person with an account is emailed in their own language, whatever the language of
// the page whose action sent the email: here one who asked for their sign-in link in
// Welsh, then signed, booked and was told of the signature from English pages.
func TestAccountLanguageWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cy := locale.New("cy")
	officer := e.newClient()
	wantRedirect(t, officer.post("/cy/sign-in", url.Values{"email": {"officer@hackney.gov.uk"}}), "/cy/sign-in/check-email")
	link := e.linkIn(e.lastEmail("officer@hackney.gov.uk"), regexp.MustCompile(`https?://[^/\s]+(/cy/sign-in/[A-Za-z0-9_-]+)`))
	wantRedirect(t, officer.post(link, url.Values{}), "/cy/account")

	officer.submit(hackneyCommitment(), hackneySigners())
	wantStatus(t, e.respond("dana.whitfield@hackney.gov.uk", "confirm"), http.StatusOK)
	m := e.lastEmail("officer@hackney.gov.uk")
	if m.Subject != cy.T("emails.signing.signer_confirmed.subject") ||
		!strings.Contains(m.Body, baseURL+"/cy/organisations/hackney") || strings.Contains(m.Body, "----------") {
		t.Errorf("news of a signer to a Welsh reader: %q\n%s", m.Subject, m.Body)
	}

	ev := e.addEvent(5)
	wantRedirect(t, officer.post(evPath(ev)+"/book", nil), evPath(ev))
	m = e.lastEmail("officer@hackney.gov.uk")
	if m.Subject != cy.T("emails.events.booked.subject", "Title", ev.Title) || !strings.Contains(m.Body, baseURL+"/cy"+evPath(ev)) {
		t.Errorf("booking email to a Welsh reader: %q\n%s", m.Subject, m.Body)
	}
}

// The account page sets the email language; nothing else is accepted.
func TestAccountEmailLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.signIn("ann@hackney.gov.uk")
	wantBody(t, c.get("/account"), `name="language" type="radio" value="en" checked`, `value="cy"`, ">Cymraeg<")
	r := c.post("/account/language", url.Values{"language": {"fr"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "language")
	wantBody(t, r, "Select the language to email you in")
	r = c.post("/cy/account/language", url.Values{})
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, locale.New("cy").T("account.language.errors.choose"))

	r = c.post("/account/language", url.Values{"language": {"cy"}})
	wantRedirect(t, r, "/account")
	wantBody(t, c.follow(r), "Your email language has been saved", `value="cy" checked`)
	if acts := e.auditActions(); acts[len(acts)-1] != "user.language" {
		t.Errorf("last audit action %q", acts[len(acts)-1])
	}
	ev := e.addEvent(5)
	wantRedirect(t, c.post(evPath(ev)+"/book", nil), evPath(ev))
	if m := e.lastEmail("ann@hackney.gov.uk"); m.Subject != locale.New("cy").T("emails.events.booked.subject", "Title", ev.Title) {
		t.Errorf("booking email after choosing Welsh: %q", m.Subject)
	}
	// Asking for a sign-in link from an English page sets it back.
	c.signIn("ann@hackney.gov.uk")
	wantBody(t, c.get("/account"), `value="en" checked`)
}
