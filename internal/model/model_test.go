package model

import (
	"net/url"
	"strings"
	"testing"
)

func TestNormaliseEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Officer@Hackney.gov.uk ", "officer@hackney.gov.uk", true},
		{"a.b+c@sub.example.gov.uk", "a.b+c@sub.example.gov.uk", true},
		{"", "", false},
		{"no-at-sign", "no-at-sign", false},
		{"x@localhost", "x@localhost", false},
		{"x@.gov.uk", "x@.gov.uk", false},
		{"Name <x@example.gov.uk>", "name <x@example.gov.uk>", false},
		{"x@example..gov.uk", "x@example..gov.uk", false},
		{"<script>@x.gov.uk", "<script>@x.gov.uk", false},
		{"a@b.c\r\nBcc: z@z.z", "a@b.c\r\nbcc: z@z.z", false},
	} {
		got, ok := NormaliseEmail(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"London Borough of Hammersmith & Fulham": "london-borough-of-hammersmith-and-fulham",
		"King's Lynn and West Norfolk":           "kings-lynn-and-west-norfolk",
		"  Adur  ":                               "adur",
		"St. Helens":                             "st-helens",
		"Ynys Môn":                               "ynys-mon",
		"Rhondda Cynon Taf – Ŵyŷ Æsop Straße":    "rhondda-cynon-taf-wyy-aesop-strasse",
		"Ceredigion Café Élan":                   "ceredigion-cafe-elan",
		"!!!":                                    "",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDomainFromWebsite(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.adur-worthing.gov.uk/": "adur-worthing.gov.uk",
		"http://www.hackney.gov.uk":         "hackney.gov.uk",
		"https://www.gwynedd.llyw.cymru/":   "gwynedd.llyw.cymru",
		"https://fife.gov.uk/path":          "fife.gov.uk",
		"not a url":                         "",
		"":                                  "",
	} {
		if got := DomainFromWebsite(in); got != want {
			t.Errorf("DomainFromWebsite(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommitmentValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	for _, tc := range []struct {
		name   string
		c      Commitment
		fields []string
	}{
		{"valid", Commitment{Title: " Open data ", Mission: "Ship it", Impact: "Residents"}, nil},
		{"empty", Commitment{}, []string{"title", "mission", "impact"}},
		{"title at limit", Commitment{Title: long(MaxTitle), Mission: "m", Impact: "i"}, nil},
		{"title over", Commitment{Title: long(MaxTitle + 1), Mission: "m", Impact: "i"}, []string{"title"}},
		{"partners over", Commitment{Title: "t", Partners: long(MaxPartners + 1), Mission: "m", Impact: "i"}, []string{"partners"}},
		{"mission over", Commitment{Title: "t", Mission: long(MaxMission + 1), Impact: "i"}, []string{"mission"}},
		{"spaces only", Commitment{Title: "   ", Mission: "\t", Impact: "\n"}, []string{"title", "mission", "impact"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := tc.c.Validate()
			if strings.Join(fe.Fields, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("fields = %v, want %v (%v)", fe.Fields, tc.fields, fe.Msgs)
			}
		})
	}
	c := Commitment{Title: "  a\x00b  ", Mission: "line1\r\nline2", Impact: "x"}
	c.Validate()
	if c.Title != "ab" || c.Mission != "line1\nline2" {
		t.Errorf("cleaned = %q %q", c.Title, c.Mission)
	}
}

func TestValidateSigners(t *testing.T) {
	org := &Organisation{TypeCode: "LBO", Domains: []string{"hackney.gov.uk"}}
	ok := func() []Signer {
		return []Signer{
			{Kind: SignerCEO, Name: "Alex", Role: "Chief Executive", Email: "CEO@hackney.gov.uk"},
			{Kind: SignerLeader, Name: "Sam", Role: "Leader", Email: "leader@hackney.gov.uk"},
		}
	}
	for _, tc := range []struct {
		name   string
		edit   func([]Signer)
		fields []string
	}{
		{"valid", func([]Signer) {}, nil},
		{"empty name", func(s []Signer) { s[0].Name = "" }, []string{"ceo_name"}},
		{"bad email", func(s []Signer) { s[1].Email = "leader.hackney.gov.uk" }, []string{"leader_email"}},
		{"wrong domain", func(s []Signer) { s[1].Email = "leader@gmail.com" }, []string{"leader_email"}},
		{"same email", func(s []Signer) { s[1].Email = "ceo@hackney.gov.uk" }, []string{"leader_email"}},
		{"same mailbox with a +tag", func(s []Signer) { s[1].Email = "CEO+leader@hackney.gov.uk" }, []string{"leader_email"}},
		{"same mailbox with dots", func(s []Signer) { s[1].Email = "c.e.o@hackney.gov.uk" }, []string{"leader_email"}},
		{"the starter as chief executive", func(s []Signer) { s[0].Email = "Officer@hackney.gov.uk" }, []string{"ceo_email"}},
		{"the starter with a +tag and dots", func(s []Signer) { s[1].Email = "o.f.ficer+leader@HACKNEY.gov.uk" }, []string{"leader_email"}},
		{"long role", func(s []Signer) { s[0].Role = strings.Repeat("r", MaxRole+1) }, []string{"ceo_role"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ok()
			tc.edit(s)
			fe := ValidateSigners(org, "officer@hackney.gov.uk", s)
			if strings.Join(fe.Fields, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("fields = %v, want %v (%v)", fe.Fields, tc.fields, fe.Msgs)
			}
			if tc.fields == nil && s[0].Email != "ceo@hackney.gov.uk" {
				t.Errorf("email not normalised: %q", s[0].Email)
			}
		})
	}
}

func TestParseRegisterQuery(t *testing.T) {
	for _, tc := range []struct {
		query string
		field string // "" means valid
	}{
		{"", ""},
		{"q=borough&nation=England&type=LBO&region=London&year=2019&sort=newest&page=2&per_page=50", ""},
		{"nation=Atlantis", "nation"},
		{"type=XYZ", "type"},
		{"region=Mars", "region"},
		{"page=-1", "page"},
		{"page=abc", "page"},
		{"per_page=100000", "per_page"},
		{"year=1999", "year"},
		{"sort=up", "sort"},
		{"signed=maybe", "signed"},
		{"q=" + strings.Repeat("a", MaxQueryLength+1), "q"},
	} {
		v, _ := url.ParseQuery(tc.query)
		q, err := ParseRegisterQuery(v)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%q: unexpected error %v", tc.query, err)
			}
			if got, _ := ParseRegisterQuery(q.Values()); got != q {
				t.Errorf("%q: Values() does not round-trip: %+v vs %+v", tc.query, got, q)
			}
			continue
		}
		var e *Error
		if err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("%q: want EINVALID, got %v", tc.query, err)
		} else if e, _ = err.(*Error); e.Field != tc.field {
			t.Errorf("%q: field = %q, want %q", tc.query, e.Field, tc.field)
		}
	}
}

func FuzzParseRegisterQuery(f *testing.F) {
	for _, s := range []string{"", "q=a&page=2", "nation=Wales&sort=oldest", "page=-1", "q=%00%ff", "year=2019&per_page=500"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseRegisterQuery(v)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error code %q for %q", ErrorCode(err), raw)
			}
			return
		}
		if q.Page < 1 || q.PerPage < 1 || q.PerPage > MaxPerPage || Length(q.Q) > MaxQueryLength {
			t.Fatalf("out of range query %+v from %q", q, raw)
		}
		again, err := ParseRegisterQuery(q.Values())
		if err != nil || again != q {
			t.Fatalf("round trip of %q: %+v vs %+v (%v)", raw, again, q, err)
		}
	})
}

func TestRateLimitMailbox(t *testing.T) {
	for in, want := range map[string]string{
		"victim@hackney.gov.uk":          "victim@hackney.gov.uk",
		"victim+1@hackney.gov.uk":        "victim@hackney.gov.uk",
		"Victim+Tag+More@Hackney.GOV.uk": "victim@hackney.gov.uk",
		" victim@hackney.gov.uk ":        "victim@hackney.gov.uk",
		"+only@hackney.gov.uk":           "+only@hackney.gov.uk",
		"first.last@hackney.gov.uk":      "first.last@hackney.gov.uk",
		"no-at-sign":                     "no-at-sign",
	} {
		if got := RateLimitMailbox(in); got != want {
			t.Errorf("RateLimitMailbox(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalMailbox(t *testing.T) {
	for in, want := range map[string]string{
		"Officer@Hackney.gov.uk":          "officer@hackney.gov.uk",
		"officer+ceo@hackney.gov.uk":      "officer@hackney.gov.uk",
		"o.f.f.icer+a+b@hackney.gov.uk":   "officer@hackney.gov.uk",
		" Jo.Smith@GoogleMail.com ":       "josmith@gmail.com",
		"dana.whitfield@hackney.gov.uk":   "danawhitfield@hackney.gov.uk",
		"leader@hackney.gov.uk":           "leader@hackney.gov.uk",
		"no-at-sign":                      "no-at-sign",
		"first.last+tag@sub.domain.co.uk": "firstlast@sub.domain.co.uk",
	} {
		if got := CanonicalMailbox(in); got != want {
			t.Errorf("CanonicalMailbox(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUserMemberships(t *testing.T) {
	u := &User{Role: RoleMember, Memberships: []Membership{
		{OrganisationID: 3, Role: RoleMember}, {OrganisationID: 5, Role: RoleOrgAdmin}}}
	if !u.IsMemberOf(3) || !u.IsMemberOf(5) || u.IsMemberOf(4) || u.IsMemberOf(0) {
		t.Error("IsMemberOf")
	}
	if u.CanAdminOrganisation(3) || !u.CanAdminOrganisation(5) || u.CanAdminOrganisation(4) || !u.AdminsAnyOrganisation() {
		t.Error("CanAdminOrganisation")
	}
	pa := &User{Role: RolePlatformAdmin}
	if !pa.CanAdminOrganisation(4) || pa.IsMemberOf(4) {
		t.Error("platform admin")
	}
	var none *User
	if none.IsMemberOf(3) || none.CanAdminOrganisation(3) || none.AdminsAnyOrganisation() || len(none.OrganisationIDs()) != 0 {
		t.Error("nil user")
	}
	if ids := u.OrganisationIDs(); len(ids) != 2 || ids[0] != 3 || ids[1] != 5 {
		t.Errorf("OrganisationIDs = %v", ids)
	}
}
