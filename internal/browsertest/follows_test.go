package browsertest

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/web"
)

var unsubscribeLinkRE = regexp.MustCompile(`https?://\S+/unsubscribe/[0-9]+\.[A-Za-z0-9_-]+`)

// TestFollowJourney follows an organisation in a real browser, with JavaScript on and
// off: Ann follows Adur from its page, finds it on her list, chooses to hear as it
// happens, gets an email when Adur signs, unsubscribes from its link without signing in
// (as a mail scanner would not: the link opens a page with a button) and lets Adur go.
// With JavaScript on, axe-core checks each of the feature's pages on the way.
func TestFollowJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	axe := loadAxe(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := &auditor{t: t, axe: axe}
			check := func(p *tab, name string) {
				if js {
					a.check(p, name)
				}
			}
			e := newEnv(t, b)
			ann := e.newTab(t, "Ann", js)
			ann.wantPage(ann.open("/organisations/adur"), http.StatusOK, "Adur District Council", "Sign in to follow", "0 people follow this")
			check(ann, "organisation, not signed in")
			e.signIn(ann, "ann@adur-worthing.gov.uk")
			ann.wantPage(ann.open("/organisations/adur"), http.StatusOK, "Adur District Council", "0 people follow this")
			ann.wantPage(ann.click("#follow-organisation button"), http.StatusOK, "Adur District Council",
				"You are now following this", "1 person follows this", "Stop following")
			check(ann, "organisation, following")

			ann.wantPage(ann.open("/account"), http.StatusOK, "Your account")
			ann.wantPage(ann.clickText("What you follow"), http.StatusOK, "What you follow", "Organisation", "Adur District Council")
			check(ann, "what you follow")
			ann.wantPage(ann.open("/account/notifications"), http.StatusOK, "How often do you want to hear about what you follow?")
			check(ann, "email settings")
			ann.step("choose as it happens", clickLabel("As it happens"))
			ann.wantPage(ann.clickText("Save"), http.StatusOK, "How often do you want to hear about what you follow?",
				"Your email settings have been saved")

			e.publish("adur", "Digital by default")
			srv, err := web.New(e.db, slog.New(slog.DiscardHandler), web.Options{BaseURL: e.srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if n, err := srv.SendDigests(context.Background(), e.db.Now().Add(time.Minute)); err != nil || n != 1 {
				t.Fatalf("SendDigests = %d, %v; want Ann's email", n, err)
			}
			scanner := e.newTab(t, "a mail client", js)
			scanner.wantPage(scanner.open(e.link("ann@adur-worthing.gov.uk", unsubscribeLinkRE)), http.StatusOK,
				"Stop emails about what you follow", "sign-in links, signatures and bookings are not affected")
			check(scanner, "unsubscribe")
			scanner.wantPage(scanner.click("#unsubscribe"), http.StatusOK, "You have unsubscribed")
			check(scanner, "unsubscribed")
			ann.wantPage(ann.open("/account/notifications"), http.StatusOK, "How often do you want to hear about what you follow?")
			if checked := eval[bool](ann, `document.querySelector('input[value="none"]').checked`); !checked {
				t.Error("after unsubscribing, Never is not chosen")
			}

			ann.wantPage(ann.open("/account/following"), http.StatusOK, "What you follow", "Adur District Council")
			ann.wantPage(ann.click("#following button"), http.StatusOK, "What you follow",
				"You are no longer following this", "You do not follow anything yet")
			check(ann, "what you follow, nothing")
		})
	}
}
