package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// The organisations, principles, services and links of case studies.

const (
	selectCaseStudyOrg     = `SELECT id, slug, name FROM organisations WHERE id = $1`
	selectCaseStudyService = `SELECT code, label FROM services WHERE code = $1`
	insertCaseStudyOrg     = `INSERT INTO case_study_organisations (case_study_id, organisation_id, position) VALUES ($1, $2, $3)`
	insertCaseStudyPrin    = `INSERT INTO case_study_principles (case_study_id, principle) VALUES ($1, $2)`
	insertCaseStudyService = `INSERT INTO case_study_services (case_study_id, service_code) VALUES ($1, $2)`
	insertCaseStudyLink    = `INSERT INTO case_study_links (case_study_id, position, title, url, resource_id) VALUES ($1, $2, $3, $4, $5)`
)

// clearCaseStudyTags are run in order before an update writes the tags again.
var clearCaseStudyTagsSQL = []string{
	`DELETE FROM case_study_organisations WHERE case_study_id = $1`,
	`DELETE FROM case_study_principles WHERE case_study_id = $1`,
	`DELETE FROM case_study_services WHERE case_study_id = $1`,
	`DELETE FROM case_study_links WHERE case_study_id = $1`,
}

// resolveCaseStudyTags fills the names of the organisations and services a case study
// names, or returns field errors for those that do not exist.
func (tx *Tx) resolveCaseStudyTags(ctx context.Context, cs *model.CaseStudy) error {
	fe := &model.FieldErrors{}
	for i := range cs.Organisations {
		o := &cs.Organisations[i]
		err := tx.queryRow(ctx, selectCaseStudyOrg, o.ID).Scan(&o.ID, &o.Slug, &o.Name)
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add("organisations", "Select organisations from the list")
			continue
		}
		if err != nil {
			return fmt.Errorf("store: case study organisation %d: %w", o.ID, err)
		}
	}
	for i := range cs.Services {
		s := &cs.Services[i]
		err := tx.queryRow(ctx, selectCaseStudyService, s.Code).Scan(&s.Code, &s.Label)
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add("services", fmt.Sprintf("There is no service with the code %d in the Local Government Service List", s.Code))
			continue
		}
		if err != nil {
			return fmt.Errorf("store: case study service %d: %w", s.Code, err)
		}
	}
	if fe.Any() {
		return fe
	}
	return nil
}

func (tx *Tx) writeCaseStudyTags(ctx context.Context, cs *model.CaseStudy) error {
	for i, o := range cs.Organisations {
		if _, err := tx.exec(ctx, insertCaseStudyOrg, cs.ID, o.ID, i); err != nil {
			return fmt.Errorf("store: case study %d organisation %d: %w", cs.ID, o.ID, err)
		}
	}
	for _, p := range cs.Principles {
		if _, err := tx.exec(ctx, insertCaseStudyPrin, cs.ID, p); err != nil {
			return fmt.Errorf("store: case study %d principle %d: %w", cs.ID, p, err)
		}
	}
	for _, s := range cs.Services {
		if _, err := tx.exec(ctx, insertCaseStudyService, cs.ID, s.Code); err != nil {
			return fmt.Errorf("store: case study %d service %d: %w", cs.ID, s.Code, err)
		}
	}
	for i, l := range cs.Links {
		if _, err := tx.exec(ctx, insertCaseStudyLink, cs.ID, i, l.Title, l.URL, nullInt(l.ResourceID)); err != nil {
			return fmt.Errorf("store: case study %d link %d: %w", cs.ID, i, err)
		}
	}
	return nil
}

func (tx *Tx) clearCaseStudyTags(ctx context.Context, id int64) error {
	for _, q := range clearCaseStudyTagsSQL {
		if _, err := tx.exec(ctx, q, id); err != nil {
			return fmt.Errorf("store: clear case study %d tags: %w", id, err)
		}
	}
	return nil
}

// The tag queries for a set of case studies; %s is the list of ids' placeholders.
const (
	selectCaseStudiesOrgs = `SELECT co.case_study_id, o.id, o.slug, o.name FROM case_study_organisations co
JOIN organisations o ON o.id = co.organisation_id WHERE co.case_study_id IN (%s) ORDER BY co.case_study_id, co.position`
	selectCaseStudiesPrinciples = `SELECT case_study_id, principle FROM case_study_principles
WHERE case_study_id IN (%s) ORDER BY case_study_id, principle`
	selectCaseStudiesServices = `SELECT cs.case_study_id, s.code, s.label FROM case_study_services cs
JOIN services s ON s.code = cs.service_code WHERE cs.case_study_id IN (%s) ORDER BY cs.case_study_id, s.label, s.code`
	selectCaseStudiesLinks = `SELECT case_study_id, title, url, COALESCE(resource_id, 0) FROM case_study_links
WHERE case_study_id IN (%s) ORDER BY case_study_id, position`
)

// loadCaseStudyTags fills the organisations, principles, services and links of a page
// of case studies with one query each.
func loadCaseStudyTags(ctx context.Context, q querier, list []*model.CaseStudy) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*model.CaseStudy, len(list))
	marks := make([]string, len(list))
	args := make([]any, len(list))
	for i, cs := range list {
		byID[cs.ID] = cs
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = cs.ID
	}
	in := strings.Join(marks, ", ")
	steps := []struct {
		sql  string
		scan func(rows *sql.Rows) error
	}{
		{selectCaseStudiesOrgs, func(rows *sql.Rows) error {
			var id int64
			var o model.OrgRef
			if err := rows.Scan(&id, &o.ID, &o.Slug, &o.Name); err != nil {
				return err
			}
			byID[id].Organisations = append(byID[id].Organisations, o)
			return nil
		}},
		{selectCaseStudiesPrinciples, func(rows *sql.Rows) error {
			var id int64
			var p int
			if err := rows.Scan(&id, &p); err != nil {
				return err
			}
			byID[id].Principles = append(byID[id].Principles, p)
			return nil
		}},
		{selectCaseStudiesServices, func(rows *sql.Rows) error {
			var id int64
			var s model.Service
			if err := rows.Scan(&id, &s.Code, &s.Label); err != nil {
				return err
			}
			byID[id].Services = append(byID[id].Services, s)
			return nil
		}},
		{selectCaseStudiesLinks, func(rows *sql.Rows) error {
			var id int64
			var l model.CaseStudyLink
			if err := rows.Scan(&id, &l.Title, &l.URL, &l.ResourceID); err != nil {
				return err
			}
			byID[id].Links = append(byID[id].Links, l)
			return nil
		}},
	}
	for _, st := range steps {
		if err := eachRow(ctx, q, fmt.Sprintf(st.sql, in), args, st.scan); err != nil {
			return fmt.Errorf("store: case study tags: %w", err)
		}
	}
	return nil
}
