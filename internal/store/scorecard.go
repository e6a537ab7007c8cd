package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// The scorecard's figures for organisations of one type (issue 12): the database counts
// and takes the medians, one query per figure; no organisation is loaded into Go.

// medianOf is the median of x in each group g of the rows of q (columns g, x), with how
// many rows each group has: the middle row, or the mean of the two middle rows.
func medianOf(q string) string {
	return `SELECT g, AVG(CAST(x AS DOUBLE PRECISION)), MAX(n) FROM (SELECT g, x,
ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) AS rn, COUNT(*) OVER (PARTITION BY g) AS n FROM (` + q + `) v) w
WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY g`
}

// typeSignatories are the organisations of type $1 that have signed (hasSigned).
const typeSignatories = ` FROM organisations o JOIN ` + publishedSignature + ` WHERE ` + hasSigned + ` AND o.type_code = $1`

// latestTypeMarkers is each marker's value now (as of $2, the latest as of then, of two on
// one day the later written: model.Standings) for each signatory of type $1.
const latestTypeMarkers = `SELECT marker, value, url, confirmed_at FROM (SELECT m.marker, m.value, m.url, m.confirmed_at,
ROW_NUMBER() OVER (PARTITION BY m.organisation_id, m.marker ORDER BY m.as_of DESC, m.id DESC) AS rn
FROM organisation_markers m JOIN organisations o ON o.id = m.organisation_id JOIN ` + publishedSignature + `
WHERE ` + hasSigned + ` AND o.type_code = $1 AND m.as_of <= $2) latest WHERE rn = 1`

// selectTypeMarkersMet counts the signatories of type $1 meeting each marker now, by the
// rules of model.Marker.Met (the scorecard test checks the two agree).
const selectTypeMarkersMet = `SELECT marker, COUNT(*) FROM (` + latestTypeMarkers + `) t WHERE
(marker = 'digital_strategy' AND url <> '' AND confirmed_at IS NOT NULL) OR (marker = 'cyber_assessment' AND value = 'complete')
OR (marker = 'service_assessments' AND value NOT IN ('', '0')) OR (marker = 'open_code' AND url <> '') GROUP BY marker`

var selectTypeAssessmentsMedian = medianOf(`SELECT marker AS g, CAST(value AS INTEGER) AS x FROM (` + latestTypeMarkers +
	`) t WHERE marker = 'service_assessments' AND value <> ''`)

// selectTypeLevelsMedian: each principle's median level in the latest self-assessment (of
// the latest quarter, the latest written) of each signatory of type $1.
var selectTypeLevelsMedian = medianOf(`SELECT l.principle AS g, l.level AS x FROM (SELECT a.id,
ROW_NUMBER() OVER (PARTITION BY a.organisation_id ORDER BY a.year DESC, a.quarter DESC) AS rn
FROM self_assessments a JOIN organisations o ON o.id = a.organisation_id JOIN ` + publishedSignature + `
WHERE a.latest AND ` + hasSigned + ` AND o.type_code = $1) a JOIN self_assessment_levels l ON l.self_assessment_id = a.id WHERE a.rn = 1`)

// TypeFigures returns the figures of the signatories of type typeCode now (db.Now), for
// an organisation's scorecard.
func (db *DB) TypeFigures(ctx context.Context, typeCode string) (model.TypeFigures, error) {
	f := model.TypeFigures{TypeCode: typeCode, Met: map[string]int{}}
	fail := func(err error) (model.TypeFigures, error) {
		return model.TypeFigures{}, fmt.Errorf("store: figures of type %q: %w", typeCode, err)
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*)`+typeSignatories, typeCode).Scan(&f.Signatories); err != nil {
		return fail(err)
	}
	today := model.Day(db.now())
	err := eachRow(ctx, db.read, selectTypeMarkersMet, []any{typeCode, today}, func(rows *sql.Rows) error {
		var kind string
		var n int
		err := rows.Scan(&kind, &n)
		f.Met[kind] = n
		return err
	})
	if err != nil {
		return fail(err)
	}
	err = eachRow(ctx, db.read, selectTypeAssessmentsMedian, []any{typeCode, today}, func(rows *sql.Rows) error {
		var g string
		return rows.Scan(&g, &f.Assessments.Value, &f.Assessments.Of)
	})
	if err != nil {
		return fail(err)
	}
	err = eachRow(ctx, db.read, selectTypeLevelsMedian, []any{typeCode}, func(rows *sql.Rows) error {
		var p int
		var m model.Median
		if err := rows.Scan(&p, &m.Value, &m.Of); err != nil {
			return err
		}
		if model.ValidPrinciple(p) {
			f.Levels[p-1] = m
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return f, nil
}
