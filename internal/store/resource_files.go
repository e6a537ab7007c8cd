package store

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	insertResourceFile  = `INSERT INTO resource_files (resource_id, created_at) VALUES ($1, $2) RETURNING id`
	selectFileResource  = `SELECT resource_id FROM resource_files WHERE id = $1`
	selectLatestVersion = `SELECT COALESCE(MAX(version), 0) FROM resource_file_versions WHERE file_id = $1`
	insertFileVersion   = `INSERT INTO resource_file_versions (file_id, version, name, stored_name, content_type, size, sha256,
uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
	touchResource = `UPDATE resources SET updated_at = $1 WHERE id = $2`
)

// AddResourceFile records an upload as a new file of a resource (fileID 0) or as the
// next version of one of its files, keeping the earlier versions, and places the upload
// in the file store in the same transaction.
func (db *DB) AddResourceFile(ctx context.Context, actor model.Actor, resourceID, fileID int64, up FileUpload) (*model.FileVersion, error) {
	var out *model.FileVersion
	err := db.inTx(ctx, func(tx *Tx) error {
		var hidden bool
		if err := tx.queryRow(ctx, selectResourceHidden, resourceID).Scan(&hidden); err != nil {
			return notFound(err, "errors.not_found.resource")
		}
		if _, err := tx.exec(ctx, touchResource, tx.now, resourceID); err != nil {
			return fmt.Errorf("store: touch resource %d: %w", resourceID, err)
		}
		v, err := tx.addFileVersion(ctx, actor, resourceID, fileID, up)
		if err != nil {
			return err
		}
		out = v
		return tx.recordResource(ctx, actor, model.ActivityResourceVersion, resourceID)
	})
	return out, err
}

// addFileVersion writes the version's rows and its audit entry, then places the file:
// the last step, so that a failed move undoes the rows.
func (tx *Tx) addFileVersion(ctx context.Context, actor model.Actor, resourceID, fileID int64, up FileUpload) (*model.FileVersion, error) {
	v := &model.FileVersion{ResourceID: resourceID, FileID: fileID, Name: up.Name, StoredName: up.StoredName,
		ContentType: up.ContentType, Size: up.Size, SHA256: up.SHA256, UploadedBy: actor.UserID, UploadedAt: tx.now}
	if fileID == 0 {
		if err := tx.queryRow(ctx, insertResourceFile, resourceID, tx.now).Scan(&v.FileID); err != nil {
			return nil, fmt.Errorf("store: add file to resource %d: %w", resourceID, err)
		}
	} else {
		var owner int64
		if err := tx.queryRow(ctx, selectFileResource, fileID).Scan(&owner); err != nil || owner != resourceID {
			return nil, model.InvalidField("replaces", "resources.files.replaces.unknown")
		}
	}
	if err := tx.queryRow(ctx, selectLatestVersion, v.FileID).Scan(&v.Version); err != nil {
		return nil, fmt.Errorf("store: versions of file %d: %w", v.FileID, err)
	}
	v.Version++
	err := tx.queryRow(ctx, insertFileVersion, v.FileID, v.Version, v.Name, v.StoredName, v.ContentType, v.Size,
		v.SHA256, nullInt(actor.UserID), tx.now).Scan(&v.ID)
	if err != nil {
		if tx.db.dialect.isUnique(err) {
			return nil, model.Errorf(model.ECONFLICT, "resources.files.errors.concurrent")
		}
		return nil, fmt.Errorf("store: add version of file %d: %w", v.FileID, err)
	}
	if err := tx.audit(ctx, actor, "resource.file_add", "resource", resourceID, nil, map[string]any{
		"file_id": v.FileID, "version": v.Version, "name": v.Name, "content_type": v.ContentType, "size": v.Size,
		"sha256": v.SHA256}); err != nil {
		return nil, err
	}
	if up.Place != nil {
		if err := up.Place(); err != nil {
			return nil, fmt.Errorf("store: place file %s: %w", v.StoredName, err)
		}
	}
	return v, nil
}
