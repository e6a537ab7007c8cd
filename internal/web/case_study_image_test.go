package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// pngImage is the start of a PNG file: what the content sniffing reads.
var pngImage = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"), bytes.Repeat([]byte{0}, 64)...)

// postImage sends the case study form as a browser does, with a file in the "image" field.
func (c *client) postImage(path string, form url.Values, name string, content []byte) *response {
	c.e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if name != "" {
		h := map[string][]string{"Content-Disposition": {fmt.Sprintf(`form-data; name="image"; filename=%q`, name)},
			"Content-Type": {"application/octet-stream"}}
		w, err := mw.CreatePart(h)
		if err != nil {
			c.e.t.Fatal(err)
		}
		w.Write(content)
	}
	mw.Close()
	return c.postRaw(path, b.Bytes(), mw.FormDataContentType())
}

var imageMarkdownRE = regexp.MustCompile(`!\[Describe the image\]\((/case-study-images/[0-9a-f]{32})\)`)

// TestCaseStudyImages uploads an image on the case study form, without JavaScript: the
// form comes back with what was typed and the Markdown to paste; the image is served
// from the site, to anyone, as what its content is; it shows in the published case study.
// Files that are not PNG or JPEG are refused next to the field and leave nothing behind.
func TestCaseStudyImages(t *testing.T) {
	t.Parallel()
	e := newLibraryEnv(t)
	officer := e.signIn("officer@hackney.gov.uk")
	wantBody(t, officer.get("/case-studies/new"), `enctype="multipart/form-data"`, `name="image" type="file"`,
		`value="upload-image">Upload image</button>`)

	form := e.hackneyCaseStudy()
	form.Set("outcomes", "Calls fell by 40%.")
	form.Set("action", "upload-image")
	r := officer.postImage("/case-studies/new", form, "chart.png", pngImage)
	wantStatus(t, r, http.StatusOK)
	m := imageMarkdownRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no Markdown to paste after the upload:\n%s", snippet(r.Body))
	}
	src := m[1]
	wantBody(t, r, "chart.png", `name="images" value="`+strings.TrimPrefix(src, "/case-study-images/")+`"`)
	wantKept(t, r, url.Values{"title": {form.Get("title")}, "outcomes": {"Calls fell by 40%."}})
	if n := len(e.storedFiles()); n != 1 {
		t.Fatalf("%d files stored, want 1: %v", n, e.storedFiles())
	}

	img := e.newClient().get(src)
	wantStatus(t, img, http.StatusOK)
	for k, want := range map[string]string{"Content-Type": "image/png", "X-Content-Type-Options": "nosniff",
		"Cache-Control": "public, max-age=31536000, immutable"} {
		if got := img.Header.Get(k); got != want {
			t.Errorf("image %s = %q, want %q", k, got, want)
		}
	}
	if img.Body != string(pngImage) {
		t.Error("the image served is not the one uploaded")
	}
	wantStatus(t, e.newClient().get("/case-study-images/0123456789abcdef0123456789abcdef"), http.StatusNotFound)
	wantStatus(t, e.newClient().get("/case-study-images/..%2F..%2Fetc%2Fpasswd"), http.StatusNotFound)

	for _, tc := range []struct{ name, file, msg string }{
		{"a PDF", "chart.png", "The selected file must be a PNG or JPEG image"},
		{"an SVG", "chart.svg", "The selected file must be a PNG or JPEG image"},
		{"nothing", "", "Select an image to upload"},
	} {
		content := map[string][]byte{"a PDF": pdf, "an SVG": []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}[tc.name]
		r := officer.postImage("/case-studies/new", form, tc.file, content)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "image")
		wantBody(t, r, tc.msg)
		wantKept(t, r, url.Values{"title": {form.Get("title")}})
	}
	if n := len(e.storedFiles()); n != 1 {
		t.Fatalf("refused files were kept: %v", e.storedFiles())
	}

	form.Set("outcomes", "Calls fell by 40%.\n\n![Chart of calls falling]("+src+")")
	form.Set("action", "save")
	path := officer.publishCaseStudy(form)
	page := e.newClient().get(path)
	wantBody(t, page, `<img src="`+src+`" alt="Chart of calls falling">`)
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
		t.Errorf("the CSP does not let the page show the site's images: %s", csp)
	}
}
