// Package importer reads reference files into domain types. An import is all or nothing:
// a file with one bad row imports nothing, and the error names every bad row so that
// whoever prepared the file can fix it in one pass.
package importer

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// MaxRows caps the rows in one file. The register has about 400; the cap stops a wrong or
// hostile upload from holding a whole file's worth of organisations in memory.
const MaxRows = 100_000

// maxNameLength matches the limit for organisations added by hand.
const maxNameLength = 200

// requiredColumns must be in the header; their order is the order they are named in an error.
var requiredColumns = []string{"local_authority_code", "official_name", "gss_code", "type_code", "nation"}

// optionalColumns are used when present. Any other column is ignored.
var optionalColumns = []string{
	"short_name", "govuk_name", "type_name", "region", "powers",
	"county_code", "combined_authority_code", "website",
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseOrganisations reads the local authority register format (see
// shared/data/README.md): a CSV file with a header row, columns in any order. It returns
// every organisation, or nil and an *ImportError listing every bad row. An empty file
// gives ErrNoRows and an oversized one ErrTooManyRows.
func ParseOrganisations(r io.Reader) ([]model.Organisation, error) {
	cr := newCSVReader(r)
	cols, err := readHeader(cr)
	if err != nil {
		return nil, err
	}
	p := &parser{
		cols:  cols,
		gss:   map[string]int{},
		la:    map[string]int{},
		slugs: map[string]bool{},
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if p.rows++; p.rows > MaxRows {
			return nil, ErrTooManyRows
		}
		if err != nil {
			if e, ok := parseRowError(err); ok {
				p.errs = append(p.errs, e)
				continue
			}
			return nil, fmt.Errorf("importer: read organisations: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p.row(line, rec)
	}
	return p.result()
}

// newCSVReader skips a UTF-8 byte order mark, which spreadsheet programs add, allows spaces
// before an opening quote, and sets the reader up to report a short row or a broken quote
// on one row without giving up on the rest.
func newCSVReader(r io.Reader) *csv.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == string(utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	cr.TrimLeadingSpace = true
	return cr
}

// parseRowError turns a csv.ParseError into a row error at the line where the record
// starts. An unclosed quote is only noticed where the file ends, so that line is given too.
func parseRowError(err error) (RowError, bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return RowError{}, false
	}
	reason := fmt.Sprintf("broken quoting: %v (column %d)", pe.Err, pe.Column)
	if pe.Line != pe.StartLine {
		reason = fmt.Sprintf("broken quoting: %v (found on line %d, column %d)", pe.Err, pe.Line, pe.Column)
	}
	return RowError{Line: pe.StartLine, Reason: reason}, true
}

// columns maps a column name to its index in each record.
type columns struct {
	index map[string]int
	width int
}

// readHeader reads the header row and checks that every required column is there.
func readHeader(cr *csv.Reader) (columns, error) {
	return readColumns(cr, requiredColumns, optionalColumns)
}

// readColumns reads a file's header row and checks that every required column is there
// and that no required or optional column is named twice.
func readColumns(cr *csv.Reader, required, optional []string) (columns, error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return columns{}, ErrNoRows
	}
	if err != nil {
		if e, ok := parseRowError(err); ok {
			return columns{}, &ImportError{Rows: []RowError{e}}
		}
		return columns{}, fmt.Errorf("importer: read header: %w", err)
	}
	line, _ := cr.FieldPos(0)
	cols := columns{index: map[string]int{}, width: len(rec)}
	var errs []RowError
	for i, name := range rec {
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := cols.index[name]; dup && (model.Contains(required, name) || model.Contains(optional, name)) {
			errs = append(errs, RowError{Line: line, Reason: fmt.Sprintf("column %s appears more than once", name)})
		}
		cols.index[name] = i
	}
	if missing := cols.missing(required); len(missing) > 0 {
		errs = append(errs, RowError{Line: line, Reason: "missing required columns: " + strings.Join(missing, ", ")})
	}
	if len(errs) > 0 {
		return columns{}, &ImportError{Rows: errs}
	}
	return cols, nil
}

func (c columns) missing(required []string) []string {
	var out []string
	for _, name := range required {
		if _, ok := c.index[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// cell returns the trimmed value of a column, or "" when the file has no such column.
func (c columns) cell(rec []string, name string) string {
	i, ok := c.index[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// badText names the first known cell that is not clean, single-line UTF-8. A line break in
// a name usually means a stray quote swallowed the rows after it.
func (c columns) badText(rec []string) string {
	for _, names := range [][]string{requiredColumns, optionalColumns} {
		for _, name := range names {
			v := c.cell(rec, name)
			if !utf8.ValidString(v) {
				return name + " is not valid UTF-8"
			}
			if strings.ContainsFunc(v, unicode.IsControl) {
				return name + " contains a line break or other control character"
			}
		}
	}
	return ""
}

// fields is one row's trimmed cells.
type fields struct {
	laCode, officialName, shortName, govukName, gssCode string
	typeCode, typeName, nation, region, powers          string
	countyCode, combinedAuthorityCode, website          string
}

func (c columns) fields(rec []string) fields {
	return fields{
		laCode:                c.cell(rec, "local_authority_code"),
		officialName:          c.cell(rec, "official_name"),
		shortName:             c.cell(rec, "short_name"),
		govukName:             c.cell(rec, "govuk_name"),
		gssCode:               c.cell(rec, "gss_code"),
		typeCode:              c.cell(rec, "type_code"),
		typeName:              c.cell(rec, "type_name"),
		nation:                c.cell(rec, "nation"),
		region:                c.cell(rec, "region"),
		powers:                c.cell(rec, "powers"),
		countyCode:            c.cell(rec, "county_code"),
		combinedAuthorityCode: c.cell(rec, "combined_authority_code"),
		website:               c.cell(rec, "website"),
	}
}

// parser holds what is known about the file so far.
type parser struct {
	cols  columns
	rows  int
	gss   map[string]int // GSS code -> line first seen
	la    map[string]int // local authority code -> line first seen
	slugs map[string]bool
	orgs  []model.Organisation
	errs  []RowError
}

// row checks one record and keeps the organisation, or records why it is bad.
func (p *parser) row(line int, rec []string) {
	if len(rec) != p.cols.width {
		p.fail(line, fmt.Sprintf("has %d fields, the header has %d", len(rec), p.cols.width))
		return
	}
	if reason := p.cols.badText(rec); reason != "" {
		p.fail(line, reason)
		return
	}
	f := p.cols.fields(rec)
	problems := check(f)
	problems = append(problems, p.duplicates(line, f)...)
	if len(problems) > 0 {
		p.fail(line, problems...)
		return
	}
	o := organisation(f)
	o.Slug = p.uniqueSlug(cmp.Or(f.shortName, o.Name), cmp.Or(f.laCode, f.gssCode))
	p.orgs = append(p.orgs, o)
}

func (p *parser) fail(line int, reasons ...string) {
	for _, r := range reasons {
		p.errs = append(p.errs, RowError{Line: line, Reason: r})
	}
}

func (p *parser) result() ([]model.Organisation, error) {
	switch {
	case len(p.errs) > 0:
		return nil, &ImportError{Rows: p.errs}
	case p.rows == 0:
		return nil, ErrNoRows
	}
	return p.orgs, nil
}

// duplicates reports a code already used on an earlier line. Only well-formed codes are
// compared: a malformed one is reported by check.
func (p *parser) duplicates(line int, f fields) []string {
	var out []string
	if model.ValidGSSCode(f.gssCode) {
		if first, ok := p.gss[f.gssCode]; ok {
			out = append(out, fmt.Sprintf("gss_code %q is already used on line %d", f.gssCode, first))
		} else {
			p.gss[f.gssCode] = line
		}
	}
	if model.ValidLACode(f.laCode) {
		if first, ok := p.la[f.laCode]; ok {
			out = append(out, fmt.Sprintf("local_authority_code %q is already used on line %d", f.laCode, first))
		} else {
			p.la[f.laCode] = line
		}
	}
	return out
}

// uniqueSlug slugifies label, adding the lower-case code when an earlier row already has
// the slug (two councils with the same short name), and a number if even that is taken.
func (p *parser) uniqueSlug(label, code string) string {
	slug := model.Slugify(label)
	if slug == "" || p.slugs[slug] {
		slug = model.Slugify(label + " " + code)
	}
	for n := 2; p.slugs[slug]; n++ {
		slug = model.Slugify(fmt.Sprintf("%s %s %d", label, code, n))
	}
	p.slugs[slug] = true
	return slug
}

// check returns every problem with a row's values, in column order.
func check(f fields) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	switch {
	case f.officialName == "":
		add("official_name is empty")
	case model.Length(f.officialName) > maxNameLength || model.Length(f.govukName) > maxNameLength ||
		model.Length(f.shortName) > maxNameLength:
		add("name is longer than %d characters", maxNameLength)
	}
	checkCodes(f, add)
	if _, ok := model.LookupOrgType(f.typeCode); !ok {
		add("type_code %q is not one of %s", f.typeCode, strings.Join(typeCodes(), ", "))
	}
	checkPlace(f, add)
	if f.website != "" && !isWebAddress(f.website) {
		add("website %q is not a web address starting with http:// or https://", f.website)
	}
	return out
}

func checkCodes(f fields, add func(string, ...any)) {
	if f.laCode == "" && f.gssCode == "" {
		add("needs a gss_code or a local_authority_code")
	}
	if f.laCode != "" && !model.ValidLACode(f.laCode) {
		add("local_authority_code %q is not a local authority code (2 to 5 capital letters)", f.laCode)
	}
	if f.gssCode != "" && !model.ValidGSSCode(f.gssCode) {
		add("gss_code %q is not a GSS code", f.gssCode)
	}
	if f.countyCode != "" && !model.ValidLACode(f.countyCode) {
		add("county_code %q is not a local authority code", f.countyCode)
	}
	if f.combinedAuthorityCode != "" && !model.ValidLACode(f.combinedAuthorityCode) {
		add("combined_authority_code %q is not a local authority code", f.combinedAuthorityCode)
	}
}

// checkPlace checks the nation and region, and that they agree: the register gives an
// English region, or repeats the nation's name outside England. A mismatch usually means
// the columns have shifted.
func checkPlace(f fields, add func(string, ...any)) {
	nationOK := model.Contains(model.Nations, f.nation)
	if !nationOK {
		add("nation %q is not one of %s", f.nation, strings.Join(model.Nations, ", "))
	}
	if f.region == "" {
		return
	}
	if !model.Contains(model.Regions, f.region) {
		add("region %q is not a known region", f.region)
		return
	}
	if nationOK && nationOfRegion(f.region) != f.nation {
		add("region %q is not in %s", f.region, f.nation)
	}
}

func nationOfRegion(region string) string {
	if model.Contains(model.Nations, region) {
		return region
	}
	return "England"
}

func isWebAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func typeCodes() []string {
	out := make([]string, len(model.OrgTypes))
	for i, t := range model.OrgTypes {
		out[i] = t.Code
	}
	return out
}

// organisation maps a checked row to an organisation. The register's official name is
// the name: GOV.UK's is sometimes out of date (it still says North Yorkshire County
// Council for North Yorkshire Council). The short and GOV.UK names are aliases, which
// search finds.
func organisation(f fields) model.Organisation {
	o := model.Organisation{
		Name:                  f.officialName,
		OfficialName:          f.officialName,
		Aliases:               aliases(f.officialName, f.shortName, f.govukName),
		TypeCode:              f.typeCode,
		TypeName:              f.typeName,
		Nation:                f.nation,
		Region:                f.region,
		GSSCode:               f.gssCode,
		LACode:                f.laCode,
		Website:               f.website,
		Powers:                f.powers,
		CountyCode:            f.countyCode,
		CombinedAuthorityCode: f.combinedAuthorityCode,
	}
	if o.TypeName == "" {
		t, _ := model.LookupOrgType(f.typeCode)
		o.TypeName = locale.English.Msg(t.Name)
	}
	if d := model.DomainFromWebsite(f.website); d != "" {
		o.Domains = []string{d}
	}
	return o
}

// aliases are the names other than name, each once (ignoring case).
func aliases(name string, others ...string) []string {
	var out []string
	seen := map[string]bool{strings.ToLower(name): true}
	for _, a := range others {
		if k := strings.ToLower(a); a != "" && !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}
