package model

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/parser"
	"golang.org/x/net/html"
)

func TestRenderMarkdown(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // each must appear in the output
		notWant []string // none may appear (case-insensitive)
	}{
		{"paragraph", "Calls fell by **40%**.", []string{`<p class="govuk-body">Calls fell by <strong>40%</strong>.</p>`}, nil},
		{"headings move below the page's own", "# Background\n\n## Detail\n\n#### Deep",
			[]string{`<h3 class="govuk-heading-m">Background</h3>`, `<h4 class="govuk-heading-s">Detail</h4>`, `<h6 class="govuk-heading-s">Deep</h6>`},
			[]string{"<h1", "<h2"}},
		{"bullet list", "- one\n- two", []string{`<ul class="govuk-list govuk-list--bullet">`, "<li>one</li>"}, nil},
		{"numbered list from 3", "3. three\n4. four", []string{`<ol start="3" class="govuk-list govuk-list--number">`}, nil},
		{"nested lists", "- a\n  1. x\n  2. y\n- b\n  - c",
			[]string{"<li>a\n<ol class=\"govuk-list govuk-list--number\">\n<li>x</li>", `<ul class="govuk-list govuk-list--bullet">` + "\n<li>c</li>"}, nil},
		{"table", "| Year | Calls |\n|---|--:|\n| 2023 | 1,200 |",
			[]string{`<table class="govuk-table">`, `<thead class="govuk-table__head">`, `<th class="govuk-table__header" scope="col">Year</th>`,
				`<tr class="govuk-table__row">`, `<td class="govuk-table__cell">1,200</td>`},
			[]string{"style=", "align="}},
		{"link", "[Report](https://example.org/r?a=1&b=2)",
			[]string{`<a href="https://example.org/r?a=1&amp;b=2" class="govuk-link" rel="nofollow noopener">Report</a>`}, nil},
		{"bare address", "See https://example.org/x.", []string{`<a href="https://example.org/x" class="govuk-link" rel="nofollow noopener">`}, nil},
		{"mailto", "[Write to us](mailto:team@example.gov.uk)", []string{`href="mailto:team@example.gov.uk"`}, nil},
		{"image of this site", "![Chart of calls](/case-study-images/0123456789abcdef0123456789abcdef)", []string{`<img src="/case-study-images/0123456789abcdef0123456789abcdef" alt="Chart of calls">`}, nil},
		{"image from another site", "![Chart of calls](https://example.org/c.png)", []string{"Chart of calls"}, []string{"<img", "example.org"}},
		{"image from another site on a site path", "![a](https://evil.example/case-study-images/0123456789abcdef0123456789abcdef)", []string{"a"}, []string{"<img", "evil"}},
		{"image on a relative path not the site's", "![a](/case-study-images/../resources/1)", []string{"a"}, []string{"<img"}},
		{"image of this site by protocol-relative address", "![a](//evil.example/case-study-images/0123456789abcdef0123456789abcdef)", []string{"a"}, []string{"<img"}},
		{"relative link", "[a](/account)", []string{"a"}, []string{"href"}},
		{"blockquote and rule", "> Quote\n\n---", []string{`<blockquote class="govuk-inset-text">`, `<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">`}, nil},
		{"strikethrough and code", "~~old~~ `x < y`", []string{"<del>old</del>", "<code>x &lt; y</code>"}, nil},

		// Inert: nothing a person types runs or restyles the page.
		{"script block", "<script>alert(1)</script>", nil, []string{"<script", "</script"}},
		{"script inline", "Hi <script>alert(1)</script> there", []string{"Hi", "there"}, []string{"<script"}},
		{"raw html block", "<div style=\"position:fixed\" onclick=\"steal()\">x</div>", nil, []string{"<div", "style=", "onclick"}},
		{"raw html inline", "a <img src=x onerror=alert(1)> b <iframe src=//evil></iframe>", []string{"a", "b"}, []string{"<img", "onerror", "<iframe"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"click"}, []string{"href", "javascript:"}},
		{"javascript link in capitals and entities", "[click](JaVaScRiPt&#58;alert(1)) [x](java\tscript:alert(1))", nil, []string{"href"}},
		{"javascript autolink", "<javascript:alert(1)>", nil, []string{"href"}},
		{"vbscript link", "[v](vbscript:msgbox)", nil, []string{"href"}},
		{"data link", "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", []string{"d"}, []string{"href", "data:"}},
		{"data image", "![pixel](data:image/png;base64,iVBORw0KGgo=)", []string{"pixel"}, []string{"<img", "data:"}},
		{"javascript image", "![x](javascript:alert(1))", nil, []string{"<img", "javascript:"}},
		{"relative link", "[home](/admin)", []string{"home"}, []string{"href"}},
		{"image without alt", "![](/case-study-images/0123456789abcdef0123456789abcdef)", nil, []string{"<img"}},
		{"link title with quotes", `[t](https://example.org "a\" onmouseover=\"x")`, []string{">t</a>"}, []string{"title=", "onmouseover"}},
		{"html comment", "<!-- secret -->", nil, []string{"<!--", "secret"}},
		{"entity tricks", "&lt;script&gt;alert(1)&lt;/script&gt;", []string{"&lt;script&gt;"}, []string{"<script"}},
		{"svg", "<svg onload=alert(1)><script>x</script></svg>", nil, []string{"<svg", "onload", "<script"}},
		{"style tag", "<style>body{display:none}</style>", nil, []string{"<style", "display:none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RenderMarkdown(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
			checkInert(t, got)
		})
	}
}

func TestMarkdownImages(t *testing.T) {
	got := MarkdownImages("![Chart](https://a/c.png) and ![](https://a/d.png)\n\n- ![ *bold* alt ](x.png)")
	want := []MarkdownImage{{"https://a/c.png", "Chart"}, {"https://a/d.png", ""}, {"x.png", "bold alt"}}
	if len(got) != len(want) {
		t.Fatalf("images = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("image %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

var onAttr = regexp.MustCompile(`(?i)^on`)

// checkInert parses html as a browser would and fails on anything that could run: a
// script, style or frame element, an on… attribute, a style attribute, or an address
// that is not http, https or mailto.
func checkInert(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(strings.ToLower(s), "<script") {
		t.Fatalf("output contains <script:\n%s", s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt == html.CommentToken {
			t.Fatalf("output contains a comment:\n%s", s)
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "link", "meta", "base":
			t.Fatalf("output contains <%s>:\n%s", tok.Data, s)
		}
		for _, a := range tok.Attr {
			if onAttr.MatchString(a.Key) || a.Key == "style" || a.Key == "id" {
				t.Fatalf("output has attribute %s=%q:\n%s", a.Key, a.Val, s)
			}
			if a.Key == "src" {
				if !IsSiteImage(a.Val) {
					t.Fatalf("output has an image from another site, src=%q:\n%s", a.Val, s)
				}
			} else if a.Key == "href" {
				v := strings.ToLower(withoutSpace(a.Val))
				if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "mailto:") {
					t.Fatalf("output has %s=%q:\n%s", a.Key, a.Val, s)
				}
			}
		}
	}
}

// FuzzRenderMarkdown: whatever a person writes, the output holds no <script, no
// javascript: address and no on…= event attribute, and parses as inert HTML. Words such
// as "onload=" or "javascript:" may still appear as text (alt text included), which is
// escaped and inert; the checks read the HTML as a browser does.
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSome **bold** text and a [link](https://example.org).",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"![a](data:image/png;base64,AAAA)",
		"![a](/case-study-images/0123456789abcdef0123456789abcdef) ![b](https://example.org/b.png)",
		"<a href=\"javascript:alert(1)\" onclick=\"x\">y</a>",
		"| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | 2 |",
		"- [x](jav&#x09;ascript:alert(1))\n  - <svg/onload=alert(1)>",
		"<https://example.org/\"onmouseover=\"alert(1)>",
		"[a](<javascript:alert(1)>)",
		"`<script>`\n\n```\n<script>\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := RenderMarkdown(in)
		low := strings.ToLower(out)
		if strings.Contains(low, "<script") {
			t.Fatalf("<script in output of %q:\n%s", in, out)
		}
		checkInert(t, out) // no on… attribute; every href and src is http, https or mailto
		z := html.NewTokenizer(strings.NewReader(out))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			for _, a := range z.Token().Attr {
				if strings.HasPrefix(strings.ToLower(withoutSpace(a.Val)), "javascript:") {
					t.Fatalf("javascript: address in %s=%q in output of %q:\n%s", a.Key, a.Val, in, out)
				}
			}
		}
	})
}

// withoutSpace drops what a browser ignores in an address: spaces and control characters.
func withoutSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, s)
}

// A GitHub table pads each row to its header's width, so a few kilobytes could ask for
// millions of cells; such a document renders its rows as text, quickly.
func TestRenderMarkdownHugeTableIsQuick(t *testing.T) {
	huge := strings.Repeat("|a", 1600) + "\n" + strings.Repeat("|-", 1600) + "\n" + strings.Repeat("|\n", 3400)
	start := time.Now()
	out := RenderMarkdown(huge)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("rendering took %v", d)
	}
	if strings.Contains(out, "<table") {
		t.Errorf("a table of %d cells was rendered", 1600*3400)
	}
	// Within the bound, a wide table still renders.
	wide := strings.Repeat("|h", 50) + "|\n" + strings.Repeat("|-", 50) + "|\n" + strings.Repeat(strings.Repeat("|1", 50)+"|\n", 100)
	if got := RenderMarkdown(wide); strings.Count(got, `<td class="govuk-table__cell">`) != 5000 {
		t.Errorf("50 × 100 table: %d cells", strings.Count(got, "<td"))
	}
}

// Both lines of defence hold on their own: goldmark leaves raw HTML and dangerous
// addresses out before bluemonday sees them (html.WithUnsafe is never on), and
// bluemonday strips what goldmark would let through.
func TestMarkdownDefencesEachHold(t *testing.T) {
	src := "<script>alert(1)</script>\n\nHi <b onclick=x>there</b> [x](javascript:alert(1))"
	for name, md := range map[string]interface {
		Convert([]byte, io.Writer, ...parser.ParseOption) error
	}{"with tables": markdown, "without tables": markdownWithoutTables} {
		var buf bytes.Buffer
		if err := md.Convert([]byte(src), &buf); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); strings.Contains(got, "<script") || strings.Contains(got, "onclick") || strings.Contains(got, "javascript:") {
			t.Errorf("goldmark %s lets raw HTML through:\n%s", name, got)
		}
	}
	raw := `<p onclick="x" style="color:red" class="evil govuk-body">a</p><script>b</script><a href="javascript:alert(1)">c</a>` +
		`<img src="data:image/png;base64,AA" alt="d"><iframe src="https://e.org"></iframe><a href="https://e.org" rel="opener">f</a>`
	raw += `<img src="https://tracker.example/p.gif" alt="t"><img src="//tracker.example/p.gif" alt="u"><a href="/relative">g</a>`
	got := sanitiser.Sanitize(raw)
	for _, bad := range []string{"onclick", "style", "evil", "<script", "javascript:", "data:", "<iframe", `rel="opener"`, "tracker", "/relative"} {
		if strings.Contains(got, bad) {
			t.Errorf("bluemonday lets %q through:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, `<a href="https://e.org" rel="nofollow">f</a>`) {
		t.Errorf("a link without our rel gets nofollow: %s", got)
	}
}
