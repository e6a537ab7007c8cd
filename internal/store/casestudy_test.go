package store

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// caseStudyWorld is a database with services, Hackney signed (with a member who writes
// case studies), Camden signed and Adur not signed.
type caseStudyWorld struct {
	db                     *DB
	clk                    *testClock
	hackney, camden, adur  *model.Organisation
	writer, camdenMember   *model.User
	writerActor, camdenAct model.Actor
}

func newCaseStudyWorld(t *testing.T) *caseStudyWorld {
	t.Helper()
	db, clk := newTestDB(t)
	return caseStudyWorldOn(t, db, clk)
}

// caseStudyWorldOn builds the world on a migrated database.
func caseStudyWorldOn(t *testing.T, db *DB, clk *testClock) *caseStudyWorld {
	t.Helper()
	ctx := t.Context()
	if _, err := db.ImportServices(ctx, admin, []model.Service{
		{Code: 524, Label: "Household waste collection"},
		{Code: 372, Label: "Abandoned vehicles"},
		{Code: 57, Label: "Council tax annual notification"},
	}); err != nil {
		t.Fatalf("ImportServices: %v", err)
	}
	w := &caseStudyWorld{db: db, clk: clk}
	w.hackney = createOrg(t, db, orgSpec("London Borough of Hackney", "LBO", "hackney.gov.uk"))
	w.camden = createOrg(t, db, orgSpec("London Borough of Camden", "LBO", "camden.gov.uk"))
	w.adur = makeOrg(t, db, "Adur District Council", "adur-worthing.gov.uk")
	publish(t, db, clk, w.hackney.ID, date(2019, time.March, 1))
	publish(t, db, clk, w.camden.ID, date(2020, time.March, 1))
	var err error
	if w.writer, err = db.GrantRole(ctx, admin, "writer@hackney.gov.uk", model.RoleMember); err != nil {
		t.Fatal(err)
	}
	if w.camdenMember, err = db.GrantRole(ctx, admin, "someone@camden.gov.uk", model.RoleMember); err != nil {
		t.Fatal(err)
	}
	w.writerActor = model.Actor{UserID: w.writer.ID, Label: w.writer.Email}
	w.camdenAct = model.Actor{UserID: w.camdenMember.ID, Label: w.camdenMember.Email}
	clk.Set(t0)
	return w
}

// caseStudy returns a valid case study by org with partners.
func newCaseStudy(title string, org *model.Organisation, partners ...*model.Organisation) *model.CaseStudy {
	cs := &model.CaseStudy{
		Title:      title,
		Summary:    "How " + title + " went.",
		Problem:    "Residents phoned us **every day** about missed bins.",
		Approach:   "We built a service:\n\n1. discovery\n2. alpha",
		Outcomes:   "Calls fell by 40% in six months.",
		Lessons:    "Start with user research.",
		Principles: []int{1, 4},
		Services:   []model.Service{{Code: 524}},
		Links:      []model.CaseStudyLink{{Title: "Business case", URL: "/resources/12", ResourceID: 12}, {URL: "https://example.org/report"}},
	}
	cs.Organisations = append(cs.Organisations, model.OrgRef{ID: org.ID})
	for _, p := range partners {
		cs.Organisations = append(cs.Organisations, model.OrgRef{ID: p.ID})
	}
	return cs
}

func (w *caseStudyWorld) create(t *testing.T, cs *model.CaseStudy) *model.CaseStudy {
	t.Helper()
	if err := w.db.CreateCaseStudy(t.Context(), w.writerActor, cs); err != nil {
		t.Fatalf("CreateCaseStudy %q: %v", cs.Title, err)
	}
	return cs
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	n, err := db.count(t.Context(), table)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCaseStudyCreateAndRead(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	v0, _ := w.db.DataVersion(ctx)
	cs := w.create(t, newCaseStudy("Missed bins", w.hackney, w.camden))
	if cs.ID == 0 {
		t.Fatal("no id")
	}
	got, err := w.db.CaseStudy(ctx, cs.ID)
	if err != nil {
		t.Fatalf("CaseStudy: %v", err)
	}
	if got.Title != "Missed bins" || got.Summary != "How Missed bins went." || got.Outcomes != "Calls fell by 40% in six months." {
		t.Errorf("read back %+v", got)
	}
	if !got.CreatedAt.Equal(t0) || got.CreatedBy != w.writer.ID || got.Hidden {
		t.Errorf("created %v by %d hidden %v", got.CreatedAt, got.CreatedBy, got.Hidden)
	}
	if len(got.Organisations) != 2 || got.Organisations[0].Slug != w.hackney.Slug || got.Organisations[1].Name != "London Borough of Camden" {
		t.Errorf("organisations = %+v, want Hackney then Camden", got.Organisations)
	}
	if !slices.Equal(got.Principles, []int{1, 4}) {
		t.Errorf("principles = %v", got.Principles)
	}
	if len(got.Services) != 1 || got.Services[0].Label != "Household waste collection" {
		t.Errorf("services = %+v", got.Services)
	}
	wantLinks := []model.CaseStudyLink{{Title: "Business case", URL: "/resources/12", ResourceID: 12}, {URL: "https://example.org/report"}}
	if !slices.Equal(got.Links, wantLinks) {
		t.Errorf("links = %+v, want %+v", got.Links, wantLinks)
	}
	if !strings.Contains(got.HTML.Problem, `<strong>every day</strong>`) || !strings.Contains(got.HTML.Approach, `govuk-list--number`) {
		t.Errorf("HTML not rendered: %+v", got.HTML)
	}
	if got.RenderVersion != model.MarkdownVersion {
		t.Errorf("render version %d", got.RenderVersion)
	}
	wantStrings(t, "audit", auditActions(t, w.db)[len(auditActions(t, w.db))-1:], []string{"case_study.create"})
	if v1, _ := w.db.DataVersion(ctx); v1 <= v0 {
		t.Errorf("data version %d after create, was %d: cached pages would be stale", v1, v0)
	}
	if _, err := w.db.CaseStudy(ctx, cs.ID+100); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("missing case study: %v", err)
	}
}

func TestCaseStudyCreateRefused(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	before := len(auditActions(t, w.db))
	tests := []struct {
		name   string
		cs     func() *model.CaseStudy
		code   string
		fields []string
	}{
		{"organisation has not signed", func() *model.CaseStudy { return newCaseStudy("Adur", w.adur) }, model.EFORBIDDEN, nil},
		{"nothing filled in", func() *model.CaseStudy {
			return &model.CaseStudy{Organisations: []model.OrgRef{{ID: w.hackney.ID}}}
		}, model.EINVALID, []string{"title", "summary", "problem", "approach", "outcomes", "lessons", "principles"}},
		{"unknown service", func() *model.CaseStudy {
			cs := newCaseStudy("Bins", w.hackney)
			cs.Services = []model.Service{{Code: 524}, {Code: 999999}}
			return cs
		}, model.EINVALID, []string{"services"}},
		{"unknown partner", func() *model.CaseStudy {
			cs := newCaseStudy("Bins", w.hackney)
			cs.Organisations = append(cs.Organisations, model.OrgRef{ID: 424242})
			return cs
		}, model.EINVALID, []string{"organisations"}},
		{"image without alt text", func() *model.CaseStudy {
			cs := newCaseStudy("Bins", w.hackney)
			cs.Outcomes = "Calls fell:\n\n![](https://example.org/chart.png)"
			return cs
		}, model.EINVALID, []string{"outcomes"}},
		{"principle out of range", func() *model.CaseStudy {
			cs := newCaseStudy("Bins", w.hackney)
			cs.Principles = []int{6}
			return cs
		}, model.EINVALID, []string{"principles"}},
		{"title too long", func() *model.CaseStudy {
			return newCaseStudy(strings.Repeat("x", model.MaxCaseStudyTitle+1), w.hackney)
		}, model.EINVALID, []string{"title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := w.db.CreateCaseStudy(ctx, w.writerActor, tt.cs())
			if code := codeOf(err); code != tt.code {
				t.Fatalf("code %q (%v), want %q", code, err, tt.code)
			}
			if tt.fields != nil {
				fe := err.(*model.FieldErrors)
				wantStrings(t, "fields", fe.Fields, tt.fields)
			}
		})
	}
	for _, table := range []string{"case_studies", "case_study_organisations", "case_study_principles", "case_study_services", "case_study_links"} {
		if n := countRows(t, w.db, table); n != 0 {
			t.Errorf("%s has %d rows after refused creates", table, n)
		}
	}
	if after := len(auditActions(t, w.db)); after != before {
		t.Errorf("audit grew from %d to %d", before, after)
	}
}

// codeOf is ErrorCode that also reads field errors as invalid.
func codeOf(err error) string {
	if fe, ok := err.(*model.FieldErrors); ok && fe.Any() {
		return model.EINVALID
	}
	return model.ErrorCode(err)
}

func TestCaseStudyUpdate(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	cs := w.create(t, newCaseStudy("Missed bins", w.hackney, w.camden))
	w.clk.Advance(time.Hour)

	edit := newCaseStudy("Missed bins, a year on", w.hackney)
	edit.ID = cs.ID
	edit.Organisations = nil // the author is kept whatever the form sends
	edit.Outcomes = "Calls fell by **55%**; abandoned vehicles reported online."
	edit.Principles = []int{2}
	edit.Services = []model.Service{{Code: 372}, {Code: 57}}
	edit.Links = nil
	if err := w.db.UpdateCaseStudy(ctx, w.writerActor, w.hackney.ID, edit); err != nil {
		t.Fatalf("UpdateCaseStudy: %v", err)
	}
	got, err := w.db.CaseStudy(ctx, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Missed bins, a year on" || !strings.Contains(got.HTML.Outcomes, "<strong>55%</strong>") {
		t.Errorf("after update: %q %q", got.Title, got.HTML.Outcomes)
	}
	if len(got.Organisations) != 1 || got.Organisations[0].ID != w.hackney.ID {
		t.Errorf("organisations = %+v, want only Hackney (the author)", got.Organisations)
	}
	if !slices.Equal(got.Principles, []int{2}) || len(got.Services) != 2 || got.Services[0].Label != "Abandoned vehicles" || len(got.Links) != 0 {
		t.Errorf("tags = %v %+v %+v", got.Principles, got.Services, got.Links)
	}
	if !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("created %v updated %v", got.CreatedAt, got.UpdatedAt)
	}
	entries := allAudit(t, w.db)
	if entries[0].Action != "case_study.update" || !strings.Contains(entries[0].Before, `"title":"Missed bins"`) ||
		!strings.Contains(entries[0].After, `"title":"Missed bins, a year on"`) {
		t.Errorf("audit = %+v", entries[0])
	}
	// Search reads the new words, not the old.
	for q, want := range map[string]int{"vehicles": 1, "camden": 0} {
		_, n, err := w.db.ListCaseStudies(ctx, model.CaseStudyQuery{Q: q, Page: 1, PerPage: 20})
		if err != nil || n != want {
			t.Errorf("search %q after update: %d (%v), want %d", q, n, err, want)
		}
	}

	// Camden was a partner, not the author: it may not edit.
	other := newCaseStudy("Camden's version", w.camden)
	other.ID = cs.ID
	if err := w.db.UpdateCaseStudy(ctx, w.camdenAct, w.camden.ID, other); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("partner edit: %v, want forbidden", err)
	}
	bad := newCaseStudy("", w.hackney)
	bad.ID = cs.ID
	if err := w.db.UpdateCaseStudy(ctx, w.writerActor, w.hackney.ID, bad); codeOf(err) != model.EINVALID {
		t.Errorf("empty title: %v", err)
	}
	missing := newCaseStudy("Gone", w.hackney)
	missing.ID = cs.ID + 99
	if err := w.db.UpdateCaseStudy(ctx, w.writerActor, w.hackney.ID, missing); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("missing: %v", err)
	}
	if got2, _ := w.db.CaseStudy(ctx, cs.ID); got2.Title != "Missed bins, a year on" {
		t.Errorf("refused edits changed the title to %q", got2.Title)
	}
}

func TestCaseStudyListSearchFilterPage(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	mk := func(title, problem string, org *model.Organisation, principles []int, services []int, partners ...*model.Organisation) *model.CaseStudy {
		cs := newCaseStudy(title, org, partners...)
		cs.Problem, cs.Principles, cs.Services = problem, principles, nil
		for _, c := range services {
			cs.Services = append(cs.Services, model.Service{Code: c})
		}
		w.clk.Advance(time.Hour)
		return w.create(t, cs)
	}
	bins := mk("Missed bins", "Bins were missed on housing estates", w.hackney, []int{1}, []int{524})
	cars := mk("Abandoned cars", "Reports came by phone", w.hackney, []int{2, 3}, []int{372}, w.camden)
	tax := mk("Council tax letters", "Letters confused residents", w.camden, []int{1, 5}, []int{57})
	hidden := mk("Hidden housing story", "Housing estates again", w.hackney, []int{1}, []int{524})
	if err := w.db.Hide(ctx, CaseStudies, admin, hidden.ID, "Duplicate", nil); err != nil {
		t.Fatal(err)
	}
	titles := func(list []*model.CaseStudy) []string {
		var out []string
		for _, cs := range list {
			out = append(out, cs.Title)
		}
		return out
	}
	tests := []struct {
		name  string
		q     model.CaseStudyQuery
		want  []string
		total int
	}{
		{"all, newest first", model.CaseStudyQuery{}, []string{tax.Title, cars.Title, bins.Title}, 3},
		{"oldest first", model.CaseStudyQuery{Sort: model.SortOldest}, []string{bins.Title, cars.Title, tax.Title}, 3},
		{"search a word in the problem", model.CaseStudyQuery{Q: "housing"}, []string{bins.Title}, 1},
		{"search a stem", model.CaseStudyQuery{Q: "letter"}, []string{tax.Title}, 1},
		{"search a partner's name", model.CaseStudyQuery{Q: "Camden"}, []string{tax.Title, cars.Title}, 2},
		{"search a service label", model.CaseStudyQuery{Q: "vehicles"}, []string{cars.Title}, 1},
		{"search two words, both required", model.CaseStudyQuery{Q: "missed estates"}, []string{bins.Title}, 1},
		{"search syntax is no error", model.CaseStudyQuery{Q: `bins*: ( "`}, []string{bins.Title}, 1},
		{"search nothing found", model.CaseStudyQuery{Q: "zeppelin"}, nil, 0},
		{"principle", model.CaseStudyQuery{Principle: 1}, []string{tax.Title, bins.Title}, 2},
		{"service", model.CaseStudyQuery{Service: 372}, []string{cars.Title}, 1},
		{"organisation as author or partner", model.CaseStudyQuery{Organisation: w.camden.Slug}, []string{tax.Title, cars.Title}, 2},
		{"filters together", model.CaseStudyQuery{Organisation: w.hackney.Slug, Principle: 1, Q: "bins"}, []string{bins.Title}, 1},
		{"page 2 of 2", model.CaseStudyQuery{Page: 2, PerPage: 2}, []string{bins.Title}, 3},
		{"past the last page", model.CaseStudyQuery{Page: 5, PerPage: 2}, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.q.Page == 0 {
				tt.q.Page, tt.q.PerPage = 1, 20
			}
			list, total, err := w.db.ListCaseStudies(ctx, tt.q)
			if err != nil {
				t.Fatalf("ListCaseStudies: %v", err)
			}
			wantStrings(t, "titles", titles(list), tt.want)
			if total != tt.total {
				t.Errorf("total = %d, want %d", total, tt.total)
			}
		})
	}
	svcs, err := w.db.CaseStudyServices(ctx)
	if err != nil || len(svcs) != 3 || svcs[0].Label != "Abandoned vehicles" || svcs[2].Code != 524 {
		t.Errorf("filter services = %+v %v", svcs, err)
	}
	orgs, err := w.db.CaseStudyOrganisations(ctx)
	if err != nil || len(orgs) != 2 || orgs[0].Slug != w.camden.Slug || orgs[1].Name != "London Borough of Hackney" {
		t.Errorf("filter organisations = %+v %v", orgs, err)
	}
	list, _, _ := w.db.ListCaseStudies(ctx, model.CaseStudyQuery{Q: "abandoned", Page: 1, PerPage: 5})
	if len(list) != 1 || len(list[0].Organisations) != 2 || !slices.Equal(list[0].Principles, []int{2, 3}) || list[0].Services[0].Code != 372 {
		t.Errorf("list rows carry their tags: %+v", list)
	}
}

func TestCaseStudyHideAndShow(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	cs := w.create(t, newCaseStudy("Missed bins", w.hackney, w.camden))
	w.clk.Advance(time.Hour)
	notify := func(c HiddenContent, to []string) []model.Email {
		return []model.Email{{To: to[0], Kind: "case_study_hidden", Subject: "Hidden: " + c.Title, Body: c.Reason}}
	}
	if err := w.db.Hide(ctx, CaseStudies, admin, cs.ID, "  ", notify); codeOf(err) != model.EINVALID {
		t.Fatalf("blank reason: %v", err)
	}
	if err := w.db.Hide(ctx, CaseStudies, admin, cs.ID, strings.Repeat("r", model.MaxCaseStudyHiddenReason+1), notify); codeOf(err) != model.EINVALID {
		t.Fatalf("long reason: %v", err)
	}
	outbox := outboxCount(t, w.db)
	if err := w.db.Hide(ctx, CaseStudies, admin, cs.ID, "It names a member of the public", notify); err != nil {
		t.Fatalf("Hide: %v", err)
	}
	got, err := w.db.CaseStudy(ctx, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Hidden || got.HiddenReason != "It names a member of the public" || !got.HiddenAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("hidden = %+v", got)
	}
	if outboxCount(t, w.db) != outbox+1 {
		t.Errorf("no email to the author")
	}
	msgs, _ := w.db.ListOutbox(ctx, 1)
	if msgs[0].Email.To != "writer@hackney.gov.uk" || msgs[0].Email.Body != "It names a member of the public" {
		t.Errorf("email = %+v", msgs[0].Email)
	}
	if _, n, _ := w.db.ListCaseStudies(ctx, model.CaseStudyQuery{Page: 1, PerPage: 20}); n != 0 {
		t.Errorf("hidden case study listed (%d)", n)
	}
	if list, _ := w.db.CaseStudiesByOrganisation(ctx, w.hackney.ID); len(list) != 0 {
		t.Errorf("hidden case study on the organisation's list")
	}
	if svcs, _ := w.db.CaseStudyServices(ctx); len(svcs) != 0 {
		t.Errorf("the filter offers the hidden case study's services %+v", svcs)
	}
	if orgs, _ := w.db.CaseStudyOrganisations(ctx); len(orgs) != 0 {
		t.Errorf("the filter offers the hidden case study's organisations %+v", orgs)
	}
	if again, _ := w.db.CaseStudy(ctx, cs.ID); !again.Hidden || again.HiddenReason == "" {
		t.Errorf("read back %+v", again)
	}
	if err := w.db.Hide(ctx, CaseStudies, admin, cs.ID, "again", notify); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("hide twice: %v", err)
	}
	if err := w.db.Unhide(ctx, CaseStudies, admin, cs.ID); err != nil {
		t.Fatalf("Unhide: %v", err)
	}
	if _, n, _ := w.db.ListCaseStudies(ctx, model.CaseStudyQuery{Page: 1, PerPage: 20}); n != 1 {
		t.Errorf("shown again but listed %d", n)
	}
	if err := w.db.Unhide(ctx, CaseStudies, admin, cs.ID); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("show twice: %v", err)
	}
	if err := w.db.Hide(ctx, CaseStudies, admin, cs.ID+9, "x", nil); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("hide missing: %v", err)
	}
	acts := auditActions(t, w.db)
	wantStrings(t, "audit", acts[len(acts)-2:], []string{"case_study.hide", "case_study.unhide"})
}

func TestCaseStudiesByOrganisation(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	a := w.create(t, newCaseStudy("Hackney alone", w.hackney))
	w.clk.Advance(time.Minute)
	b := w.create(t, newCaseStudy("With Camden", w.hackney, w.camden))
	for _, tt := range []struct {
		org  *model.Organisation
		want []string
	}{{w.hackney, []string{b.Title, a.Title}}, {w.camden, []string{b.Title}}, {w.adur, nil}} {
		list, err := w.db.CaseStudiesByOrganisation(ctx, tt.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, cs := range list {
			got = append(got, cs.Title)
			if len(cs.Organisations) == 0 || cs.Organisations[0].ID != w.hackney.ID {
				t.Errorf("%q: organisations %+v", cs.Title, cs.Organisations)
			}
		}
		wantStrings(t, tt.org.Name, got, tt.want)
	}
}

func TestCaseStudyOutlivesItsAuthorsAccount(t *testing.T) {
	w := newCaseStudyWorld(t)
	cs := w.create(t, newCaseStudy("Missed bins", w.hackney))
	if err := w.db.DeleteUser(t.Context(), w.writer.ID); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	got, err := w.db.CaseStudy(t.Context(), cs.ID)
	if err != nil || got.CreatedBy != 0 {
		t.Fatalf("after deleting the author: %+v %v", got, err)
	}
	// Hiding it now emails nobody.
	n := outboxCount(t, w.db)
	if err := w.db.Hide(t.Context(), CaseStudies, admin, cs.ID, "Out of date", func(c HiddenContent, to []string) []model.Email {
		t.Errorf("authors %q after deletion", to)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if outboxCount(t, w.db) != n {
		t.Error("an email was queued")
	}
}

// HTML stored under older rules is rendered again when read.
func TestCaseStudyRenderedAgainUnderNewRules(t *testing.T) {
	w := newCaseStudyWorld(t)
	cs := w.create(t, newCaseStudy("Missed bins", w.hackney))
	if _, err := w.db.write.ExecContext(t.Context(), `UPDATE case_studies SET problem_html = '<p>stale</p>', render_version = 0 WHERE id = $1`, cs.ID); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.CaseStudy(t.Context(), cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.HTML.Problem, "stale") || !strings.Contains(got.HTML.Problem, "<strong>every day</strong>") {
		t.Errorf("problem HTML = %q", got.HTML.Problem)
	}
}

// Edits and hiding at the same moment take turns: every one either succeeds or is refused
// cleanly, tags are never doubled, and a case study is hidden once.
func TestCaseStudyConcurrentChanges(t *testing.T) {
	w := newCaseStudyWorld(t)
	ctx := t.Context()
	cs := w.create(t, newCaseStudy("Missed bins", w.hackney, w.camden))
	const n = 8
	errs := make(chan error, 2*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			edit := newCaseStudy(fmt.Sprintf("Edit %d", i), w.hackney, w.camden)
			edit.ID = cs.ID
			errs <- w.db.UpdateCaseStudy(ctx, w.writerActor, w.hackney.ID, edit)
		}()
		go func() {
			defer wg.Done()
			err := w.db.Hide(ctx, CaseStudies, admin, cs.ID, "Duplicate", nil)
			if model.ErrorCode(err) == model.ECONFLICT {
				err = nil
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent change: %v", err)
		}
	}
	got, err := w.db.CaseStudy(ctx, cs.ID)
	if err != nil || !got.Hidden || len(got.Organisations) != 2 || len(got.Principles) != 2 || len(got.Links) != 2 {
		t.Fatalf("after: %+v %v", got, err)
	}
	hides := 0
	for _, a := range auditActions(t, w.db) {
		if a == "case_study.hide" {
			hides++
		}
	}
	if hides != 1 {
		t.Errorf("hidden %d times", hides)
	}
}
