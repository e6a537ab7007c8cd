package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// resourceWorld is a database with services, Hackney and Camden signed (a member of
// each), Adur not signed (with a member) and Bristol signed then withdrawn.
type resourceWorld struct {
	db                           *DB
	clk                          *testClock
	hackney, camden, adur        *model.Organisation
	bristol                      *model.Organisation
	hackneyUser, camdenUser      *model.User
	adurUser, bristolUser        *model.User
	hackneyActor, camdenActor    model.Actor
	adurActor, bristolActor      model.Actor
	waste, vehicles, councilTaxN model.Service
}

func newResourceWorld(t *testing.T) *resourceWorld {
	t.Helper()
	db, clk := newTestDB(t)
	ctx := t.Context()
	w := &resourceWorld{db: db, clk: clk,
		waste:       model.Service{Code: 524, Label: "Household waste collection"},
		vehicles:    model.Service{Code: 372, Label: "Abandoned vehicles"},
		councilTaxN: model.Service{Code: 57, Label: "Council tax annual notification"}}
	if _, err := db.ImportServices(ctx, admin, []model.Service{w.waste, w.vehicles, w.councilTaxN}); err != nil {
		t.Fatalf("ImportServices: %v", err)
	}
	w.hackney = createOrg(t, db, orgSpec("London Borough of Hackney", "LBO", "hackney.gov.uk"))
	w.camden = createOrg(t, db, orgSpec("London Borough of Camden", "LBO", "camden.gov.uk"))
	w.adur = makeOrg(t, db, "Adur District Council", "adur-worthing.gov.uk")
	w.bristol = createOrg(t, db, orgSpec("Bristol City Council", "UA", "bristol.gov.uk"))
	publish(t, db, clk, w.hackney.ID, date(2019, time.March, 1))
	publish(t, db, clk, w.camden.ID, date(2020, time.March, 1))
	sig := publish(t, db, clk, w.bristol.ID, date(2020, time.April, 1))
	withdraw(t, db, clk, sig.ID, date(2021, time.April, 1))
	user := func(email string) (*model.User, model.Actor) {
		u, err := db.GrantRole(ctx, admin, email, model.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		return u, model.Actor{UserID: u.ID, Label: u.Email}
	}
	w.hackneyUser, w.hackneyActor = user("digital@hackney.gov.uk")
	w.camdenUser, w.camdenActor = user("team@camden.gov.uk")
	w.adurUser, w.adurActor = user("officer@adur-worthing.gov.uk")
	w.bristolUser, w.bristolActor = user("dev@bristol.gov.uk")
	clk.Set(t0)
	return w
}

// newResource returns a valid resource by org with partners.
func newResource(title string, org *model.Organisation, partners ...*model.Organisation) *model.Resource {
	r := &model.Resource{
		Type:       "business_case",
		Title:      title,
		Summary:    "How we made the case for " + title + ".",
		Link:       "https://github.com/example/" + model.Slugify(title),
		Licence:    "OGL-UK-3.0",
		Principles: []int{1, 2},
		Services:   []model.Service{{Code: 524}},
	}
	r.Organisations = append(r.Organisations, model.OrgRef{ID: org.ID})
	for _, p := range partners {
		r.Organisations = append(r.Organisations, model.OrgRef{ID: p.ID})
	}
	return r
}

func (w *resourceWorld) publishResource(t *testing.T, actor model.Actor, r *model.Resource, uploads ...FileUpload) *model.Resource {
	t.Helper()
	if err := w.db.PublishResource(t.Context(), actor, r, uploads); err != nil {
		t.Fatalf("PublishResource %q: %v", r.Title, err)
	}
	return r
}

// upload is a file as the file store hands it over; placed counts calls to Place.
func upload(name string, placed *int, fail error) FileUpload {
	return FileUpload{Name: name, StoredName: fmt.Sprintf("%032x", time.Now().UnixNano()), ContentType: "application/pdf",
		Size: 1234, SHA256: strings.Repeat("ab", 32), Place: func() error {
			if fail != nil {
				return fail
			}
			*placed++
			return nil
		}}
}

func (w *resourceWorld) resource(t *testing.T, id int64) *model.Resource {
	t.Helper()
	r, err := w.db.Resource(t.Context(), id)
	if err != nil {
		t.Fatalf("Resource %d: %v", id, err)
	}
	return r
}

func orgIDs(refs []model.OrgRef) []int64 {
	out := make([]int64, len(refs))
	for i, o := range refs {
		out[i] = o.ID
	}
	return out
}

func TestPublishAndReadResource(t *testing.T) {
	w := newResourceWorld(t)
	placed := 0
	r := newResource("Waste round optimiser", w.hackney, w.camden, w.hackney)
	r.Services = []model.Service{{Code: 372}, {Code: 524}, {Code: 372}}
	w.publishResource(t, w.hackneyActor, r, upload("business case.pdf", &placed, nil))
	if r.ID == 0 || placed != 1 || len(r.Files) != 1 {
		t.Fatalf("published: id %d, placed %d, files %+v", r.ID, placed, r.Files)
	}
	got := w.resource(t, r.ID)
	if !slices.Equal(orgIDs(got.Organisations), []int64{w.hackney.ID, w.camden.ID}) || got.Organisations[1].Slug != w.camden.Slug {
		t.Errorf("organisations = %+v", got.Organisations)
	}
	if !slices.Equal(got.Principles, []int{1, 2}) {
		t.Errorf("principles = %v", got.Principles)
	}
	if !slices.Equal(got.ServiceCodes(), []int{372, 524}) || got.Services[0].Label != "Abandoned vehicles" {
		t.Errorf("services = %+v (sorted by label)", got.Services)
	}
	if got.Title != r.Title || got.Link != r.Link || got.Licence != "OGL-UK-3.0" || got.PublishedBy != w.hackneyUser.ID ||
		!got.CreatedAt.Equal(t0) || got.Hidden || got.UseCount != 0 {
		t.Errorf("resource = %+v", got)
	}
	if len(got.Files) != 1 || got.Files[0].Latest().Name != "business case.pdf" || got.Files[0].Latest().Version != 1 ||
		got.Files[0].Latest().UploadedBy != w.hackneyUser.ID {
		t.Errorf("files = %+v", got.Files)
	}
	if acts := auditActions(t, db(w)); !slices.Contains(acts, "resource.publish") || !slices.Contains(acts, "resource.file_add") {
		t.Errorf("audit = %q", acts)
	}
	if _, err := w.db.Resource(t.Context(), r.ID+100); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("missing resource: %v", err)
	}
}

func db(w *resourceWorld) *DB { return w.db }

func TestPublishResourceRefused(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	wantFields := func(t *testing.T, err error, fields ...string) {
		t.Helper()
		var fe *model.FieldErrors
		if !errors.As(err, &fe) || !slices.Equal(fe.Fields, fields) {
			t.Fatalf("err = %v, want field errors on %q", err, fields)
		}
	}
	unknownService := newResource("Unknown service", w.hackney)
	unknownService.Services = []model.Service{{Code: 524}, {Code: 99999}}
	wantFields(t, w.db.PublishResource(ctx, w.hackneyActor, unknownService, nil), "services")

	unknownOrg := newResource("Unknown organisation", w.hackney)
	unknownOrg.Organisations = append(unknownOrg.Organisations, model.OrgRef{ID: 424242})
	wantFields(t, w.db.PublishResource(ctx, w.hackneyActor, unknownOrg, nil), "organisations")

	wantCode(t, w.db.PublishResource(ctx, w.adurActor, newResource("Not signed", w.adur), nil), model.EFORBIDDEN)
	wantCode(t, w.db.PublishResource(ctx, w.bristolActor, newResource("Withdrawn", w.bristol), nil), model.EFORBIDDEN)

	placed := 0
	failing := upload("brief.pdf", &placed, errors.New("disk full"))
	if err := w.db.PublishResource(ctx, w.hackneyActor, newResource("Disk full", w.hackney), []FileUpload{failing}); err == nil {
		t.Fatal("a failed move of the file still published the resource")
	}
	for _, table := range []string{"resources", "resource_organisations", "resource_principles", "resource_services",
		"resource_files", "resource_file_versions"} {
		if n := countRows(t, w.db, table); n != 0 {
			t.Errorf("%s has %d rows after refused publishing", table, n)
		}
	}
	if acts := auditActions(t, w.db); slices.Contains(acts, "resource.publish") {
		t.Errorf("audit has a publish: %q", acts)
	}
}

func TestListResourcesSearchFilterSortPage(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	mk := func(title, typ, licence string, principles []int, services []int, org *model.Organisation, partners ...*model.Organisation) *model.Resource {
		w.clk.Advance(time.Hour)
		r := newResource(title, org, partners...)
		r.Type, r.Licence, r.Principles, r.Services = typ, licence, principles, nil
		if licence == model.LicenceOther {
			r.LicenceOther = "Our own licence"
		}
		for _, c := range services {
			r.Services = append(r.Services, model.Service{Code: c})
		}
		actor := w.hackneyActor
		if org.ID == w.camden.ID {
			actor = w.camdenActor
		}
		return w.publishResource(t, actor, r)
	}
	bins := mk("Bin collection app", "code_repository", "MIT", []int{1}, []int{524}, w.hackney)
	brief := mk("Procurement brief for case management", "procurement_brief", "OGL-UK-3.0", []int{2}, nil, w.camden, w.hackney)
	research := mk("Residents' research on parking", "user_research", "CC-BY-4.0", []int{1, 5}, []int{372}, w.camden)
	other := mk("Licence checker", "tool", model.LicenceOther, []int{3}, nil, w.hackney)
	hidden := mk("Hidden waste thing", "tool", "MIT", []int{1}, []int{524}, w.hackney)
	if err := w.db.Hide(ctx, Resources, admin, hidden.ID, "Spam", nil); err != nil {
		t.Fatal(err)
	}
	for _, org := range []*model.Organisation{w.hackney, w.camden} {
		if _, err := w.db.UseResource(ctx, admin, brief.ID, org.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.db.UseResource(ctx, admin, research.ID, w.hackney.ID, ""); err != nil {
		t.Fatal(err)
	}
	ids := func(list []*model.Resource) []int64 {
		out := make([]int64, len(list))
		for i, r := range list {
			out[i] = r.ID
		}
		return out
	}
	tests := []struct {
		name  string
		q     model.ResourceQuery
		want  []int64
		total int
	}{
		{"everything, newest first", model.ResourceQuery{}, []int64{other.ID, research.ID, brief.ID, bins.ID}, 4},
		{"most reused", model.ResourceQuery{Sort: model.SortResourcesReused}, []int64{brief.ID, research.ID, other.ID, bins.ID}, 4},
		{"title word", model.ResourceQuery{Q: "bin"}, []int64{bins.ID}, 1},
		{"summary and stemming", model.ResourceQuery{Q: "procurements"}, []int64{brief.ID}, 1},
		{"service label", model.ResourceQuery{Q: "household waste"}, []int64{bins.ID}, 1},
		{"organisation name", model.ResourceQuery{Q: "camden"}, []int64{research.ID, brief.ID}, 2},
		{"principle name", model.ResourceQuery{Q: "plumbing"}, []int64{brief.ID}, 1},
		{"words that match nothing", model.ResourceQuery{Q: "zebra crossing"}, nil, 0},
		{"search syntax is not obeyed", model.ResourceQuery{Q: `bin*:"(`}, []int64{bins.ID}, 1},
		{"operators are words", model.ResourceQuery{Q: `NEAR( OR "`}, nil, 0},
		{"type", model.ResourceQuery{Type: "user_research"}, []int64{research.ID}, 1},
		{"principle", model.ResourceQuery{Principle: 1}, []int64{research.ID, bins.ID}, 2},
		{"service", model.ResourceQuery{Service: 524}, []int64{bins.ID}, 1},
		{"licence", model.ResourceQuery{Licence: model.LicenceOther}, []int64{other.ID}, 1},
		{"organisation as partner", model.ResourceQuery{Organisation: w.hackney.Slug, Principle: 2}, []int64{brief.ID}, 1},
		{"organisation", model.ResourceQuery{Organisation: w.camden.Slug}, []int64{research.ID, brief.ID}, 2},
		{"page 2 of 2", model.ResourceQuery{Page: 2, PerPage: 3}, []int64{bins.ID}, 4},
		{"past the end", model.ResourceQuery{Page: 9, PerPage: 3}, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := w.db.ListResources(ctx, tt.q, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(list); !slices.Equal(got, tt.want) || total != tt.total {
				t.Errorf("got %v (total %d), want %v (total %d)", got, total, tt.want, tt.total)
			}
			for _, r := range list {
				if len(r.Organisations) == 0 || r.Services != nil {
					t.Errorf("list row %d: organisations %v, services %v (only organisations are loaded)", r.ID, r.Organisations, r.Services)
				}
			}
		})
	}
	full, _, err := w.db.ListResources(ctx, model.ResourceQuery{Q: "procurement"}, true)
	if err != nil || len(full) != 1 || len(full[0].Uses) != 2 || !slices.Equal(full[0].Principles, []int{2}) || full[0].UseCount != 2 {
		t.Fatalf("full list: %v %+v", err, full)
	}
	orgs, err := w.db.ResourceOrganisations(ctx)
	if err != nil || len(orgs) != 2 || orgs[0].Name != w.camden.Name {
		t.Errorf("ResourceOrganisations = %+v, %v", orgs, err)
	}
	services, err := w.db.ResourceServices(ctx)
	if err != nil || len(services) != 2 || services[0].Code != 372 || services[1].Code != 524 {
		t.Errorf("ResourceServices = %+v, %v (the hidden resource's tags count too only if visible)", services, err)
	}
}

func TestReuseRegister(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	r := w.publishResource(t, w.hackneyActor, newResource("Open referrals", w.hackney))
	added, err := w.db.UseResource(ctx, w.camdenActor, r.ID, w.camden.ID, "For adult social care referrals")
	if err != nil || !added {
		t.Fatalf("UseResource: %v %v", added, err)
	}
	w.clk.Advance(time.Minute)
	if added, err := w.db.UseResource(ctx, w.hackneyActor, r.ID, w.hackney.ID, ""); err != nil || !added {
		t.Fatalf("UseResource by its own authors: %v %v", added, err)
	}
	before := len(auditActions(t, w.db))
	if added, err := w.db.UseResource(ctx, w.camdenActor, r.ID, w.camden.ID, "For adult social care referrals"); err != nil || added {
		t.Fatalf("saying it again: %v %v", added, err)
	}
	if n := len(auditActions(t, w.db)); n != before {
		t.Errorf("saying the same again wrote %d audit entries", n-before)
	}
	if _, err := w.db.UseResource(ctx, w.camdenActor, r.ID, w.camden.ID, "And children's services"); err != nil {
		t.Fatal(err)
	}
	got := w.resource(t, r.ID)
	if got.UseCount != 2 || len(got.Uses) != 2 || got.Uses[0].Organisation.ID != w.camden.ID ||
		got.Uses[0].How != "And children's services" || got.UseBy(w.hackney.ID) == nil {
		t.Fatalf("uses = %d %+v", got.UseCount, got.Uses)
	}
	wantCode(t, errOf(w.db.UseResource(ctx, w.adurActor, r.ID, w.adur.ID, "")), model.EFORBIDDEN)
	wantCode(t, errOf(w.db.UseResource(ctx, w.bristolActor, r.ID, w.bristol.ID, "")), model.EFORBIDDEN)
	wantCode(t, errOf(w.db.UseResource(ctx, w.camdenActor, r.ID+99, w.camden.ID, "")), model.ENOTFOUND)

	reused, err := w.db.ReusedByOrganisation(ctx, w.camden.ID)
	if err != nil || len(reused) != 1 || reused[0].Resource.ID != r.ID || reused[0].How != "And children's services" ||
		len(reused[0].Resource.Organisations) != 1 || !reused[0].Since.Equal(t0) {
		t.Fatalf("ReusedByOrganisation = %+v, %v", reused, err)
	}
	if removed, err := w.db.StopUsingResource(ctx, w.camdenActor, r.ID, w.camden.ID); err != nil || !removed {
		t.Fatalf("StopUsingResource: %v %v", removed, err)
	}
	if removed, err := w.db.StopUsingResource(ctx, w.camdenActor, r.ID, w.camden.ID); err != nil || removed {
		t.Fatalf("stopping twice: %v %v", removed, err)
	}
	if got := w.resource(t, r.ID); got.UseCount != 1 || len(got.Uses) != 1 {
		t.Fatalf("after stopping: %d %+v", got.UseCount, got.Uses)
	}
	acts := auditActions(t, w.db)
	for _, a := range []string{"resource.use", "resource.use_update", "resource.unuse"} {
		if !slices.Contains(acts, a) {
			t.Errorf("audit has no %s: %q", a, acts)
		}
	}
}

func errOf(_ bool, err error) error { return err }

// Many organisations saying "we use this" at once are each counted once: the count in
// the resources row always equals the rows of the register.
func TestReuseRegisterConcurrent(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	r := w.publishResource(t, w.hackneyActor, newResource("Shared thing", w.hackney))
	var orgs []*model.Organisation
	for i := range 8 {
		o := createOrg(t, w.db, orgSpec(fmt.Sprintf("Council %d", i), "NMD", fmt.Sprintf("c%d.gov.uk", i)))
		publish(t, w.db, w.clk, o.ID, date(2022, time.May, 1+i))
		orgs = append(orgs, o)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(orgs))
	for _, o := range orgs {
		for range 2 { // each twice: one of the two adds, the other finds it there
			wg.Go(func() {
				if _, err := w.db.UseResource(ctx, admin, r.ID, o.ID, ""); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("UseResource: %v", err)
	}
	got := w.resource(t, r.ID)
	if got.UseCount != len(orgs) || len(got.Uses) != len(orgs) {
		t.Fatalf("count %d, %d rows, want %d", got.UseCount, len(got.Uses), len(orgs))
	}
}

func TestHideResource(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	placed := 0
	r := w.publishResource(t, w.hackneyActor, newResource("Questionable", w.hackney, w.camden))
	if _, err := w.db.AddResourceFile(ctx, w.camdenActor, r.ID, 0, upload("notes.pdf", &placed, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Report(ctx, Resources, w.adurActor, r.ID, "It has someone's phone number in it"); err != nil {
		t.Fatal(err)
	}
	if reports, err := w.db.OpenReports(ctx, Resources); err != nil || len(reports) != 1 || reports[0].Title != "Questionable" {
		t.Fatalf("open reports = %+v, %v", reports, err)
	}
	notify := func(res HiddenContent, to []string) []model.Email {
		var out []model.Email
		for _, addr := range to {
			out = append(out, model.Email{To: addr, Kind: "resource_hidden", Subject: res.Title + " was hidden", Body: res.Reason})
		}
		return out
	}
	outbox := outboxCount(t, w.db)
	if err := w.db.Hide(ctx, Resources, admin, r.ID, "Personal data in the file", notify); err != nil {
		t.Fatal(err)
	}
	msgs, err := w.db.ListOutbox(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, m := range msgs[:outboxCount(t, w.db)-outbox] {
		to = append(to, m.Email.To)
		if m.Email.Body != "Personal data in the file" {
			t.Errorf("email body = %q", m.Email.Body)
		}
	}
	slices.Sort(to)
	wantStrings(t, "emailed", to, []string{w.hackneyUser.Email, w.camdenUser.Email})
	got := w.resource(t, r.ID)
	if !got.Hidden || got.HiddenReason != "Personal data in the file" || !got.HiddenAt.Equal(t0) {
		t.Fatalf("hidden resource = %+v", got)
	}
	if reports, _ := w.db.OpenReports(ctx, Resources); len(reports) != 0 {
		t.Errorf("hiding left %d reports open", len(reports))
	}
	if list, total, _ := w.db.ListResources(ctx, model.ResourceQuery{}, false); total != 0 || len(list) != 0 {
		t.Errorf("a hidden resource is listed")
	}
	if list, _ := w.db.ResourcesByOrganisation(ctx, w.hackney.ID); len(list) != 0 {
		t.Errorf("a hidden resource is on its organisation's page")
	}
	if hidden, err := w.db.HiddenResources(ctx); err != nil || len(hidden) != 1 {
		t.Errorf("HiddenResources = %d, %v", len(hidden), err)
	}
	wantCode(t, w.db.Hide(ctx, Resources, admin, r.ID, "again", notify), model.ECONFLICT)
	wantCode(t, w.db.Hide(ctx, Resources, admin, r.ID+99, "x", notify), model.ENOTFOUND)
	wantCode(t, errOf(w.db.UseResource(ctx, w.camdenActor, r.ID, w.camden.ID, "")), model.ENOTFOUND)
	wantCode(t, func() error { _, err := w.db.Report(ctx, Resources, w.adurActor, r.ID, "x"); return err }(), model.ENOTFOUND)

	if err := w.db.Unhide(ctx, Resources, admin, r.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, w.db.Unhide(ctx, Resources, admin, r.ID), model.ECONFLICT)
	if got := w.resource(t, r.ID); got.Hidden || got.HiddenReason != "" || !got.HiddenAt.IsZero() {
		t.Fatalf("after unhiding: %+v", got)
	}
	if list, _ := w.db.ResourcesByOrganisation(ctx, w.camden.ID); len(list) != 1 {
		t.Errorf("ResourcesByOrganisation(camden) = %d, want 1 (as a partner)", len(list))
	}
}

func TestReportsDismissed(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	r := w.publishResource(t, w.hackneyActor, newResource("Fine really", w.hackney))
	for range 2 {
		if _, err := w.db.Report(ctx, Resources, w.adurActor, r.ID, "Looks odd"); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := w.db.DismissReports(ctx, Resources, admin, r.ID); err != nil || n != 2 {
		t.Fatalf("DismissReports = %d, %v", n, err)
	}
	if n, err := w.db.DismissReports(ctx, Resources, admin, r.ID); err != nil || n != 0 {
		t.Fatalf("dismissing again = %d, %v", n, err)
	}
	if reports, _ := w.db.OpenReports(ctx, Resources); len(reports) != 0 {
		t.Errorf("%d reports still open", len(reports))
	}
}

func TestResourceFileVersions(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	placed := 0
	r := w.publishResource(t, w.hackneyActor, newResource("Versions", w.hackney), upload("brief.pdf", &placed, nil))
	fileID := r.Files[0].ID
	w.clk.Advance(time.Hour)
	v2, err := w.db.AddResourceFile(ctx, w.hackneyActor, r.ID, fileID, upload("brief v2.pdf", &placed, nil))
	if err != nil || v2.Version != 2 || v2.FileID != fileID {
		t.Fatalf("second version: %+v %v", v2, err)
	}
	other, err := w.db.AddResourceFile(ctx, w.hackneyActor, r.ID, 0, upload("data.csv", &placed, nil))
	if err != nil || other.Version != 1 || other.FileID == fileID {
		t.Fatalf("another file: %+v %v", other, err)
	}
	got := w.resource(t, r.ID)
	if len(got.Files) != 2 || len(got.Files[0].Versions) != 2 || got.Files[0].Latest().Name != "brief v2.pdf" ||
		got.Files[0].Older()[0].Name != "brief.pdf" || got.Files[1].Latest().Name != "data.csv" || placed != 3 {
		t.Fatalf("files = %+v, placed %d", got.Files, placed)
	}
	if !got.UpdatedAt.After(got.CreatedAt) {
		t.Errorf("a new version did not touch the resource")
	}

	r2 := w.publishResource(t, w.hackneyActor, newResource("Another", w.hackney))
	_, err = w.db.AddResourceFile(ctx, w.hackneyActor, r2.ID, fileID, upload("sneaky.pdf", &placed, nil))
	var fe *model.Error
	if !errors.As(err, &fe) || fe.Field != "replaces" {
		t.Fatalf("a version of another resource's file: %v", err)
	}
	versions := countRows(t, w.db, "resource_file_versions")
	if _, err := w.db.AddResourceFile(ctx, w.hackneyActor, r.ID, fileID, upload("x.pdf", &placed, errors.New("disk full"))); err == nil {
		t.Fatal("a failed move was recorded")
	}
	if n := countRows(t, w.db, "resource_file_versions"); n != versions {
		t.Fatalf("versions %d, want %d after a failed move", n, versions)
	}
	wantCode(t, errOf2(w.db.AddResourceFile(ctx, w.hackneyActor, 9999, 0, upload("x.pdf", &placed, nil))), model.ENOTFOUND)
}

func errOf2(_ *model.FileVersion, err error) error { return err }

func TestResourcesByOrganisation(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	a := w.publishResource(t, w.hackneyActor, newResource("First", w.hackney))
	w.clk.Advance(time.Hour)
	b := w.publishResource(t, w.camdenActor, newResource("Second", w.camden, w.hackney))
	list, err := w.db.ResourcesByOrganisation(ctx, w.hackney.ID)
	if err != nil || len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID || len(list[0].Organisations) != 2 {
		t.Fatalf("ResourcesByOrganisation = %+v, %v", list, err)
	}
	if list, _ := w.db.ResourcesByOrganisation(ctx, w.adur.ID); len(list) != 0 {
		t.Fatalf("Adur made nothing, got %d", len(list))
	}
	if reused, err := w.db.ReusedByOrganisation(ctx, w.adur.ID); err != nil || len(reused) != 0 {
		t.Fatalf("ReusedByOrganisation(adur) = %v, %v", reused, err)
	}
}

// Deleting a publisher's account keeps what they shared and the register.
func TestResourceOutlivesItsPublishersAccount(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	placed := 0
	r := w.publishResource(t, w.hackneyActor, newResource("Kept", w.hackney), upload("a.pdf", &placed, nil))
	if _, err := w.db.UseResource(ctx, w.hackneyActor, r.ID, w.hackney.ID, "daily"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Report(ctx, Resources, w.hackneyActor, r.ID, "my own report"); err != nil {
		t.Fatal(err)
	}
	if err := w.db.DeleteUser(ctx, w.hackneyUser.ID); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	got := w.resource(t, r.ID)
	if got.PublishedBy != 0 || got.Files[0].Latest().UploadedBy != 0 || len(got.Uses) != 1 {
		t.Fatalf("after deleting the publisher: %+v", got)
	}
}

func TestIsSignatory(t *testing.T) {
	w := newResourceWorld(t)
	for _, tt := range []struct {
		org  int64
		want bool
	}{{w.hackney.ID, true}, {w.adur.ID, false}, {w.bristol.ID, false}, {0, false}} {
		if got, err := w.db.IsSignatory(t.Context(), tt.org); err != nil || got != tt.want {
			t.Errorf("IsSignatory(%d) = %v, %v; want %v", tt.org, got, err, tt.want)
		}
	}
}
