package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// publishedSignature joins an organisation o to its published signature s: the latest one
// that was verified (and may since have been withdrawn), which
// organisations.published_signature_id points to.
const publishedSignature = `signatures s ON s.id = o.published_signature_id`

// hasSigned is the one definition of "has signed the Declaration": the organisation's
// published signature stands, that is it was verified and has not been withdrawn. Every
// query that asks whether an organisation has signed (the register, the home page's count
// and "Recently signed", who may publish resources and case studies, the organisation
// list's signed=yes/no) uses it, with o and s joined by publishedSignature.
const hasSigned = `(s.status = 'verified')`

// hasWithdrawn: the organisation's published signature was withdrawn (and it has not signed
// again since).
const hasWithdrawn = `(s.status = 'withdrawn')`

// The register joins each organisation to its published signature. One SQL text serves
// the public register (mode "signed", or "withdrawn" for the list of organisations that
// withdrew), the open data register (mode "published": both, each row with its status),
// the organisation list and its signed=yes/no filter.
const registerFrom = `FROM organisations o
LEFT JOIN ` + publishedSignature + `
WHERE ($1 = '' OR o.name_search LIKE $2 ESCAPE '\')
  AND ($3 = '' OR o.type_code = $3)
  AND ($4 = '' OR o.nation = $4)
  AND ($5 = '' OR o.region = $5)
  AND ($6 = 0 OR (s.verified_at >= $7 AND s.verified_at < $8))
  AND ($9 = '' OR ($9 = 'published' AND s.id IS NOT NULL) OR ($9 IN ('yes', 'signed') AND ` + hasSigned + `)
    OR ($9 = 'withdrawn' AND ` + hasWithdrawn + `) OR ($9 = 'no' AND (s.id IS NULL OR NOT ` + hasSigned + `)))`

const registerSelect = `SELECT ` + orgColumns + `, COALESCE(s.id, 0), COALESCE(s.status, ''), s.verified_at, s.withdrawn_at,
COALESCE(s.title, ''), COALESCE(s.withdrawn_reason, '') ` + registerFrom

const registerCount = `SELECT COUNT(*) ` + registerFrom

var registerOrder = map[string]string{
	model.SortName:   ` ORDER BY o.name, o.id LIMIT $10 OFFSET $11`,
	model.SortNewest: ` ORDER BY s.verified_at DESC, o.name, o.id LIMIT $10 OFFSET $11`,
	model.SortOldest: ` ORDER BY s.verified_at, o.name, o.id LIMIT $10 OFFSET $11`,
}

// Register modes.
const (
	ModeSigned    = "signed"    // the public register: organisations that have signed (hasSigned)
	ModeWithdrawn = "withdrawn" // organisations whose published signature was withdrawn
	ModePublished = "published" // the open data register: signed or withdrawn, each with its status
	ModeAll       = ""          // every organisation, with q.Signed applied
)

func registerArgs(q model.RegisterQuery, mode string) []any {
	like := "%" + escapeLike(strings.ToLower(q.Q)) + "%"
	var from, to time.Time
	if q.Year != 0 {
		from = time.Date(q.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(1, 0, 0)
	}
	signed := q.Signed
	if mode != ModeAll {
		signed = mode
	}
	return []any{q.Q, like, q.Type, q.Nation, q.Region, q.Year, from, to, signed}
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListRegister returns a page of organisations with their published signature, and the
// total number that match.
func (db *DB) ListRegister(ctx context.Context, q model.RegisterQuery, mode string) ([]model.SignatoryRow, int, error) {
	args := registerArgs(q, mode)
	var total int
	if err := db.read.QueryRowContext(ctx, registerCount, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count register: %w", err)
	}
	order, ok := registerOrder[q.Sort]
	if !ok {
		order = registerOrder[model.SortName]
	}
	perPage := q.PerPage
	if perPage <= 0 {
		perPage = model.DefaultPerPage
	}
	offset := max(q.Page-1, 0) * perPage
	rows, err := db.read.QueryContext(ctx, registerSelect+order, append(args, perPage, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list register: %w", err)
	}
	defer rows.Close()
	var out []model.SignatoryRow
	for rows.Next() {
		var r model.SignatoryRow
		var signed, withdrawn sql.NullTime
		if err := scanOrg(rows, &r.Organisation, &r.SignatureID, &r.Status, &signed, &withdrawn, &r.Title, &r.WithdrawnReason); err != nil {
			return nil, 0, fmt.Errorf("store: list register: %w", err)
		}
		r.SignedAt, r.WithdrawnAt = timeOf(signed), timeOf(withdrawn)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

const countSigned = `SELECT COUNT(*) FROM organisations o JOIN ` + publishedSignature + ` WHERE ` + hasSigned

// countSignatory is 1 when organisation $1 has signed, 0 otherwise.
const countSignatory = countSigned + ` AND o.id = $1`

// CountSignatories returns how many organisations have signed (hasSigned).
func (db *DB) CountSignatories(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, countSigned).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count signatories: %w", err)
	}
	return n, nil
}

const selectSignedYears = `SELECT verified_at FROM signatures WHERE status IN ('verified', 'withdrawn')
AND verified_at IS NOT NULL ORDER BY verified_at`

// SignedYears lists the years in which published signatures were verified, for the
// register's filter.
func (db *DB) SignedYears(ctx context.Context) ([]int, error) {
	rows, err := db.read.QueryContext(ctx, selectSignedYears)
	if err != nil {
		return nil, fmt.Errorf("store: signed years: %w", err)
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: signed years: %w", err)
		}
		if y := t.Year(); len(years) == 0 || years[len(years)-1] != y {
			years = append(years, y)
		}
	}
	return years, rows.Err()
}
