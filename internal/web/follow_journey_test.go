package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

var unsubscribeRE = regexp.MustCompile(`https?://[^/\s]+(/unsubscribe/[0-9]+\.[A-Za-z0-9_-]+)`)

// TestFollowJourney: following from a page, the account's list, preferences, a digest in
// each reader's language with its unsubscribe link, and unsubscribing without a session.
func TestFollowJourney(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	srv, err := web.New(e.db, testLogger(t), web.Options{BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	adurID := strconv.FormatInt(e.org("adur").ID, 10)
	hackneyID := strconv.FormatInt(e.org("hackney").ID, 10)
	ann, bob, anon := e.signIn("ann@adur-worthing.gov.uk"), e.signIn("bob@adur-worthing.gov.uk"), e.newClient()
	follow := func(c *client, kind, id, next string) *response {
		t.Helper()
		return c.post("/follow", url.Values{"kind": {kind}, "id": {id}, "next": {next}})
	}

	t.Run("follow an organisation from its page; the count, never the names", func(t *testing.T) {
		wantBody(t, ann.get("/organisations/adur"), `action="/follow"`, `name="kind" value="organisation"`, "0 people follow this")
		wantRedirect(t, follow(ann, model.FollowOrganisation, adurID, "/organisations/adur"), "/organisations/adur")
		wantRedirect(t, follow(bob, model.FollowOrganisation, adurID, "/organisations/adur"), "/organisations/adur")
		wantBody(t, ann.get("/organisations/adur"), `action="/unfollow"`, "Stop following", "2 people follow this")
		page := anon.get("/organisations/adur")
		wantBody(t, page, "2 people follow this", "Sign in to follow")
		wantNoBody(t, page, "ann@", "bob@", `action="/follow"`)
		wantStatus(t, follow(ann, "nonsense", "1", ""), http.StatusBadRequest)
		wantStatus(t, follow(ann, model.FollowOrganisation, "999999", ""), http.StatusNotFound)
	})

	t.Run("the library filtered by a service or a principle is its page", func(t *testing.T) {
		if _, err := e.db.ImportServices(ctx, model.Actor{Label: "import"}, []model.Service{{Code: 524, Label: "Household waste collection"}}); err != nil {
			t.Fatal(err)
		}
		page := bob.get("/resources?service=524&principle=2")
		wantBody(t, page, "Hear about new work on Household waste collection", `name="kind" value="service"`, `name="id" value="524"`,
			`name="kind" value="principle"`)
		wantNoBody(t, bob.get("/resources?service=999"), `name="kind" value="service"`)
		wantRedirect(t, follow(bob, model.FollowService, "524", "/resources?service=524"), "/resources?service=524")
		wantBody(t, bob.get("/account/following"), "Service", "Household waste collection")
		wantRedirect(t, bob.post("/unfollow", url.Values{"kind": {model.FollowService}, "id": {"524"}}), "/account/following")
	})

	t.Run("an event's page follows its organiser's events; the list lets them go", func(t *testing.T) {
		ev := e.addEvent(10)
		page := ann.get(evPath(ev))
		wantBody(t, page, `name="kind" value="event-series"`, `name="id" value="`+hackneyID+`"`)
		wantRedirect(t, follow(ann, model.FollowEventSeries, hackneyID, evPath(ev)), evPath(ev))
		wantBody(t, ann.get("/account/following"), "Adur District Council", "Events run by London Borough of Hackney", "Stop following")
		wantRedirect(t, ann.post("/unfollow", url.Values{"kind": {model.FollowEventSeries}, "id": {hackneyID}, "next": {"/account/following"}}), "/account/following")
		list := ann.get("/account/following")
		wantBody(t, list, "Adur District Council")
		wantNoBody(t, list, "Events run by")
	})

	t.Run("preferences", func(t *testing.T) {
		wantBody(t, ann.get("/account/notifications"), `value="weekly" checked`)
		r := ann.post("/account/notifications", url.Values{"frequency": {"hourly"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "frequency")
		for _, c := range []*client{ann, bob} {
			wantRedirect(t, c.post("/account/notifications", url.Values{"frequency": {model.DigestDaily}}), "/account/notifications")
		}
		wantBody(t, ann.get("/account/notifications"), `value="daily" checked`)
		wantRedirect(t, bob.post("/account/language", url.Values{"language": {"cy"}}), "/account")
	})

	var unsubscribe string
	t.Run("the daily digest, in each reader's language, with its unsubscribe link", func(t *testing.T) {
		e.publish("adur", "Digital by default")
		n, err := srv.SendDigests(ctx, t0.Add(24*time.Hour)) // 10am the next day: the period ended at 8am
		if err != nil || n != 2 {
			t.Fatalf("SendDigests = %d, %v; want Ann's and Bob's", n, err)
		}
		m := e.lastEmail("ann@adur-worthing.gov.uk")
		for _, want := range []string{"Adur District Council signed the Local Digital Declaration", baseURL + "/organisations/adur",
			baseURL + "/account/notifications"} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("Ann's digest lacks %q:\n%s", want, m.Body)
			}
		}
		unsubscribe = e.linkIn(m, unsubscribeRE)
		if m.Unsubscribe != baseURL+unsubscribe || m.Kind != "follow_digest" {
			t.Errorf("digest unsubscribe address = %q, kind %q; want %q", m.Unsubscribe, m.Kind, baseURL+unsubscribe)
		}
		cy := e.lastEmail("bob@adur-worthing.gov.uk")
		if !strings.Contains(cy.Body, "Mae Adur District Council wedi llofnodi’r Datganiad Digidol Lleol") || !strings.Contains(cy.Body, baseURL+"/cy/organisations/adur") {
			t.Errorf("Bob's digest is not in Welsh:\n%s", cy.Body)
		}
		if signIn := e.emailsTo("ann@adur-worthing.gov.uk")[0]; signIn.Kind != "sign_in" || signIn.Unsubscribe != "" {
			t.Errorf("the sign-in email carries an unsubscribe address %q", signIn.Unsubscribe)
		}
		if n, _ := srv.SendDigests(ctx, t0.Add(25*time.Hour)); n != 0 {
			t.Errorf("a second run queued %d", n)
		}
	})

	t.Run("unsubscribing works without a session, only with the owner's token", func(t *testing.T) {
		page := anon.get(unsubscribe)
		wantStatus(t, page, http.StatusOK)
		wantBody(t, page, `action="`+unsubscribe+`"`, "Stop these emails")
		id, mac, _ := strings.Cut(strings.TrimPrefix(unsubscribe, "/unsubscribe/"), ".")
		other, _ := strconv.ParseInt(id, 10, 64)
		for _, bad := range []string{
			"/unsubscribe/" + id + "." + mac[:len(mac)-1] + flip(mac[len(mac)-1]), // a changed token
			"/unsubscribe/" + strconv.FormatInt(other+1, 10) + "." + mac,          // another person's id
			"/unsubscribe/" + id,
		} {
			wantStatus(t, anon.get(bad), http.StatusNotFound)
			wantStatus(t, anon.post(bad, url.Values{}), http.StatusNotFound)
		}
		if f, _ := e.db.NotificationFrequency(ctx, other+1); f != model.DigestDaily {
			t.Errorf("a bad token changed the other person's preference to %q", f)
		}
		// A mail client's one-click POST (RFC 8058), without a session.
		wantBody(t, anon.post(unsubscribe, url.Values{"List-Unsubscribe": {"One-Click"}}), "You have unsubscribed")
		if f, _ := e.db.NotificationFrequency(ctx, other); f != model.DigestNone {
			t.Errorf("after unsubscribing Ann hears %q", f)
		}
		e.clock.Advance(26 * time.Hour)
		e.publish("hackney", "Open data") // nothing Ann follows
		organiser, err := e.db.GrantRole(ctx, model.Actor{Label: "cli"}, "events@adur-worthing.gov.uk", model.RoleOrgAdmin)
		if err != nil {
			t.Fatal(err)
		}
		ev := &model.Event{OrganisationID: e.org("adur").ID, Audience: model.AudienceDoers, Format: model.FormatOnline,
			Title: "Adur open day", Description: "Meet the digital team.", JoiningLink: joinLink,
			StartsAt: eventStart, EndsAt: eventStart.Add(time.Hour), Capacity: 5, BookingDeadline: eventStart}
		if err := e.db.CreateEvent(ctx, model.Actor{UserID: organiser.ID, Label: organiser.Email}, ev); err != nil {
			t.Fatal(err)
		}
		before := len(e.emailsTo("ann@adur-worthing.gov.uk"))
		if _, err := srv.SendDigests(ctx, e.clock.Now().Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if after := len(e.emailsTo("ann@adur-worthing.gov.uk")); after != before {
			t.Errorf("Ann got %d follow emails after unsubscribing", after-before)
		}
		if !strings.Contains(e.lastEmail("bob@adur-worthing.gov.uk").Body, "Adur open day") {
			t.Errorf("Bob, still subscribed, did not hear of Adur's event")
		}
	})

	t.Run("follows are in the personal data download", func(t *testing.T) {
		wantBody(t, ann.get("/account/data"), `"following"`, `"kind": "organisation"`, `"emails_about_what_you_follow": "none"`)
	})
}

// flip changes a token's character to another the token alphabet holds.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
