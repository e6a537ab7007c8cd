package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// The register's history: one row per signature that was ever published (verified, and
// perhaps since withdrawn), so that an organisation that withdrew and signed again shows
// both. The filters are the register's; year is the year of each signature's verification.
const historyFrom = `FROM signatures s JOIN organisations o ON o.id = s.organisation_id
WHERE s.verified_at IS NOT NULL
  AND ($1 = '' OR o.name_search LIKE $2 ESCAPE '\')
  AND ($3 = '' OR o.type_code = $3)
  AND ($4 = '' OR o.nation = $4)
  AND ($5 = '' OR o.region = $5)
  AND ($6 = 0 OR (s.verified_at >= $7 AND s.verified_at < $8))
  AND ($9 = '' OR s.id IN (SELECT signature_id FROM commitments WHERE status = $9))`

const historySelect = `SELECT ` + orgColumns + `, s.id, s.status, s.verified_at, s.withdrawn_at, s.title, s.withdrawn_reason, s.language, ` + commitmentStatusColumn + ` ` + historyFrom

const historyCount = `SELECT COUNT(*) ` + historyFrom

var historyOrder = map[string]string{
	model.SortName:   ` ORDER BY o.name, o.id, s.verified_at, s.id LIMIT $10 OFFSET $11`,
	model.SortNewest: ` ORDER BY s.verified_at DESC, s.id DESC LIMIT $10 OFFSET $11`,
	model.SortOldest: ` ORDER BY s.verified_at, s.id LIMIT $10 OFFSET $11`,
}

// ListRegisterHistory returns a page of every published signature, withdrawn ones
// included, with its organisation, and the total number that match q.
func (db *DB) ListRegisterHistory(ctx context.Context, q model.RegisterQuery) ([]model.SignatoryRow, int, error) {
	like := "%" + escapeLike(strings.ToLower(q.Q)) + "%"
	var from, to time.Time
	if q.Year != 0 {
		from = time.Date(q.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(1, 0, 0)
	}
	args := []any{q.Q, like, q.Type, q.Nation, q.Region, q.Year, from, to, q.CommitmentStatus}
	var total int
	if err := db.read.QueryRowContext(ctx, historyCount, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count register history: %w", err)
	}
	order, ok := historyOrder[q.Sort]
	if !ok {
		order = historyOrder[model.SortName]
	}
	perPage := q.PerPage
	if perPage <= 0 {
		perPage = model.DefaultPerPage
	}
	offset := max(q.Page-1, 0) * perPage
	rows, err := db.read.QueryContext(ctx, historySelect+order, append(args, perPage, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list register history: %w", err)
	}
	defer rows.Close()
	var out []model.SignatoryRow
	for rows.Next() {
		var r model.SignatoryRow
		var signed, withdrawn sql.NullTime
		if err := scanOrg(rows, &r.Organisation, &r.SignatureID, &r.Status, &signed, &withdrawn, &r.Title, &r.WithdrawnReason, &r.Language, &r.CommitmentStatus); err != nil {
			return nil, 0, fmt.Errorf("store: list register history: %w", err)
		}
		r.SignedAt, r.WithdrawnAt = timeOf(signed), timeOf(withdrawn)
		out = append(out, r)
	}
	return out, total, rows.Err()
}
