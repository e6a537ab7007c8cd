package api

import (
	"encoding/csv"
	"net/http"
	"strings"
)

// writeCSVFile sends n rows as a CSV attachment: the header row, then each row that
// record fills in header's order. Every cell passes through safeCell here, so that no
// list can forget to.
func (a *API) writeCSVFile(w http.ResponseWriter, filename string, header []string, n int, record func(i int, rec []string)) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	cw := csv.NewWriter(w)
	cw.Write(header)
	rec := make([]string, len(header))
	for i := 0; i < n; i++ {
		clear(rec)
		record(i, rec)
		for j := range rec {
			rec[j] = safeCell(rec[j])
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		a.log.Warn("api: write CSV", "file", filename, "err", err)
	}
}

// safeCell defuses spreadsheet formula injection: a cell that starts with =, +, -, @, a
// tab or a carriage return gets a leading apostrophe, so that it is read as text.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
