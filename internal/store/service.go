package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

const serviceColumns = `code, label, description, govuk_description, providing_tier`

func scanService(sc interface{ Scan(...any) error }) (model.Service, error) {
	var s model.Service
	err := sc.Scan(&s.Code, &s.Label, &s.Description, &s.GovUKDescription, &s.ProvidingTier)
	return s, err
}

const upsertService = `INSERT INTO services (code, label, label_search, description, govuk_description, providing_tier)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (code) DO UPDATE SET label = excluded.label, label_search = excluded.label_search,
description = excluded.description, govuk_description = excluded.govuk_description, providing_tier = excluded.providing_tier`

const selectServiceByCode = `SELECT ` + serviceColumns + ` FROM services WHERE code = $1`

// ImportServices upserts services keyed on their LGSL code, in one transaction. A row
// that only carries GOV.UK's wording and tier (the GOV.UK file) keeps the label and
// description already held.
func (db *DB) ImportServices(ctx context.Context, actor model.Actor, services []model.Service) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, s := range services {
			old, err := scanService(tx.queryRow(ctx, selectServiceByCode, s.Code))
			exists := err == nil
			merged := mergeService(old, s, exists)
			switch {
			case exists && old == merged:
				res.Unchanged++
				continue
			case exists:
				res.Updated++
			default:
				res.Created++
			}
			if _, err := tx.exec(ctx, upsertService, merged.Code, merged.Label, strings.ToLower(merged.Label),
				merged.Description, merged.GovUKDescription, merged.ProvidingTier); err != nil {
				return fmt.Errorf("store: import service %d: %w", s.Code, err)
			}
		}
		if res.Created+res.Updated == 0 {
			return nil
		}
		return tx.audit(ctx, actor, "service.import", "service", 0, nil,
			map[string]int{"created": res.Created, "updated": res.Updated})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// mergeService keeps what the new row leaves empty.
func mergeService(old, s model.Service, exists bool) model.Service {
	if !exists {
		if s.Label == "" {
			s.Label = s.GovUKDescription
		}
		return s
	}
	m := old
	if s.Label != "" {
		m.Label, m.Description = s.Label, s.Description
	}
	if s.GovUKDescription != "" {
		m.GovUKDescription = s.GovUKDescription
	}
	if s.ProvidingTier != "" {
		m.ProvidingTier = s.ProvidingTier
	}
	return m
}

// Service returns the service with an LGSL code.
func (db *DB) Service(ctx context.Context, code int) (model.Service, error) {
	s, err := scanService(db.read.QueryRowContext(ctx, selectServiceByCode, code))
	if err != nil {
		return s, notFound(err, "errors.not_found.service")
	}
	return s, nil
}

const searchServices = `SELECT ` + serviceColumns + ` FROM services
WHERE ($1 = '' OR label_search LIKE $2 ESCAPE '\' OR CAST(code AS TEXT) = $1)
ORDER BY label, code LIMIT $3`

// SearchServices finds services whose label contains q, or whose code is q, by label.
func (db *DB) SearchServices(ctx context.Context, q string, limit int) ([]model.Service, error) {
	q = strings.ToLower(strings.TrimSpace(q))
	rows, err := db.read.QueryContext(ctx, searchServices, q, "%"+escapeLike(q)+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("store: search services: %w", err)
	}
	defer rows.Close()
	var out []model.Service
	for rows.Next() {
		s, err := scanService(rows)
		if err != nil {
			return nil, fmt.Errorf("store: search services: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
