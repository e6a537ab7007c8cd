package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/localdigital/localdigital/internal/model"
)

// A file of Welsh names updates only the Welsh names of organisations already in the
// register, by GSS code (shared/data/welsh_council_names.csv is one). Its columns:
// gss_code and welsh_name are required; official_name, when present, must be the
// organisation's name (a check that the codes are right); any other column (such as
// welsh_short_name) is ignored.
var welshNameColumns = []string{"gss_code", "welsh_name"}

// IsWelshNames reports whether header (a file's first row) is that of a file of Welsh
// names rather than the register: it has welsh_name and no local_authority_code.
func IsWelshNames(header []string) bool {
	var welsh, la bool
	for _, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, string(utf8BOM)))) {
		case "welsh_name":
			welsh = true
		case "local_authority_code":
			la = true
		}
	}
	return welsh && !la
}

// Header reads a CSV file's first row.
func Header(r io.Reader) ([]string, error) {
	rec, err := csv.NewReader(r).Read()
	if err == io.EOF {
		return nil, ErrNoRows
	}
	return rec, err
}

// ParseWelshNames reads a file of Welsh names: every row, or nil and an *ImportError
// listing every bad row.
func ParseWelshNames(r io.Reader) ([]model.WelshName, error) {
	cr := newCSVReader(r)
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, ErrNoRows
	}
	if err != nil {
		return nil, fmt.Errorf("importer: read header: %w", err)
	}
	cols := columns{index: map[string]int{}, width: len(rec)}
	for i, name := range rec {
		cols.index[strings.ToLower(strings.TrimSpace(name))] = i
	}
	var missing []string
	for _, c := range welshNameColumns {
		if _, ok := cols.index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &ImportError{Rows: []RowError{{Line: 1, Reason: "missing required columns: " + strings.Join(missing, ", ")}}}
	}
	var out []model.WelshName
	var errs []RowError
	seen := map[string]int{}
	if err := eachRow(cr, "Welsh names", &errs, func(rec []string, line int) {
		n := model.WelshName{GSSCode: cols.cell(rec, "gss_code"), WelshName: cols.cell(rec, "welsh_name"),
			OfficialName: cols.cell(rec, "official_name"), Line: line}
		fail := func(format string, args ...any) {
			errs = append(errs, RowError{Line: line, Reason: fmt.Sprintf(format, args...)})
		}
		switch {
		case len(rec) != cols.width:
			fail("has %d fields, the header has %d", len(rec), cols.width)
			return
		case !model.ValidGSSCode(n.GSSCode):
			fail("gss_code %q is not a GSS code", n.GSSCode)
		case seen[n.GSSCode] > 0:
			fail("gss_code %q is already used on line %d", n.GSSCode, seen[n.GSSCode])
		default:
			seen[n.GSSCode] = line
		}
		switch {
		case n.WelshName == "":
			fail("welsh_name is empty")
		case !utf8.ValidString(n.WelshName) || strings.ContainsFunc(n.WelshName, unicode.IsControl):
			fail("welsh_name is not clean single-line UTF-8")
		case model.Length(n.WelshName) > maxNameLength:
			fail("welsh_name is longer than %d characters", maxNameLength)
		}
		out = append(out, n)
	}); err != nil {
		return nil, err
	}
	switch {
	case len(errs) > 0:
		return nil, &ImportError{Rows: errs}
	case len(out) == 0:
		return nil, ErrNoRows
	}
	return out, nil
}
