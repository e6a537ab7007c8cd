package model

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
)

func validResource() *Resource {
	return &Resource{Type: "business_case", Title: "  Bins   business case ", Summary: "Why we\r\nchanged rounds. ",
		Licence: "OGL-UK-3.0", Principles: []int{2, 1, 2}, Services: []Service{{Code: 524}},
		Organisations: []OrgRef{{ID: 1}}, Link: "https://github.com/x/y"}
}

func TestValidateResource(t *testing.T) {
	r := validResource()
	if fe := ValidateResource(r, false); fe.Any() {
		t.Fatalf("valid resource: %v", fe)
	}
	if r.Title != "Bins business case" || r.Summary != "Why we\nchanged rounds." || !slices.Equal(r.Principles, []int{1, 2}) {
		t.Errorf("not cleaned: %q %q %v", r.Title, r.Summary, r.Principles)
	}
	tests := []struct {
		name    string
		change  func(*Resource)
		hasFile bool
		field   string
	}{
		{"type", func(r *Resource) { r.Type = "spreadsheet" }, false, "type"},
		{"no title", func(r *Resource) { r.Title = " \t" }, false, "title"},
		{"long title", func(r *Resource) { r.Title = strings.Repeat("é", MaxResourceTitle+1) }, false, "title"},
		{"no summary", func(r *Resource) { r.Summary = "" }, false, "summary"},
		{"long summary", func(r *Resource) { r.Summary = strings.Repeat("a", MaxResourceSummary+1) }, false, "summary"},
		{"no organisation", func(r *Resource) { r.Organisations = nil }, false, "organisations"},
		{"licence", func(r *Resource) { r.Licence = "GPL-3.0" }, false, "licence"},
		{"other licence, no name", func(r *Resource) { r.Licence = LicenceOther }, false, "licence_other"},
		{"no principle", func(r *Resource) { r.Principles = nil }, false, "principles"},
		{"principle 6", func(r *Resource) { r.Principles = []int{1, 6} }, false, "principles"},
		{"service 0", func(r *Resource) { r.Services = []Service{{Code: 0}} }, false, "services"},
		{"too many services", func(r *Resource) { r.Services = make([]Service, MaxResourceServices+1) }, false, "services"},
		{"javascript link", func(r *Resource) { r.Link = "javascript:alert(1)" }, false, "link"},
		{"link without host", func(r *Resource) { r.Link = "https:///x" }, false, "link"},
		{"link with credentials", func(r *Resource) { r.Link = "https://user:pw@example.org" }, false, "link"},
		{"neither link nor file", func(r *Resource) { r.Link = "" }, false, "link"},
	}
	for _, tt := range tests {
		r := validResource()
		tt.change(r)
		fe := ValidateResource(r, tt.hasFile)
		if !fe.Has(tt.field) {
			t.Errorf("%s: no error on %s (%v)", tt.name, tt.field, fe.Fields)
		}
	}
	r = validResource()
	r.Link = ""
	if fe := ValidateResource(r, true); fe.Any() {
		t.Errorf("a file and no link: %v", fe)
	}
	r = validResource()
	r.Licence, r.LicenceOther = LicenceOther, "Our terms"
	if fe := ValidateResource(r, false); fe.Any() || locale.English.Msg(r.LicenceName()) != "Our terms" || r.LicenceURL() != "" {
		t.Errorf("other licence: %v %q", fe, locale.English.Msg(r.LicenceName()))
	}
}

func TestParseResourceQuery(t *testing.T) {
	q, err := ParseResourceQuery(url.Values{"q": {" bins  day "}, "type": {"tool"}, "principle": {"3"}, "service": {"524"},
		"licence": {"MIT"}, "organisation": {"hackney"}, "sort": {"most_reused"}, "page": {"2"}, "per_page": {"50"}})
	if err != nil || q.Q != "bins day" || q.Principle != 3 || q.Service != 524 || q.Sort != SortResourcesReused || q.Page != 2 {
		t.Fatalf("q = %+v, %v", q, err)
	}
	if got := q.Values().Encode(); got != "licence=MIT&organisation=hackney&page=2&per_page=50&principle=3&q=bins+day&service=524&sort=most_reused&type=tool" {
		t.Errorf("Values = %s", got)
	}
	if v := (ResourceQuery{Sort: SortResourcesNewest, Page: 1, PerPage: DefaultPerPage}).Values(); len(v) != 0 {
		t.Errorf("defaults give %v", v)
	}
	for param, bad := range map[string]string{"type": "x", "principle": "0", "service": "-1", "licence": "GPL",
		"organisation": "Hackney Council", "sort": "oldest", "page": "0", "per_page": "501", "q": strings.Repeat("a", 101)} {
		_, err := ParseResourceQuery(url.Values{param: {bad}})
		if e, ok := err.(*Error); !ok || e.Field != param || e.Code != EINVALID {
			t.Errorf("%s=%q: %v", param, bad, err)
		}
	}
}

func TestFileSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KB", 350 * 1024: "350 KB",
		1024 * 1024: "1.0 MB", 2202010: "2.1 MB", 25 << 20: "25 MB"} {
		if got := FileSize(n); got != want {
			t.Errorf("FileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// A query that parses gives values that parse back to the same query.
func FuzzParseResourceQuery(f *testing.F) {
	f.Add("q=bins+day&type=tool&principle=3&service=524&licence=MIT&organisation=hackney&sort=most_reused&page=2&per_page=50")
	f.Add("principle=9&q=%00")
	f.Add("organisation=a--b&q=" + strings.Repeat("é", 100))
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseResourceQuery(v)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Field == "" {
				t.Fatalf("error %v is not an EINVALID field error", err)
			}
			return
		}
		again, err := ParseResourceQuery(q.Values())
		if err != nil || again != q {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, q)
		}
	})
}
