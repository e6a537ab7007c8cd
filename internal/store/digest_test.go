package store

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

func TestDigestPeriods(t *testing.T) {
	utc := at
	for _, tt := range []struct{ f, at, end, start string }{
		// Tuesday 5 January 2027, GMT: the daily period ends at 8am that day.
		{model.DigestDaily, "2027-01-05T08:30:00Z", "2027-01-05T08:00:00Z", "2027-01-04T08:00:00Z"},
		// Before 8am, the day before's.
		{model.DigestDaily, "2027-01-05T07:59:59Z", "2027-01-04T08:00:00Z", "2027-01-03T08:00:00Z"},
		// Weekly: the latest Monday 8am.
		{model.DigestWeekly, "2027-01-07T12:00:00Z", "2027-01-04T08:00:00Z", "2026-12-28T08:00:00Z"},
		{model.DigestWeekly, "2027-01-04T08:00:00Z", "2027-01-04T08:00:00Z", "2026-12-28T08:00:00Z"},
		{model.DigestWeekly, "2027-01-04T07:00:00Z", "2026-12-28T08:00:00Z", "2026-12-21T08:00:00Z"},
		// Summer time: 8am BST is 7am UTC; the week across the change is an hour short.
		{model.DigestDaily, "2027-07-01T07:00:00Z", "2027-07-01T07:00:00Z", "2027-06-30T07:00:00Z"},
		{model.DigestWeekly, "2027-03-29T07:30:00Z", "2027-03-29T07:00:00Z", "2027-03-22T08:00:00Z"},
	} {
		end := model.DigestPeriodEnd(tt.f, utc(tt.at))
		if !end.Equal(utc(tt.end)) {
			t.Errorf("DigestPeriodEnd(%s, %s) = %s, want %s", tt.f, tt.at, end, tt.end)
		}
		if start := model.DigestPeriodStart(tt.f, end); !start.Equal(utc(tt.start)) {
			t.Errorf("DigestPeriodStart(%s, %s) = %s, want %s", tt.f, end, start, tt.start)
		}
	}
}

// digestWorld is two instances of one database: Hackney (signed) and Adur (not yet),
// household waste collection (524) and abandoned vehicles (372), a Hackney officer who
// publishes resources and people who follow things.
type digestWorld struct {
	db, other *DB
	clk       *testClock
	adur      *model.Organisation
	hackney   *model.Organisation
	officer   model.Actor
	mu        sync.Mutex
	got       []Digest
}

func newDigestWorld(t *testing.T) *digestWorld {
	t.Helper()
	url := testdb.URL(t, os.Getenv)
	clk := &testClock{t: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)}
	open := func() *DB {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		db.Now = clk.Now
		return db
	}
	w := &digestWorld{db: open(), other: open(), clk: clk}
	ctx := t.Context()
	if _, err := w.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ImportServices(ctx, admin, []model.Service{
		{Code: 524, Label: "Household waste collection"}, {Code: 372, Label: "Abandoned vehicles"}}); err != nil {
		t.Fatal(err)
	}
	w.hackney = createOrg(t, w.db, orgSpec("London Borough of Hackney", "LBO", "hackney.gov.uk"))
	w.adur = makeOrg(t, w.db, "Adur District Council", "adur-worthing.gov.uk")
	publish(t, w.db, clk, w.hackney.ID, clk.Now())
	w.officer = person(t, w.db, "officer@hackney.gov.uk")
	return w
}

// write is the digests' writer: it keeps each digest and words it simply.
func (w *digestWorld) write(d Digest) model.Email {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.got = append(w.got, d)
	return model.Email{To: d.Email, Kind: "follow_digest", Subject: "Digest", Body: "items", Unsubscribe: "https://example.test/unsubscribe/x"}
}

// take returns the digests written since the last call, each as "email: target: items".
func (w *digestWorld) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, d := range w.got {
		var groups []string
		for _, g := range d.Groups {
			var items []string
			for _, a := range g.Items {
				items = append(items, a.Kind+" "+a.Title)
			}
			groups = append(groups, g.Target.Title+" ["+strings.Join(items, ", ")+"]")
		}
		out = append(out, d.Email+": "+strings.Join(groups, "; "))
	}
	w.got = nil
	slices.Sort(out)
	return out
}

func (w *digestWorld) follow(t *testing.T, who model.Actor, ref model.FollowRef, title string) {
	t.Helper()
	if err := w.db.Follow(t.Context(), who, model.FollowTarget{FollowRef: ref, Title: title, Path: "/x"}); err != nil {
		t.Fatal(err)
	}
}

func (w *digestWorld) resource(t *testing.T, at time.Time, title string, service int) {
	t.Helper()
	w.clk.Set(at)
	r := &model.Resource{Type: "guidance", Title: title, Summary: "S", Link: "https://example.com", Licence: "OGL-UK-3.0",
		Organisations: []model.OrgRef{{ID: w.hackney.ID}}, Services: []model.Service{{Code: service}}}
	if err := w.db.PublishResource(t.Context(), w.officer, r, nil); err != nil {
		t.Fatal(err)
	}
}

func (w *digestWorld) send(t *testing.T, db *DB, f string, asOf string) int {
	t.Helper()
	n, err := db.SendDigests(t.Context(), f, at(asOf), w.write)
	if err != nil {
		t.Fatalf("SendDigests(%s, %s): %v", f, asOf, err)
	}
	return n
}

// at is a time written in RFC 3339.
func at(s string) time.Time {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return v
}

// TestDigests is the scenario and what surrounds it, on one database (and its
// second instance).
func TestDigests(t *testing.T) {
	w := newDigestWorld(t)
	ctx := t.Context()
	ann := person(t, w.db, "ann@adur-worthing.gov.uk")
	w.follow(t, ann, model.FollowRef{Kind: model.FollowOrganisation, ID: w.adur.ID}, "Adur District Council")
	w.follow(t, ann, model.FollowRef{Kind: model.FollowService, ID: 524}, "Household waste collection")
	if err := w.db.SetNotificationFrequency(ctx, ann, ann.UserID, model.DigestDaily); err != nil {
		t.Fatal(err)
	}

	t.Run("the daily digest has what touched what Ann follows, once", func(t *testing.T) {
		publish(t, w.db, w.clk, w.adur.ID, at("2027-01-05T10:00:00Z"))
		w.resource(t, at("2027-01-05T11:00:00Z"), "Bin collection app", 524)
		w.resource(t, at("2027-01-05T12:00:00Z"), "Abandoned vehicle reports", 372)
		if n := w.send(t, w.db, model.DigestDaily, "2027-01-06T08:00:00Z"); n != 1 {
			t.Errorf("queued %d emails, want 1", n)
		}
		want := []string{"ann@adur-worthing.gov.uk: Adur District Council [signature.published Adur District Council]; " +
			"Household waste collection [resource.published Bin collection app]"}
		if got := w.take(); !slices.Equal(got, want) {
			t.Errorf("digests =\n%q\nwant\n%q", got, want)
		}
		msgs, err := w.db.ListOutbox(ctx, 10)
		if err != nil || msgs[0].Email.Kind != "follow_digest" || msgs[0].Email.Unsubscribe == "" {
			t.Errorf("newest outbox row = %+v, %v; want the digest with its unsubscribe address", msgs[0], err)
		}
	})

	t.Run("a second run sends nothing", func(t *testing.T) {
		if n := w.send(t, w.db, model.DigestDaily, "2027-01-06T08:30:00Z"); n != 0 || len(w.take()) != 0 {
			t.Errorf("second run queued %d", n)
		}
	})

	t.Run("what happens after the run comes in the next digest, and nothing twice", func(t *testing.T) {
		w.resource(t, at("2027-01-06T09:00:00Z"), "Garden waste guide", 524)
		// Ann changes to weekly and back: her next digest still starts where the last ended.
		w.send(t, w.db, model.DigestDaily, "2027-01-07T08:05:00Z")
		want := []string{"ann@adur-worthing.gov.uk: Household waste collection [resource.published Garden waste guide]"}
		if got := w.take(); !slices.Equal(got, want) {
			t.Errorf("digests = %q, want %q", got, want)
		}
		if n := w.send(t, w.db, model.DigestDaily, "2027-01-08T08:05:00Z"); n != 0 {
			t.Errorf("a day with nothing sent %d emails", n)
		}
		w.take()
	})

	t.Run("two instances at once send one digest each", func(t *testing.T) {
		var people []model.Actor
		for i := range 30 {
			p := person(t, w.db, "p"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+"@adur-worthing.gov.uk")
			w.follow(t, p, model.FollowRef{Kind: model.FollowService, ID: 524}, "Household waste collection")
			people = append(people, p)
		}
		w.resource(t, at("2027-01-10T12:00:00Z"), "Recycling rounds", 524)
		old := digestBatch
		digestBatch = 4 // several batches, so the instances take turns
		defer func() { digestBatch = old }()
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i, db := range []*DB{w.db, w.other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := db.SendDigests(ctx, model.DigestWeekly, at("2027-01-11T08:00:00Z"), w.write)
				if err != nil {
					t.Errorf("instance %d: %v", i, err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		got := w.take()
		if len(got) != len(people) || counts[0]+counts[1] != len(people) || len(slices.Compact(got)) != len(people) {
			t.Errorf("%d digests (%d + %d queued) for %d people: %q", len(got), counts[0], counts[1], len(people), got)
		}
	})

	t.Run("a run cut off halfway is finished by the next, without repeats", func(t *testing.T) {
		w.resource(t, at("2027-01-12T12:00:00Z"), "Bulky waste booking", 524)
		old := digestBatch
		digestBatch = 4
		defer func() { digestBatch = old }()
		cut, cancel := context.WithCancel(ctx)
		calls := 0
		_, err := w.db.SendDigests(cut, model.DigestWeekly, at("2027-01-18T08:00:00Z"), func(d Digest) model.Email {
			calls++
			if calls == 6 { // in the second batch: its transaction never commits
				cancel()
			}
			return w.write(d)
		})
		cancel()
		if err == nil {
			t.Fatal("the cut-off run did not fail")
		}
		w.take()
		n := w.send(t, w.db, model.DigestWeekly, "2027-01-18T08:30:00Z")
		if n != 30-4 {
			t.Errorf("the next run queued %d, want %d (all but the first batch)", n, 30-4)
		}
		if got := w.take(); len(got) != 30-4 || len(slices.Compact(got)) != 30-4 {
			t.Errorf("the next run wrote %d digests", len(got))
		}
		var sent int
		if err := w.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind = 'follow_digest' AND subject = 'Digest' AND created_at >= $1`, at("2027-01-12T12:00:00Z")).Scan(&sent); err != nil || sent != 30 {
			t.Errorf("%d digests queued for the week (%v), want 30", sent, err)
		}
	})

	t.Run("as it happens: one email per item, within the minute", func(t *testing.T) {
		bob := person(t, w.db, "bob@adur-worthing.gov.uk")
		w.follow(t, bob, model.FollowRef{Kind: model.FollowOrganisation, ID: w.hackney.ID}, "Hackney")
		if err := w.db.SetNotificationFrequency(ctx, bob, bob.UserID, model.DigestImmediate); err != nil {
			t.Fatal(err)
		}
		w.resource(t, at("2027-01-20T10:00:00Z"), "Street lighting map", 372)
		w.resource(t, at("2027-01-20T10:00:30Z"), "Pothole reporting", 372)
		if n := w.send(t, w.db, model.DigestImmediate, "2027-01-20T10:01:00Z"); n != 2 {
			t.Errorf("queued %d, want 2", n)
		}
		if n := w.send(t, w.db, model.DigestImmediate, "2027-01-20T10:02:00Z"); n != 0 {
			t.Errorf("the next minute queued %d again", n)
		}
		// The officer made them: he hears nothing of his own work.
		if got := w.take(); len(got) != 2 || !strings.HasPrefix(got[0], "bob@") {
			t.Errorf("digests = %q", got)
		}
	})

	t.Run("none, and follows go with the account", func(t *testing.T) {
		if err := w.db.SetNotificationFrequency(ctx, ann, ann.UserID, model.DigestNone); err != nil {
			t.Fatal(err)
		}
		w.resource(t, at("2027-01-20T12:00:00Z"), "Food waste caddies", 524)
		w.send(t, w.db, model.DigestDaily, "2027-01-21T08:00:00Z")
		for _, d := range w.take() {
			if strings.HasPrefix(d, "ann@") {
				t.Errorf("Ann chose none, got %s", d)
			}
		}
		data, err := w.db.UserData(ctx, ann.UserID)
		if err != nil || len(data.Follows) != 2 || data.Hearing != model.DigestNone {
			t.Fatalf("user data follows = %+v, hearing %q, %v", data.Follows, data.Hearing, err)
		}
		if err := w.db.DeleteUser(ctx, ann.UserID); err != nil {
			t.Fatal(err)
		}
		var n int
		for _, table := range []string{"follows", "notification_preferences", "digest_runs"} {
			if err := w.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE user_id = $1`, ann.UserID).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s keeps %d rows of the deleted account (%v)", table, n, err)
			}
		}
	})
}
