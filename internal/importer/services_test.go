package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// The shared service lists, beside the repository.
var (
	esdPath   = filepath.Join("..", "..", "..", "shared", "data", "lgsl_services_esd_2015.csv")
	govukPath = filepath.Join("..", "..", "..", "shared", "data", "govuk_local_services_lgsl.csv")
)

func readShared(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("%s is not present; it lives in the shared data folder beside the repository", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestParseServicesRealFiles(t *testing.T) {
	esd, format, err := ParseServices(bytes.NewReader(readShared(t, esdPath)))
	if err != nil || format != FormatESD {
		t.Fatalf("ParseServices(esd): %v, format %q", err, format)
	}
	if len(esd) != 1519 {
		t.Errorf("esd: %d services, want 1519", len(esd))
	}
	byCode := map[int]model.Service{}
	for _, s := range esd {
		byCode[s.Code] = s
	}
	for code, label := range map[int]string{372: "Abandoned vehicles", 524: "Household waste collection",
		57: "Council tax annual notification", 1614: "16 to 19 bursary fund"} {
		if byCode[code].Label != label {
			t.Errorf("esd %d = %q, want %q", code, byCode[code].Label, label)
		}
	}
	if byCode[1].Description == "" || byCode[1].GovUKDescription != "" || byCode[1].ProvidingTier != "" {
		t.Errorf("esd 1 = %+v", byCode[1])
	}

	govuk, format, err := ParseServices(bytes.NewReader(readShared(t, govukPath)))
	if err != nil || format != FormatGOVUK {
		t.Fatalf("ParseServices(govuk): %v, format %q", err, format)
	}
	if len(govuk) != 117 {
		t.Errorf("govuk: %d services, want 117", len(govuk))
	}
	tiers := map[string]int{}
	for _, s := range govuk {
		tiers[s.ProvidingTier]++
		if s.Label != "" || s.GovUKDescription == "" {
			t.Errorf("govuk %d = %+v", s.Code, s)
		}
		if s.Code == 524 && s.GovUKDescription != "Find out which day the refuse is collected" {
			t.Errorf("govuk 524 = %q", s.GovUKDescription)
		}
	}
	if want := map[string]int{"county/unitary": 51, "district/unitary": 50, "all": 16}; !reflect.DeepEqual(tiers, want) {
		t.Errorf("tiers = %v, want %v", tiers, want)
	}
}

func TestParseServicesGood(t *testing.T) {
	tests := []struct {
		name, csv string
		format    ServiceFormat
		want      []model.Service
	}{
		{"esd, columns in another order, extra column", "description,label,lgsl_code,notes\n" +
			"\"Collecting rubbish, weekly\",Household waste collection,524,x\n", FormatESD,
			[]model.Service{{Code: 524, Label: "Household waste collection", Description: "Collecting rubbish, weekly"}}},
		{"esd with a BOM and an empty description", "\xEF\xBB\xBFlgsl_code,label,description\n372,Abandoned vehicles,\n", FormatESD,
			[]model.Service{{Code: 372, Label: "Abandoned vehicles"}}},
		{"govuk", "lgsl_code,govuk_description,providing_tier\n524,Find out which day the refuse is collected,district/unitary\n57,Pay council tax,\n",
			FormatGOVUK, []model.Service{
				{Code: 524, GovUKDescription: "Find out which day the refuse is collected", ProvidingTier: "district/unitary"},
				{Code: 57, GovUKDescription: "Pay council tax"}}},
		{"spaces trimmed, upper-case header", "LGSL_CODE , Label ,Description\n 1 , Home schooling , x \n", FormatESD,
			[]model.Service{{Code: 1, Label: "Home schooling", Description: "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, format, err := ParseServices(strings.NewReader(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			if format != tt.format || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q %+v, want %q %+v", format, got, tt.format, tt.want)
			}
		})
	}
}

func TestParseServicesBad(t *testing.T) {
	const esd = "lgsl_code,label,description\n"
	const govuk = "lgsl_code,govuk_description,providing_tier\n"
	tests := []struct {
		name, csv string
		want      []string // "line N: reason" prefixes, in order
	}{
		{"duplicate code", esd + "524,Waste,a\n372,Vehicles,b\n524,Waste again,c\n",
			[]string{`line 4: lgsl_code 524 is already used on line 2`}},
		{"codes that are not codes", esd + "abc,A,\n-3,B,\n0,C,\n007,D,\n1.5,E,\n100000,F,\n,G,\n",
			[]string{"line 2: lgsl_code \"abc\"", "line 3: lgsl_code \"-3\"", "line 4: lgsl_code \"0\"",
				"line 5: lgsl_code \"007\"", "line 6: lgsl_code \"1.5\"", "line 7: lgsl_code \"100000\"", "line 8: lgsl_code \"\""}},
		{"short and long rows", esd + "1,A\n2,B,c,d\n3,C,ok\n",
			[]string{"line 2: has 2 fields, the header has 3", "line 3: has 4 fields, the header has 3"}},
		{"broken quoting", esd + "1,\"Home \"schooling\",x\n2,B,c\n",
			[]string{"line 2: broken quoting"}},
		{"empty label", esd + "1,,desc\n", []string{"line 2: label is empty"}},
		{"long label", esd + "1," + strings.Repeat("x", 301) + ",\n", []string{"line 2: label is longer than 300 characters"}},
		{"control character", esd + "1,\"Tab\there\",\n", []string{"line 2: label contains a line break or other control character"}},
		{"invalid UTF-8", esd + "1,Caf\xe9,\n", []string{"line 2: label is not valid UTF-8"}},
		{"unknown tier", govuk + "524,Bins,district\n525,Bins,county/unitary\n",
			[]string{`line 2: providing_tier "district" is not one of county/unitary, district/unitary, all`}},
		{"empty GOV.UK description", govuk + "524,,all\n", []string{"line 2: govuk_description is empty"}},
		{"every problem of a row", esd + "x,,\n", []string{"line 2: lgsl_code", "line 2: label is empty"}},
		{"unknown header", "code,name\n1,a\n", []string{"line 1: the header must name the columns"}},
		{"the organisations file", "local_authority_code,official_name\nADU,Adur\n", []string{"line 1: the header must name"}},
		{"column twice", "lgsl_code,label,description,label\n1,a,b,c\n", []string{"line 1: column label appears more than once"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := ParseServices(strings.NewReader(tt.csv))
			var ie *ImportError
			if !errors.As(err, &ie) || got != nil {
				t.Fatalf("got %d services, err %v; want an ImportError", len(got), err)
			}
			if len(ie.Rows) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(ie.Rows), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(ie.Rows[i].Error(), w) {
					t.Errorf("problem %d = %q, want it to start %q", i, ie.Rows[i].Error(), w)
				}
			}
			if model.ErrorCode(err) != model.EINVALID {
				t.Errorf("code = %q", model.ErrorCode(err))
			}
		})
	}
}

func TestParseServicesEmpty(t *testing.T) {
	for _, in := range []string{"", "lgsl_code,label,description\n"} {
		if _, _, err := ParseServices(strings.NewReader(in)); !errors.Is(err, ErrNoRows) {
			t.Errorf("ParseServices(%q) = %v, want ErrNoRows", in, err)
		}
	}
}

func FuzzParseServices(f *testing.F) {
	f.Add([]byte("lgsl_code,label,description\n524,Household waste collection,Bins\n372,Abandoned vehicles,\n"))
	f.Add([]byte("lgsl_code,govuk_description,providing_tier\n524,Find out which day the refuse is collected,district/unitary\n"))
	f.Add([]byte("lgsl_code,label,description\n1,\"a\"b\",c\n1,a\n"))
	f.Add([]byte("\xEF\xBB\xBFLGSL_CODE,govuk_description,providing_tier,x\n007,\"multi\nline\",all,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		services, format, err := ParseServices(bytes.NewReader(data))
		if err != nil {
			if services != nil {
				t.Fatal("services returned with an error")
			}
			var ie *ImportError
			if errors.As(err, &ie) {
				for _, r := range ie.Rows {
					if r.Line < 1 {
						t.Fatalf("problem on line %d", r.Line)
					}
				}
			}
			return
		}
		seen := map[int]bool{}
		for _, s := range services {
			if s.Code < 1 || s.Code > maxServiceCode || seen[s.Code] {
				t.Fatalf("bad or repeated code %d", s.Code)
			}
			seen[s.Code] = true
			switch format {
			case FormatESD:
				if s.Label == "" || s.GovUKDescription != "" {
					t.Fatalf("esd service %+v", s)
				}
			case FormatGOVUK:
				if s.GovUKDescription == "" || s.Label != "" || (s.ProvidingTier != "" && !model.Contains(ProvidingTiers, s.ProvidingTier)) {
					t.Fatalf("govuk service %+v", s)
				}
			default:
				t.Fatalf("format %q", format)
			}
			for _, v := range []string{s.Label, s.Description, s.GovUKDescription} {
				if strings.ContainsAny(v, "\r\n\x00") || v != strings.TrimSpace(v) {
					t.Fatalf("unclean text %q", v)
				}
			}
		}
	})
}
