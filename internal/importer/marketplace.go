package importer

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// marketplaceTimes are the ways the export writes Published At.
var marketplaceTimes = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999Z", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}

// ParseMarketplace reads the Digital Marketplace's opportunities export: its header
// exactly as model.MarketplaceColumns names it, then every row, or nil and an
// *ImportError listing every bad row by its line.
func ParseMarketplace(r io.Reader) ([]model.Opportunity, error) {
	cr := newCSVReader(r)
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, ErrNoRows
	}
	if err != nil {
		if e, ok := parseRowError(err); ok {
			return nil, &ImportError{Rows: []RowError{e}}
		}
		return nil, fmt.Errorf("importer: read header: %w", err)
	}
	header := make([]string, len(rec))
	for i, h := range rec {
		header[i] = strings.TrimSpace(h)
	}
	if strings.Join(header, ",") != strings.Join(model.MarketplaceColumns, ",") {
		return nil, &ImportError{Rows: []RowError{{Line: 1, Reason: "the header must be exactly: " + strings.Join(model.MarketplaceColumns, ", ")}}}
	}
	cols := columns{index: map[string]int{}, width: len(header)}
	for i, h := range header {
		cols.index[h] = i
	}
	var out []model.Opportunity
	var errs []RowError
	seen := map[string]int{}
	if err := eachRow(cr, "marketplace", &errs, func(rec []string, line int) {
		fail := func(format string, args ...any) {
			errs = append(errs, RowError{Line: line, Reason: fmt.Sprintf(format, args...)})
		}
		if len(rec) != cols.width {
			fail("has %d fields, the header has %d", len(rec), cols.width)
			return
		}
		o := model.Opportunity{ID: cols.cell(rec, "ID"), Title: cols.cell(rec, "Opportunity"), Link: cols.cell(rec, "Link"),
			BuyerName:   strings.Join(strings.Fields(cols.cell(rec, "Organisation Name")), " "),
			BuyerDomain: strings.ToLower(strings.TrimPrefix(cols.cell(rec, "Buyer Domain"), "@")), Line: line}
		switch {
		case o.ID == "":
			fail("ID is empty")
		case seen[o.ID] > 0:
			fail("ID %q is already used on line %d", o.ID, seen[o.ID])
		default:
			seen[o.ID] = line
		}
		if o.Title == "" {
			fail("Opportunity is empty")
		}
		if o.Link != "" && !model.ValidLink(o.Link) {
			fail("Link %q is not an http or https address", o.Link)
		}
		if o.BuyerName == "" {
			fail("Organisation Name is empty")
		}
		if o.BuyerDomain != "" && !model.ValidDomain(o.BuyerDomain) {
			fail("Buyer Domain %q is not a domain", o.BuyerDomain)
		}
		published := cols.cell(rec, "Published At")
		for _, layout := range marketplaceTimes {
			if t, err := time.Parse(layout, published); err == nil {
				o.PublishedAt = t.UTC()
				break
			}
		}
		if o.PublishedAt.IsZero() {
			fail("Published At %q is not a date", published)
		}
		out = append(out, o)
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
