package store

import (
	"errors"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// TestCaseStudyImages records an uploaded image with its audit entry and reads it back;
// a failed move into the file store leaves no row behind.
func TestCaseStudyImages(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	placed := 0
	up := upload("chart.png", &placed, nil)
	up.ContentType = "image/png"
	img, err := w.db.AddCaseStudyImage(ctx, w.hackneyActor, w.hackney.ID, up)
	if err != nil || img.ID == 0 || placed != 1 {
		t.Fatalf("AddCaseStudyImage: %+v %v (placed %d)", img, err, placed)
	}
	got, err := w.db.CaseStudyImage(ctx, up.StoredName)
	if err != nil || got.Name != "chart.png" || got.ContentType != "image/png" || got.Size != up.Size ||
		got.OrganisationID != w.hackney.ID || got.UploadedBy != w.hackneyActor.UserID || got.UploadedAt.IsZero() {
		t.Fatalf("CaseStudyImage = %+v, %v", got, err)
	}
	if got.URL() != "/case-study-images/"+up.StoredName || !model.IsSiteImage(got.URL()) {
		t.Fatalf("URL = %q", got.URL())
	}
	if n := countRows(t, w.db, "audit_log WHERE action = 'case_study_image.upload'"); n != 1 {
		t.Fatalf("audit entries = %d", n)
	}
	failed := upload("broken.png", &placed, errors.New("disk full"))
	if _, err := w.db.AddCaseStudyImage(ctx, w.hackneyActor, w.hackney.ID, failed); err == nil {
		t.Fatal("a failed move was recorded")
	}
	if n := countRows(t, w.db, "case_study_images"); n != 1 {
		t.Fatalf("images = %d after a failed move, want 1", n)
	}
	_, err = w.db.CaseStudyImage(ctx, failed.StoredName)
	wantCode(t, err, model.ENOTFOUND)
}
