package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
)

// TestSignInLinkProblems uses sign-in links that cannot work: each gets a 400 page that
// says what happened and what to do next, and nobody is signed in.
func TestSignInLinkProblems(t *testing.T) {
	t.Parallel()
	const email = "officer@hackney.gov.uk"
	tests := []struct {
		name string
		// link returns the link's path; the browser that uses it has no session.
		link    func(e *env) string
		wantGET int // status of the page the link opens
		want    []string
	}{
		{"expired", func(e *env) string {
			wantRedirect(t, e.newClient().post("/sign-in", url.Values{"email": {email}}), "/sign-in/check-email")
			e.clock.Advance(model.SignInLinkTTL + time.Minute)
			return e.linkIn(e.lastEmail(email), signInLinkRE)
		}, http.StatusOK, []string{"This link has expired", "Sign-in links work for 30 minutes."}},
		{"used", func(e *env) string {
			wantRedirect(t, e.newClient().post("/sign-in", url.Values{"email": {email}}), "/sign-in/check-email")
			link := e.linkIn(e.lastEmail(email), signInLinkRE)
			wantRedirect(t, e.newClient().post(link, url.Values{}), "/account")
			return link
		}, http.StatusOK, []string{"This link has already been used", "Each sign-in link works only once."}},
		{"made up", func(e *env) string { return "/sign-in/" + auth.NewToken() },
			http.StatusOK, []string{"This link is not valid", "Check you copied the whole link from the email."}},
		{"malformed", func(e *env) string { return "/sign-in/abc123" },
			http.StatusBadRequest, []string{"This link is not valid", "Check you copied the whole link from the email."}},
		{"cut short", func(e *env) string {
			wantRedirect(t, e.newClient().post("/sign-in", url.Values{"email": {email}}), "/sign-in/check-email")
			link := e.linkIn(e.lastEmail(email), signInLinkRE)
			return link[:len(link)-1]
		}, http.StatusBadRequest, []string{"This link is not valid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			link := tc.link(e)
			browser := e.newClient()
			wantStatus(t, browser.get(link), tc.wantGET) // a GET never uses the link up

			before := e.state()
			r := browser.post(link, url.Values{})
			wantStatus(t, r, http.StatusBadRequest)
			wantBody(t, r, tc.want...)
			wantBody(t, r, "Ask for a new link and use it within 30 minutes.",
				`<a class="govuk-link" href="/sign-in">Get a new sign-in link</a>`)
			if c := r.cookie("ld_session"); c != nil {
				t.Errorf("a session cookie was set: %v", c)
			}
			if e.state() != before {
				t.Errorf("using a bad link changed the database")
			}
			wantRedirect(t, browser.get("/account"), "/sign-in?next=%2Faccount")
		})
	}
}

// TestSignerLinkProblems uses senior signers' links that cannot be answered: a link that
// is not valid or has expired gets a 400 page that says why and what to do next; a link
// whose signer already answered, or whose signature moved on, shows what happened instead
// of the Yes/No form, to a GET and to a POST alike (409). Nothing changes.
func TestSignerLinkProblems(t *testing.T) {
	t.Parallel()
	const ceo, leader = "dana.whitfield@hackney.gov.uk", "sam.okafor@hackney.gov.uk"
	signerLink := func(e *env, addr string) string { return e.linkIn(e.lastEmail(addr), signerLinkRE) }
	tests := []struct {
		name     string
		link     func(e *env) string // sets up, and returns the link to confirm with
		wantGET  int
		wantPOST int
		want     []string
		status   string // the signature's status afterwards; "" when there is none
	}{
		{"made up", func(e *env) string { return "/confirm/" + auth.NewToken() }, http.StatusBadRequest, http.StatusBadRequest,
			[]string{"This link is not valid", "Ask the person at your organisation who started signing"}, ""},
		{"malformed", func(e *env) string { return "/confirm/%3Cscript%3E" }, http.StatusBadRequest, http.StatusBadRequest,
			[]string{"This link is not valid"}, ""},
		{"confirmed twice", func(e *env) string {
			e.signIn("officer@hackney.gov.uk").submit(hackneyCommitment(), hackneySigners())
			wantStatus(t, e.respond(ceo, "confirm"), http.StatusOK)
			e.clock.Advance(24 * time.Hour)
			return signerLink(e, ceo)
		}, http.StatusOK, http.StatusConflict, []string{"You have already answered", "You confirmed on 15 March 2024.",
			"We are waiting for the other senior signers to answer."}, model.SigAwaitingSigners},
		{"confirmed after declining", func(e *env) string {
			e.signIn("officer@hackney.gov.uk").submit(hackneyCommitment(), hackneySigners())
			r := e.respond(ceo, "decline")
			wantStatus(t, r, http.StatusOK)
			wantBody(t, r, "You have declined to sign")
			return signerLink(e, ceo)
		}, http.StatusOK, http.StatusConflict, []string{"You have already answered", "You declined on 15 March 2024."},
			model.SigDeclined},
		{"other signer after a decline", func(e *env) string {
			e.signIn("officer@hackney.gov.uk").submit(hackneyCommitment(), hackneySigners())
			wantStatus(t, e.respond(ceo, "decline"), http.StatusOK)
			return signerLink(e, leader)
		}, http.StatusOK, http.StatusConflict, []string{"You no longer need to answer",
			"Another senior signer declined, so this signature was stopped."}, model.SigDeclined},
		{"confirmed after cancelling", func(e *env) string {
			officer := e.signIn("officer@hackney.gov.uk")
			officer.submit(hackneyCommitment(), hackneySigners())
			e.clock.Advance(2 * 24 * time.Hour)
			id := strconv.FormatInt(e.signature("hackney").ID, 10)
			link := signerLink(e, leader)
			wantRedirect(t, officer.post("/signatures/"+id+"/cancel", url.Values{}), "/organisations/hackney")
			if got := leadSubject(e.lastEmail(leader).Subject); got != "You no longer need to sign for London Borough of Hackney: Local Digital" {
				t.Errorf("last email to the leader: %q", got)
			}
			return link
		}, http.StatusOK, http.StatusConflict, []string{"You no longer need to answer", "This signature was cancelled on 17 March 2024."},
			model.SigCancelled},
		{"verified", func(e *env) string {
			sig := e.hackneyAwaitingVerification()
			e.clock.Advance(24 * time.Hour)
			if _, err := e.db.VerifySignature(t.Context(), model.Actor{Label: "test"}, sig.ID, nil); err != nil {
				t.Fatal(err)
			}
			return signerLink(e, leader)
		}, http.StatusOK, http.StatusConflict, []string{"You confirmed on 15 March 2024.", "This signature was verified on 16 March 2024"},
			model.SigVerified},
		{"withdrawn, after the link expired", func(e *env) string {
			sig := e.hackneyAwaitingVerification()
			if _, err := e.db.VerifySignature(t.Context(), model.Actor{Label: "test"}, sig.ID, nil); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(model.SignerLinkTTL + 24*time.Hour)
			if _, err := e.db.WithdrawSignature(t.Context(), model.Actor{Label: "test"}, sig.ID, "Merging.", nil); err != nil {
				t.Fatal(err)
			}
			return signerLink(e, ceo)
		}, http.StatusOK, http.StatusConflict, []string{"You confirmed on 15 March 2024.", "This signature was withdrawn on 15 April 2024."},
			model.SigWithdrawn},
		{"expired", func(e *env) string {
			e.signIn("officer@hackney.gov.uk").submit(hackneyCommitment(), hackneySigners())
			e.clock.Advance(model.SignerLinkTTL + time.Hour)
			return signerLink(e, ceo)
		}, http.StatusBadRequest, http.StatusBadRequest, []string{"This link has expired", "Links for senior signers work for 30 days"},
			model.SigAwaitingSigners},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			link := tc.link(e)
			browser := e.newClient()
			r := browser.get(link)
			wantStatus(t, r, tc.wantGET)
			wantBody(t, r, tc.want...)
			wantNoBody(t, r, `name="decision"`)

			before := e.state()
			for _, decision := range []string{"confirm", "decline", ""} {
				r = browser.post(link, url.Values{"decision": {decision}})
				wantStatus(t, r, tc.wantPOST)
				wantBody(t, r, tc.want...)
				wantNoBody(t, r, "You have signed", `name="decision"`)
			}
			if after := e.state(); after != before {
				t.Errorf("the refused answer changed the database:\nbefore %s\nafter  %s", before, after)
			}
			sigs := e.signatures("hackney")
			switch {
			case tc.status == "" && len(sigs) != 0:
				t.Errorf("Hackney has %d signatures, want none", len(sigs))
			case tc.status != "" && (len(sigs) != 1 || sigs[0].Status != tc.status):
				t.Errorf("Hackney's signatures = %d, want one %s", len(sigs), tc.status)
			}
		})
	}
}

// TestSignerMustChoose sends the senior signer's form with no answer.
func TestSignerMustChoose(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.signIn("officer@hackney.gov.uk").submit(hackneyCommitment(), hackneySigners())
	link := e.linkIn(e.lastEmail("dana.whitfield@hackney.gov.uk"), signerLinkRE)
	before := e.state()
	r := e.newClient().post(link, url.Values{"decision": {"maybe"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, `<a href="#decision">Select whether you confirm or decline</a>`, `id="decision-error"`,
		"govuk-form-group--error", `action="`+link+`"`)
	if e.state() != before {
		t.Error("an answer that was neither confirm nor decline changed the database")
	}
}

// TestDeclineTellsTheStarter checks a refusal stops the signature, tells the officer, and
// frees the council to start again.
func TestDeclineTellsTheStarter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	officer.submit(hackneyCommitment(), hackneySigners())
	wantStatus(t, e.respond("sam.okafor@hackney.gov.uk", "decline"), http.StatusOK)
	if got := e.lastEmail("officer@hackney.gov.uk").Subject; got != "A senior signer has declined: Local Digital" {
		t.Errorf("last email to the officer: %q", got)
	}
	wantBody(t, officer.get("/sign"), "You are signing for")
	officer.submit(with(hackneyCommitment(), "title", "Second attempt"), hackneySigners())
	if sigs := e.signatures("hackney"); len(sigs) != 2 || sigs[0].Status != model.SigAwaitingSigners {
		t.Errorf("after a decline and a new start Hackney has %d signatures", len(sigs))
	}
}
