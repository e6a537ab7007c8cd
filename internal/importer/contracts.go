package importer

import (
	"io"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// ParseContracts reads an organisation's contracts file: a CSV file whose header names
// model.ContractFields (in any order; other columns are ignored), one contract a row,
// checked as the contract form checks one (model.ParseContract). It returns every
// contract, or nil and an *ImportError naming every bad row and what is wrong with it,
// in words of the catalog (RowError.Msg): an unknown category or value band, a date not
// written YYYY-MM-DD, an end before the start, a row the same as an earlier one.
func ParseContracts(r io.Reader) ([]*model.Contract, error) {
	cr := newCSVReader(r)
	cols, err := readColumns(cr, model.ContractFields, nil)
	if err != nil {
		return nil, err
	}
	var out []*model.Contract
	var errs []RowError
	fail := func(line int, m model.Msg) {
		errs = append(errs, RowError{Line: line, Reason: locale.English.Msg(m), Msg: m})
	}
	seen := map[string]int{}
	if err := eachRow(cr, "contracts", &errs, func(rec []string, line int) {
		if len(rec) != cols.width {
			fail(line, model.Msg{Key: "contracts.import.errors.width", Args: []any{"Fields", len(rec), "Header", cols.width}})
			return
		}
		c, fe := model.ParseContract(func(name string) string { return cols.cell(rec, name) })
		if fe.Any() {
			for _, f := range fe.Fields {
				fail(line, model.Msg{Key: "contracts.import.errors.field",
					Args: []any{"Field", f, "Value", cols.cell(rec, f), "Problem", fe.Msg(f)}})
			}
			return
		}
		if first, dup := seen[c.DuplicateKey()]; dup {
			fail(line, model.Msg{Key: "contracts.import.errors.duplicate", Args: []any{"First", first}})
			return
		}
		seen[c.DuplicateKey()] = line
		out = append(out, &c)
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
