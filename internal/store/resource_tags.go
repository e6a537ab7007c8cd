package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// What loadResourceTags fills in.
type resourceTagSet int

const (
	tagsOrgs resourceTagSet = 1 << iota
	tagsPrinciples
	tagsServices
	tagsFiles
	tagsUses
	tagsAll = tagsOrgs | tagsPrinciples | tagsServices | tagsFiles | tagsUses
)

// The tag queries for a set of resources; %s is the list of ids' placeholders.
const (
	selectResourcesOrgs = `SELECT ro.resource_id, o.id, o.slug, o.name FROM resource_organisations ro
JOIN organisations o ON o.id = ro.organisation_id WHERE ro.resource_id IN (%s) ORDER BY ro.resource_id, ro.position`
	selectResourcesPrinciples = `SELECT resource_id, principle FROM resource_principles
WHERE resource_id IN (%s) ORDER BY resource_id, principle`
	selectResourcesServices = `SELECT rs.resource_id, ` + serviceColumns + ` FROM resource_services rs
JOIN services ON services.code = rs.service_code WHERE rs.resource_id IN (%s) ORDER BY rs.resource_id, label, code`
	selectResourcesFiles = `SELECT f.resource_id, v.id, v.file_id, v.version, v.name, v.stored_name, v.content_type, v.size,
v.sha256, COALESCE(v.uploaded_by, 0), v.uploaded_at FROM resource_file_versions v JOIN resource_files f ON f.id = v.file_id
WHERE f.resource_id IN (%s) ORDER BY f.resource_id, f.id, v.version DESC`
	selectResourcesUses = `SELECT u.resource_id, o.id, o.slug, o.name, u.how, u.created_at, u.updated_at FROM resource_uses u
JOIN organisations o ON o.id = u.organisation_id WHERE u.resource_id IN (%s) ORDER BY u.resource_id, u.created_at, u.id`
)

// tagBatch caps the ids in one IN list, well under either engine's limit on parameters.
const tagBatch = 500

// loadResourceTags fills in what of the resources' tags, files and uses is asked for,
// with one query each per batch of resources.
func loadResourceTags(ctx context.Context, q querier, list []*model.Resource, what resourceTagSet) error {
	for start := 0; start < len(list); start += tagBatch {
		if err := loadResourceBatch(ctx, q, list[start:min(start+tagBatch, len(list))], what); err != nil {
			return err
		}
	}
	return nil
}

func loadResourceBatch(ctx context.Context, q querier, list []*model.Resource, what resourceTagSet) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Resource, len(list))
	marks := make([]string, len(list))
	args := make([]any, len(list))
	for i, r := range list {
		byID[r.ID] = r
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = r.ID
	}
	in := strings.Join(marks, ", ")
	steps := []struct {
		tag  resourceTagSet
		sql  string
		scan func(rows *sql.Rows) error
	}{
		{tagsOrgs, selectResourcesOrgs, func(rows *sql.Rows) error {
			var id int64
			var o model.OrgRef
			if err := rows.Scan(&id, &o.ID, &o.Slug, &o.Name); err != nil {
				return err
			}
			byID[id].Organisations = append(byID[id].Organisations, o)
			return nil
		}},
		{tagsPrinciples, selectResourcesPrinciples, func(rows *sql.Rows) error {
			var id int64
			var p int
			if err := rows.Scan(&id, &p); err != nil {
				return err
			}
			byID[id].Principles = append(byID[id].Principles, p)
			return nil
		}},
		{tagsServices, selectResourcesServices, func(rows *sql.Rows) error {
			var id int64
			var s model.Service
			if err := rows.Scan(&id, &s.Code, &s.Label, &s.Description, &s.GovUKDescription, &s.ProvidingTier); err != nil {
				return err
			}
			byID[id].Services = append(byID[id].Services, s)
			return nil
		}},
		{tagsFiles, selectResourcesFiles, func(rows *sql.Rows) error {
			var id int64
			var v model.FileVersion
			if err := rows.Scan(&id, &v.ID, &v.FileID, &v.Version, &v.Name, &v.StoredName, &v.ContentType, &v.Size,
				&v.SHA256, &v.UploadedBy, &v.UploadedAt); err != nil {
				return err
			}
			v.ResourceID, v.UploadedAt = id, v.UploadedAt.UTC()
			r := byID[id]
			if n := len(r.Files); n > 0 && r.Files[n-1].ID == v.FileID {
				r.Files[n-1].Versions = append(r.Files[n-1].Versions, v)
			} else {
				r.Files = append(r.Files, model.ResourceFile{ID: v.FileID, Versions: []model.FileVersion{v}})
			}
			return nil
		}},
		{tagsUses, selectResourcesUses, func(rows *sql.Rows) error {
			var id int64
			var u model.ResourceUse
			if err := rows.Scan(&id, &u.Organisation.ID, &u.Organisation.Slug, &u.Organisation.Name, &u.How,
				&u.CreatedAt, &u.UpdatedAt); err != nil {
				return err
			}
			u.ResourceID, u.CreatedAt, u.UpdatedAt = id, u.CreatedAt.UTC(), u.UpdatedAt.UTC()
			byID[id].Uses = append(byID[id].Uses, u)
			return nil
		}},
	}
	for _, st := range steps {
		if what&st.tag == 0 {
			continue
		}
		if err := eachRow(ctx, q, fmt.Sprintf(st.sql, in), args, st.scan); err != nil {
			return fmt.Errorf("store: resource tags: %w", err)
		}
	}
	return nil
}

// resources runs a query of resourceColumns and loads what of their tags is asked for.
func (db *DB) resources(ctx context.Context, what resourceTagSet, query string, args ...any) ([]*model.Resource, error) {
	var list []*model.Resource
	err := eachRow(ctx, db.read, query, args, func(rows *sql.Rows) error {
		var r model.Resource
		if err := scanResource(rows, &r); err != nil {
			return err
		}
		list = append(list, &r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: list resources: %w", err)
	}
	if err := loadResourceTags(ctx, db.read, list, what); err != nil {
		return nil, err
	}
	return list, nil
}
