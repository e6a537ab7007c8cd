package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

const resourceColumns = `r.id, r.type, r.title, r.summary, r.link, r.licence, r.licence_other, r.use_count,
COALESCE(r.published_by, 0), r.hidden, r.hidden_reason, r.hidden_at, r.created_at, r.updated_at`

func scanResource(sc interface{ Scan(...any) error }, r *model.Resource, extra ...any) error {
	var hiddenAt sql.NullTime
	dest := []any{&r.ID, &r.Type, &r.Title, &r.Summary, &r.Link, &r.Licence, &r.LicenceOther, &r.UseCount,
		&r.PublishedBy, &r.Hidden, &r.HiddenReason, &hiddenAt, &r.CreatedAt, &r.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return err
	}
	r.HiddenAt = timeOf(hiddenAt)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return nil
}

const (
	insertResource = `INSERT INTO resources (type, title, summary, link, licence, licence_other, publisher_org_id,
published_by, created_at, updated_at, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id`
	insertResourceOrg       = `INSERT INTO resource_organisations (resource_id, organisation_id, position) VALUES ($1, $2, $3)`
	insertResourcePrinciple = `INSERT INTO resource_principles (resource_id, principle) VALUES ($1, $2)`
	insertResourceService   = `INSERT INTO resource_services (resource_id, service_code) VALUES ($1, $2)`
	selectOrgRef            = `SELECT id, slug, name FROM organisations WHERE id = $1`
	selectResourceByID      = `SELECT ` + resourceColumns + ` FROM resources r WHERE r.id = $1`
)

// errNotSignatory refuses a change only members of signatory organisations may make.
var errNotSignatory = model.Errorf(model.EFORBIDDEN,
	"resources.errors.not_signatory")

// IsSignatory reports whether an organisation has signed the Declaration and not
// withdrawn (hasSigned): its members may publish resources and case studies and join the
// reuse register.
func (db *DB) IsSignatory(ctx context.Context, orgID int64) (bool, error) {
	return isSignatory(ctx, db.read, orgID)
}

func isSignatory(ctx context.Context, q querier, orgID int64) (bool, error) {
	if orgID == 0 {
		return false, nil
	}
	var n int
	if err := q.QueryRowContext(ctx, countSignatory, orgID).Scan(&n); err != nil {
		return false, fmt.Errorf("store: is %d a signatory: %w", orgID, err)
	}
	return n > 0, nil
}

// FileUpload is a file the file store holds in its incoming folder, ready to be recorded.
// Place moves it into the store: it is called last in the transaction that records the
// file, so that a failed move rolls the record back. After a failed transaction the
// caller discards the file.
type FileUpload struct {
	Name        string // what the uploader called it, cleaned; for display only
	StoredName  string // made by the file store
	ContentType string
	Size        int64
	SHA256      string
	Place       func() error
}

// PublishResource adds r with its tags and any uploaded files, in one transaction with
// its audit entry. r.Organisations[0] is the publisher's organisation, which must be a
// signatory; r.Organisations and r.Services need only their IDs and codes, and are
// filled in. Unknown organisations or services are a *model.FieldErrors.
func (db *DB) PublishResource(ctx context.Context, actor model.Actor, r *model.Resource, uploads []FileUpload) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if len(r.Organisations) == 0 {
			return model.InvalidField("organisations", "resources.form.organisations.publisher_missing")
		}
		ok, err := isSignatory(ctx, tx.tx, r.Organisations[0].ID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotSignatory
		}
		if err := tx.resolveResourceTags(ctx, r); err != nil {
			return err
		}
		r.CreatedAt, r.UpdatedAt, r.PublishedBy, r.UseCount = tx.now, tx.now, actor.UserID, 0
		err = tx.queryRow(ctx, insertResource, r.Type, r.Title, r.Summary, r.Link, r.Licence, r.LicenceOther,
			r.Organisations[0].ID, nullInt(actor.UserID), tx.now, resourceSearchText(r)).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store: insert resource: %w", err)
		}
		if err := tx.writeResourceTags(ctx, r); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, "resource.publish", "resource", r.ID, nil, resourceAuditOf(r)); err != nil {
			return err
		}
		r.Files = nil
		for _, up := range uploads {
			v, err := tx.addFileVersion(ctx, actor, r.ID, 0, up)
			if err != nil {
				return err
			}
			r.Files = append(r.Files, model.ResourceFile{ID: v.FileID, Versions: []model.FileVersion{*v}})
		}
		return nil
	})
}

// resolveResourceTags checks that r's organisations and services exist, de-duplicates
// them, and fills in their names and labels.
func (tx *Tx) resolveResourceTags(ctx context.Context, r *model.Resource) error {
	fe := &model.FieldErrors{}
	seen := map[int64]bool{}
	var orgs []model.OrgRef
	for _, o := range r.Organisations {
		if seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		var ref model.OrgRef
		if err := tx.queryRow(ctx, selectOrgRef, o.ID).Scan(&ref.ID, &ref.Slug, &ref.Name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				fe.Add("organisations", "resources.form.organisations.unknown")
				continue
			}
			return fmt.Errorf("store: organisation %d: %w", o.ID, err)
		}
		orgs = append(orgs, ref)
	}
	codes := map[int]bool{}
	var services []model.Service
	for _, s := range r.Services {
		if codes[s.Code] {
			continue
		}
		codes[s.Code] = true
		full, err := scanService(tx.queryRow(ctx, selectServiceByCode, s.Code))
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				fe.Add("services", "errors.service.unknown", "Code", s.Code)
				continue
			}
			return fmt.Errorf("store: service %d: %w", s.Code, err)
		}
		services = append(services, full)
	}
	if fe.Any() {
		return fe
	}
	r.Organisations, r.Services = orgs, services
	return nil
}

func (tx *Tx) writeResourceTags(ctx context.Context, r *model.Resource) error {
	for i, o := range r.Organisations {
		if _, err := tx.exec(ctx, insertResourceOrg, r.ID, o.ID, i); err != nil {
			return fmt.Errorf("store: resource %d organisation %d: %w", r.ID, o.ID, err)
		}
	}
	for _, p := range r.Principles {
		if _, err := tx.exec(ctx, insertResourcePrinciple, r.ID, p); err != nil {
			return fmt.Errorf("store: resource %d principle %d: %w", r.ID, p, err)
		}
	}
	for _, s := range r.Services {
		if _, err := tx.exec(ctx, insertResourceService, r.ID, s.Code); err != nil {
			return fmt.Errorf("store: resource %d service %d: %w", r.ID, s.Code, err)
		}
	}
	return nil
}

// resourceSearchText is what search reads: the title, summary and every tag in words, so
// that "waste" finds a resource tagged with household waste collection.
func resourceSearchText(r *model.Resource) string {
	parts := []string{r.Title, r.Summary, r.TypeName(), r.LicenceName()}
	for _, p := range r.Principles {
		parts = append(parts, model.PrincipleName(p))
	}
	for _, s := range r.Services {
		parts = append(parts, s.Label)
	}
	for _, o := range r.Organisations {
		parts = append(parts, o.Name)
	}
	return strings.Join(parts, "\n")
}

// resourceAudit is what the audit log keeps of a resource.
type resourceAudit struct {
	Type          string  `json:"type"`
	Title         string  `json:"title"`
	Summary       string  `json:"summary"`
	Link          string  `json:"link"`
	Licence       string  `json:"licence"`
	LicenceOther  string  `json:"licence_other,omitempty"`
	Organisations []int64 `json:"organisations"`
	Principles    []int   `json:"principles"`
	Services      []int   `json:"services"`
}

func resourceAuditOf(r *model.Resource) resourceAudit {
	a := resourceAudit{Type: r.Type, Title: r.Title, Summary: r.Summary, Link: r.Link, Licence: r.Licence,
		LicenceOther: r.LicenceOther, Principles: r.Principles, Services: r.ServiceCodes()}
	for _, o := range r.Organisations {
		a.Organisations = append(a.Organisations, o.ID)
	}
	return a
}

// Resource returns a resource with its organisations, tags, files (every version) and
// the organisations that use it. Hidden resources are returned too: the caller decides
// who may see them.
func (db *DB) Resource(ctx context.Context, id int64) (*model.Resource, error) {
	var r model.Resource
	if err := scanResource(db.read.QueryRowContext(ctx, selectResourceByID, id), &r); err != nil {
		return nil, notFound(err, "errors.not_found.resource")
	}
	list := []*model.Resource{&r}
	if err := loadResourceTags(ctx, db.read, list, tagsAll); err != nil {
		return nil, err
	}
	return &r, nil
}
