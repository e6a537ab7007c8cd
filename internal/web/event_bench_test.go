package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// benchEvents serves 200 upcoming events and 50 past ones, run by four organisations,
// with 30 bookings on each of the first 20.
func benchEvents(b *testing.B) (http.Handler, int64) {
	b.Helper()
	e := newEnv(b)
	ctx := context.Background()
	u, err := e.db.GrantRole(ctx, model.Actor{Label: "bench"}, "team@communities.gov.uk", model.RolePlatformAdmin)
	if err != nil {
		b.Fatal(err)
	}
	team := model.Actor{UserID: u.ID, Label: u.Email}
	var people []model.Actor
	for i := range 30 {
		p, err := e.db.GrantRole(ctx, model.Actor{Label: "bench"}, fmt.Sprintf("p%02d@hackney.gov.uk", i), model.RoleMember)
		if err != nil {
			b.Fatal(err)
		}
		people = append(people, model.Actor{UserID: p.ID, Label: p.Email})
	}
	orgs := []string{"hackney", "adur", "hammersmith-and-fulham", "mhclg"}
	var first int64
	for i := range 250 {
		start := t0.Add(time.Duration(i-50)*6*time.Hour + time.Hour)
		ev := &model.Event{OrganisationID: e.org(orgs[i%4]).ID, Audience: model.Audiences[i%3], Format: model.Formats[i%3],
			Title:       fmt.Sprintf("Event number %d: user research, service design & agile", i),
			Description: "A practical session for councils.", JoiningLink: "https://meet.example.com/x",
			Address: "Town Hall", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 25, BookingDeadline: start}
		if err := e.db.CreateEvent(ctx, team, ev); err != nil {
			b.Fatal(err)
		}
		if i == 50 {
			first = ev.ID
		}
		if i >= 50 && i < 70 {
			for _, p := range people {
				if _, err := e.db.BookEvent(ctx, p, ev.ID, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	return e.srv.Config.Handler, first
}

func benchGet(b *testing.B, h http.Handler, path string, header ...string) {
	b.Helper()
	req := func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		return r
	}
	check := httptest.NewRecorder()
	h.ServeHTTP(check, req())
	if check.Code != http.StatusOK {
		b.Fatalf("GET %s: %d\n%s", path, check.Code, check.Body)
	}
	b.SetBytes(int64(check.Body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req())
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
}

// BenchmarkEventsPage is the list of upcoming events as most visitors get it: from the
// page cache.
func BenchmarkEventsPage(b *testing.B) {
	h, _ := benchEvents(b)
	benchGet(b, h, "/events")
}

// BenchmarkEventsPageUncached renders the list every time, as for people signed in (any
// cookie turns the cache off).
func BenchmarkEventsPageUncached(b *testing.B) {
	h, _ := benchEvents(b)
	benchGet(b, h, "/events", "Cookie", "ld_other=1")
}

// BenchmarkEventPageUncached renders one event with 25 places and 5 waiting.
func BenchmarkEventPageUncached(b *testing.B) {
	h, id := benchEvents(b)
	benchGet(b, h, fmt.Sprintf("/events/%d", id), "Cookie", "ld_other=1")
}
