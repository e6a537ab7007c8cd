package config

import "testing"

func TestFilesSettings(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.FilesDir != "data/files" || c.MaxUploadMB != 25 {
		t.Fatalf("defaults: files dir %q, max upload %d MB", c.FilesDir, c.MaxUploadMB)
	}
	c, err = load(t, map[string]string{"LD_FILES_DIR": "/srv/ld/files", "LD_MAX_UPLOAD_MB": "40"}, "--max-upload-mb", "10")
	if err != nil || c.FilesDir != "/srv/ld/files" || c.MaxUploadMB != 10 {
		t.Fatalf("set: %+v %v", c, err)
	}
	for _, bad := range []string{"0", "-1", "ten", "1025", "2.5"} {
		if _, err := load(t, map[string]string{"LD_MAX_UPLOAD_MB": bad}); err == nil {
			t.Errorf("LD_MAX_UPLOAD_MB=%q accepted", bad)
		}
	}
	if _, err := load(t, nil, "--files-dir", " "); err == nil {
		t.Error("an empty files folder was accepted")
	}
}
