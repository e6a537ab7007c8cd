package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

const resourceColumns = `r.id, r.type, r.title, r.summary, r.link, r.licence, r.licence_other, r.use_count,
COALESCE(r.published_by, 0), r.hidden, r.hidden_reason, r.hidden_at, r.created_at, r.updated_at, r.language`

func scanResource(sc interface{ Scan(...any) error }, r *model.Resource, extra ...any) error {
	var hiddenAt sql.NullTime
	dest := []any{&r.ID, &r.Type, &r.Title, &r.Summary, &r.Link, &r.Licence, &r.LicenceOther, &r.UseCount,
		&r.PublishedBy, &r.Hidden, &r.HiddenReason, &hiddenAt, &r.CreatedAt, &r.UpdatedAt, &r.Language}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return err
	}
	r.HiddenAt = timeOf(hiddenAt)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return nil
}

const (
	insertResource = `INSERT INTO resources (type, title, summary, link, licence, licence_other, publisher_org_id,
published_by, created_at, updated_at, search_text, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING id`
	selectOrgRef       = `SELECT id, slug, name FROM organisations WHERE id = $1`
	selectResourceByID = `SELECT ` + resourceColumns + ` FROM resources r WHERE r.id = $1`
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

// requireSignatory refuses with refusal a change that only members of signatory
// organisations may make (publish a resource or a case study, join a reuse register)
// when organisation orgID has not signed.
func (tx *Tx) requireSignatory(ctx context.Context, orgID int64, refusal error) error {
	ok, err := isSignatory(ctx, tx.tx, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return refusal
	}
	return nil
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
		if err := tx.requireSignatory(ctx, r.Organisations[0].ID, errNotSignatory); err != nil {
			return err
		}
		if err := tx.resolveTags(ctx, resourceTagsOf(r)); err != nil {
			return err
		}
		r.CreatedAt, r.UpdatedAt, r.PublishedBy, r.UseCount = tx.now, tx.now, actor.UserID, 0
		r.Language = model.WrittenIn(r.Language)
		err := tx.queryRow(ctx, insertResource, r.Type, r.Title, r.Summary, r.Link, r.Licence, r.LicenceOther,
			r.Organisations[0].ID, nullInt(actor.UserID), tx.now, resourceSearchText(r), r.Language).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store: insert resource: %w", err)
		}
		if err := tx.writeTags(ctx, resourceTags, resourceTagsOf(r)); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, "resource.publish", "resource", r.ID, nil, resourceAuditOf(r)); err != nil {
			return err
		}
		if err := tx.recordResource(ctx, actor, model.ActivityResourcePublished, r.ID); err != nil {
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

// resourceSearchText is what search reads: the title, summary and every tag in words, so
// that "waste" finds a resource tagged with household waste collection.
func resourceSearchText(r *model.Resource) string {
	parts := []string{r.Title, r.Summary, locale.English.Msg(r.TypeName()), locale.English.Msg(r.LicenceName())}
	for _, p := range r.Principles {
		parts = append(parts, locale.English.Msg(model.PrincipleName(p)))
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
	Type         string `json:"type"`
	Title        string `json:"title"`
	Summary      string `json:"summary"`
	Link         string `json:"link"`
	Licence      string `json:"licence"`
	LicenceOther string `json:"licence_other,omitempty"`
	Language     string `json:"language"`
	tagsAudit
}

func resourceAuditOf(r *model.Resource) resourceAudit {
	return resourceAudit{Type: r.Type, Title: r.Title, Summary: r.Summary, Link: r.Link, Licence: r.Licence,
		LicenceOther: r.LicenceOther, Language: r.Language, tagsAudit: resourceTagsOf(r).audit()}
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

// What a resource has besides its tags, for loadResourceTags.
const (
	tagsFiles tagSet = 1 << (iota + 8)
	tagsUses
	tagsAll = tagsTags | tagsFiles | tagsUses
)

// The queries for a batch of resources' files and uses; %s is the ids' placeholders.
const (
	selectResourcesFiles = `SELECT f.resource_id, v.id, v.file_id, v.version, v.name, v.stored_name, v.content_type, v.size,
v.sha256, COALESCE(v.uploaded_by, 0), v.uploaded_at FROM resource_file_versions v JOIN resource_files f ON f.id = v.file_id
WHERE f.resource_id IN (%s) ORDER BY f.resource_id, f.id, v.version DESC`
	selectResourcesUses = `SELECT u.resource_id, o.id, o.slug, o.name, u.how, u.created_at, u.updated_at FROM resource_uses u
JOIN organisations o ON o.id = u.organisation_id WHERE u.resource_id IN (%s) ORDER BY u.resource_id, u.created_at, u.id`
)

// loadResourceTags fills in what of the resources' tags, files and uses is asked for,
// with one query each per batch of resources.
func loadResourceTags(ctx context.Context, q querier, list []*model.Resource, what tagSet) error {
	byID := make(map[int64]*model.Resource, len(list))
	tagged := make(map[int64]tags, len(list))
	ids := make([]int64, len(list))
	for i, r := range list {
		byID[r.ID], tagged[r.ID], ids[i] = r, resourceTagsOf(r), r.ID
	}
	queries := resourceTags.tagQueries(tagged, what)
	if what&tagsFiles != 0 {
		queries = append(queries, batchQuery{selectResourcesFiles, func(rows *sql.Rows) error {
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
		}})
	}
	if what&tagsUses != 0 {
		queries = append(queries, batchQuery{selectResourcesUses, func(rows *sql.Rows) error {
			var id int64
			var u model.ResourceUse
			if err := rows.Scan(&id, &u.Organisation.ID, &u.Organisation.Slug, &u.Organisation.Name, &u.How,
				&u.CreatedAt, &u.UpdatedAt); err != nil {
				return err
			}
			u.ResourceID, u.CreatedAt, u.UpdatedAt = id, u.CreatedAt.UTC(), u.UpdatedAt.UTC()
			byID[id].Uses = append(byID[id].Uses, u)
			return nil
		}})
	}
	return loadBatches(ctx, q, resourceTags.kind, ids, queries)
}

// resources runs a query of resourceColumns and loads what of their tags is asked for.
func (db *DB) resources(ctx context.Context, what tagSet, query string, args ...any) ([]*model.Resource, error) {
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
