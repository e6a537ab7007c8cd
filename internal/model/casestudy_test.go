package model

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func validCaseStudy() CaseStudy {
	return CaseStudy{
		Title: "  Missed bins  ", Summary: "Fewer calls.", Problem: "Calls.", Approach: "Built it.",
		Outcomes: "Calls fell by 40%.", Lessons: "Research first.",
		Organisations: []OrgRef{{ID: 7}, {ID: 9}, {ID: 7}},
		Principles:    []int{4, 1, 4},
		Services:      []Service{{Code: 524}, {Code: 524}},
	}
}

func TestCaseStudyValidate(t *testing.T) {
	cs := validCaseStudy()
	if fe := cs.Validate(); fe.Any() {
		t.Fatalf("valid case study: %v", fe)
	}
	if cs.Title != "Missed bins" || !slices.Equal(cs.Principles, []int{4, 1}) || len(cs.Organisations) != 2 || len(cs.Services) != 1 {
		t.Errorf("not cleaned: %+v", cs)
	}
	long := strings.Repeat("x", MaxCaseStudySection+1)
	tests := []struct {
		name   string
		change func(*CaseStudy)
		field  string
		msg    string
	}{
		{"no title", func(c *CaseStudy) { c.Title = " \t" }, "title", "Enter a title"},
		{"long title", func(c *CaseStudy) { c.Title = strings.Repeat("é", MaxCaseStudyTitle+1) }, "title", "150 characters or fewer"},
		{"no summary", func(c *CaseStudy) { c.Summary = "" }, "summary", "Enter a summary"},
		{"no problem", func(c *CaseStudy) { c.Problem = "\x00" }, "problem", "Enter the problem"},
		{"long approach", func(c *CaseStudy) { c.Approach = long }, "approach", "What we did must be 10000 characters or fewer"},
		{"no outcomes", func(c *CaseStudy) { c.Outcomes = "" }, "outcomes", "with figures"},
		{"no lessons", func(c *CaseStudy) { c.Lessons = "" }, "lessons", "Enter the lessons"},
		{"image without alt", func(c *CaseStudy) { c.Outcomes = "Chart:\n\n![](/case-study-images/0123456789abcdef0123456789abcdef)" }, "outcomes",
			"Add alt text to every image in outcomes: write ![a description of the image](/case-study-images/0123456789abcdef0123456789abcdef)"},
		{"image with blank alt in a list", func(c *CaseStudy) { c.Lessons = "- ![  ](/case-study-images/0123456789abcdef0123456789abcdef)" }, "lessons", "alt text"},
		{"image from another site", func(c *CaseStudy) { c.Approach = "See ![Chart](https://example.org/chart.png)" }, "approach", "Images must be uploaded to this site: https://example.org/chart.png is on another website"},
		{"image from another site without alt", func(c *CaseStudy) { c.Problem = "![](http://tracker.example/p.gif)" }, "problem", "Images must be uploaded to this site"},
		{"no principles", func(c *CaseStudy) { c.Principles = nil }, "principles", "Select at least one"},
		{"principle 6", func(c *CaseStudy) { c.Principles = []int{6} }, "principles", "from the list"},
		{"no organisation", func(c *CaseStudy) { c.Organisations = nil }, "organisations", "written by an organisation"},
		{"too many services", func(c *CaseStudy) {
			for i := range MaxCaseStudyServices + 1 {
				c.Services = append(c.Services, Service{Code: 1000 + i})
			}
		}, "services", "20 services or fewer"},
		{"too many links", func(c *CaseStudy) { c.Links = make([]CaseStudyLink, MaxCaseStudyLinks+1) }, "links", "20 links or fewer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCaseStudy()
			tt.change(&c)
			fe := inEnglish(c.Validate())
			if !slices.Equal(fe.Fields, []string{tt.field}) {
				t.Fatalf("fields = %v, want [%s]", fe.Fields, tt.field)
			}
			if !strings.Contains(fe.Get(tt.field), tt.msg) {
				t.Errorf("message %q lacks %q", fe.Get(tt.field), tt.msg)
			}
		})
	}
	// Raw HTML and javascript: links are not errors: they are rendered inert.
	c := validCaseStudy()
	c.Problem = "<script>alert(1)</script> [x](javascript:alert(1))"
	if fe := c.Validate(); fe.Any() {
		t.Errorf("inert input refused: %v", fe)
	}
	c.Render()
	if strings.Contains(c.HTML.Problem, "<script") || strings.Contains(c.HTML.Problem, "href") || c.RenderVersion != MarkdownVersion {
		t.Errorf("rendered %+v", c.HTML)
	}
}

func TestCaseStudyCanEdit(t *testing.T) {
	cs := CaseStudy{Organisations: []OrgRef{{ID: 7}, {ID: 9}}}
	for _, tt := range []struct {
		u    *User
		want bool
	}{
		{nil, false}, {&User{Memberships: []Membership{{OrganisationID: 7}}}, true},
		{&User{Memberships: []Membership{{OrganisationID: 9}}}, false},
		{&User{Memberships: []Membership{{OrganisationID: 9}, {OrganisationID: 7}}}, true},
		{&User{Role: RolePlatformAdmin, Memberships: []Membership{{OrganisationID: 1}}}, false}, {&User{}, false},
	} {
		if got := cs.CanEdit(tt.u); got != tt.want {
			t.Errorf("CanEdit(%+v) = %v", tt.u, got)
		}
	}
	if !cs.Involves(9) || cs.Involves(8) || (&CaseStudy{}).AuthorOrgID() != 0 {
		t.Error("Involves/AuthorOrgID")
	}
}

func TestParseCaseStudyLinks(t *testing.T) {
	links, msg := ParseCaseStudyLinks("Business case https://localdigital.gov.uk/resources/12\r\n\n"+
		"https://example.org/report?x=1\n  /resources/7/  \nOpen code https://LOCALDIGITAL.gov.uk/signatories", "localdigital.gov.uk")
	if msg != nil {
		t.Fatal(msgText(msg))
	}
	want := []CaseStudyLink{
		{Title: "Business case", URL: "/resources/12", ResourceID: 12},
		{URL: "https://example.org/report?x=1"},
		{URL: "/resources/7", ResourceID: 7},
		{Title: "Open code", URL: "https://LOCALDIGITAL.gov.uk/signatories"},
	}
	if !slices.Equal(links, want) {
		t.Errorf("links = %+v\nwant %+v", links, want)
	}
	if got := FormatCaseStudyLinks(want); got != "Business case /resources/12\nhttps://example.org/report?x=1\n/resources/7\nOpen code https://LOCALDIGITAL.gov.uk/signatories" {
		t.Errorf("format = %q", got)
	}
	if _, msg := ParseCaseStudyLinks(strings.Repeat("https://e.org/\n", 400), ""); msgText(msg) != "Links must be 5000 characters or fewer" {
		t.Errorf("long field: %q", msgText(msg))
	}
	for _, bad := range []string{"just words", "javascript:alert(1)", "see data:text/html,x", "ftp://example.org/x", "/admin",
		"https://user:pw@example.org/", "http://", "Title " + "https://e.org/" + strings.Repeat("a", MaxCaseStudyURL)} {
		if _, msg := ParseCaseStudyLinks("https://ok.example\n"+bad, "localdigital.gov.uk"); !strings.HasPrefix(msgText(msg), "Line 2 of links") {
			t.Errorf("%q: message %q", bad, msgText(msg))
		}
	}
}

func TestParseCaseStudyQuery(t *testing.T) {
	q, err := ParseCaseStudyQuery(url.Values{"q": {"  bins  "}, "principle": {"3"}, "service": {"524"},
		"organisation": {"hackney"}, "sort": {"oldest"}, "page": {"2"}, "per_page": {"50"}})
	if err != nil {
		t.Fatal(err)
	}
	want := CaseStudyQuery{Q: "bins", Principle: 3, Service: 524, Organisation: "hackney", Sort: SortOldest, Page: 2, PerPage: 50}
	if q != want {
		t.Errorf("q = %+v", q)
	}
	if got := q.Values().Encode(); got != "organisation=hackney&page=2&per_page=50&principle=3&q=bins&service=524&sort=oldest" {
		t.Errorf("values = %s", got)
	}
	if q.Offset() != 50 {
		t.Errorf("offset %d", q.Offset())
	}
	if d, _ := ParseCaseStudyQuery(url.Values{}); d.Values().Encode() != "" || d.Sort != SortNewest || d.Page != 1 {
		t.Errorf("defaults %+v", d)
	}
	for param, bad := range map[string]string{"principle": "6", "service": "x", "organisation": "Hackney Council",
		"sort": "name", "page": "0", "per_page": "101", "q": strings.Repeat("a", MaxQueryLength+1)} {
		_, err := ParseCaseStudyQuery(url.Values{param: {bad}})
		var me *Error
		if !asError(err, &me) || me.Code != EINVALID || me.Field != param {
			t.Errorf("%s=%q: %v", param, bad, err)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// TestCaseStudyImageFromAnotherSite: the error is a catalog key with the image's address,
// for the web layer to word; this site's images pass.
func TestCaseStudyImageFromAnotherSite(t *testing.T) {
	c := validCaseStudy()
	c.Outcomes = "Calls fell:\n\n![Chart of calls](https://example.org/c.png)"
	fe := c.Validate()
	if got := fe.Msg("outcomes"); got.Key != "case_studies.form.image_not_on_site" || !slices.Equal(got.Args, []any{"URL", "https://example.org/c.png"}) {
		t.Fatalf("message = %+v", got)
	}
	c = validCaseStudy()
	c.Outcomes = "Calls fell:\n\n![Chart of calls](" + CaseStudyImageURL("0123456789abcdef0123456789abcdef") + ")"
	if fe := c.Validate(); fe.Any() {
		t.Fatalf("an image of this site is refused: %v", fe.Msgs)
	}
}
