package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// resourceFixture is the register fixture with a small library: BCP's waste app (a
// file in two versions, reused by Telford and Fife), Fife and Telford's joint brief, a
// hostile title from the hostile organisation, and a hidden resource.
type resourceFixture struct {
	*fixture
	app, brief, hostile, hidden *model.Resource
	publisher                   *model.User
}

func newResourceFixture(t *testing.T) *resourceFixture {
	t.Helper()
	f := &resourceFixture{fixture: newFixture(t)}
	ctx := context.Background()
	db := f.db
	db.Now = fixedClock(time.Date(2024, time.March, 15, 9, 0, 0, 0, time.UTC))
	if _, err := db.ImportServices(ctx, testActor, []model.Service{{Code: 524, Label: "Household waste collection"},
		{Code: 372, Label: "Abandoned vehicles"}}); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.publisher, err = db.GrantRole(ctx, testActor, "digital@bcpcouncil.gov.uk", model.RoleMember); err != nil {
		t.Fatal(err)
	}
	actor := model.Actor{UserID: f.publisher.ID, Label: f.publisher.Email}
	pub := func(r *model.Resource, at time.Time, uploads ...store.FileUpload) *model.Resource {
		db.Now = fixedClock(at)
		if err := db.PublishResource(ctx, actor, r, uploads); err != nil {
			t.Fatalf("publish %q: %v", r.Title, err)
		}
		return r
	}
	up := func(name, stored string) store.FileUpload {
		return store.FileUpload{Name: name, StoredName: stored, ContentType: "application/pdf", Size: 2048,
			SHA256: strings.Repeat("0f", 32)}
	}
	day := func(d int) time.Time { return time.Date(2024, time.March, d, 9, 0, 0, 0, time.UTC) }
	f.app = pub(&model.Resource{Type: "code_repository", Title: "Bins & recycling app", Summary: "Tells residents <when> bins go out.",
		Link: "https://github.com/bcp/bins", Licence: "MIT", Principles: []int{1, 2}, Services: []model.Service{{Code: 524}},
		Organisations: []model.OrgRef{{ID: f.orgs["BPC"].ID}}}, day(1), up("bins.pdf", strings.Repeat("a", 32)))
	db.Now = fixedClock(day(2))
	if _, err := db.AddResourceFile(ctx, actor, f.app.ID, f.app.Files[0].ID, up("bins v2.pdf", strings.Repeat("b", 32))); err != nil {
		t.Fatal(err)
	}
	f.brief = pub(&model.Resource{Type: "procurement_brief", Title: "Joint case management brief", Summary: "A brief two councils wrote together.",
		Licence: model.LicenceOther, LicenceOther: "Our own terms", Principles: []int{2},
		Organisations: []model.OrgRef{{ID: f.orgs["FIF"].ID}, {ID: f.orgs["TFW"].ID}}}, day(3), up("brief.pdf", strings.Repeat("c", 32)))
	f.hostile = pub(&model.Resource{Type: "other", Title: hostileTitle, Summary: "=1+1", Link: "https://example.org/x",
		Licence: "OGL-UK-3.0", Principles: []int{5}, Organisations: []model.OrgRef{{ID: f.orgs["EVIL"].ID}}}, day(4))
	f.hidden = pub(&model.Resource{Type: "tool", Title: "Hidden tool", Summary: "Should not be seen.", Link: "https://example.org/h",
		Licence: "MIT", Principles: []int{3}, Organisations: []model.OrgRef{{ID: f.orgs["BPC"].ID}}}, day(5))
	db.Now = fixedClock(day(6))
	for _, code := range []string{"TFW", "FIF"} {
		if _, err := db.UseResource(ctx, testActor, f.app.ID, f.orgs[code].ID, "For "+code+"'s bins"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Hide(ctx, store.Resources, testActor, f.hidden.ID, "Spam", nil); err != nil {
		t.Fatal(err)
	}
	return f
}

type resourcePageIn struct {
	Total   int                          `json:"total"`
	Page    int                          `json:"page"`
	PerPage int                          `json:"per_page"`
	Data    []map[string]json.RawMessage `json:"data"`
	Links   struct {
		Self string  `json:"self"`
		Next *string `json:"next"`
		Prev *string `json:"prev"`
		CSV  string  `json:"csv"`
	} `json:"links"`
}

func titles(t *testing.T, p resourcePageIn) []string {
	t.Helper()
	var out []string
	for _, row := range p.Data {
		var s string
		json.Unmarshal(row["title"], &s)
		out = append(out, s)
	}
	return out
}

func TestResourcesJSON(t *testing.T) {
	f := newResourceFixture(t)
	w := f.get(t, "/api/v1/resources")
	checkHeaders(t, w, 200, jsonType)
	p := decode[resourcePageIn](t, w)
	if got := titles(t, p); !slices.Equal(got, []string{hostileTitle, f.brief.Title, f.app.Title}) || p.Total != 3 || p.PerPage != 3 {
		t.Fatalf("titles %q, total %d, per_page %d", got, p.Total, p.PerPage)
	}
	if strings.Contains(w.Body.String(), "Hidden tool") || strings.Contains(w.Body.String(), "bcpcouncil.gov.uk") {
		t.Errorf("hidden resource or an email address in the open data:\n%s", w.Body)
	}
	var app struct {
		Type    string `json:"type"`
		Licence struct{ Code, Name, URL string }
		Orgs    []struct{ Name, Slug, URL string } `json:"organisations"`
		Files   []struct {
			Name, URL string
			Version   int
			Earlier   []struct {
				Name    string
				Version int
			} `json:"earlier_versions"`
		} `json:"files"`
		Count  int `json:"used_by_count"`
		UsedBy []struct {
			Name, How, Since string
		} `json:"used_by"`
		Services    []struct{ Code int }
		Principles  []struct{ Number int }
		PublishedOn string `json:"published_on"`
		URL         string
	}
	raw, _ := json.Marshal(p.Data[2])
	if err := json.Unmarshal(raw, &app); err != nil {
		t.Fatal(err)
	}
	if app.Type != "code_repository" || app.Licence.Code != "MIT" || app.Licence.URL == "" || len(app.Orgs) != 1 ||
		app.Orgs[0].URL != testBase+"/organisations/"+f.orgs["BPC"].Slug || app.URL != testBase+"/resources/"+itoa(f.app.ID) ||
		app.PublishedOn != "2024-03-01" || len(app.Services) != 1 || app.Services[0].Code != 524 || len(app.Principles) != 2 {
		t.Errorf("app = %+v", app)
	}
	if len(app.Files) != 1 || app.Files[0].Version != 2 || app.Files[0].Name != "bins v2.pdf" || len(app.Files[0].Earlier) != 1 ||
		app.Files[0].Earlier[0].Version != 1 || !strings.HasPrefix(app.Files[0].URL, testBase+"/resources/"+itoa(f.app.ID)+"/files/") {
		t.Errorf("files = %+v", app.Files)
	}
	if app.Count != 2 || len(app.UsedBy) != 2 || app.UsedBy[0].How != "For TFW's bins" || app.UsedBy[0].Since != "2024-03-06" {
		t.Errorf("reuse = %d %+v", app.Count, app.UsedBy)
	}
	var brief struct {
		Licence struct{ Code, Name, URL string }
	}
	raw, _ = json.Marshal(p.Data[1])
	json.Unmarshal(raw, &brief)
	if brief.Licence != (struct{ Code, Name, URL string }{"other", "Our own terms", ""}) {
		t.Errorf("other licence = %+v", brief.Licence)
	}
}

func TestResourcesJSONQuery(t *testing.T) {
	f := newResourceFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"?sort=most_reused", []string{f.app.Title, hostileTitle, f.brief.Title}},
		{"?type=procurement_brief", []string{f.brief.Title}},
		{"?q=bins", []string{f.app.Title}},
		{"?q=household", []string{f.app.Title}},
		{"?principle=2", []string{f.brief.Title, f.app.Title}},
		{"?service=524", []string{f.app.Title}},
		{"?licence=other", []string{f.brief.Title}},
		{"?organisation=" + f.orgs["TFW"].Slug, []string{f.brief.Title}},
		{"?q=hidden", nil},
	}
	for _, tt := range tests {
		p := decode[resourcePageIn](t, f.get(t, "/api/v1/resources"+tt.query))
		if got := titles(t, p); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
		}
	}
	p := decode[resourcePageIn](t, f.get(t, "/api/v1/resources?per_page=2"))
	if p.Total != 3 || len(p.Data) != 2 || p.Links.Next == nil || p.Links.Prev != nil ||
		*p.Links.Next != testBase+"/api/v1/resources?page=2&per_page=2" || p.Links.CSV != testBase+"/api/v1/resources.csv?page=1&per_page=2" {
		t.Errorf("page 1 of 2: %+v", p)
	}
	for _, bad := range []string{"?type=spreadsheet", "?principle=6", "?service=x", "?licence=GPL", "?sort=oldest",
		"?organisation=Not%20A%20Slug", "?page=0", "?q=%zz"} {
		w := f.get(t, "/api/v1/resources"+bad)
		checkHeaders(t, w, 400, jsonType)
		if !strings.Contains(w.Body.String(), `"code":"invalid"`) {
			t.Errorf("%s: %s", bad, w.Body)
		}
	}
}

// Every field of a resource is described in the OpenAPI document, and every described
// field is sent.
func TestOpenAPIDescribesResources(t *testing.T) {
	f := newResourceFixture(t)
	doc := served(t)
	var body struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	json.Unmarshal(f.get(t, "/api/v1/resources").Body.Bytes(), &body)
	want := properties(doc, doc.Components.Schemas["Resource"])
	for _, row := range body.Data {
		if got := keys(row); !reflect.DeepEqual(got, want) {
			t.Errorf("row fields %q, described %q", got, want)
		}
	}
	var files []map[string]json.RawMessage
	json.Unmarshal(body.Data[2]["files"], &files)
	if got, want := keys(files[0]), properties(doc, doc.Components.Schemas["ResourceFile"]); !reflect.DeepEqual(got, want) {
		t.Errorf("file fields %q, described %q", got, want)
	}
	var uses []map[string]json.RawMessage
	json.Unmarshal(body.Data[2]["used_by"], &uses)
	if got, want := keys(uses[0]), properties(doc, doc.Components.Schemas["ResourceUse"]); !reflect.DeepEqual(got, want) {
		t.Errorf("use fields %q, described %q", got, want)
	}
	types := resolve(doc, doc.Components.Schemas["Resource"]).Properties["type"].Enum
	var codes []string
	for _, rt := range model.ResourceTypes {
		codes = append(codes, rt.Code)
	}
	if !reflect.DeepEqual(types, codes) {
		t.Errorf("type enum = %q, want %q", types, codes)
	}
}

func TestResourcesCSV(t *testing.T) {
	f := newResourceFixture(t)
	w := f.get(t, "/api/v1/resources.csv")
	checkHeaders(t, w, 200, "text/csv; charset=utf-8")
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="resources.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	recs, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], resourcesCSVHeader) || len(recs) != 4 {
		t.Fatalf("header %q, %d rows", recs[0], len(recs)-1)
	}
	hostile, brief, app := recs[1], recs[2], recs[3]
	if hostile[2] != "'"+hostileTitle || hostile[3] != "'=1+1" {
		t.Errorf("formula cells not defused: %q", hostile)
	}
	if brief[6] != "Fife Council; Telford & Wrekin Council" || brief[4] != "other" || brief[5] != "Our own terms" {
		t.Errorf("brief = %q", brief)
	}
	if app[8] != "1; 2" || app[9] != "524" || app[12] != "2" || app[13] != "Telford & Wrekin Council; Fife Council" ||
		!strings.Contains(app[11], "/resources/"+itoa(f.app.ID)+"/files/") || app[14] != "2024-03-01" {
		t.Errorf("app = %q", app)
	}
	if strings.Contains(w.Body.String(), "Hidden tool") || strings.Contains(w.Body.String(), "bcpcouncil.gov.uk") {
		t.Error("hidden resource or an email address in the CSV")
	}
	if got := f.get(t, "/api/v1/resources.csv?type=tool").Body.String(); strings.Count(got, "\n") != 1 {
		t.Errorf("filtered CSV: %q", got)
	}
}

func TestResourcesAtom(t *testing.T) {
	f := newResourceFixture(t)
	w := f.get(t, "/feeds/resources.atom")
	checkHeaders(t, w, 200, "application/atom+xml; charset=utf-8")
	body := w.Body.String()
	if !strings.Contains(body, "Bins &amp; recycling app") || !strings.Contains(body, "&lt;when&gt;") {
		t.Errorf("text not escaped:\n%s", body)
	}
	if strings.Contains(body, "Hidden tool") || strings.Contains(body, "bcpcouncil.gov.uk") {
		t.Error("hidden resource or an email address in the feed")
	}
	feed := parseFeed(t, body)
	if feed.ID != testBase+"/feeds/resources.atom" || len(feed.Entries) != 3 || feed.Entries[0].Title != hostileTitle ||
		feed.Entries[2].Link.Href != testBase+"/resources/"+itoa(f.app.ID) {
		t.Errorf("feed = %+v", feed)
	}
	if got := parseFeed(t, f.get(t, "/feeds/resources.atom?type=procurement_brief").Body.String()); len(got.Entries) != 1 ||
		got.ID != testBase+"/feeds/resources.atom?type=procurement_brief" {
		t.Errorf("filtered feed = %+v", got)
	}
	checkHeaders(t, f.get(t, "/feeds/resources.atom?principle=9"), 400, jsonType)
}

func TestResourcesPreflight(t *testing.T) {
	f := newResourceFixture(t)
	for _, path := range []string{PathResources, PathResourcesCSV, PathResourcesFeed} {
		w := do(f.handler, http.MethodOptions, path)
		if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("OPTIONS %s: %d %v", path, w.Code, w.Header())
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
