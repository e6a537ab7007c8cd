package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const supersedeSelfAssessment = `UPDATE self_assessments SET latest = FALSE
WHERE organisation_id = $1 AND year = $2 AND quarter = $3 AND latest`

const insertSelfAssessment = `INSERT INTO self_assessments (organisation_id, author_id, year, quarter, as_of, language,
latest, created_at) VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7) RETURNING id`

const insertSelfAssessmentLevel = `INSERT INTO self_assessment_levels (self_assessment_id, principle, level, evidence)
VALUES ($1, $2, $3, $4)`

// SelfAssess records organisation orgID's self-assessment a by actor (a member; the route
// checked) as the one that counts for its quarter, the one before it in that quarter kept
// but no longer latest, with its audit entry, in one transaction.
func (db *DB) SelfAssess(ctx context.Context, actor model.Actor, orgID int64, a *model.SelfAssessment) error {
	return db.inTx(ctx, func(tx *Tx) error {
		a.OrganisationID, a.AuthorID, a.CreatedAt = orgID, actor.UserID, tx.now
		if _, err := tx.exec(ctx, supersedeSelfAssessment, orgID, a.Year, a.Quarter); err != nil {
			return fmt.Errorf("store: self-assessment of %d: %w", orgID, err)
		}
		err := tx.queryRow(ctx, insertSelfAssessment, orgID, nullInt(actor.UserID), a.Year, a.Quarter,
			model.DateText(a.AsOf), a.Language, tx.now).Scan(&a.ID)
		if db.dialect.isUnique(err) {
			return model.Errorf(model.ECONFLICT, "self_assessment.errors.at_once")
		}
		if err != nil {
			return fmt.Errorf("store: self-assessment of %d: %w", orgID, err)
		}
		levels := map[string]int{}
		for _, l := range a.Levels {
			if _, err := tx.exec(ctx, insertSelfAssessmentLevel, a.ID, l.Principle, l.Level, l.Evidence); err != nil {
				return fmt.Errorf("store: self-assessment %d, principle %d: %w", a.ID, l.Principle, err)
			}
			levels[fmt.Sprint(l.Principle)] = l.Level
		}
		return tx.audit(ctx, actor, "self_assessment.create", "self_assessment", a.ID, nil,
			map[string]any{"organisation": orgID, "year": a.Year, "quarter": a.Quarter, "levels": levels})
	})
}

const selectLatestSelfAssessments = `SELECT a.id, a.organisation_id, COALESCE(a.author_id, 0), a.year, a.quarter,
a.as_of, a.language, a.created_at, l.principle, l.level, l.evidence
FROM self_assessments a JOIN self_assessment_levels l ON l.self_assessment_id = a.id
WHERE a.id IN (SELECT id FROM self_assessments WHERE organisation_id = $1 AND latest ORDER BY year DESC, quarter DESC LIMIT $2)
ORDER BY a.year DESC, a.quarter DESC, l.principle`

// SelfAssessments returns the self-assessments of organisation orgID that count (the
// latest of each quarter), newest quarter first, at most limit of them.
func (db *DB) SelfAssessments(ctx context.Context, orgID int64, limit int) ([]*model.SelfAssessment, error) {
	var out []*model.SelfAssessment
	err := eachRow(ctx, db.read, selectLatestSelfAssessments, []any{orgID, limit}, func(rows *sql.Rows) error {
		var a model.SelfAssessment
		var asOf string
		var l model.PrincipleLevel
		if err := rows.Scan(&a.ID, &a.OrganisationID, &a.AuthorID, &a.Year, &a.Quarter, &asOf, &a.Language, &a.CreatedAt,
			&l.Principle, &l.Level, &l.Evidence); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].ID != a.ID {
			a.AsOf, a.CreatedAt = model.ParseDateText(asOf), a.CreatedAt.UTC()
			out = append(out, &a)
		}
		last := out[len(out)-1]
		last.Levels = append(last.Levels, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: self-assessments of %d: %w", orgID, err)
	}
	return out, nil
}
