package model

import (
	"net/url"
	"testing"
	"time"
)

func TestProjectFormValidate(t *testing.T) {
	good := func() ProjectForm {
		return ProjectForm{Title: " Bins ", Summary: "s", Problem: "p", Users: "u", Phase: "alpha", Collaboration: "seeking-partners",
			Funding: "up-to-50k", Starts: [3]string{"1", "4", "2027"}, Ends: [3]string{"31", "3", "2028"},
			Principles: []int{1, 1}, Services: []int{524, 524}}
	}
	for _, c := range []struct {
		name   string
		change func(*ProjectForm)
		field  string // "" for no error
	}{
		{"valid", func(*ProjectForm) {}, ""},
		{"ends on the day it starts", func(f *ProjectForm) { f.Ends = f.Starts }, ""},
		{"end before start", func(f *ProjectForm) { f.Ends = [3]string{"31", "3", "2027"} }, "ends-day"},
		{"phase not in the list", func(f *ProjectForm) { f.Phase = "finished" }, "phase"},
		{"collaboration not in the list", func(f *ProjectForm) { f.Collaboration = "lots" }, "collaboration"},
		{"funding not in the list", func(f *ProjectForm) { f.Funding = "£1" }, "funding"},
		{"system not in the list", func(f *ProjectForm) { f.System = "toasters" }, "system"},
		{"a system of the register", func(f *ProjectForm) { f.System = "waste_environmental" }, ""},
		{"no start", func(f *ProjectForm) { f.Starts = [3]string{} }, "starts-day"},
		{"an assessment half typed", func(f *ProjectForm) { f.Assessment = [3]string{"1", "", ""} }, "assessment-month"},
		{"no principle", func(f *ProjectForm) { f.Principles = nil }, "principles"},
		{"a principle not in the Declaration", func(f *ProjectForm) { f.Principles = []int{9} }, "principles"},
		{"no service", func(f *ProjectForm) { f.Services = nil }, "services"},
		{"no title", func(f *ProjectForm) { f.Title = "  " }, "title"},
	} {
		f := good()
		c.change(&f)
		p, fe := f.Validate()
		switch {
		case c.field == "" && fe.Any():
			t.Errorf("%s: errors %v", c.name, fe.Fields)
		case c.field != "" && !fe.Has(c.field):
			t.Errorf("%s: no error on %s (got %v)", c.name, c.field, fe.Fields)
		}
		if c.name == "valid" && (p.Title != "Bins" || len(p.Principles) != 1 || len(p.Services) != 1 ||
			!p.StartsOn.Equal(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)) || p.Language != "en") {
			t.Errorf("valid: %+v", p)
		}
	}
}

func TestParseProjectQuery(t *testing.T) {
	q, err := ParseProjectQuery(url.Values{"phase": {"beta"}, "dormant": {"yes"}, "updated_since": {"2027-01-31"}, "sort": {"newest"}})
	if err != nil || q.Phase != "beta" || !q.Dormant || q.UpdatedSince.Format("2006-01-02") != "2027-01-31" || q.Sort != SortNewest {
		t.Errorf("%+v, %v", q, err)
	}
	if got := q.Values().Encode(); got != "dormant=yes&phase=beta&sort=newest&updated_since=2027-01-31" {
		t.Errorf("Values = %s", got)
	}
	for param, value := range map[string]string{"phase": "done", "collaboration": "x", "funding": "x", "region": "Mars",
		"updated_since": "31/01/2027", "dormant": "no", "sort": "name", "organisation": "Not A Slug"} {
		_, err := ParseProjectQuery(url.Values{param: {value}})
		if e, ok := err.(*Error); !ok || e.Field != param {
			t.Errorf("%s=%s: %v", param, value, err)
		}
	}
}

func TestProjectDormantAndJoin(t *testing.T) {
	t0 := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &Project{Phase: PhaseAlpha, LastUpdateAt: t0, Organisations: []OrgRef{{ID: 1}, {ID: 2}}}
	if p.Dormant(t0.Add(ProjectDormantAfter-time.Second)) || !p.Dormant(t0.Add(ProjectDormantAfter)) {
		t.Error("dormant at 120 days, not before")
	}
	lead := &User{Memberships: []Membership{{OrganisationID: 1}, {OrganisationID: 3}}}
	other := &User{Memberships: []Membership{{OrganisationID: 2}, {OrganisationID: 3}, {OrganisationID: 4}}}
	if len(ProjectJoinOrgs(lead, p)) != 0 {
		t.Error("a member of the lead may ask to join")
	}
	if orgs := ProjectJoinOrgs(other, p); len(orgs) != 2 || orgs[0].OrganisationID != 3 {
		t.Errorf("join for %+v", orgs)
	}
	if !CanEditProject(lead, p) || CanEditProject(other, p) || !CanPostProjectUpdate(other, p) || CanPostProjectUpdate(nil, p) {
		t.Error("who may edit and post")
	}
}
