package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

var eventsNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const secretLink = "https://meet.example.com/secret-room"

// newEventsFixture adds to the register fixture four Adur events: one past, two
// upcoming (one with a hostile title) and one cancelled, with bookings from Adur and
// Cardiff, and attendance marked on the past one.
func newEventsFixture(t *testing.T) (*fixture, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	clock := eventsNow.Add(-30 * 24 * time.Hour)
	f.db.Now = func() time.Time { return clock }
	team, err := f.db.GrantRole(ctx, testActor, "team@communities.gov.uk", model.RolePlatformAdmin)
	if err != nil {
		t.Fatal(err)
	}
	organiser := model.Actor{UserID: team.ID, Label: team.Email}
	for code, domain := range map[string]string{"ADU": "adur-worthing.gov.uk", "CRF": "cardiff.gov.uk"} {
		if err := f.db.SetOrganisationDomains(ctx, testActor, f.orgs[code].ID, []string{domain}); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	add := func(name, title, audience, format string, start time.Time, capacity int) {
		e := &model.Event{OrganisationID: f.orgs["ADU"].ID, Audience: audience, Format: format, Title: title,
			Description: "About " + title, StartsAt: start, EndsAt: start.Add(90 * time.Minute), Capacity: capacity,
			BookingDeadline: start}
		if name == "later" {
			e.Language = model.LanguageWelsh // written in Welsh
		}
		if format == model.FormatInPerson {
			e.Address = "Shoreham Centre, Pond Road"
		} else {
			e.JoiningLink = secretLink
		}
		if err := f.db.CreateEvent(ctx, organiser, e); err != nil {
			t.Fatalf("CreateEvent %s: %v", title, err)
		}
		ids[name] = e.ID
	}
	add("past", "Agile for leaders", model.AudienceLeaders, model.FormatInPerson, eventsNow.Add(-7*24*time.Hour), 10)
	add("soon", "Introduction to user research", model.AudienceDoers, model.FormatOnline, eventsNow.Add(24*time.Hour), 2)
	add("later", "=HYPERLINK(\"https://evil.example\") training", model.AudienceEveryone, model.FormatOnline, eventsNow.Add(48*time.Hour), 5)
	add("gone", "Cancelled course", model.AudienceDoers, model.FormatELearning, eventsNow.Add(72*time.Hour), 5)
	people := []string{"ann@adur-worthing.gov.uk", "bob@adur-worthing.gov.uk", "cat@cardiff.gov.uk"}
	for i, email := range people {
		u, err := f.db.GrantRole(ctx, testActor, email, model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		who := model.Actor{UserID: u.ID, Label: email}
		for _, ev := range []string{"past", "soon"} {
			if _, err := f.db.BookEvent(ctx, who, ids[ev], nil); err != nil {
				t.Fatalf("book %s on %s: %v", email, ev, err)
			}
		}
		if i == 0 {
			if _, err := f.db.BookEvent(ctx, who, ids["gone"], nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := f.db.CancelEvent(ctx, organiser, ids["gone"], "", nil); err != nil {
		t.Fatal(err)
	}
	clock = eventsNow.Add(-7*24*time.Hour + time.Hour)
	past, _ := f.db.EventBookings(ctx, ids["past"])
	if err := f.db.MarkAttendance(ctx, organiser, ids["past"], []int64{past[0].ID, past[2].ID}); err != nil {
		t.Fatal(err)
	}
	clock = eventsNow
	return f, ids
}

type eventJSON struct {
	ID              int64  `json:"id"`
	Title           string `json:"title"`
	Description     string `json:"description"`
	Language        string `json:"language"`
	Audience        string `json:"audience"`
	Format          string `json:"format"`
	StartsAt        string `json:"starts_at"`
	EndsAt          string `json:"ends_at"`
	BookingDeadline string `json:"booking_deadline"`
	Address         string `json:"address"`
	Capacity        int    `json:"capacity"`
	Booked          int    `json:"booked"`
	Waiting         int    `json:"waiting"`
	Attended        int    `json:"attended"`
	PlacesLeft      int    `json:"places_left"`
	Cancelled       bool   `json:"cancelled"`
	Organiser       struct {
		Name string `json:"name"`
		Slug string `json:"slug"`
		URL  string `json:"url"`
	} `json:"organiser"`
	URL string `json:"url"`
}

type eventPageJSON struct {
	Total   int         `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
	Data    []eventJSON `json:"data"`
	Links   linksOut    `json:"links"`
}

func eventTitles(p eventPageJSON) []string {
	var out []string
	for _, e := range p.Data {
		out = append(out, e.Title)
	}
	return out
}

func TestEventsJSON(t *testing.T) {
	f, ids := newEventsFixture(t)
	w := f.get(t, "/api/v1/events")
	checkHeaders(t, w, 200, jsonType)
	body := w.Body.String()
	for _, secret := range []string{secretLink, "meet.example", "ann@", "adur-worthing.gov.uk\"", "cardiff.gov.uk\""} {
		if strings.Contains(body, secret) {
			t.Errorf("open data holds %q: joining links and people are never published", secret)
		}
	}
	p := decode[eventPageJSON](t, w)
	want := []string{"Introduction to user research", "=HYPERLINK(\"https://evil.example\") training", "Cancelled course"}
	if got := eventTitles(p); !reflect.DeepEqual(got, want) || p.Total != 3 || p.PerPage != 3 {
		t.Fatalf("upcoming = %q (total %d, per_page %d), want %q", got, p.Total, p.PerPage, want)
	}
	soon := p.Data[0]
	if soon.ID != ids["soon"] || soon.StartsAt != "2026-03-03T09:00:00Z" || soon.EndsAt != "2026-03-03T10:30:00Z" ||
		soon.Capacity != 2 || soon.Booked != 2 || soon.Waiting != 1 || soon.PlacesLeft != 0 || soon.Cancelled ||
		soon.Organiser.Slug != "adur-district-council" || soon.URL != fmt.Sprintf("%s/events/%d", testBase, ids["soon"]) || soon.Address != "" {
		t.Errorf("soon = %+v", soon)
	}
	if !p.Data[2].Cancelled {
		t.Errorf("the cancelled event is not marked: %+v", p.Data[2])
	}
	if p.Links.CSV != testBase+"/api/v1/events.csv" || p.Links.Next != nil {
		t.Errorf("links = %+v", p.Links)
	}

	past := decode[eventPageJSON](t, f.get(t, "/api/v1/events?when=past"))
	if len(past.Data) != 1 || past.Data[0].Attended != 2 || past.Data[0].Booked != 3 || past.Data[0].Address == "" {
		t.Errorf("past = %+v", past.Data)
	}
	doers := decode[eventPageJSON](t, f.get(t, "/api/v1/events?audience=doers&when=all"))
	if got := eventTitles(doers); !reflect.DeepEqual(got, []string{"Introduction to user research", "Cancelled course"}) {
		t.Errorf("doers = %q", got)
	}
	paged := decode[eventPageJSON](t, f.get(t, "/api/v1/events?per_page=1&page=2"))
	if len(paged.Data) != 1 || paged.Links.Next == nil || paged.Links.Prev == nil ||
		*paged.Links.Next != testBase+"/api/v1/events?page=3&per_page=1" {
		t.Errorf("page 2 of 3: %+v", paged.Links)
	}
	for _, bad := range []string{"when=tomorrow", "audience=cats", "format=carrier-pigeon", "page=0", "per_page=x", "%zz"} {
		w := f.get(t, "/api/v1/events?"+bad)
		checkHeaders(t, w, 400, jsonType)
		if e := decode[errorOut](t, w); e.Error.Code != model.EINVALID || e.Error.Message == "" {
			t.Errorf("%s: error %+v", bad, e)
		}
	}
}

func TestEventsCSV(t *testing.T) {
	f, _ := newEventsFixture(t)
	w := f.get(t, "/api/v1/events.csv?when=all")
	checkHeaders(t, w, 200, "text/csv; charset=utf-8")
	if strings.Contains(w.Body.String(), secretLink) || strings.Contains(w.Body.String(), "@") {
		t.Error("the CSV holds a joining link or an email address")
	}
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], eventsCSVHeader) || len(rows) != 5 {
		t.Fatalf("header %q, %d rows", rows[0], len(rows))
	}
	past := rows[1]
	if past[1] != "Agile for leaders" || past[4] != "2026-02-23T09:00:00Z" || past[7] != "Shoreham Centre, Pond Road" ||
		past[9] != "3" || past[11] != "2" || past[13] != "false" || past[14] != "Adur District Council" {
		t.Errorf("past row = %q", past)
	}
	if rows[3][1] != `'=HYPERLINK("https://evil.example") training` {
		t.Errorf("a formula title is not made safe: %q", rows[3][1])
	}
}

type takeUpJSON struct {
	Total int `json:"total"`
	Data  []struct {
		Organisation struct {
			Name    string `json:"name"`
			Slug    string `json:"slug"`
			GSSCode string `json:"gss_code"`
			URL     string `json:"url"`
		} `json:"organisation"`
		Booked     int `json:"booked"`
		Attended   int `json:"attended"`
		ByAudience map[string]struct {
			Booked   int `json:"booked"`
			Attended int `json:"attended"`
		} `json:"by_audience"`
	} `json:"data"`
}

func TestEventsTakeUp(t *testing.T) {
	f, _ := newEventsFixture(t)
	w := f.get(t, "/api/v1/events/take-up")
	checkHeaders(t, w, 200, jsonType)
	if strings.Contains(w.Body.String(), "@") {
		t.Error("take-up holds an email address")
	}
	p := decode[takeUpJSON](t, w)
	var got []string
	for _, o := range p.Data {
		got = append(got, fmt.Sprintf("%s %d/%d leaders %d/%d doers %d/%d everyone %d/%d", o.Organisation.Slug,
			o.Booked, o.Attended, o.ByAudience["leaders"].Booked, o.ByAudience["leaders"].Attended,
			o.ByAudience["doers"].Booked, o.ByAudience["doers"].Attended, o.ByAudience["everyone"].Booked,
			o.ByAudience["everyone"].Attended))
	}
	// Adur: Ann and Bob booked the leaders' and doers' events; Ann came to the leaders'
	// one. Cardiff: Cat booked both (waiting on the doers' one, which does not count) and came.
	want := []string{"adur-district-council 2/1 leaders 2/1 doers 2/0 everyone 0/0", "city-of-cardiff-council 1/1 leaders 1/1 doers 0/0 everyone 0/0"}
	if !reflect.DeepEqual(got, want) || p.Total != 2 {
		t.Errorf("take-up = %q, want %q", got, want)
	}
	one := decode[takeUpJSON](t, f.get(t, "/api/v1/events/take-up?organisation=fife-council"))
	if len(one.Data) != 1 || one.Data[0].Booked != 0 || len(one.Data[0].ByAudience) != 3 || one.Data[0].Organisation.GSSCode != "S12000047" {
		t.Errorf("Fife = %+v", one)
	}
	w = f.get(t, "/api/v1/events/take-up?organisation=atlantis")
	checkHeaders(t, w, 400, jsonType)
}

// The events' schemas describe every field of a real response, and no more.
func TestOpenAPIDescribesEvents(t *testing.T) {
	f, _ := newEventsFixture(t)
	doc := served(t)
	var events struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	json.Unmarshal(f.get(t, "/api/v1/events").Body.Bytes(), &events)
	want := properties(doc, doc.Components.Schemas["Event"])
	for _, row := range events.Data {
		if got := keys(row); !reflect.DeepEqual(got, want) {
			t.Errorf("event fields %q, described %q", got, want)
		}
	}
	var takeUp struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	json.Unmarshal(f.get(t, "/api/v1/events/take-up").Body.Bytes(), &takeUp)
	want = properties(doc, doc.Components.Schemas["EventTakeUp"])
	for _, row := range takeUp.Data {
		if got := keys(row); !reflect.DeepEqual(got, want) {
			t.Errorf("take-up fields %q, described %q", got, want)
		}
	}
	audiences := resolve(doc, doc.Components.Schemas["EventAudience"]).Enum
	formats := resolve(doc, doc.Components.Schemas["EventFormat"]).Enum
	if !reflect.DeepEqual(audiences, model.Audiences) || !reflect.DeepEqual(formats, model.Formats) {
		t.Errorf("enums %q and %q, want %q and %q", audiences, formats, model.Audiences, model.Formats)
	}
}
