package model

import (
	"strings"
	"unicode"
)

// Supplier is a known supplier: contracts name one, however their files spelled it.
// Names that match the same key ("Capita", "Capita plc", "CAPITA") are one supplier;
// the platform team merges suppliers the key cannot tell are the same.
type Supplier struct {
	ID        int64
	Name      string
	Contracts int // contracts naming it, for the platform team's list
}

// companySuffixes are the words of a company's legal form, ignored at the end of a name.
var companySuffixes = map[string]bool{
	"plc": true, "ltd": true, "limited": true, "llp": true, "lp": true, "inc": true,
	"incorporated": true, "corp": true, "corporation": true, "co": true, "company": true,
}

// SupplierKey is the key by which supplier names are matched: lower case, letters and
// digits only, "&" as "and", without the legal form at the end ("plc", "ltd",
// "limited" and the like). It is empty for a name with no letters or digits.
func SupplierKey(name string) string {
	name = strings.ReplaceAll(strings.ToLower(name), "&", " and ")
	words := strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for len(words) > 1 && companySuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}
