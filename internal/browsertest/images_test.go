package browsertest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// chartPNG is a small, real PNG: a bar chart's worth of coloured pixels.
func chartPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 30))
	for x := range 60 {
		for y := range 30 {
			if y > x/3 {
				img.Set(x, y, color.RGBA{0, 94, 165, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writePNG writes chartPNG into the test's temporary folder, for a person to upload.
func writePNG(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, chartPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// addChartImage uploads chartPNG for Hackney's case studies into the file store in dir,
// as the case study form does, and returns its address on the site.
func addChartImage(t testing.TB, e *env, dir string) string {
	t.Helper()
	p, err := files.NewLocal(dir).Put(bytes.NewReader(chartPNG(t)), 1<<20)
	if err != nil {
		t.Fatalf("put chart: %v", err)
	}
	img, err := e.db.AddCaseStudyImage(context.Background(), model.Actor{Label: "set-up"}, e.org("hackney").ID,
		store.FileUpload{Name: "chart.png", StoredName: p.Name, ContentType: p.Type.MIME, Size: p.Size, SHA256: p.SHA256, Place: p.Place})
	if err != nil {
		t.Fatalf("AddCaseStudyImage: %v", err)
	}
	return img.URL()
}
