package api

import (
	"fmt"
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// organisationsPerPage is the organisation list's default page size: the whole UK
// register is four pages.
const organisationsPerPage = 100

// Organisations serves every organisation, signed or not, a page at a time, with its
// published signature if it has one. signed=yes keeps those whose signature stands;
// signed=no keeps the rest, including those that withdrew.
func (a *API) Organisations(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	q, v, err := parseQuery(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	if !given(v, "per_page") {
		q.PerPage = organisationsPerPage
	}
	rows, total, err := a.db.ListRegister(r.Context(), q, store.ModeAll)
	if err != nil {
		WriteError(w, fmt.Errorf("api: list organisations: %w", err), a.log)
		return
	}
	writeJSON(w, http.StatusOK, a.organisationPage(q, rows, total), a.log)
}

func (a *API) organisationPage(q model.RegisterQuery, rows []model.SignatoryRow, total int) page[organisation] {
	p := page[organisation]{
		Total:   total,
		Page:    q.Page,
		PerPage: q.PerPage,
		Data:    make([]organisation, 0, len(rows)),
		Links:   a.links(PathOrganisations, "", q, true, total),
	}
	for i := range rows {
		p.Data = append(p.Data, a.organisation(&rows[i]))
	}
	return p
}
