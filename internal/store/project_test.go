package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/testdb"
)

// projectNotify writes "to kind" emails, so that tests can read who was told what.
func projectNotify(n ProjectNotice) []model.Email {
	return []model.Email{{To: n.To, Kind: "project_" + n.Kind, Subject: n.Kind + ": " + n.Project.Title, Body: "project"}}
}

// projectMail lists "to kind" for every queued project email, oldest first.
func projectMail(t *testing.T, db *DB) []string {
	t.Helper()
	msgs, err := db.ListOutbox(t.Context(), 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range slices.Backward(msgs) {
		if strings.HasPrefix(m.Email.Kind, "project_") {
			out = append(out, m.Email.To+" "+strings.TrimPrefix(m.Email.Kind, "project_"))
		}
	}
	return out
}

func newProject(title string) *model.Project {
	return &model.Project{Title: title, Summary: "s", Problem: "p", Users: "u", Phase: model.PhaseDiscovery,
		Collaboration: "seeking-partners", Funding: "unknown", Language: "en",
		StartsOn: date(2024, time.April, 1), EndsOn: date(2025, time.March, 31),
		Principles: []int{1}, Services: []model.Service{{Code: 524}}}
}

func member(t testing.TB, db *DB, email string) model.Actor {
	t.Helper()
	u, err := db.GrantRole(t.Context(), admin, email, model.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	return model.Actor{UserID: u.ID, Label: email}
}

// projectWorld is caseStudyWorld (services; Hackney and Camden signed, Adur not) on a
// database a second instance can open too (second).
func projectWorld(t *testing.T) (w *caseStudyWorld, second func() *DB) {
	t.Helper()
	url := testdb.URL(t, os.Getenv)
	open := func() *DB {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := open()
	clk := &testClock{t: t0}
	db.Now = clk.Now
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	w = caseStudyWorldOn(t, db, clk)
	return w, func() *DB {
		d := open()
		d.Now = clk.Now
		return d
	}
}

// TestProjects runs a project through its life on one database: added by a member of
// its lead, changed only by the lead, listed with its filters, joined, updated, and
// reminded about once when it goes quiet, even with two instances.
func TestProjects(t *testing.T) {
	w, second := projectWorld(t)
	db, ctx := w.db, t.Context()
	adurMember := member(t, db, "officer@adur-worthing.gov.uk")

	p := newProject("Missed bins")
	p.Links = []model.CaseStudyLink{{Title: "Guide", URL: "/resources/7", ResourceID: 7}}
	t.Run("add", func(t *testing.T) {
		if err := db.CreateProject(ctx, w.camdenAct, w.hackney.ID, newProject("Not yours")); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("a Camden member adding for Hackney: %v", err)
		}
		bad := newProject("Bad service")
		bad.Services = []model.Service{{Code: 999999}}
		var fe *model.FieldErrors
		if err := db.CreateProject(ctx, w.writerActor, w.hackney.ID, bad); !errors.As(err, &fe) || !fe.Has("services") {
			t.Fatalf("an unknown service: %v", err)
		}
		// Adur has not signed: any member of an organisation on the platform may add one.
		if err := db.CreateProject(ctx, adurMember, w.adur.ID, newProject("Adur's")); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateProject(ctx, w.writerActor, w.hackney.ID, p); err != nil {
			t.Fatal(err)
		}
		got, err := db.Project(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Lead().ID != w.hackney.ID || got.Services[0].Label != "Household waste collection" ||
			len(got.Links) != 1 || got.Links[0].ResourceID != 7 || !got.StartsOn.Equal(p.StartsOn) || got.LastUpdateAt.IsZero() {
			t.Errorf("read back %+v", got)
		}
	})
	t.Run("edit by the lead only", func(t *testing.T) {
		change := newProject("Missed bins, again")
		change.ID = p.ID
		if err := db.UpdateProject(ctx, w.camdenAct, change); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("Camden editing Hackney's: %v", err)
		}
		if err := db.UpdateProject(ctx, w.writerActor, change); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Project(ctx, p.ID); got.Title != "Missed bins, again" || len(got.Links) != 0 || got.Lead().ID != w.hackney.ID {
			t.Errorf("after the edit: %+v", got)
		}
	})
	var req *model.ProjectJoinRequest
	t.Run("join", func(t *testing.T) {
		var err error
		if _, err = db.AskToJoin(ctx, w.writerActor, p.ID, w.hackney.ID, "hi", projectNotify); err != ErrJoinOwnProject {
			t.Errorf("the lead's member asking: %v", err)
		}
		if _, err = db.AskToJoin(ctx, w.camdenAct, p.ID, w.adur.ID, "hi", projectNotify); err != errJoinNotMemberOf {
			t.Errorf("asking for another organisation: %v", err)
		}
		if req, err = db.AskToJoin(ctx, w.camdenAct, p.ID, w.camden.ID, "We do bins too", projectNotify); err != nil {
			t.Fatal(err)
		}
		if _, err = db.AskToJoin(ctx, w.camdenAct, p.ID, w.camden.ID, "again", projectNotify); err != ErrJoinPending {
			t.Errorf("asking twice: %v", err)
		}
		if _, err = db.DecideJoin(ctx, w.camdenAct, p.ID, req.ID, true, projectNotify); err != ErrNotProjectLead {
			t.Errorf("approval by an outsider: %v", err)
		}
		if _, err = db.DecideJoin(ctx, w.writerActor, p.ID, req.ID, true, projectNotify); err != nil {
			t.Fatal(err)
		}
		if _, err = db.DecideJoin(ctx, w.writerActor, p.ID, req.ID, false, projectNotify); err != ErrJoinNotPending {
			t.Errorf("deciding twice: %v", err)
		}
		got, _ := db.Project(ctx, p.ID)
		if len(got.Partners()) != 1 || got.Partners()[0].ID != w.camden.ID {
			t.Errorf("partners %+v", got.Partners())
		}
		if _, err = db.AskToJoin(ctx, w.camdenAct, p.ID, w.camden.ID, "again", projectNotify); err != ErrJoinAlready {
			t.Errorf("a partner asking: %v", err)
		}
		wantStrings(t, "emails", projectMail(t, db), []string{"writer@hackney.gov.uk join_asked", "someone@camden.gov.uk join_approved"})
		for _, org := range []int64{w.hackney.ID, w.camden.ID} {
			list, _ := db.ProjectsByOrganisation(ctx, org)
			if len(list) != 1 || list[0].ID != p.ID {
				t.Errorf("organisation %d's projects: %v", org, list)
			}
		}
		if a := auditActions(t, db); !slices.Contains(a, "project.join_approved") || !slices.Contains(a, "project.join_asked") {
			t.Errorf("audit %v", a)
		}
	})
	t.Run("a retired project takes no one", func(t *testing.T) {
		retired := newProject("Old")
		retired.Phase = model.PhaseRetired
		if err := db.CreateProject(ctx, w.writerActor, w.hackney.ID, retired); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AskToJoin(ctx, adurMember, retired.ID, w.adur.ID, "hi", nil); err != ErrJoinRetired {
			t.Errorf("joining a retired project: %v", err)
		}
	})
	t.Run("updates", func(t *testing.T) {
		u := &model.ProjectUpdate{ProjectID: p.ID, Body: "We **shipped**. <script>x</script>"}
		if err := db.PostProjectUpdate(ctx, adurMember, w.adur.ID, u); err != ErrNotProjectMember {
			t.Errorf("an outsider posting: %v", err)
		}
		w.clk.Advance(time.Hour)
		if err := db.PostProjectUpdate(ctx, w.camdenAct, w.camden.ID, u); err != nil {
			t.Fatal(err)
		}
		list, err := db.ProjectUpdates(ctx, p.ID, 10)
		if err != nil || len(list) != 1 || !strings.Contains(list[0].HTML, "<strong>shipped</strong>") ||
			strings.Contains(list[0].HTML, "<script") || list[0].Organisation.ID != w.camden.ID || list[0].AuthorEmail != "someone@camden.gov.uk" {
			t.Fatalf("updates %v %+v", err, list)
		}
		got, _ := db.Project(ctx, p.ID)
		if !got.LastUpdateAt.Equal(w.clk.Now()) {
			t.Errorf("last update %s", got.LastUpdateAt)
		}
	})
	t.Run("list", func(t *testing.T) {
		ids := func(q model.ProjectQuery) []string {
			t.Helper()
			if q.PerPage == 0 {
				q.Page, q.PerPage = 1, 20
			}
			list, total, err := db.ListProjects(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range list {
				out = append(out, p.Title)
			}
			if total != len(out) {
				t.Errorf("total %d for %d rows", total, len(out))
			}
			return out
		}
		wantStrings(t, "all", ids(model.ProjectQuery{}), []string{"Missed bins, again", "Old", "Adur's"})
		wantStrings(t, "newest", ids(model.ProjectQuery{Sort: model.SortNewest}), []string{"Old", "Missed bins, again", "Adur's"})
		wantStrings(t, "search", ids(model.ProjectQuery{Q: "bins"}), []string{"Missed bins, again"})
		wantStrings(t, "phase", ids(model.ProjectQuery{Phase: model.PhaseRetired}), []string{"Old"})
		wantStrings(t, "partner", ids(model.ProjectQuery{Organisation: w.camden.Slug}), []string{"Missed bins, again"})
		wantStrings(t, "service", ids(model.ProjectQuery{Service: 372}), nil)
		wantStrings(t, "since", ids(model.ProjectQuery{UpdatedSince: w.clk.Now().Add(-time.Minute)}), []string{"Missed bins, again"})
		counts, err := db.CountProjectsByPhase(ctx, model.ProjectQuery{})
		if err != nil || counts[model.PhaseDiscovery] != 2 || counts[model.PhaseRetired] != 1 {
			t.Errorf("by phase %v %v", counts, err)
		}
		// 120 days on, the projects not updated are dormant and hidden unless asked for.
		w.clk.Set(t0.Add(model.ProjectDormantAfter + 30*time.Minute)) // Adur's was added at t0; the update was at t0 + 1h
		wantStrings(t, "dormant hidden", ids(model.ProjectQuery{}), []string{"Missed bins, again", "Old"})
		wantStrings(t, "dormant asked for", ids(model.ProjectQuery{Dormant: true}), []string{"Missed bins, again", "Old", "Adur's"})
		w.clk.Set(t0.Add(time.Hour))
	})
	t.Run("activity", func(t *testing.T) {
		// What each project's activity items are, oldest first, and what "a project like
		// yours" touches: the other projects on a shared service.
		items := map[int64][]string{}
		err := eachRow(ctx, db.read, `SELECT object_id, kind FROM activity_items WHERE object_kind = 'project' ORDER BY id`, nil,
			func(rows *sql.Rows) error {
				var id int64
				var kind string
				err := rows.Scan(&id, &kind)
				items[id] = append(items[id], kind)
				return err
			})
		if err != nil {
			t.Fatal(err)
		}
		wantStrings(t, "Missed bins' activity", items[p.ID], []string{model.ActivityProjectAdded, model.ActivityProjectLikeYours,
			model.ActivityProjectPartnerJoined, model.ActivityProjectUpdatePosted})
		var like []int64
		err = eachRow(ctx, db.read, `SELECT t.target_id FROM activity_targets t JOIN activity_items a ON a.id = t.activity_id
WHERE a.object_id = $1 AND a.kind = $2 AND t.target_kind = 'project' AND t.target_id <> a.object_id`,
			[]any{p.ID, model.ActivityProjectLikeYours}, func(rows *sql.Rows) error {
				var id int64
				like = append(like, id)
				return rows.Scan(&like[len(like)-1])
			})
		if err != nil || len(like) != 1 { // Adur's, on the same service
			t.Errorf("a project like yours touches %v (%v)", like, err)
		}
	})
	t.Run("gone quiet once, with two instances", func(t *testing.T) {
		db2 := second()
		before := len(projectMail(t, db))
		remind := func() int {
			var wg sync.WaitGroup
			var mu sync.Mutex
			total := 0
			for _, d := range []*DB{db, db2} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := d.SendProjectReminders(context.Background(), projectNotify)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					total += n
					mu.Unlock()
				}()
			}
			wg.Wait()
			return total
		}
		w.clk.Set(t0.Add(model.ProjectReminderAfter - time.Minute))
		if n := remind(); n != 0 {
			t.Errorf("a minute early: %d", n)
		}
		w.clk.Set(t0.Add(time.Hour + model.ProjectReminderAfter))
		if n := remind(); n != 2 { // Adur's and Missed bins; Old is retired
			t.Errorf("at 60 days: %d reminders", n)
		}
		if n := remind(); n != 0 {
			t.Errorf("again: %d", n)
		}
		got := projectMail(t, db)[before:]
		slices.Sort(got)
		wantStrings(t, "reminders", got, []string{"officer@adur-worthing.gov.uk gone_quiet", "writer@hackney.gov.uk gone_quiet"})
		v1, _ := db.DataVersion(ctx)
		since := w.clk.Now()
		w.clk.Set(t0.Add(model.ProjectDormantAfter + time.Minute))
		if _, err := db.PassProjectDormancy(ctx, since); err != nil {
			t.Fatal(err)
		}
		if v2, _ := db.DataVersion(ctx); v2 == v1 {
			t.Error("a project became dormant and the data version stayed")
		}
	})
}

// TestProjectJoinRequestsAtOnce sends 50 requests from 50 organisations at the same time:
// 50 are pending, with no duplicates, and a second round is refused for each.
func TestProjectJoinRequestsAtOnce(t *testing.T) {
	w := newCaseStudyWorld(t)
	db, ctx := w.db, t.Context()
	p := newProject("Shared")
	if err := db.CreateProject(ctx, w.writerActor, w.hackney.ID, p); err != nil {
		t.Fatal(err)
	}
	const n = 50
	type asker struct {
		org   int64
		actor model.Actor
	}
	askers := make([]asker, n)
	for i := range askers {
		domain := fmt.Sprintf("council%02d.gov.uk", i)
		o := makeOrg(t, db, fmt.Sprintf("Council %02d", i), domain)
		askers[i] = asker{o.ID, member(t, db, "officer@"+domain)}
	}
	round := func() (ok, pending int) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, a := range askers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.AskToJoin(context.Background(), a.actor, p.ID, a.org, "May we join?", nil)
				mu.Lock()
				defer mu.Unlock()
				switch err {
				case nil:
					ok++
				case ErrJoinPending:
					pending++
				default:
					t.Errorf("ask: %v", err)
				}
			}()
		}
		wg.Wait()
		return ok, pending
	}
	if ok, _ := round(); ok != n {
		t.Errorf("%d of %d asked", ok, n)
	}
	if ok, pending := round(); ok != 0 || pending != n {
		t.Errorf("second round: %d asked, %d refused as pending", ok, pending)
	}
	list, err := db.PendingJoinRequests(ctx, p.ID)
	if err != nil || len(list) != n {
		t.Fatalf("%d pending, %v", len(list), err)
	}
	seen := map[int64]bool{}
	for _, r := range list {
		if seen[r.Organisation.ID] {
			t.Errorf("organisation %d twice", r.Organisation.ID)
		}
		seen[r.Organisation.ID] = true
	}
	if _, err := db.DecideJoin(ctx, askers[0].actor, p.ID, list[0].ID, true, nil); err != ErrNotProjectLead {
		t.Errorf("approval by an outsider: %v", err)
	}
}
