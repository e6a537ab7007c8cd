package api

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// allRows is the page size used when a client asks for the whole register (no page and
// no per_page). The store takes any page size, and one query reads one consistent list,
// where paging through would miss or repeat a council signed in between two pages. The
// register has about 400 councils; the bound only stops a runaway.
const allRows = 1_000_000

// registerResult is a page of the public register and what was asked for.
type registerResult struct {
	q       model.RegisterQuery
	paged   bool
	history bool // include=history: one row per published signature, withdrawn ones too
	rows    []model.SignatoryRow
	total   int
}

// includeHistory is the one value of the include parameter: every signature an
// organisation published, not only its latest.
const includeHistory = "history"

var errBadInclude = model.InvalidField("include", "api.errors.bad_include")

// register reads the public register as the request asks: one page when it gives page or
// per_page, every row otherwise. The JSON and CSV forms share it, so that they list the
// same rows for the same query.
func (a *API) register(r *http.Request) (registerResult, error) {
	q, v, err := parseQuery(r)
	if err != nil {
		return registerResult{}, err
	}
	q.Signed = "" // the register lists published signatures only; signed is for organisations
	res := registerResult{q: q, paged: given(v, "page") || given(v, "per_page")}
	switch include := v["include"]; {
	case len(include) == 0:
	case len(include) == 1 && include[0] == includeHistory:
		res.history = true
	default:
		return res, errBadInclude
	}
	if !res.paged {
		q.Page, q.PerPage = 1, allRows
	}
	if res.history {
		res.rows, res.total, err = a.db.ListRegisterHistory(r.Context(), q)
	} else {
		res.rows, res.total, err = a.db.ListRegister(r.Context(), q, store.ModePublished)
	}
	if err != nil {
		return res, fmt.Errorf("api: list signatories: %w", err)
	}
	if !res.paged {
		res.q.Page, res.q.PerPage = 1, res.total
	}
	return res, nil
}

// Signatories serves the public register as JSON: every organisation with a published
// signature, verified or withdrawn.
func (a *API) Signatories(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	res, err := a.register(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	writeJSON(w, http.StatusOK, a.signatoryPage(res), a.log)
}

func (a *API) signatoryPage(res registerResult) page[signatory] {
	p := page[signatory]{
		Total:   res.total,
		Page:    res.q.Page,
		PerPage: res.q.PerPage,
		Data:    make([]signatory, 0, len(res.rows)),
		Links:   a.links(PathSignatories, PathSignatoriesCSV, res.q, res.paged, res.total),
	}
	if res.history {
		withHistory(&p.Links.Self)
		withHistory(&p.Links.CSV)
		withHistory(p.Links.Next)
		withHistory(p.Links.Prev)
	}
	for i := range res.rows {
		p.Data = append(p.Data, a.signatory(&res.rows[i]))
	}
	return p
}

// withHistory adds include=history to the link at u, if any.
func withHistory(u *string) {
	if u == nil {
		return
	}
	parsed, err := url.Parse(*u)
	if err != nil {
		return
	}
	v := parsed.Query()
	v.Set("include", includeHistory)
	parsed.RawQuery = v.Encode()
	*u = parsed.String()
}
