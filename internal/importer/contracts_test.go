package importer

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const contractsHeader = "category,supplier,product,start_date,end_date,extension_end_date,annual_value_band,satisfaction,notes,visibility\n"

func TestParseContracts(t *testing.T) {
	good := contractsHeader +
		"Revenues and benefits,Capita plc,Academy,2021-04-01,2026-03-31,2027-03-31,£500k–£1m,3,,public\n" +
		"HR AND PAYROLL,iTrent Ltd,,2022-01-01,2025-12-31,,under £100k,,\"Payroll, and HR\",signatories\n"
	cs, err := ParseContracts(strings.NewReader("\uFEFF" + good))
	if err != nil || len(cs) != 2 || cs[1].Category != "hr_payroll" || cs[1].Notes != "Payroll, and HR" || cs[0].ValueBand != "500k_1m" {
		t.Fatalf("good file = %+v, %v", cs, err)
	}
	bad := contractsHeader +
		"Revenues and benefits,Capita plc,Academy,2021-04-01,2026-03-31,2027-03-31,£500k–£1m,3,,public\n" + // line 2
		"hovercraft,Capita,,2021-04-01,2026-03-31,,under £100k,,,public\n" + // 3: unknown category
		"libraries,Civica,,2021-04-01,2020-03-31,,under £100k,,,public\n" + // 4: end before start
		"libraries,Civica,,01/04/2021,2026-03-31,,under £100k,,,public\n" + // 5: bad date
		"libraries,Civica,,2021-04-01,2026-03-31,,£2m,,,public\n" + // 6: unknown band
		"revenues and benefits,CAPITA,academy,2021-04-01,2026-03-31,,over £5m,,,organisation\n" + // 7: same as line 2
		"libraries,Civica\n" // 8: short row
	_, err = ParseContracts(strings.NewReader(bad))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("bad file: %v", err)
	}
	var lines []int
	var keys []string
	for _, r := range ie.Rows {
		lines = append(lines, r.Line)
		keys = append(keys, r.Msg.Key)
	}
	if !slices.Equal(lines, []int{3, 4, 5, 6, 7, 8}) {
		t.Fatalf("lines = %v\n%v", lines, err)
	}
	// Every row's problem is a catalog message, for the upload form's reader's language.
	if want := []string{"contracts.import.errors.field", "contracts.import.errors.field", "contracts.import.errors.field",
		"contracts.import.errors.field", "contracts.import.errors.duplicate", "contracts.import.errors.width"}; !slices.Equal(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	for _, want := range []string{
		`line 3: column category "hovercraft": Select a category from the list`,
		`line 4: column end_date "2020-03-31": End date must be the same as or after the start date`,
		`line 5: column start_date "01/04/2021": Start date must be a real date`,
		`line 6: column annual_value_band "£2m": Select an annual value band`,
		"line 7: is the same contract as line 2",
		"line 8: has 2 fields, the header has 10",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	if _, err := ParseContracts(strings.NewReader("category,supplier\nlibraries,Civica\n")); err == nil ||
		!strings.Contains(err.Error(), "missing required columns: product, start_date") {
		t.Errorf("missing columns: %v", err)
	}
	if _, err := ParseContracts(strings.NewReader(contractsHeader)); !errors.Is(err, ErrNoRows) {
		t.Errorf("header only: %v", err)
	}
}
