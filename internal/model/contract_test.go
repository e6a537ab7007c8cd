package model

import "testing"

func TestSupplierKey(t *testing.T) {
	for name, want := range map[string]string{
		"Capita": "capita", "Capita plc": "capita", "CAPITA": "capita", "Capita PLC.": "capita",
		"Capita Business Services Ltd": "capita business services", "Civica UK Limited": "civica uk",
		"Marks & Spencer Group plc": "marks and spencer group", "  ltd ": "ltd", "---": "",
		"System C Healthcare Ltd": "system c healthcare",
	} {
		if got := SupplierKey(name); got != want {
			t.Errorf("SupplierKey(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestParseContract(t *testing.T) {
	good := map[string]string{"category": "Revenues and Benefits", "supplier": " Capita plc ", "product": "Academy",
		"start_date": "2021-04-01", "end_date": "2026-03-31", "extension_end_date": "2027-03-31",
		"annual_value_band": "£500k-£1m", "satisfaction": "3", "notes": "", "visibility": "Signatories"}
	with := func(field, value string) func(string) string {
		return func(name string) string {
			if name == field {
				return value
			}
			return good[name]
		}
	}
	c, fe := ParseContract(with("", ""))
	if fe.Any() || c.Category != "revenues_benefits" || c.ValueBand != "500k_1m" || c.Supplier != "Capita plc" ||
		c.Satisfaction != 3 || c.Visibility != ContractSignatories || c.FinalEnd().Format(ContractDate) != "2027-03-31" {
		t.Fatalf("good row = %+v, %v", c, fe)
	}
	for _, tc := range []struct{ field, value, key string }{
		{"category", "hovercraft", "contracts.form.category.unknown"},
		{"category", "", "contracts.form.category.unknown"},
		{"supplier", " ", "contracts.form.supplier.missing"},
		{"start_date", "", "contracts.form.start_date.missing"},
		{"start_date", "1/4/2021", "contracts.form.start_date.invalid"},
		{"end_date", "2026-02-30", "contracts.form.end_date.invalid"},
		{"end_date", "2020-03-31", "contracts.form.end_date.before_start"},
		{"extension_end_date", "2025-01-01", "contracts.form.extension_end_date.before_end"},
		{"extension_end_date", "soon", "contracts.form.extension_end_date.invalid"},
		{"annual_value_band", "£2m", "contracts.form.annual_value_band.unknown"},
		{"satisfaction", "6", "contracts.form.satisfaction.invalid"},
		{"visibility", "secret", "contracts.form.visibility.unknown"},
	} {
		_, fe := ParseContract(with(tc.field, tc.value))
		if got := fe.Msg(tc.field).Key; got != tc.key {
			t.Errorf("%s=%q: %q, want %q", tc.field, tc.value, got, tc.key)
		}
	}
	for in, want := range map[string]string{"under £100k": "under_100k", "£100K–£500K": "100k_500k", "OVER £5M": "over_5m", "1m_5m": "1m_5m"} {
		if b, ok := ParseContractValueBand(in); !ok || b.Slug != want {
			t.Errorf("band %q = %q %v", in, b.Slug, ok)
		}
	}
	if c, ok := ParseContractCategory("crm AND contact centre"); !ok || c.Slug != "crm_contact_centre" {
		t.Errorf("category = %+v", c)
	}
}
