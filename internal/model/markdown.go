package model

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MarkdownVersion numbers the rendering rules below. HTML stored with an older version is
// rendered again when read, so bump it whenever the rules change (see ADR 0005).
const MarkdownVersion = 2

// markdown parses with goldmark: tables, strikethrough and bare web addresses on, raw HTML left out (no
// html.WithUnsafe), and the GOV.UK transformer applied to every document.
var markdown = goldmark.New(
	goldmark.WithExtensions(append(markdownExtensions(), tableExtension())...),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(govukTransformer{}, 100))),
)

// markdownWithoutTables renders a document whose tables could be too big to render
// quickly (see tableCellsBound): its table rows stay as text.
var markdownWithoutTables = goldmark.New(
	goldmark.WithExtensions(markdownExtensions()...),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(govukTransformer{}, 100))),
)

// markdownAsWritten parses without the transformer, so that validation sees every image
// as the person wrote it. Images in table cells are inline content either way, so it
// leaves tables out and costs little on any input.
var markdownAsWritten = goldmark.New(goldmark.WithExtensions(markdownExtensions()...))

func markdownExtensions() []goldmark.Extender {
	return []goldmark.Extender{extension.Strikethrough, extension.Linkify}
}

func tableExtension() goldmark.Extender {
	return extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone))
}

// MaxMarkdownTableCells bounds the table cells a document may make. A GitHub table pads
// every row to the width of its header, so a few kilobytes of pipes could otherwise ask
// for millions of cells.
const MaxMarkdownTableCells = 20000

// tableCellsBound is more than the number of cells any table in src can have: no table
// is wider than the line with the most pipes, nor longer than the document.
func tableCellsBound(src string) int {
	widest, lines := 0, strings.Count(src, "\n")+1
	for line := range strings.Lines(src) {
		widest = max(widest, strings.Count(line, "|")+1)
	}
	return widest * lines
}

// sanitiser is the second line of defence: only what goldmark makes for the rules above
// survives, whatever goldmark or a future option lets through.
var sanitiser = newSanitiser()

var govukClasses = regexp.MustCompile(`^govuk-[a-z0-9_-]+( govuk-[a-z0-9_-]+)*$`)

func newSanitiser() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "del", "code", "pre",
		"blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("class").Matching(govukClasses).Globally()
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^col$`)).OnElements("th")
	p.AllowAttrs("href").Matching(regexp.MustCompile(`^(?i)(https?://|mailto:)`)).OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow noopener$`)).OnElements("a")
	p.AllowAttrs("src").Matching(siteImagePattern).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true) // for the site's own images only: see the href and src patterns
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	return p
}

// CaseStudyImagePath is where the site serves images uploaded for case studies, each
// under the name the file store gave it (32 hexadecimal digits).
const CaseStudyImagePath = "/case-study-images/"

// siteImagePattern matches the address of an image this site serves. Images from other
// sites are never shown: they would tell those sites who reads what (and the
// Content-Security-Policy would block them anyway).
var siteImagePattern = regexp.MustCompile(`^/case-study-images/[0-9a-f]{32}$`)

// IsSiteImage reports whether an image address is one of this site's own images.
func IsSiteImage(u string) bool { return siteImagePattern.MatchString(strings.TrimSpace(u)) }

// CaseStudyImageURL is the address of the uploaded image stored under name.
func CaseStudyImageURL(name string) string { return CaseStudyImagePath + name }

// RenderMarkdown turns what a person wrote into safe HTML with GOV.UK typography: no raw
// HTML, no script, no style, links only to http, https and mailto addresses, images only
// from this site.
func RenderMarkdown(src string) string {
	md := markdown
	if tableCellsBound(src) > MaxMarkdownTableCells {
		md = markdownWithoutTables
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "" // goldmark only fails when the writer does; a bytes.Buffer does not
	}
	return strings.TrimSpace(sanitiser.Sanitize(buf.String()))
}

// MarkdownImage is an image written in Markdown, for validation.
type MarkdownImage struct {
	URL string
	Alt string
}

// MarkdownImages lists the images in src, in order, with their alt text.
func MarkdownImages(src string) []MarkdownImage {
	b := []byte(src)
	doc := markdownAsWritten.Parser().Parse(text.NewReader(b))
	var out []MarkdownImage
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			out = append(out, MarkdownImage{URL: string(img.Destination), Alt: strings.TrimSpace(plainText(img, b))})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// govukTransformer adds GOV.UK classes and takes out what must not be rendered. It runs
// on every document goldmark parses.
type govukTransformer struct{}

func (govukTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	var inert []ast.Node // links and images to replace by their text, after the walk
	// A link keeps its place only when it goes to a safe address.
	link := func(n ast.Node, dest []byte) {
		if !safeLink(dest) {
			inert = append(inert, n)
			return
		}
		n.SetAttributeString("class", "govuk-link")
		n.SetAttributeString("rel", "nofollow noopener")
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if class, ok := classOf[n.Kind()]; ok {
			n.SetAttributeString("class", class)
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
			n.SetAttributeString("class", headingClass(n.Level))
		case *ast.List:
			if n.IsOrdered() {
				n.SetAttributeString("class", "govuk-list govuk-list--number")
			} else {
				n.SetAttributeString("class", "govuk-list govuk-list--bullet")
			}
		case *ast.Link:
			link(n, n.Destination)
		case *ast.AutoLink:
			link(n, n.URL(source))
		case *ast.Image:
			if !safeImage(n.Destination) || strings.TrimSpace(plainText(n, source)) == "" {
				inert = append(inert, n)
			}
		case *east.TableCell:
			if _, head := n.Parent().(*east.TableHeader); head {
				n.SetAttributeString("class", "govuk-table__header")
				n.SetAttributeString("scope", "col")
			} else {
				n.SetAttributeString("class", "govuk-table__cell")
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range inert {
		replaceWithText(n, source)
	}
}

// classOf holds the GOV.UK classes of the elements that always have the same one.
var classOf = map[ast.NodeKind]string{
	ast.KindParagraph:     "govuk-body",
	ast.KindBlockquote:    "govuk-inset-text",
	ast.KindThematicBreak: "govuk-section-break govuk-section-break--m govuk-section-break--visible",
	east.KindTable:        "govuk-table",
	east.KindTableHeader:  "govuk-table__head",
	east.KindTableRow:     "govuk-table__row",
}

// headingClass sizes a heading below the page's own h1 and h2.
func headingClass(level int) string {
	if level <= 3 {
		return "govuk-heading-m"
	}
	return "govuk-heading-s"
}

// safeLink allows web addresses with a host, and email addresses.
func safeLink(dest []byte) bool {
	u, err := url.Parse(strings.TrimSpace(string(dest)))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// safeImage allows only this site's own images.
func safeImage(dest []byte) bool { return IsSiteImage(string(dest)) }

// replaceWithText puts the plain text of a link or image where it was.
func replaceWithText(n ast.Node, source []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	var s string
	if al, ok := n.(*ast.AutoLink); ok {
		s = string(al.Label(source))
	} else {
		s = plainText(n, source)
	}
	parent.ReplaceChild(parent, n, ast.NewString([]byte(s)))
}

// plainText is the text inside n, without markup.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(source))
		default:
			b.WriteString(plainText(c, source))
		}
	}
	return b.String()
}
