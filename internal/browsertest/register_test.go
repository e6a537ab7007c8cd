package browsertest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// registerOrgs are real councils: the London boroughs (31 of whose names hold "Borough"),
// and councils in Wales, Scotland and Northern Ireland, three of them Welsh county
// boroughs, so that a search for "borough" differs by nation.
func registerOrgs() []model.Organisation {
	london := []struct{ gss, name string }{
		{"E09000002", "London Borough of Barking and Dagenham"}, {"E09000003", "London Borough of Barnet"},
		{"E09000004", "London Borough of Bexley"}, {"E09000005", "London Borough of Brent"},
		{"E09000006", "London Borough of Bromley"}, {"E09000007", "London Borough of Camden"},
		{"E09000008", "London Borough of Croydon"}, {"E09000009", "London Borough of Ealing"},
		{"E09000010", "London Borough of Enfield"}, {"E09000011", "Royal Borough of Greenwich"},
		{"E09000012", "London Borough of Hackney"}, {"E09000013", "London Borough of Hammersmith & Fulham"},
		{"E09000014", "London Borough of Haringey"}, {"E09000015", "London Borough of Harrow"},
		{"E09000016", "London Borough of Havering"}, {"E09000017", "London Borough of Hillingdon"},
		{"E09000018", "London Borough of Hounslow"}, {"E09000019", "London Borough of Islington"},
		{"E09000020", "Royal Borough of Kensington and Chelsea"}, {"E09000021", "Royal Borough of Kingston upon Thames"},
		{"E09000022", "London Borough of Lambeth"}, {"E09000023", "London Borough of Lewisham"},
		{"E09000024", "London Borough of Merton"}, {"E09000025", "London Borough of Newham"},
		{"E09000026", "London Borough of Redbridge"}, {"E09000027", "London Borough of Richmond upon Thames"},
		{"E09000028", "London Borough of Southwark"}, {"E09000029", "London Borough of Sutton"},
		{"E09000030", "London Borough of Tower Hamlets"}, {"E09000031", "London Borough of Waltham Forest"},
		{"E09000032", "London Borough of Wandsworth"}, {"E09000033", "City of Westminster"},
	}
	var orgs []model.Organisation
	for i, o := range london {
		slug := strings.ToLower(strings.NewReplacer("London Borough of ", "", "Royal Borough of ", "", " & ", "-and-", " ", "-").Replace(o.name))
		orgs = append(orgs, model.Organisation{Slug: slug, Name: o.name, OfficialName: o.name, TypeCode: "LBO",
			TypeName: "London borough", Nation: "England", Region: "London", GSSCode: o.gss,
			LACode: fmt.Sprintf("LB%c%c", 'A'+i/26, 'A'+i%26), Website: "https://www." + slug + ".gov.uk/"})
	}
	others := []model.Organisation{
		{Slug: "conwy", Name: "Conwy County Borough Council", GSSCode: "W06000003", LACode: "CWY", Nation: "Wales", Region: "Wales", Website: "https://www.conwy.gov.uk/"},
		{Slug: "wrexham", Name: "Wrexham County Borough Council", GSSCode: "W06000006", LACode: "WRX", Nation: "Wales", Region: "Wales", Website: "https://www.wrexham.gov.uk/"},
		{Slug: "bridgend", Name: "Bridgend County Borough Council", GSSCode: "W06000013", LACode: "BGE", Nation: "Wales", Region: "Wales", Website: "https://www.bridgend.gov.uk/"},
		{Slug: "cardiff", Name: "Cardiff Council", GSSCode: "W06000015", LACode: "CRF", Nation: "Wales", Region: "Wales", Website: "https://www.cardiff.gov.uk/"},
		{Slug: "edinburgh", Name: "City of Edinburgh Council", GSSCode: "S12000036", LACode: "EDH", Nation: "Scotland", Region: "Scotland", Website: "https://www.edinburgh.gov.uk/"},
		{Slug: "glasgow", Name: "Glasgow City Council", GSSCode: "S12000049", LACode: "GLG", Nation: "Scotland", Region: "Scotland", Website: "https://www.glasgow.gov.uk/"},
		{Slug: "belfast", Name: "Belfast City Council", GSSCode: "N09000003", LACode: "BFS", Nation: "Northern Ireland", Region: "Northern Ireland", Website: "https://www.belfastcity.gov.uk/"},
	}
	for _, o := range others {
		o.OfficialName = o.Name
		switch o.Nation {
		case "Wales":
			o.TypeCode, o.TypeName = "WPA", "Welsh unitary authority"
		case "Scotland":
			o.TypeCode, o.TypeName = "SCO", "Scottish unitary authority"
		default:
			o.TypeCode, o.TypeName = "NID", "Northern Ireland district"
		}
		orgs = append(orgs, o)
	}
	return orgs
}

// TestRegisterSearch searches and filters the register as a person does: types part of a
// name, chooses a nation, applies the filters, and pages through the results, which keep
// the filters.
func TestRegisterSearch(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	orgs := registerOrgs()
	e := newEnv(t, b, orgs...)
	for _, o := range orgs {
		e.publish(o.Slug, "Open data for "+o.Name)
	}
	total := len(orgs) // 39

	// The register's table, with a full page of long names, fits a phone: the page does
	// not scroll sideways at 320 or 375 CSS pixels.
	t.Run("fits a phone", func(t *testing.T) {
		p := e.newTab(t, "someone on a phone", true)
		p.wantPage(p.open("/signatories?sort=newest"), http.StatusOK, "Signatories")
		wantRows(p, 20)
		over, err := reflow(p.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(over) > 0 {
			t.Errorf("the register scrolls sideways:\n  %s", strings.Join(over, "\n  "))
		}
	})

	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			p := e.newTab(t, "a member of the public", js)
			p.wantPage(p.open("/signatories"), http.StatusOK, "Signatories")
			p.wantText("#result-count", fmt.Sprintf("%d organisations", total))
			wantRows(p, 20)
			p.wantText("table", "London Borough of Barking and Dagenham") // the first by name
			p.wantText(".govuk-pagination", "Next")

			// Search by name: every council with "borough" in its name, in any nation.
			p.fill("#q", "borough")
			p.wantPage(p.clickText("Apply filters"), http.StatusOK, "Signatories")
			wantQuery(p, url.Values{"q": {"borough"}})
			p.wantText("#result-count", "34 organisations")
			wantRows(p, 20)

			// Then choose a nation, as a person does with the keyboard on a closed select.
			p.fill("#nation", "Wales")
			if got := p.value("#nation"); got != "Wales" {
				t.Fatalf("the nation select shows %q after typing Wales", got)
			}
			p.wantPage(p.clickText("Apply filters"), http.StatusOK, "Signatories")
			wantQuery(p, url.Values{"q": {"borough"}, "nation": {"Wales"}})
			p.wantText("#result-count", "3 organisations")
			wantRows(p, 3)
			p.wantText("table", "Bridgend County Borough Council", "Conwy County Borough Council", "Wrexham County Borough Council")
			p.wantNoText("table", "Cardiff", "London")
			if eval[bool](p, `document.querySelector('.govuk-pagination') !== null`) {
				t.Error("three results have pagination")
			}
			p.shot("register-filtered")

			// England has 31: two pages, and the second keeps the search and the nation.
			p.fill("#nation", "England")
			p.wantPage(p.clickText("Apply filters"), http.StatusOK, "Signatories")
			wantQuery(p, url.Values{"q": {"borough"}, "nation": {"England"}})
			p.wantText("#result-count", "31 organisations")
			wantRows(p, 20)
			p.wantNoText("table", "Wrexham", "City of Westminster")
			p.wantPage(p.click(".govuk-pagination__next a"), http.StatusOK, "Signatories")
			wantQuery(p, url.Values{"q": {"borough"}, "nation": {"England"}, "page": {"2"}})
			p.wantText("#result-count", "31 organisations")
			wantRows(p, 11)
			p.wantText("table", "London Borough of Wandsworth")
			p.wantNoText("table", "London Borough of Barking and Dagenham", "Wrexham")
			if q, nation := p.value("#q"), p.value("#nation"); q != "borough" || nation != "England" {
				t.Errorf("on page 2 the filters show q=%q nation=%q, want borough and England", q, nation)
			}
			p.wantText(".govuk-pagination__item--current", "2")
			p.shot("register-page-2")
			p.wantPage(p.click(".govuk-pagination__prev a"), http.StatusOK, "Signatories")
			wantQuery(p, url.Values{"q": {"borough"}, "nation": {"England"}})
			wantRows(p, 20)

			// Clearing the filters shows the whole register again.
			p.wantPage(p.clickText("Clear filters"), http.StatusOK, "Signatories")
			p.wantText("#result-count", fmt.Sprintf("%d organisations", total))
			if q := p.value("#q"); q != "" {
				t.Errorf("after clearing, the search box shows %q", q)
			}
		})
	}
}

// wantRows checks how many organisations the register's table lists.
func wantRows(p *tab, n int) {
	p.t.Helper()
	if got := eval[int](p, `document.querySelectorAll('main table tbody tr').length`); got != n {
		p.t.Errorf("%s at %s: the table lists %d organisations, want %d", p.name, p.location(), got, n)
	}
}

// wantQuery checks the query of the register page the tab is on, ignoring parameters
// that the form sends at their defaults (every filter, empty, and the sort by name).
func wantQuery(p *tab, want url.Values) {
	p.t.Helper()
	u, err := url.Parse(p.location())
	if err != nil {
		p.t.Fatal(err)
	}
	got := url.Values{}
	for k, vs := range u.Query() {
		if len(vs) > 0 && vs[0] != "" && !(k == "sort" && vs[0] == "name") {
			got[k] = vs
		}
	}
	if got.Encode() != want.Encode() {
		p.t.Errorf("%s is at %s, want the query %s", p.name, u, want.Encode())
	}
}
