package api

import (
	"net/http"

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
	if res.history {
		a.writeCSVFile(w, "signatories-history.csv", csvHistoryHeader, len(res.rows), func(i int, rec []string) {
			a.csvRecord(rec, &res.rows[i])
			rec[len(csvHeader)] = res.rows[i].WithdrawnReason
		})
		return
	}
	a.writeCSVFile(w, "signatories.csv", csvHeader, len(res.rows), func(i int, rec []string) {
		a.csvRecord(rec, &res.rows[i])
	})
}

// csvHistoryHeader names the columns of include=history: csvHeader's, then the reason
// for a withdrawal.
var csvHistoryHeader = append(append([]string(nil), csvHeader...), "withdrawn_reason")

// csvRecord fills rec in csvHeader's order.
func (a *API) csvRecord(rec []string, r *model.SignatoryRow) {
	o := &r.Organisation
	rec[0], rec[1], rec[2], rec[3] = o.Name, o.Slug, o.TypeCode, o.TypeName
	rec[4], rec[5], rec[6], rec[7] = o.GSSCode, o.LACode, o.Nation, o.Region
	rec[8], rec[9], rec[10], rec[11] = o.Website, r.Status, date(r.SignedAt), date(r.WithdrawnAt)
	rec[12], rec[13] = r.Title, a.orgURL(o.Slug)
}
