package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// registerPath is the shared reference register, relative to this package's directory
// (go test runs in the package directory).
var registerPath = filepath.Join("..", "..", "..", "shared", "data", "uk_local_authorities.csv")

func readRegister(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(registerPath)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("reference register %s is not present; it lives in the shared data folder beside the repository", registerPath)
	}
	if err != nil {
		tb.Fatalf("read register: %v", err)
	}
	return data
}

func parseRegister(t *testing.T) []model.Organisation {
	t.Helper()
	orgs, err := ParseOrganisations(bytes.NewReader(readRegister(t)))
	if err != nil {
		t.Fatalf("ParseOrganisations(register): %v", err)
	}
	return orgs
}

func byLACode(orgs []model.Organisation) map[string]model.Organisation {
	m := make(map[string]model.Organisation, len(orgs))
	for _, o := range orgs {
		m[o.LACode] = o
	}
	return m
}

func TestParseOrganisationsRegister(t *testing.T) {
	orgs := parseRegister(t)
	if len(orgs) != 397 {
		t.Fatalf("got %d organisations, want 397", len(orgs))
	}
	slugs, keys := map[string]string{}, map[string]string{}
	nations, types := map[string]int{}, map[string]int{}
	for _, o := range orgs {
		if prev, ok := slugs[o.Slug]; ok || o.Slug == "" {
			t.Errorf("%s: slug %q is empty or also used by %s", o.LACode, o.Slug, prev)
		}
		slugs[o.Slug] = o.LACode
		if prev, ok := keys[o.Key()]; ok {
			t.Errorf("%s: key %q also used by %s", o.LACode, o.Key(), prev)
		}
		keys[o.Key()] = o.LACode
		nations[o.Nation]++
		types[o.TypeCode]++
		if o.Website != "" && len(o.Domains) != 1 {
			t.Errorf("%s: website %q gave domains %q, want one", o.LACode, o.Website, o.Domains)
		}
	}
	wantNations := map[string]int{"England": 332, "Scotland": 32, "Wales": 22, "Northern Ireland": 11}
	if !mapsEqual(nations, wantNations) {
		t.Errorf("nations = %v, want %v", nations, wantNations)
	}
	wantTypes := map[string]int{
		"NMD": 164, "UA": 63, "MD": 36, "LBO": 32, "CC": 1, "CTY": 21,
		"SCO": 32, "WPA": 22, "NID": 11, "COMB": 14, "SRA": 1,
	}
	if !mapsEqual(types, wantTypes) {
		t.Errorf("types = %v, want %v", types, wantTypes)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestParseOrganisationsRegisterSpotChecks(t *testing.T) {
	orgs := byLACode(parseRegister(t))
	tests := []struct {
		code string
		want model.Organisation
	}{
		{"ADU", model.Organisation{
			Slug: "adur", Name: "Adur District Council", OfficialName: "Adur District Council",
			TypeCode: "NMD", TypeName: "Non-metropolitan district", Nation: "England", Region: "South East",
			GSSCode: "E07000223", LACode: "ADU", Website: "https://www.adur-worthing.gov.uk/",
			Powers: "lower tier", CountyCode: "WSX", Domains: []string{"adur-worthing.gov.uk"}, Aliases: []string{"Adur"},
		}},
		// An ampersand in the name; the slug spells it out.
		{"HMF", model.Organisation{
			Slug: "hammersmith-and-fulham", Name: "London Borough of Hammersmith & Fulham",
			OfficialName: "London Borough of Hammersmith & Fulham", TypeCode: "LBO", TypeName: "London borough",
			Nation: "England", Region: "London", GSSCode: "E09000013", LACode: "HMF",
			Website: "http://www.lbhf.gov.uk/", Powers: "unitary", CombinedAuthorityCode: "GLA",
			Domains: []string{"lbhf.gov.uk"}, Aliases: []string{"Hammersmith and Fulham"},
		}},
		// Commas inside a quoted field; the short name has a trailing space in the file.
		{"NMD", model.Organisation{
			Slug: "newry-mourne-and-down", Name: "Newry, Mourne and Down District Council",
			OfficialName: "Newry, Mourne and Down District Council", TypeCode: "NID", TypeName: "NI district",
			Nation: "Northern Ireland", Region: "Northern Ireland", GSSCode: "N09000010", LACode: "NMD",
			Website: "http://www.newrymournedown.org/", Powers: "ni district",
			Domains: []string{"newrymournedown.org"}, Aliases: []string{"Newry, Mourne and Down"},
		}},
		// GOV.UK still uses the old county council's name for the 2023 unitary: the
		// register's official name is shown, GOV.UK's kept as an alias.
		{"NYE", model.Organisation{
			Slug: "north-yorkshire", Name: "North Yorkshire Council", OfficialName: "North Yorkshire Council",
			TypeCode: "UA", TypeName: "Unitary authority", Nation: "England", Region: "Yorkshire and The Humber",
			GSSCode: "E06000065", LACode: "NYE", Website: "http://www.northyorks.gov.uk/", Powers: "unitary",
			CombinedAuthorityCode: "YNYC", Domains: []string{"northyorks.gov.uk"},
			Aliases: []string{"North Yorkshire", "North Yorkshire County Council"},
		}},
		{"SMT", model.Organisation{
			Slug: "somerset", Name: "Somerset Council", OfficialName: "Somerset Council",
			TypeCode: "UA", TypeName: "Unitary authority", Nation: "England", Region: "South West",
			GSSCode: "E06000066", LACode: "SMT", Website: "http://www.somerset.gov.uk/", Powers: "unitary",
			Domains: []string{"somerset.gov.uk"}, Aliases: []string{"Somerset", "Somerset County Council"},
		}},
		// No GOV.UK name, so the official name is used; no website, so no domain.
		{"EMCA", model.Organisation{
			Slug: "east-midlands-cca", Name: "East Midlands Combined County Authority",
			OfficialName: "East Midlands Combined County Authority", TypeCode: "COMB", TypeName: "Combined authority",
			Nation: "England", Region: "East Midlands", GSSCode: "E47000013", LACode: "EMCA", Powers: "combined",
			Aliases: []string{"East Midlands CCA"},
		}},
		{"FIF", model.Organisation{
			Slug: "fife", Name: "Fife Council", OfficialName: "Fife Council", TypeCode: "SCO",
			TypeName: "Scottish unitary authority", Nation: "Scotland", Region: "Scotland", GSSCode: "S12000047",
			LACode: "FIF", Website: "https://www.fife.gov.uk/", Powers: "unitary", Domains: []string{"fife.gov.uk"},
			Aliases: []string{"Fife"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, ok := orgs[tt.code]
			if !ok {
				t.Fatalf("no organisation with code %s", tt.code)
			}
			if !orgEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func orgEqual(a, b model.Organisation) bool { return reflect.DeepEqual(a, b) }

func TestParseOrganisationsRegisterNamesUnchanged(t *testing.T) {
	orgs := byLACode(parseRegister(t))
	tests := map[string]string{
		"HMF": "London Borough of Hammersmith & Fulham",
		"TFW": "Telford & Wrekin Council",
		"BPC": "Bournemouth, Christchurch and Poole Council",
		"ABC": "Armagh City, Banbridge and Craigavon Borough Council",
		"NMD": "Newry, Mourne and Down District Council",
		"GLA": "Greater London Authority",
	}
	for code, want := range tests {
		if got := orgs[code].Name; got != want {
			t.Errorf("%s: name = %q, want %q", code, got, want)
		}
	}
}

// Some councils share a website, so an email domain does not always identify one
// organisation. This pins down which do, so a change in the register is noticed.
func TestParseOrganisationsRegisterSharedDomains(t *testing.T) {
	owners := map[string][]string{}
	for _, o := range parseRegister(t) {
		for _, d := range o.Domains {
			owners[d] = append(owners[d], o.LACode)
		}
	}
	shared := map[string][]string{}
	for d, codes := range owners {
		if len(codes) > 1 {
			slices.Sort(codes)
			shared[d] = codes
		}
	}
	want := map[string][]string{
		"adur-worthing.gov.uk":            {"ADU", "WOT"},
		"lewes-eastbourne.gov.uk":         {"EAS", "LEE"},
		"southnorfolkandbroadland.gov.uk": {"BRO", "SNO"},
	}
	if len(shared) != len(want) {
		t.Errorf("shared domains = %v, want %v", shared, want)
	}
	for d, codes := range want {
		if !slices.Equal(shared[d], codes) {
			t.Errorf("domain %s is used by %v, want %v", d, shared[d], codes)
		}
	}
}

const (
	header  = "local_authority_code,official_name,short_name,govuk_name,gss_code,type_code,type_name,nation,region,website\n"
	rowAdur = "ADU,Adur District Council,Adur,,E07000223,NMD,,England,South East,https://www.adur-worthing.gov.uk/\n"
	rowWort = "WOT,Worthing Borough Council,Worthing,,E07000229,NMD,,England,South East,https://www.adur-worthing.gov.uk/\n"
)

func TestParseOrganisationsMapping(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []model.Organisation
	}{
		{
			name:  "byte order mark, CRLF, extra and reordered columns",
			input: "\uFEFFnation,extra,gss_code,type_code,official_name,local_authority_code\r\nWales,x,W06000001,WPA,Isle of Anglesey County Council,AGY\r\n",
			want: []model.Organisation{{
				Slug: "isle-of-anglesey-county-council", Name: "Isle of Anglesey County Council",
				OfficialName: "Isle of Anglesey County Council", TypeCode: "WPA", TypeName: "Welsh unitary authority",
				Nation: "Wales", GSSCode: "W06000001", LACode: "AGY",
			}},
		},
		{
			name: "spaces trimmed, quoted commas, ampersands and apostrophes kept",
			input: header +
				` KIN , "Borough Council of King's Lynn & West Norfolk","King's Lynn, West Norfolk", , E07000146 ,NMD, ,England, East of England , http://www.west-norfolk.gov.uk ` + "\n",
			want: []model.Organisation{{
				Slug: "kings-lynn-west-norfolk", Name: "Borough Council of King's Lynn & West Norfolk",
				OfficialName: "Borough Council of King's Lynn & West Norfolk", TypeCode: "NMD",
				TypeName: "Non-metropolitan district", Nation: "England", Region: "East of England",
				GSSCode: "E07000146", LACode: "KIN", Website: "http://www.west-norfolk.gov.uk",
				Domains: []string{"west-norfolk.gov.uk"}, Aliases: []string{"King's Lynn, West Norfolk"},
			}},
		},
		{
			name: "official name shown, other names aliases, slug clashes made unique with the code",
			input: header +
				"NEW,Newport City Council,Newport,Newport City Council (Wales),W06000022,WPA,,Wales,Wales,\n" +
				"NWP,Newport Borough Council,Newport,,,OTHER,Somewhere,England,,\n" +
				",Newport Town Council,Newport,,E04000001,OTHER,,England,,\n",
			want: []model.Organisation{
				{Slug: "newport", Name: "Newport City Council", OfficialName: "Newport City Council",
					TypeCode: "WPA", TypeName: "Welsh unitary authority", Nation: "Wales", Region: "Wales",
					GSSCode: "W06000022", LACode: "NEW", Aliases: []string{"Newport", "Newport City Council (Wales)"}},
				{Slug: "newport-nwp", Name: "Newport Borough Council", OfficialName: "Newport Borough Council",
					TypeCode: "OTHER", TypeName: "Somewhere", Nation: "England", LACode: "NWP", Aliases: []string{"Newport"}},
				{Slug: "newport-e04000001", Name: "Newport Town Council", OfficialName: "Newport Town Council",
					TypeCode: "OTHER", TypeName: "Other organisation", Nation: "England", GSSCode: "E04000001",
					Aliases: []string{"Newport"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOrganisations(strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d organisations, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if !orgEqual(got[i], tt.want[i]) {
					t.Errorf("organisation %d:\ngot  %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseOrganisationsSlugs(t *testing.T) {
	type row struct{ la, name, gss string }
	tests := []struct {
		name string
		rows []row
		want []string
	}{
		{"distinct names", []row{{"ADU", "Adur", ""}, {"WOT", "Worthing", ""}}, []string{"adur", "worthing"}},
		{"clash takes the LA code", []row{{"ADU", "Adur", "E07000223"}, {"ADX", "ADUR", "E07000999"}}, []string{"adur", "adur-adx"}},
		{"clash without LA code takes the GSS code", []row{{"ADU", "Adur", ""}, {"", "Adur", "E07000223"}}, []string{"adur", "adur-e07000223"}},
		{
			"clash with the suffixed slug takes a number",
			[]row{{"AB", "A", ""}, {"ABC", "A E01000001", ""}, {"", "A", "E01000001"}},
			[]string{"a", "a-e01000001", "a-e01000001-2"},
		},
		{"name with no letters takes the code", []row{{"XY", "\u2013", ""}}, []string{"xy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("local_authority_code,official_name,gss_code,type_code,nation\n")
			for _, r := range tt.rows {
				fmt.Fprintf(&b, "%s,%s,%s,OTHER,England\n", r.la, r.name, r.gss)
			}
			orgs, err := ParseOrganisations(strings.NewReader(b.String()))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			var got []string
			for _, o := range orgs {
				got = append(got, o.Slug)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("slugs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseOrganisationsBadRows(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		lines   []int
		reasons []string // one substring per row error, in order
	}{
		{
			name:    "missing required columns",
			input:   "local_authority_code,official_name,type_code,website\nADU,Adur District Council,NMD,\n",
			lines:   []int{1},
			reasons: []string{"missing required columns: gss_code, nation"},
		},
		{
			name:    "required column given twice",
			input:   "local_authority_code,official_name,gss_code,type_code,nation,Nation\nADU,Adur,E07000223,NMD,England,England\n",
			lines:   []int{1},
			reasons: []string{"column nation appears more than once"},
		},
		{
			name:    "duplicate GSS code",
			input:   header + rowAdur + rowWort + "ADX,Adur Again,,,E07000223,NMD,,England,,\n",
			lines:   []int{4},
			reasons: []string{`gss_code "E07000223" is already used on line 2`},
		},
		{
			name:    "duplicate local authority code",
			input:   header + rowAdur + rowWort + "WOT,Worthing Again,,,,NMD,,England,,\n",
			lines:   []int{4},
			reasons: []string{`local_authority_code "WOT" is already used on line 3`},
		},
		{
			name:    "bad GSS code",
			input:   header + rowAdur + "XYZ,Somewhere,,,X123,NMD,,England,,\n",
			lines:   []int{3},
			reasons: []string{`gss_code "X123" is not a GSS code`},
		},
		{
			name:    "bad LA code and no codes at all",
			input:   header + "adu,Adur,,,,NMD,,England,,\n" + ",Nowhere,,,,NMD,,England,,\n",
			lines:   []int{2, 3},
			reasons: []string{`local_authority_code "adu" is not`, "needs a gss_code or a local_authority_code"},
		},
		{
			name:    "unknown type",
			input:   header + "ADU,Adur,,,E07000223,PARISH,,England,,\n",
			lines:   []int{2},
			reasons: []string{`type_code "PARISH" is not one of NMD, UA`},
		},
		{
			name:    "unknown nation",
			input:   header + "ADU,Adur,,,E07000223,NMD,,Cornwall,,\n",
			lines:   []int{2},
			reasons: []string{`nation "Cornwall" is not one of England, Scotland, Wales, Northern Ireland`},
		},
		{
			name:    "unknown region and a region in the wrong nation",
			input:   header + "ADU,Adur,,,E07000223,NMD,,England,Wessex,\n" + "FIF,Fife,,,S12000047,SCO,,Scotland,London,\n",
			lines:   []int{2, 3},
			reasons: []string{`region "Wessex" is not a known region`, `region "London" is not in Scotland`},
		},
		{
			name:    "website that is not http or https",
			input:   header + "ADU,Adur,,,E07000223,NMD,,England,,ftp://adur.gov.uk\n",
			lines:   []int{2},
			reasons: []string{`website "ftp://adur.gov.uk" is not a web address`},
		},
		{
			name:    "empty official name",
			input:   header + "ADU,  ,,Adur District Council,E07000223,NMD,,England,,\n",
			lines:   []int{2},
			reasons: []string{"official_name is empty"},
		},
		{
			name:    "several problems on one row are each reported",
			input:   header + "ADU,Adur,,,E0700,XX,,Narnia,,\n",
			lines:   []int{2, 2, 2},
			reasons: []string{`gss_code "E0700"`, `type_code "XX"`, `nation "Narnia"`},
		},
		{
			name:    "short row",
			input:   header + rowAdur + "WOT,Worthing Borough Council,Worthing\n" + "ARU,Arun,,,E07000224,NMD,,England,South East,\n",
			lines:   []int{3},
			reasons: []string{"has 3 fields, the header has 10"},
		},
		{
			name:    "long row",
			input:   header + "ADU,Adur,,,E07000223,NMD,,England,South East,,extra\n",
			lines:   []int{2},
			reasons: []string{"has 11 fields, the header has 10"},
		},
		{
			name:    "unterminated quote swallows the rest of the file",
			input:   header + rowAdur + "WOT,\"Worthing Borough Council,Worthing,,E07000229,NMD,,England,South East,\nARU,Arun,,,E07000224,NMD,,England,South East,\n",
			lines:   []int{3},
			reasons: []string{"broken quoting: extraneous or missing \" in quoted-field (found on line 4"},
		},
		{
			name:    "bare quote in an unquoted field, and reading goes on",
			input:   header + rowAdur + "WOT,Worthing \"Borough\" Council,,,E07000229,NMD,,England,,\n" + "ARU,Arun,,,E07000224,NOPE,,England,,\n",
			lines:   []int{3, 4},
			reasons: []string{"broken quoting: bare \" in non-quoted-field", `type_code "NOPE"`},
		},
		{
			name:    "broken quoting in the header",
			input:   "local_authority_code,\"official_name\"x,gss_code,type_code,nation\n" + "ADU,Adur,E07000223,NMD,England\n",
			lines:   []int{1},
			reasons: []string{"broken quoting"},
		},
		{
			name:    "quoted line break in a name",
			input:   header + "ADU,\"Adur\nDistrict Council\",,,E07000223,NMD,,England,,\n" + "ARU,Arun,,,E07000224,NOPE,,England,,\n",
			lines:   []int{2, 4},
			reasons: []string{"official_name contains a line break", `type_code "NOPE"`},
		},
		{
			name:    "invalid UTF-8",
			input:   header + "ADU,Adur \xff Council,,,E07000223,NMD,,England,,\n",
			lines:   []int{2},
			reasons: []string{"official_name is not valid UTF-8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orgs, err := ParseOrganisations(strings.NewReader(tt.input))
			if orgs != nil {
				t.Errorf("got %d organisations, want none", len(orgs))
			}
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v (%T), want *ImportError", err, err)
			}
			var lines []int
			for _, r := range ie.Rows {
				lines = append(lines, r.Line)
			}
			if !slices.Equal(lines, tt.lines) {
				t.Fatalf("error lines = %v, want %v\n%v", lines, tt.lines, err)
			}
			for i, want := range tt.reasons {
				if !strings.Contains(ie.Rows[i].Reason, want) {
					t.Errorf("row error %d = %q, want it to contain %q", i, ie.Rows[i].Reason, want)
				}
			}
			if model.ErrorCode(err) != model.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", model.ErrorCode(err), model.EINVALID)
			}
		})
	}
}

func TestParseOrganisationsNoRows(t *testing.T) {
	tests := []struct{ name, input string }{
		{"empty file", ""},
		{"blank lines", "\n\n\r\n"},
		{"byte order mark only", "\uFEFF"},
		{"header only", header},
		{"header only, no newline", strings.TrimSuffix(header, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orgs, err := ParseOrganisations(strings.NewReader(tt.input))
			if orgs != nil || !errors.Is(err, ErrNoRows) {
				t.Errorf("got %d organisations and err %v, want none and ErrNoRows", len(orgs), err)
			}
			if err != nil && !strings.Contains(locale.English.Error(err), "no rows") {
				t.Errorf("error %q does not say there are no rows", err)
			}
		})
	}
}

// syntheticFile returns a header and n valid rows with unique codes and names.
func syntheticFile(n int) string {
	var b strings.Builder
	b.WriteString("local_authority_code,official_name,gss_code,type_code,nation\n")
	for i := range n {
		la := []byte("AAAA")
		for j, k := 3, i; j >= 0; j, k = j-1, k/26 {
			la[j] = byte('A' + k%26)
		}
		fmt.Fprintf(&b, "%s,Council %d,E07%06d,OTHER,England\n", la, i, i)
	}
	return b.String()
}

func TestParseOrganisationsRowCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two files of 100,000 rows")
	}
	orgs, err := ParseOrganisations(strings.NewReader(syntheticFile(MaxRows)))
	if err != nil || len(orgs) != MaxRows {
		t.Fatalf("MaxRows rows: got %d organisations and err %v, want %d and nil", len(orgs), err, MaxRows)
	}
	orgs, err = ParseOrganisations(strings.NewReader(syntheticFile(MaxRows + 1)))
	if orgs != nil || !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("MaxRows+1 rows: got %d organisations and err %v, want none and ErrTooManyRows", len(orgs), err)
	}
}

func TestImportErrorMessage(t *testing.T) {
	err := &ImportError{Rows: []RowError{
		{Line: 1, Reason: "missing required columns: nation"},
		{Line: 12, Reason: `gss_code "X123" is not a GSS code`},
	}}
	want := "line 1: missing required columns: nation\nline 12: gss_code \"X123\" is not a GSS code"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := locale.English.Error(err); got != "The file has 2 problems" {
		t.Errorf("ErrorMessage = %q, want a short count", got)
	}
}

func FuzzParseOrganisations(f *testing.F) {
	f.Add(header + rowAdur + rowWort)
	f.Add("\uFEFF" + header + rowAdur)
	f.Add(header + rowAdur + "WOT,\"Worthing,,,E07000229,NMD,,England,,\n")
	f.Add(header + "ADU,Ad\"ur,,,E07000223,NMD,,England,,\n")
	f.Add(header + "ADU,Adur\n")
	f.Add(header + rowAdur + rowAdur)
	f.Add(header)
	f.Add("")
	f.Fuzz(func(t *testing.T, input string) {
		orgs, err := ParseOrganisations(strings.NewReader(input))
		if err != nil {
			checkFuzzError(t, orgs, err)
			return
		}
		if len(orgs) == 0 {
			t.Fatal("no organisations and no error")
		}
		slugs, keys := map[string]bool{}, map[string]bool{}
		for _, o := range orgs {
			if _, ok := model.LookupOrgType(o.TypeCode); !ok || o.Name == "" || o.Slug == "" {
				t.Fatalf("bad organisation %+v", o)
			}
			if o.GSSCode == "" && o.LACode == "" {
				t.Fatalf("organisation without a key: %+v", o)
			}
			if slugs[o.Slug] || keys[o.Key()] {
				t.Fatalf("slug %q or key %q repeated", o.Slug, o.Key())
			}
			slugs[o.Slug], keys[o.Key()] = true, true
		}
	})
}

func checkFuzzError(t *testing.T, orgs []model.Organisation, err error) {
	t.Helper()
	if orgs != nil {
		t.Fatalf("got %d organisations with error %v", len(orgs), err)
	}
	var ie *ImportError
	switch {
	case errors.Is(err, ErrNoRows), errors.Is(err, ErrTooManyRows):
	case errors.As(err, &ie):
		if len(ie.Rows) == 0 {
			t.Fatal("ImportError with no rows")
		}
		for _, r := range ie.Rows {
			if r.Line < 1 || r.Reason == "" {
				t.Fatalf("bad row error %+v", r)
			}
		}
	default:
		t.Fatalf("unexpected error type %T: %v", err, err)
	}
}

func BenchmarkParseOrganisations(b *testing.B) {
	data := readRegister(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseOrganisations(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
