package store

import (
	"context"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	insertCaseStudyImage = `INSERT INTO case_study_images (stored_name, name, content_type, size, sha256, organisation_id,
uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
	selectCaseStudyImage = `SELECT id, stored_name, name, content_type, size, sha256, COALESCE(organisation_id, 0),
COALESCE(uploaded_by, 0), uploaded_at FROM case_study_images WHERE stored_name = $1`
)

// AddCaseStudyImage records an uploaded image for orgID's case studies, with its audit
// entry, and places the upload in the file store in the same transaction, last, so that
// a failed move undoes the row.
func (db *DB) AddCaseStudyImage(ctx context.Context, actor model.Actor, orgID int64, up FileUpload) (*model.CaseStudyImage, error) {
	img := &model.CaseStudyImage{StoredName: up.StoredName, Name: up.Name, ContentType: up.ContentType, Size: up.Size,
		SHA256: up.SHA256, OrganisationID: orgID, UploadedBy: actor.UserID}
	err := db.inTx(ctx, func(tx *Tx) error {
		img.UploadedAt = tx.now
		if err := tx.queryRow(ctx, insertCaseStudyImage, img.StoredName, img.Name, img.ContentType, img.Size, img.SHA256,
			nullInt(orgID), nullInt(actor.UserID), tx.now).Scan(&img.ID); err != nil {
			return fmt.Errorf("store: add case study image: %w", err)
		}
		if err := tx.audit(ctx, actor, "case_study_image.upload", "case_study_image", img.ID, nil, map[string]any{
			"name": img.Name, "content_type": img.ContentType, "size": img.Size, "sha256": img.SHA256,
			"organisation_id": orgID}); err != nil {
			return err
		}
		if up.Place != nil {
			if err := up.Place(); err != nil {
				return fmt.Errorf("store: place image %s: %w", img.StoredName, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return img, nil
}

// CaseStudyImage returns the image stored under storedName, or an ENOTFOUND error.
func (db *DB) CaseStudyImage(ctx context.Context, storedName string) (*model.CaseStudyImage, error) {
	img := &model.CaseStudyImage{}
	err := db.read.QueryRowContext(ctx, selectCaseStudyImage, storedName).Scan(&img.ID, &img.StoredName, &img.Name,
		&img.ContentType, &img.Size, &img.SHA256, &img.OrganisationID, &img.UploadedBy, &img.UploadedAt)
	if err != nil {
		return nil, notFound(err, "errors.not_found.image")
	}
	return img, nil
}
