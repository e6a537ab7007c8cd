package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	markerColumns = `m.id, m.organisation_id, m.marker, m.as_of, m.value, m.url, m.confirmed_at, m.created_at, o.name, o.slug`
	markerFrom    = ` FROM organisation_markers m JOIN organisations o ON o.id = m.organisation_id`
	insertMarker  = `INSERT INTO organisation_markers (organisation_id, marker, as_of, value, url, set_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
	selectOrgMarkers       = `SELECT ` + markerColumns + markerFrom + ` WHERE m.organisation_id = $1 ORDER BY m.marker, m.as_of, m.id`
	selectStrategiesToDo   = `SELECT ` + markerColumns + markerFrom + ` WHERE m.marker = 'digital_strategy' AND m.confirmed_at IS NULL ORDER BY m.created_at, m.id`
	selectMarkerByID       = `SELECT ` + markerColumns + markerFrom + ` WHERE m.id = $1`
	confirmStrategy        = `UPDATE organisation_markers SET confirmed_at = $1, confirmed_by = $2 WHERE id = $3 AND marker = 'digital_strategy' AND confirmed_at IS NULL`
	selectSignatoryMarkers = `SELECT ` + markerColumns + markerFrom + ` JOIN ` + publishedSignature + ` WHERE ` + hasSigned
	// attendances at training of people from organisations (takeUpFrom's rules)
	selectOrgAttendance = `SELECT b.organisation_id, e.starts_at` + takeUpFrom + ` AND b.status = 'attended'`
)

func scanMarker(sc interface{ Scan(...any) error }) (model.Marker, error) {
	var m model.Marker
	var asOf, confirmed, created sql.NullTime
	err := sc.Scan(&m.ID, &m.OrganisationID, &m.Kind, &asOf, &m.Value, &m.URL, &confirmed, &created, &m.OrganisationName, &m.OrganisationSlug)
	m.AsOf, m.ConfirmedAt, m.CreatedAt = timeOf(asOf), timeOf(confirmed), timeOf(created)
	return m, err
}

func (db *DB) markers(ctx context.Context, q string, args ...any) ([]model.Marker, error) {
	rows, err := db.readQuery(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: markers: %w", err)
	}
	defer rows.Close()
	var out []model.Marker
	for rows.Next() {
		m, err := scanMarker(rows)
		if err != nil {
			return nil, fmt.Errorf("store: markers: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetMarker records a value of one of the organisation's markers (m, validated by
// model.MarkerForm), as actor. The value, its audit entry and the data version change
// together; earlier values stay, as the marker's history.
func (db *DB) SetMarker(ctx context.Context, actor model.Actor, m *model.Marker) error {
	return db.inTx(ctx, func(tx *Tx) error {
		m.CreatedAt = tx.now
		if err := tx.queryRow(ctx, insertMarker, m.OrganisationID, m.Kind, m.AsOf, m.Value, m.URL, nullInt(actor.UserID), tx.now).Scan(&m.ID); err != nil {
			return fmt.Errorf("store: set marker: %w", err)
		}
		tx.wrote = true
		return tx.audit(ctx, actor, "marker.set", "organisation", m.OrganisationID, nil,
			map[string]any{"marker": m.Kind, "as_of": m.AsOf.Format("2006-01-02"), "value": m.Value, "url": m.URL})
	})
}

// ConfirmStrategy records that the platform team has checked the digital strategy id: from
// then on it counts. A strategy already confirmed, or no such strategy, is not found.
func (db *DB) ConfirmStrategy(ctx context.Context, actor model.Actor, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, confirmStrategy, tx.now, nullInt(actor.UserID), id)
		if err != nil {
			return fmt.Errorf("store: confirm strategy: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.Errorf(model.ENOTFOUND, "errors.not_found.marker")
		}
		var org int64
		if err := tx.queryRow(ctx, `SELECT organisation_id FROM organisation_markers WHERE id = $1`, id).Scan(&org); err != nil {
			return fmt.Errorf("store: confirm strategy: %w", err)
		}
		return tx.audit(ctx, actor, "marker.confirm", "organisation", org, nil, map[string]any{"marker": model.MarkerStrategy, "id": id})
	})
}

// OrganisationMarkers returns every value of the organisation's markers, oldest first.
func (db *DB) OrganisationMarkers(ctx context.Context, orgID int64) ([]model.Marker, error) {
	return db.markers(ctx, selectOrgMarkers, orgID)
}

// StrategiesToConfirm returns the digital strategies the platform team has yet to confirm,
// oldest first.
func (db *DB) StrategiesToConfirm(ctx context.Context) ([]model.Marker, error) {
	return db.markers(ctx, selectStrategiesToDo)
}

// Marker returns the marker value id.
func (db *DB) Marker(ctx context.Context, id int64) (*model.Marker, error) {
	row, err := db.readRow(ctx, selectMarkerByID, id)
	if err != nil {
		return nil, err
	}
	m, err := scanMarker(row)
	if err != nil {
		return nil, notFound(err, "errors.not_found.marker")
	}
	return &m, nil
}

// MarkerCounts counts, for the dashboard, the signatories that met each marker at their
// baseline and that meet it now (db.Now).
func (db *DB) MarkerCounts(ctx context.Context) ([]model.MarkerCount, error) {
	rows, err := db.readQuery(ctx, `SELECT o.id, s.verified_at FROM organisations o JOIN `+publishedSignature+` WHERE `+hasSigned)
	if err != nil {
		return nil, fmt.Errorf("store: marker counts: %w", err)
	}
	bySig := map[int64]*model.SignatoryMarkers{}
	var sigs []*model.SignatoryMarkers
	for rows.Next() {
		s := &model.SignatoryMarkers{}
		var at sql.NullTime
		if err := rows.Scan(&s.OrganisationID, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: marker counts: %w", err)
		}
		s.SignedAt = timeOf(at)
		bySig[s.OrganisationID] = s
		sigs = append(sigs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: marker counts: %w", err)
	}
	history, err := db.markers(ctx, selectSignatoryMarkers)
	if err != nil {
		return nil, err
	}
	for _, m := range history {
		if s := bySig[m.OrganisationID]; s != nil {
			s.History = append(s.History, m)
		}
	}
	if rows, err = db.readQuery(ctx, selectOrgAttendance, 0); err != nil {
		return nil, fmt.Errorf("store: first attendance: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at sql.NullTime
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: first attendance: %w", err)
		}
		if s := bySig[id]; s != nil && (s.FirstAttendance.IsZero() || timeOf(at).Before(s.FirstAttendance)) {
			s.FirstAttendance = timeOf(at)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: first attendance: %w", err)
	}
	uses, err := firstUse(db.readQuery(ctx, selectAllUse))
	if err != nil {
		return nil, err
	}
	for id, at := range uses {
		if s := bySig[id]; s != nil {
			s.FirstMarketplace = at
		}
	}
	list := make([]model.SignatoryMarkers, len(sigs))
	for i, s := range sigs {
		list[i] = *s
	}
	return model.CountMarkers(list, db.now()), nil
}
