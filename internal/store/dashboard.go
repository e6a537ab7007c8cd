package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// The public dashboard's rows: the store reads them, model adds them up (model/dashboard.go).

// selectSignedOrganisations is every organisation that has signed (hasSigned) with when.
const selectSignedOrganisations = `SELECT o.type_code, o.nation, o.region, s.verified_at FROM organisations o JOIN ` +
	publishedSignature + ` WHERE ` + hasSigned

const selectOrganisationCounts = `SELECT type_code, nation, region, COUNT(*) FROM organisations GROUP BY type_code, nation, region`

// selectAttendance is each attendance at training that counts for take-up (takeUpFrom):
// events not cancelled, people who came from an organisation.
const selectAttendance = `SELECT e.audience, e.starts_at, COALESCE(b.user_id, -b.id)` + takeUpFrom + ` AND b.status = 'attended'`

// SignUps returns the dashboard's sign-ups until now (db.Now), month by month.
func (db *DB) SignUps(ctx context.Context) (model.SignUps, error) {
	rows, err := db.readQuery(ctx, selectSignedOrganisations)
	if err != nil {
		return model.SignUps{}, fmt.Errorf("store: sign-ups: %w", err)
	}
	var signed []model.SignedOrganisation
	for rows.Next() {
		var s model.SignedOrganisation
		var at sql.NullTime
		if err := rows.Scan(&s.TypeCode, &s.Nation, &s.Region, &at); err != nil {
			rows.Close()
			return model.SignUps{}, fmt.Errorf("store: sign-ups: %w", err)
		}
		s.SignedAt = timeOf(at)
		signed = append(signed, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return model.SignUps{}, fmt.Errorf("store: sign-ups: %w", err)
	}
	rows, err = db.readQuery(ctx, selectOrganisationCounts)
	if err != nil {
		return model.SignUps{}, fmt.Errorf("store: organisation counts: %w", err)
	}
	defer rows.Close()
	var counts []model.OrganisationCount
	for rows.Next() {
		var c model.OrganisationCount
		if err := rows.Scan(&c.TypeCode, &c.Nation, &c.Region, &c.Count); err != nil {
			return model.SignUps{}, fmt.Errorf("store: organisation counts: %w", err)
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return model.SignUps{}, fmt.Errorf("store: organisation counts: %w", err)
	}
	return model.CountSignUps(signed, counts, db.now()), nil
}

// Training returns take-up of training by audience and year, for the dashboard.
func (db *DB) Training(ctx context.Context) (model.Training, error) {
	rows, err := db.readQuery(ctx, selectAttendance, 0)
	if err != nil {
		return model.Training{}, fmt.Errorf("store: training: %w", err)
	}
	defer rows.Close()
	var att []model.Attendance
	for rows.Next() {
		var a model.Attendance
		var at sql.NullTime
		if err := rows.Scan(&a.Audience, &at, &a.Person); err != nil {
			return model.Training{}, fmt.Errorf("store: training: %w", err)
		}
		a.StartsAt = timeOf(at)
		att = append(att, a)
	}
	if err := rows.Err(); err != nil {
		return model.Training{}, fmt.Errorf("store: training: %w", err)
	}
	return model.CountTraining(att), nil
}

// CommitmentCounts counts the signatories' commitments (their published signature's) by status.
func (db *DB) CommitmentCounts(ctx context.Context) ([]model.StatusCount, error) {
	rows, err := db.readQuery(ctx, `SELECT c.status, COUNT(*) FROM organisations o JOIN `+publishedSignature+`
JOIN commitments c ON c.signature_id = s.id WHERE `+hasSigned+` GROUP BY c.status`)
	if err != nil {
		return nil, fmt.Errorf("store: commitment counts: %w", err)
	}
	defer rows.Close()
	by := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("store: commitment counts: %w", err)
		}
		by[s] = n
	}
	return model.CountCommitments(by), rows.Err()
}

// SelfAssessmentCounts counts, for each principle, the signatories at each level in their
// latest self-assessment (the latest of each quarter counts).
func (db *DB) SelfAssessmentCounts(ctx context.Context) ([]model.PrincipleLevels, error) {
	rows, err := db.readQuery(ctx, `SELECT a.organisation_id, a.year, a.quarter, l.principle, l.level
FROM self_assessments a JOIN self_assessment_levels l ON l.self_assessment_id = a.id
JOIN organisations o ON o.id = a.organisation_id JOIN `+publishedSignature+` WHERE a.latest AND `+hasSigned)
	if err != nil {
		return nil, fmt.Errorf("store: self-assessment counts: %w", err)
	}
	defer rows.Close()
	var levels []model.AssessedLevel
	for rows.Next() {
		var l model.AssessedLevel
		if err := rows.Scan(&l.OrganisationID, &l.Year, &l.Quarter, &l.Principle, &l.Level); err != nil {
			return nil, fmt.Errorf("store: self-assessment counts: %w", err)
		}
		levels = append(levels, l)
	}
	return model.CountSelfAssessments(levels), rows.Err()
}
