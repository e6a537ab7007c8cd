package api

import (
	"encoding/csv"
	"io"
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// csvHeader names the CSV columns. The order is part of the published contract.
var csvHeader = []string{
	"name", "slug", "type_code", "type_name", "gss_code", "local_authority_code", "nation", "region",
	"website", "status", "signed_on", "withdrawn_on", "commitment_title", "url",
}

// SignatoriesCSV serves the same rows as Signatories, for the same query, as a CSV file.
func (a *API) SignatoriesCSV(w http.ResponseWriter, r *http.Request) {
	setHeaders(w)
	res, err := a.register(r)
	if err != nil {
		WriteError(w, err, a.log)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="signatories.csv"`)
	if err := a.writeCSV(w, res.rows); err != nil {
		a.log.Warn("api: write signatories CSV", "err", err)
	}
}

func (a *API) writeCSV(w io.Writer, rows []model.SignatoryRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	rec := make([]string, len(csvHeader))
	for i := range rows {
		a.csvRecord(rec, &rows[i])
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRecord fills rec, in csvHeader's order, with every cell made safe for spreadsheets.
func (a *API) csvRecord(rec []string, r *model.SignatoryRow) {
	o := &r.Organisation
	rec[0], rec[1], rec[2], rec[3] = o.Name, o.Slug, o.TypeCode, o.TypeName
	rec[4], rec[5], rec[6], rec[7] = o.GSSCode, o.LACode, o.Nation, o.Region
	rec[8], rec[9], rec[10], rec[11] = o.Website, r.Status, date(r.SignedAt), date(r.WithdrawnAt)
	rec[12], rec[13] = r.Title, a.orgURL(o.Slug)
	for i := range rec {
		rec[i] = safeCell(rec[i])
	}
}

// safeCell stops a spreadsheet running a cell as a formula (CSV injection). Anything a
// person typed, such as an organisation name or a commitment title, could start with =,
// +, -, @, a tab or a carriage return; such a cell gets a leading apostrophe, so that it
// is read as text. Every cell is checked, not only the free-text ones, so that a new
// column cannot forget to.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
