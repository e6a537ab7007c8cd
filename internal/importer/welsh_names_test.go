package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

func TestIsWelshNames(t *testing.T) {
	for _, c := range []struct {
		header string
		want   bool
	}{
		{"gss_code,official_name,welsh_name,welsh_short_name", true},
		{"\ufeffGSS_Code, Welsh_Name", true},
		{"local_authority_code,official_name,gss_code,type_code,nation,welsh_name", false},
		{"local_authority_code,official_name,gss_code,type_code,nation", false},
		{"gss_code,official_name", false},
	} {
		h, err := Header(strings.NewReader(c.header + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := IsWelshNames(h); got != c.want {
			t.Errorf("IsWelshNames(%q) = %v, want %v", c.header, got, c.want)
		}
	}
}

// TestParseWelshNames reads the shared file of the 22 Welsh councils' names (and the
// copy the demo embeds), and refuses a file with any bad row, naming every one.
func TestParseWelshNames(t *testing.T) {
	for _, p := range []string{filepath.Join("..", "..", "..", "shared", "data", "welsh_council_names.csv"),
		filepath.Join("..", "cli", "data", "welsh_council_names.csv")} {
		f, err := os.Open(p)
		if err != nil {
			t.Skipf("no %s: %v", p, err)
		}
		names, err := ParseWelshNames(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(names) != 22 {
			t.Fatalf("%s: %d names, want 22", p, len(names))
		}
		want := model.WelshName{GSSCode: "W06000015", WelshName: "Cyngor Dinas Caerdydd", OfficialName: "City of Cardiff Council"}
		found := false
		for _, n := range names {
			n.Line = 0
			found = found || n == want
		}
		if !found {
			t.Errorf("%s: no row %+v", p, want)
		}
	}
	bad := "gss_code,welsh_name,welsh_short_name\n" +
		"W06000015,Cyngor Dinas Caerdydd,Caerdydd\n" +
		"nonsense,Cyngor,\n" +
		"W06000015,Cyngor eto,\n" +
		"W06000002,,Gwynedd\n" +
		"W06000003,Cyngor Conwy\n"
	_, err := ParseWelshNames(strings.NewReader(bad))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("bad file: %v, want an ImportError", err)
	}
	for _, want := range []string{`line 3: gss_code "nonsense" is not a GSS code`, `line 4: gss_code "W06000015" is already used on line 2`,
		"line 5: welsh_name is empty", "line 6: has 2 fields, the header has 3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := ParseWelshNames(strings.NewReader("gss_code,official_name\nW06000015,x\n")); err == nil ||
		!strings.Contains(err.Error(), "missing required columns: welsh_name") {
		t.Errorf("no welsh_name column: %v", err)
	}
	if _, err := ParseWelshNames(strings.NewReader("gss_code,welsh_name\n")); !errors.Is(err, ErrNoRows) {
		t.Errorf("header only: %v, want ErrNoRows", err)
	}
}
