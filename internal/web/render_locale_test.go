package web

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
)

// TestFoldedMessagesRenderAsCalls: writing the plain messages into the templates at start
// (foldMessages) gives the same page as calling t, thtml and tn each time, in element
// content, in attributes and as arguments.
func TestFoldedMessagesRenderAsCalls(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, src, want string }{
		{"text", `<p>{{t "layout.back"}}</p>`, `<p>Back</p>`},
		{"attribute", `<nav aria-label="{{t "layout.breadcrumb"}}"></nav>`, `<nav aria-label="Breadcrumb"></nav>`},
		{"escaped text", `<p>{{t "layout.footer.copyright"}} {{t "admin.organisation.name.missing"}}</p>`,
			`<p>© Crown copyright Enter the organisation&#39;s name</p>`},
		{"argument", `{{printf "%s!" (t "layout.menu")}}`, `Menu!`},
		{"markup", `<span>{{thtml "layout.phase_banner"}}</span>`,
			`<span>This is a new service. Help us improve it: <a class="govuk-link" href="https://github.com/localdigital/localdigital/issues">tell us what you think</a>.</span>`},
		{"with arguments", `<title>{{t "layout.title" "Title" "<Home>"}}</title>`, `<title>&lt;Home&gt; – Local Digital</title>`},
		{"markup with arguments", `{{thtml "errors.page.contact" "Email" "a<b@example.org"}}`,
			`If you need help, email the Local Digital team at <a class="govuk-link" href="mailto:a&lt;b@example.org">a&lt;b@example.org</a>.`},
		{"plural", `{{tn "import.errors.problems" 1}}; {{tn "import.errors.problems" 3}}`, `The file has 1 problem; The file has 3 problems`},
	} {
		for _, fold := range []bool{false, true} {
			tmpl := template.Must(template.New("x").Funcs(templateFuncs(a, locale.English)).Parse(tt.src))
			if fold {
				foldMessages(tmpl, locale.English)
			}
			var b bytes.Buffer
			if err := tmpl.Execute(&b, nil); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if b.String() != tt.want {
				t.Errorf("%s (folded %v):\n got %s\nwant %s", tt.name, fold, b.String(), tt.want)
			}
		}
	}
}
