package api

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// caseStudyFixture is the register fixture with services and four case studies: three
// published (Hammersmith & Fulham with Telford, Telford, Fife) and one hidden.
type caseStudyFixture struct {
	*fixture
	bins, planning, schools, hidden *model.CaseStudy
}

const caseStudyAuthorEmail = "writer@lbhf.gov.uk"

func newCaseStudyFixture(tb testing.TB) *caseStudyFixture {
	tb.Helper()
	f := &caseStudyFixture{fixture: newFixture(tb)}
	ctx := context.Background()
	if _, err := f.db.ImportServices(ctx, testActor, []model.Service{
		{Code: 524, Label: "Household waste collection"}, {Code: 109, Label: "Planning applications"},
	}); err != nil {
		tb.Fatal(err)
	}
	writer, err := f.db.GrantRole(ctx, testActor, caseStudyAuthorEmail, model.RoleMember)
	if err != nil {
		tb.Fatal(err)
	}
	actor := model.Actor{UserID: writer.ID, Label: writer.Email}
	mk := func(at time.Time, title string, org string, principles []int, services []int, partners ...string) *model.CaseStudy {
		f.db.Now = fixedClock(at)
		cs := &model.CaseStudy{Title: title, Summary: title + " in brief.", Problem: "The **problem** with " + title + ".",
			Approach: "- research\n- build", Outcomes: "| Year | Calls |\n|---|---|\n| 2023 | 1,200 |", Lessons: "<script>alert(1)</script> Test early.",
			Principles: principles, Organisations: []model.OrgRef{{ID: f.orgs[org].ID}},
			Links: []model.CaseStudyLink{{Title: "Business case", URL: "/resources/12", ResourceID: 12}, {URL: "https://example.org/r"}}}
		for _, p := range partners {
			cs.Organisations = append(cs.Organisations, model.OrgRef{ID: f.orgs[p].ID})
		}
		for _, c := range services {
			cs.Services = append(cs.Services, model.Service{Code: c})
		}
		if err := f.db.CreateCaseStudy(ctx, actor, cs); err != nil {
			tb.Fatalf("CreateCaseStudy %s: %v", title, err)
		}
		return cs
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC) }
	f.bins = mk(day(time.January, 10), "Missed bins & fly-tipping", "TFW", []int{1, 2}, []int{524}, "HMF")
	f.planning = mk(day(time.February, 10), "Planning alerts", "TFW", []int{2}, []int{109})
	f.schools = mk(day(time.March, 10), "School admissions", "FIF", []int{5}, nil)
	f.hidden = mk(day(time.April, 10), "Hidden story", "TFW", []int{1}, []int{524})
	if err := f.db.Hide(ctx, store.CaseStudies, testActor, f.hidden.ID, "Names a resident", nil); err != nil {
		tb.Fatal(err)
	}
	return f
}

type caseStudyOutTest struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Summary  string `json:"summary"`
	Language string `json:"language"`
	Problem  struct {
		Markdown string `json:"markdown"`
		HTML     string `json:"html"`
	} `json:"problem"`
	Approach      map[string]string `json:"approach"`
	Outcomes      map[string]string `json:"outcomes"`
	Lessons       map[string]string `json:"lessons"`
	Organisations []struct {
		Name, Slug, Role, URL string
	} `json:"organisations"`
	Principles []struct {
		Number int    `json:"number"`
		Name   string `json:"name"`
	} `json:"principles"`
	Services []struct {
		Code  int    `json:"code"`
		Label string `json:"label"`
	} `json:"services"`
	Links []struct {
		Title      string `json:"title"`
		URL        string `json:"url"`
		ResourceID *int64 `json:"resource_id"`
	} `json:"links"`
	PublishedAt string `json:"published_at"`
	UpdatedAt   string `json:"updated_at"`
	URL         string `json:"url"`
}

type caseStudyPageTest struct {
	Total   int                `json:"total"`
	Page    int                `json:"page"`
	PerPage int                `json:"per_page"`
	Data    []caseStudyOutTest `json:"data"`
	Links   linksOut           `json:"links"`
}

func caseStudyTitles(p caseStudyPageTest) []string {
	var out []string
	for _, cs := range p.Data {
		out = append(out, cs.Title)
	}
	return out
}

func TestCaseStudiesJSON(t *testing.T) {
	f := newCaseStudyFixture(t)
	w := f.get(t, "/api/v1/case-studies")
	checkHeaders(t, w, 200, jsonType)
	p := decode[caseStudyPageTest](t, w)
	if p.Total != 3 || p.Page != 1 || p.PerPage != 20 || p.Links.Next != nil || p.Links.Prev != nil {
		t.Errorf("page = %d/%d/%d links %+v", p.Total, p.Page, p.PerPage, p.Links)
	}
	if got := caseStudyTitles(p); !reflect.DeepEqual(got, []string{"School admissions", "Planning alerts", "Missed bins & fly-tipping"}) {
		t.Errorf("titles = %q, want newest first without the hidden one", got)
	}
	bins := p.Data[2]
	if bins.URL != testBase+"/case-studies/"+csID(f.bins.ID) || bins.PublishedAt != "2024-01-10T09:00:00Z" {
		t.Errorf("url %s published %s", bins.URL, bins.PublishedAt)
	}
	if bins.Problem.Markdown != "The **problem** with Missed bins & fly-tipping." ||
		bins.Problem.HTML != `<p class="govuk-body">The <strong>problem</strong> with Missed bins &amp; fly-tipping.</p>` {
		t.Errorf("problem = %+v", bins.Problem)
	}
	if !strings.Contains(bins.Outcomes["html"], `<table class="govuk-table">`) || strings.Contains(bins.Lessons["html"], "<script") {
		t.Errorf("html: %q %q", bins.Outcomes["html"], bins.Lessons["html"])
	}
	if len(bins.Organisations) != 2 || bins.Organisations[0].Role != "author" || bins.Organisations[0].Name != "Telford & Wrekin Council" ||
		bins.Organisations[1].Role != "partner" || bins.Organisations[1].URL != testBase+"/organisations/"+f.orgs["HMF"].Slug {
		t.Errorf("organisations = %+v", bins.Organisations)
	}
	if len(bins.Principles) != 2 || bins.Principles[1].Number != 2 || bins.Principles[1].Name != "Fix our plumbing" ||
		len(bins.Services) != 1 || bins.Services[0].Code != 524 {
		t.Errorf("tags = %+v %+v", bins.Principles, bins.Services)
	}
	if len(bins.Links) != 2 || bins.Links[0].URL != testBase+"/resources/12" || *bins.Links[0].ResourceID != 12 ||
		bins.Links[1].ResourceID != nil || bins.Links[1].URL != "https://example.org/r" {
		t.Errorf("links = %+v", bins.Links)
	}
	// Open data holds nothing about the person who wrote a case study.
	for _, personal := range []string{caseStudyAuthorEmail, "created_by", "hidden", "Names a resident"} {
		if strings.Contains(w.Body.String(), personal) {
			t.Errorf("the open data contains %q", personal)
		}
	}
}

func TestCaseStudiesJSONFiltersAndPages(t *testing.T) {
	f := newCaseStudyFixture(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"?q=planning", []string{"Planning alerts"}},
		{"?q=fly+tipping", []string{"Missed bins & fly-tipping"}},
		{"?principle=2", []string{"Planning alerts", "Missed bins & fly-tipping"}},
		{"?service=524", []string{"Missed bins & fly-tipping"}},
		{"?organisation=" + f.orgs["HMF"].Slug, []string{"Missed bins & fly-tipping"}},
		{"?organisation=" + f.orgs["TFW"].Slug + "&sort=oldest", []string{"Missed bins & fly-tipping", "Planning alerts"}},
		{"?q=zeppelin", nil},
	}
	for _, tt := range tests {
		w := f.get(t, "/api/v1/case-studies"+tt.query)
		checkHeaders(t, w, 200, jsonType)
		if got := caseStudyTitles(decode[caseStudyPageTest](t, w)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
		}
	}
	p := decode[caseStudyPageTest](t, f.get(t, "/api/v1/case-studies?per_page=2&principle=2&page=1"))
	if p.Total != 2 || len(p.Data) != 2 || p.Links.Next != nil {
		t.Errorf("one full page: %+v", p.Links)
	}
	p = decode[caseStudyPageTest](t, f.get(t, "/api/v1/case-studies?per_page=1&page=2"))
	want := testBase + "/api/v1/case-studies?page=3&per_page=1"
	if p.Total != 3 || len(p.Data) != 1 || p.Data[0].Title != "Planning alerts" || p.Links.Next == nil || *p.Links.Next != want ||
		p.Links.Prev == nil || p.Links.Self != testBase+"/api/v1/case-studies?page=2&per_page=1" {
		t.Errorf("page 2: %+v next %v", p, p.Links.Next)
	}
	for _, bad := range []string{"?principle=9", "?per_page=101", "?service=abc", "?organisation=Not+A+Slug", "?sort=name", "?q=%zz"} {
		w := f.get(t, "/api/v1/case-studies"+bad)
		checkHeaders(t, w, 400, jsonType)
		if e := decode[errorOut](t, w); e.Error.Code != model.EINVALID || e.Error.Message == "" {
			t.Errorf("%s: %+v", bad, e)
		}
	}
}

type caseStudyFeedTest struct {
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID         string   `xml:"id"`
		Title      string   `xml:"title"`
		Published  string   `xml:"published"`
		Authors    []string `xml:"author>name"`
		Categories []struct {
			Term  string `xml:"term,attr"`
			Label string `xml:"label,attr"`
		} `xml:"category"`
		Summary string `xml:"summary"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func TestCaseStudiesAtom(t *testing.T) {
	f := newCaseStudyFixture(t)
	w := f.get(t, "/feeds/case-studies.atom")
	checkHeaders(t, w, 200, "application/atom+xml; charset=utf-8")
	var feed caseStudyFeedTest
	if err := xml.Unmarshal(w.Body.Bytes(), &feed); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, w.Body)
	}
	if feed.ID != testBase+"/feeds/case-studies.atom" || feed.Updated != "2024-03-10T09:00:00Z" || len(feed.Entries) != 3 {
		t.Fatalf("feed %s updated %s with %d entries", feed.ID, feed.Updated, len(feed.Entries))
	}
	e := feed.Entries[2]
	if e.Title != "Missed bins & fly-tipping" || e.ID != testBase+"/case-studies/"+csID(f.bins.ID) || e.Published != "2024-01-10T09:00:00Z" {
		t.Errorf("entry = %+v", e)
	}
	if !reflect.DeepEqual(e.Authors, []string{"Telford & Wrekin Council", "London Borough of Hammersmith & Fulham"}) {
		t.Errorf("authors = %q", e.Authors)
	}
	if len(e.Categories) != 3 || e.Categories[0].Term != "principle-1" || e.Categories[2].Term != "lgsl-524" {
		t.Errorf("categories = %+v", e.Categories)
	}
	if e.Content.Type != "html" || !strings.Contains(e.Content.Body, "<h2>The problem</h2>") ||
		!strings.Contains(e.Content.Body, `<td class="govuk-table__cell">1,200</td>`) || strings.Contains(e.Content.Body, "<script") {
		t.Errorf("content = %+v", e.Content)
	}
	if strings.Contains(w.Body.String(), "Hidden story") || strings.Contains(w.Body.String(), caseStudyAuthorEmail) {
		t.Error("the feed shows the hidden case study or the author's email")
	}
	// Filters make a feed of their own, with its own id.
	w = f.get(t, "/feeds/case-studies.atom?organisation="+f.orgs["FIF"].Slug)
	feed = caseStudyFeedTest{}
	if err := xml.Unmarshal(w.Body.Bytes(), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != "School admissions" || !strings.Contains(feed.ID, "organisation=fife") {
		t.Errorf("filtered feed %s: %d entries", feed.ID, len(feed.Entries))
	}
	checkHeaders(t, f.get(t, "/feeds/case-studies.atom?principle=0"), 400, jsonType)
}

// Every field of a real case study is described in the OpenAPI document, and every
// described field is sent.
func TestOpenAPIDescribesCaseStudies(t *testing.T) {
	f := newCaseStudyFixture(t)
	doc := served(t)
	var body struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(f.get(t, "/api/v1/case-studies").Body.Bytes(), &body); err != nil || len(body.Data) == 0 {
		t.Fatalf("%v, %d rows", err, len(body.Data))
	}
	nested := map[string]string{"organisations": "CaseStudyOrganisation", "principles": "CaseStudyPrinciple",
		"services": "CaseStudyService", "links": "CaseStudyLink"}
	want := properties(doc, doc.Components.Schemas["CaseStudy"])
	for _, row := range body.Data {
		if got := keys(row); !reflect.DeepEqual(got, want) {
			t.Errorf("row fields %q, described %q", got, want)
		}
		for field, schemaName := range nested {
			var items []map[string]json.RawMessage
			if err := json.Unmarshal(row[field], &items); err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if got, want := keys(it), properties(doc, doc.Components.Schemas[schemaName]); !reflect.DeepEqual(got, want) {
					t.Errorf("%s fields %q, described %q", field, got, want)
				}
			}
		}
		var text map[string]json.RawMessage
		json.Unmarshal(row["problem"], &text)
		if got, want := keys(text), properties(doc, doc.Components.Schemas["CaseStudyText"]); !reflect.DeepEqual(got, want) {
			t.Errorf("problem fields %q, described %q", got, want)
		}
	}
}

func csID(n int64) string { return strconv.FormatInt(n, 10) }

// TestCaseStudiesAtomImages: feed readers fetch the images an entry names, so the feed
// names only this site's images, by their full address, and leaves any other image out
// (an image from another site tells it who reads the feed).
func TestCaseStudiesAtomImages(t *testing.T) {
	f := newCaseStudyFixture(t)
	const img = "/case-study-images/0123456789abcdef0123456789abcdef"
	cs := &model.CaseStudy{Title: "Charts", Summary: "s", Problem: "p", Approach: "a", Lessons: "l",
		Outcomes:   "Calls fell.\n\n![Chart of calls](" + img + ")",
		Principles: []int{1}, Organisations: []model.OrgRef{{ID: f.orgs["TFW"].ID}}}
	if err := f.db.CreateCaseStudy(t.Context(), testActor, cs); err != nil {
		t.Fatal(err)
	}
	w := f.get(t, "/feeds/case-studies.atom")
	var feed caseStudyFeedTest
	if err := xml.Unmarshal(w.Body.Bytes(), &feed); err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	var body string
	for _, e := range feed.Entries {
		body += e.Content.Body
	}
	if !strings.Contains(body, `<img src="`+testBase+img+`" alt="Chart of calls">`) {
		t.Errorf("the feed does not give the site's image by its full address:\n%s", body)
	}
	if js := f.get(t, "/api/v1/case-studies").Body.String(); !strings.Contains(js, `src=\"`+testBase+img+`\"`) {
		t.Errorf("the JSON does not give the site's image by its full address")
	}

	a := New(nil, testBase, nil)
	for in, want := range map[string]string{
		`<p>a <img src="https://tracker.example/p.gif" alt="Chart &amp; key"> b</p>`:             `<p>a Chart &amp; key b</p>`,
		`<p><img src="//tracker.example/p.gif" alt="x"><img src="` + img + `/../x" alt="y"></p>`: `<p>xy</p>`,
		`<p><img src="` + img + `" alt="Chart"></p>`:                                             `<p><img src="` + testBase + img + `" alt="Chart"></p>`,
		`<table class="govuk-table"><tr><td>1</td></tr></table>`:                                 `<table class="govuk-table"><tr><td>1</td></tr></table>`,
	} {
		if got := a.feedHTML(in); got != want {
			t.Errorf("feedHTML(%s) = %s, want %s", in, got, want)
		}
	}
}
