package model

import (
	"net/url"
	"strconv"
	"strings"
)

// Sort orders of the register.
const (
	SortName   = "name"
	SortNewest = "newest"
	SortOldest = "oldest"
)

// RegisterQuery filters the register of signatories and the organisation list. The
// zero value means "everything, first page, by name".
type RegisterQuery struct {
	Q      string
	Type   string
	Nation string
	Region string
	Year   int    // year signed; 0 for any
	Signed string // organisations list only: "", "yes" or "no"
	// Language: only organisations whose published commitment is written in it (en or
	// cy); "" for all.
	Language string
	// CommitmentStatus: only organisations whose published commitment has this status
	// (CommitmentStatuses); "" for all.
	CommitmentStatus string
	Sort             string
	Page             int
	PerPage          int
}

// Query parameter limits.
const (
	MaxQueryLength = 100
	DefaultPerPage = 20
	MaxPerPage     = 500
	MaxPage        = 100000
)

// Offset is the number of rows before the page.
func (q RegisterQuery) Offset() int { return (q.Page - 1) * q.PerPage }

// RegisterQueryParams are the query parameters ParseRegisterQuery reads: the pages and
// feeds built from a RegisterQuery are cached only for addresses with no others.
var RegisterQueryParams = []string{"q", "type", "nation", "region", "year", "signed", "language", "commitment_status", "sort", "page", "per_page"}

// ParseRegisterQuery reads and checks the register's query parameters. Unknown values
// are an EINVALID *Error naming the parameter, so that the API answers 400 with a code
// and the HTML page can show the message next to the filter.
func ParseRegisterQuery(v url.Values) (RegisterQuery, error) {
	q := RegisterQuery{Sort: SortName, Page: 1, PerPage: DefaultPerPage}
	var err error
	if q.Q, err = searchParam(v); err != nil {
		return q, err
	}
	q.Type = strings.TrimSpace(v.Get("type"))
	if _, ok := LookupOrgType(q.Type); q.Type != "" && !ok {
		return q, InvalidParam("type", ReasonNotAnOption, 0, 0, "signatories.query.type", "Value", q.Type)
	}
	q.Nation = strings.TrimSpace(v.Get("nation"))
	if q.Nation != "" && !Contains(Nations, q.Nation) {
		return q, InvalidParam("nation", ReasonNotAnOption, 0, 0, "signatories.query.nation", "Value", q.Nation, "Nations", Nations)
	}
	q.Region = strings.TrimSpace(v.Get("region"))
	if q.Region != "" && !Contains(Regions, q.Region) {
		return q, InvalidParam("region", ReasonNotAnOption, 0, 0, "signatories.query.region", "Value", q.Region)
	}
	if q.Year, err = intParam(v, "year", 0, 2018, 2100); err != nil {
		return q, err
	}
	q.Signed = strings.TrimSpace(v.Get("signed"))
	if q.Signed != "" && q.Signed != "yes" && q.Signed != "no" {
		return q, InvalidParam("signed", ReasonNotAnOption, 0, 0, "signatories.query.signed")
	}
	if q.Language, err = languageParam(v); err != nil {
		return q, err
	}
	q.CommitmentStatus = strings.TrimSpace(v.Get("commitment_status"))
	if q.CommitmentStatus != "" && !Contains(CommitmentStatuses, q.CommitmentStatus) {
		return q, InvalidParam("commitment_status", ReasonNotAnOption, 0, 0, "commitments.query.status", "Options", CommitmentStatuses)
	}
	if q.Sort, err = sortParam(v, "signatories.query.sort", SortName, SortName, SortNewest, SortOldest); err != nil {
		return q, err
	}
	q.Page, q.PerPage, err = pageParams(v, MaxPerPage)
	return q, err
}

func intParam(v url.Values, name string, def, min, max int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return def, InvalidParam(name, ReasonWholeNumber, min, max, "errors.query.whole_number", "Name", name, "Min", min, "Max", max)
	}
	return n, nil
}

// Values turns the query back into URL parameters, leaving out defaults, so that links
// for pagination and filters keep the rest of the query.
func (q RegisterQuery) Values() url.Values {
	v := url.Values{}
	setText(v, "q", q.Q, "")
	setText(v, "type", q.Type, "")
	setText(v, "nation", q.Nation, "")
	setText(v, "region", q.Region, "")
	setNumber(v, "year", q.Year)
	setText(v, "signed", q.Signed, "")
	setText(v, "language", q.Language, "")
	setText(v, "commitment_status", q.CommitmentStatus, "")
	setText(v, "sort", q.Sort, SortName)
	setPage(v, q.Page, q.PerPage)
	return v
}
