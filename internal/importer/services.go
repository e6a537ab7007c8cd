package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/localdigital/localdigital/internal/model"
)

// ServiceFormat names a services file's layout, which ParseServices tells by its header.
type ServiceFormat string

const (
	// FormatESD is the esd-toolkit Local Government Service List:
	// lgsl_code,label,description[,created,modified,history_notes].
	FormatESD ServiceFormat = "esd"
	// FormatGOVUK is GOV.UK's list of local services: lgsl_code,govuk_description,providing_tier.
	FormatGOVUK ServiceFormat = "govuk"
)

// ProvidingTiers are the council tiers GOV.UK says deliver a service.
var ProvidingTiers = []string{"county/unitary", "district/unitary", "all"}

// Limits on a service row, far above the real lists' longest values.
const (
	maxServiceCode  = 99999
	maxServiceLabel = 300
	maxServiceText  = 5000
)

// ParseServices reads a Local Government Service List file in either format (see
// shared/data/README.md), told apart by the header; columns may come in any order and
// others are ignored. It returns every service, or nil and an *ImportError listing every
// bad row: a broken row, a code that is not a whole number, a code used twice, an empty
// label or description, an unknown providing tier.
func ParseServices(r io.Reader) ([]model.Service, ServiceFormat, error) {
	cr := newCSVReader(r)
	cols, format, err := readServicesHeader(cr)
	if err != nil {
		return nil, "", err
	}
	p := &serviceParser{cols: cols, format: format, seen: map[int]int{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if p.rows++; p.rows > MaxRows {
			return nil, "", ErrTooManyRows
		}
		if err != nil {
			if e, ok := parseRowError(err); ok {
				p.errs = append(p.errs, e)
				continue
			}
			return nil, "", fmt.Errorf("importer: read services: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p.row(line, rec)
	}
	switch {
	case len(p.errs) > 0:
		return nil, "", &ImportError{Rows: p.errs}
	case p.rows == 0:
		return nil, "", ErrNoRows
	}
	return p.services, format, nil
}

// The columns each format needs.
var (
	esdColumns   = []string{"lgsl_code", "label", "description"}
	govukColumns = []string{"lgsl_code", "govuk_description", "providing_tier"}
)

func readServicesHeader(cr *csv.Reader) (columns, ServiceFormat, error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return columns{}, "", ErrNoRows
	}
	if err != nil {
		if e, ok := parseRowError(err); ok {
			return columns{}, "", &ImportError{Rows: []RowError{e}}
		}
		return columns{}, "", fmt.Errorf("importer: read header: %w", err)
	}
	line, _ := cr.FieldPos(0)
	cols := columns{index: map[string]int{}, width: len(rec)}
	var errs []RowError
	for i, name := range rec {
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := cols.index[name]; dup && (model.Contains(esdColumns, name) || model.Contains(govukColumns, name)) {
			errs = append(errs, RowError{Line: line, Reason: fmt.Sprintf("column %s appears more than once", name)})
		}
		cols.index[name] = i
	}
	has := func(names []string) bool {
		for _, n := range names {
			if _, ok := cols.index[n]; !ok {
				return false
			}
		}
		return true
	}
	var format ServiceFormat
	switch {
	case has(esdColumns):
		format = FormatESD
	case has(govukColumns):
		format = FormatGOVUK
	default:
		errs = append(errs, RowError{Line: line, Reason: "the header must name the columns " + strings.Join(esdColumns, ", ") +
			" (the esd-toolkit service list) or " + strings.Join(govukColumns, ", ") + " (GOV.UK's local services)"})
	}
	if len(errs) > 0 {
		return columns{}, "", &ImportError{Rows: errs}
	}
	return cols, format, nil
}

type serviceParser struct {
	cols     columns
	format   ServiceFormat
	rows     int
	seen     map[int]int // code -> line first seen
	services []model.Service
	errs     []RowError
}

func (p *serviceParser) fail(line int, reasons ...string) {
	for _, r := range reasons {
		p.errs = append(p.errs, RowError{Line: line, Reason: r})
	}
}

func (p *serviceParser) row(line int, rec []string) {
	if len(rec) != p.cols.width {
		p.fail(line, fmt.Sprintf("has %d fields, the header has %d", len(rec), p.cols.width))
		return
	}
	names := esdColumns
	if p.format == FormatGOVUK {
		names = govukColumns
	}
	for _, name := range names {
		v := p.cols.cell(rec, name)
		if !utf8.ValidString(v) {
			p.fail(line, name+" is not valid UTF-8")
			return
		}
		if strings.ContainsFunc(v, unicode.IsControl) {
			p.fail(line, name+" contains a line break or other control character")
			return
		}
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	raw := p.cols.cell(rec, "lgsl_code")
	code, err := strconv.Atoi(raw)
	switch {
	case err != nil || code < 1 || code > maxServiceCode || raw != strconv.Itoa(code):
		add("lgsl_code %q is not a service code (a whole number from 1 to %d)", raw, maxServiceCode)
	default:
		if first, dup := p.seen[code]; dup {
			add("lgsl_code %d is already used on line %d", code, first)
		} else {
			p.seen[code] = line
		}
	}
	s := model.Service{Code: code}
	if p.format == FormatESD {
		s.Label, s.Description = p.cols.cell(rec, "label"), p.cols.cell(rec, "description")
		checkText(add, "label", s.Label, maxServiceLabel, true)
		checkText(add, "description", s.Description, maxServiceText, false)
	} else {
		s.GovUKDescription, s.ProvidingTier = p.cols.cell(rec, "govuk_description"), p.cols.cell(rec, "providing_tier")
		checkText(add, "govuk_description", s.GovUKDescription, maxServiceLabel, true)
		if s.ProvidingTier != "" && !model.Contains(ProvidingTiers, s.ProvidingTier) {
			add("providing_tier %q is not one of %s", s.ProvidingTier, strings.Join(ProvidingTiers, ", "))
		}
	}
	if len(problems) > 0 {
		p.fail(line, problems...)
		return
	}
	p.services = append(p.services, s)
}

func checkText(add func(string, ...any), name, v string, max int, required bool) {
	switch {
	case v == "" && required:
		add("%s is empty", name)
	case model.Length(v) > max:
		add("%s is longer than %d characters", name, max)
	}
}
