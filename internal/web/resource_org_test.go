package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// The organisation page's resources section, as the lead wires it in:
//
//	d.Resources, err = s.orgResourcesFor(r, org)      // in organisation.go
//	{{template "org-resources" .Data.Resources}}        // in organisation.html
func TestOrgResourcesPartial(t *testing.T) {
	w := newAuthzWorld(t)
	ctx := context.Background()
	hackney, _ := w.db.OrganisationBySlug(ctx, "hackney")
	adur, _ := w.db.OrganisationBySlug(ctx, "adur")
	actor := model.Actor{Label: "test"}
	mk := func(title string) *model.Resource {
		r := &model.Resource{Type: "guidance", Title: title, Summary: "About " + title + ".", Link: "https://example.org",
			Licence: "OGL-UK-3.0", Principles: []int{1}, Organisations: []model.OrgRef{{ID: hackney.ID}, {ID: adur.ID}}}
		if err := w.db.PublishResource(ctx, actor, r, nil); err != nil {
			t.Fatal(err)
		}
		return r
	}
	shared, hidden := mk("Repairs & maintenance guide"), mk("Withdrawn guide")
	if _, err := w.db.UseResource(ctx, actor, shared.ID, hackney.ID, "Every day <b>really</b>"); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Hide(ctx, store.Resources, actor, hidden.ID, "x", nil); err != nil {
		t.Fatal(err)
	}
	render := func(org *model.Organisation, cookie string) string {
		t.Helper()
		req := httptest.NewRequest("GET", "/organisations/"+org.Slug, nil)
		if cookie != "" {
			sess, u, err := w.db.Session(ctx, auth.Hash(cookie))
			if err != nil {
				t.Fatal(err)
			}
			req = req.WithContext(context.WithValue(context.WithValue(req.Context(), keyUser, u), keySession, &sessionRef{sess: sess}))
		}
		d, err := w.srv.orgResourcesFor(req, org)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		for _, page := range []string{"organisation", "resource_list"} { // every page gets the partials
			buf.Reset()
			if err := w.srv.tmpl.pages[page].ExecuteTemplate(&buf, "org-resources", d); err != nil {
				t.Fatalf("%s: %v", page, err)
			}
		}
		return buf.String()
	}
	got := render(hackney, "")
	for _, want := range []string{`id="org-reuses-count">1</span> resource reused`, `id="org-published-count">1</span> resource shared`,
		`href="/resources/` + itoa64(shared.ID) + `">Repairs &amp; maintenance guide</a>`, "How: Every day &lt;b&gt;really&lt;/b&gt;",
		"by London Borough of Hackney, Adur District Council", "About Repairs &amp; maintenance guide."} {
		if !strings.Contains(got, want) {
			t.Errorf("hackney: no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "Withdrawn guide") || strings.Contains(got, `href="/resources/new"`) {
		t.Errorf("hidden resource or publish link for a visitor:\n%s", got)
	}
	if got := render(hackney, w.sessions["member"]); !strings.Contains(got, `href="/resources/new"`) {
		t.Errorf("a Hackney member sees no link to share a resource")
	}
	got = render(adur, w.sessions["other-member"])
	for _, want := range []string{`id="org-reuses-count">0</span> resources reused`, "Adur District Council has not said it reuses any resources yet.",
		"Repairs &amp; maintenance guide"} {
		if !strings.Contains(got, want) {
			t.Errorf("adur: no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, `href="/resources/new"`) {
		t.Error("a member of an organisation that has not signed sees a link to share a resource")
	}
	var buf bytes.Buffer
	if err := w.srv.tmpl.pages["organisation"].ExecuteTemplate(&buf, "org-resources", (*orgResources)(nil)); err != nil || buf.Len() != 0 {
		t.Errorf("nil data: %v %q", err, buf.String())
	}
}
