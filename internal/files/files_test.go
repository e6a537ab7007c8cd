package files

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// Real small files, made here rather than kept as fixtures, so that each is what its
// name says.

func pngBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 29, G: 112, B: 184, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfBytes is a minimal one-page PDF.
func pdfBytes() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n")
}

type entry struct {
	name, body string
	store      bool // uncompressed, as ODF requires of "mimetype"
}

func zipBytes(t testing.TB, entries ...entry) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, e.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func odfBytes(t testing.TB, mime string) []byte {
	return zipBytes(t, entry{"mimetype", mime, true},
		entry{"META-INF/manifest.xml", `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`, false},
		entry{"content.xml", `<office:document-content/>`, false})
}

func ooxmlBytes(t testing.TB, main string) []byte {
	ct := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.` + main + `"/></Types>`
	return zipBytes(t, entry{"[Content_Types].xml", ct, false}, entry{"_rels/.rels", "<Relationships/>", false},
		entry{"word/document.xml", "<w:document/>", false})
}

// oleBytes is the header of a compound file with a directory entry named stream.
func oleBytes(stream string, extra ...string) []byte {
	b := append([]byte{}, sigOLE...)
	b = append(b, make([]byte, 504)...)
	for _, s := range append([]string{stream}, extra...) {
		b = append(b, utf16(s)...)
		b = append(b, make([]byte, 64)...)
	}
	return b
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		want    Type
		err     error
	}{
		{"pdf", pdfBytes(), PDF, nil},
		{"png", pngBytes(t), PNG, nil},
		{"jpeg", jpegBytes(t), JPEG, nil},
		{"odt", odfBytes(t, ODT.MIME), ODT, nil},
		{"ods", odfBytes(t, ODS.MIME), ODS, nil},
		{"odp", odfBytes(t, ODP.MIME), ODP, nil},
		{"docx", ooxmlBytes(t, "wordprocessingml.document.main+xml"), DOCX, nil},
		{"xlsx", ooxmlBytes(t, "spreadsheetml.sheet.main+xml"), XLSX, nil},
		{"pptx", ooxmlBytes(t, "presentationml.presentation.main+xml"), PPTX, nil},
		{"doc", oleBytes("WordDocument"), DOC, nil},
		{"xls", oleBytes("Workbook"), XLS, nil},
		{"ppt", oleBytes("PowerPoint Document"), PPT, nil},
		{"csv", []byte("lgsl_code,label\n524,Household waste collection\n372,Abandoned vehicles\n"), CSV, nil},
		{"csv with BOM and quotes", []byte("\xEF\xBB\xBFname,notes\n\"Adur\",\"a, b\"\n"), CSV, nil},
		{"text", []byte("Lessons learned\n\nWe met residents first.\n"), Text, nil},
		{"text in Welsh", []byte("Gwasanaethau digidol i bawb – Cyngor Sir Ddinbych\n"), Text, nil},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`), SVG, nil},
		{"svg with prolog", []byte("<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg version=\"1.1\"></svg>"), SVG, nil},

		{"empty", nil, Type{}, ErrEmpty},
		{"exe named .pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 100)...), Type{}, ErrType},
		{"html named .pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), Type{}, ErrType},
		{"html fragment", []byte("<p>Hello</p>"), Type{}, ErrType},
		{"script in text", []byte("notes\n<script>alert(1)</script>\n"), Type{}, ErrType},
		{"other xml", []byte(`<?xml version="1.0"?><rss></rss>`), Type{}, ErrType},
		{"plain zip", zipBytes(t, entry{"a.txt", "hello", false}), Type{}, ErrType},
		{"zip with a wrong mimetype", odfBytes(t, "application/x-msdownload"), Type{}, ErrType},
		{"docm (macros)", ooxmlBytes(t, "wordprocessingml.document.macroEnabled.main+xml"), Type{}, ErrType},
		{"doc with macros", oleBytes("WordDocument", "_VBA_PROJECT"), Type{}, ErrType},
		{"ole of no known kind", oleBytes("Contents"), Type{}, ErrType},
		{"broken zip", []byte("PK\x03\x04garbage"), Type{}, ErrType},
		{"NUL in text", []byte("a,b\n1,\x002\n"), Type{}, ErrType},
		{"Latin-1 text", []byte("caf\xe9 au lait\n"), Type{}, ErrType},
		{"gzip", []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3}, Type{}, ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sniff(bytes.NewReader(tt.content), int64(len(tt.content)))
			if !errors.Is(err, tt.err) {
				t.Fatalf("Sniff: error %v, want %v", err, tt.err)
			}
			if got.MIME != tt.want.MIME {
				t.Errorf("Sniff = %q, want %q", got.MIME, tt.want.MIME)
			}
		})
	}
}

// A text file longer than one read, with a multi-byte character across the boundary, is
// still text; an invalid byte far from the start is still caught.
func TestSniffLongText(t *testing.T) {
	long := strings.Repeat("a", 256<<10-1) + "é" + strings.Repeat("b\n", 1000)
	if got, err := Sniff(strings.NewReader(long), int64(len(long))); err != nil || got.MIME != Text.MIME {
		t.Fatalf("long text: %v %v", got, err)
	}
	bad := long + "\xff"
	if _, err := Sniff(strings.NewReader(bad), int64(len(bad))); !errors.Is(err, ErrType) {
		t.Fatalf("invalid byte at the end: %v", err)
	}
	cut := long + "\xc3"
	if _, err := Sniff(strings.NewReader(cut), int64(len(cut))); !errors.Is(err, ErrType) {
		t.Fatalf("a character cut at the end: %v", err)
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"business case.pdf", "business case.pdf", nil},
		{"  spaced.docx  ", "spaced.docx", nil},
		{"tab\there.csv", "tabhere.csv", nil},
		{`quote".pdf`, "quote.pdf", nil},
		{"", "file", nil},
		{"../../etc/passwd", "", ErrPath},
		{`..\..\boot.ini`, "", ErrPath},
		{"/etc/passwd", "", ErrPath},
		{`C:\Users\me\brief.pdf`, "", ErrPath},
		{"..", "", ErrPath},
		{strings.Repeat("x", 300) + ".pdf", strings.Repeat("x", 96) + ".pdf", nil},
	}
	for _, tt := range tests {
		got, err := CleanName(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("CleanName(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestDownloadName(t *testing.T) {
	tests := []struct {
		name string
		t    Type
		want string
	}{
		{"brief.pdf", PDF, "brief.pdf"},
		{"BRIEF.PDF", PDF, "BRIEF.PDF"},
		{"photo.jpeg", JPEG, "photo.jpeg"},
		{"plan.pdf", PNG, "plan.png"},
		{"notes", Text, "notes.txt"},
		{"data.txt", CSV, "data.csv"},
		{"v1.2 final", PDF, "v1.2 final.pdf"},
	}
	for _, tt := range tests {
		if got := DownloadName(tt.name, tt.t); got != tt.want {
			t.Errorf("DownloadName(%q, %s) = %q, want %q", tt.name, tt.t.MIME, got, tt.want)
		}
	}
}

// storedFiles lists every file under root, incoming ones included.
func storedFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestLocalPutPlaceOpen(t *testing.T) {
	root := t.TempDir()
	l := NewLocal(root)
	content := pdfBytes()
	p, err := l.Put(bytes.NewReader(content), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if p.Type.MIME != PDF.MIME || p.Size != int64(len(content)) || len(p.SHA256) != 64 || !storedName.MatchString(p.Name) {
		t.Fatalf("pending = %+v", p)
	}
	if _, err := l.Open(p.Name); err == nil {
		t.Fatal("a file not yet placed can be opened")
	}
	if err := p.Place(); err != nil {
		t.Fatal(err)
	}
	o, err := l.Open(p.Name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(o)
	o.Close()
	if !bytes.Equal(got, content) || o.Size != int64(len(content)) {
		t.Fatalf("read back %d bytes, want %d", len(got), len(content))
	}
	if err := l.Delete(p.Name); err != nil {
		t.Fatal(err)
	}
	if files := storedFiles(t, root); len(files) != 0 {
		t.Fatalf("after Delete: %q", files)
	}
}

func TestLocalDiscard(t *testing.T) {
	root := t.TempDir()
	l := NewLocal(root)
	for _, place := range []bool{false, true} {
		p, err := l.Put(bytes.NewReader(pngBytes(t)), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if place {
			if err := p.Place(); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Discard(); err != nil {
			t.Fatal(err)
		}
	}
	if files := storedFiles(t, root); len(files) != 0 {
		t.Fatalf("after Discard: %q", files)
	}
}

// Nothing is left behind by a refused upload.
func TestLocalPutRefuses(t *testing.T) {
	tests := []struct {
		name  string
		r     io.Reader
		limit int64
		want  error
	}{
		{"over the limit", bytes.NewReader(append(pdfBytes(), make([]byte, 1000)...)), 500, ErrTooLarge},
		{"empty", bytes.NewReader(nil), 500, ErrEmpty},
		{"exe", bytes.NewReader([]byte("MZ\x90\x00 this program cannot be run in DOS mode")), 500, ErrType},
		{"cut off mid-upload", iotest.TimeoutReader(bytes.NewReader(pdfBytes())), 1000, iotest.ErrTimeout},
		{"broken connection", io.MultiReader(bytes.NewReader(pdfBytes()[:20]), iotest.ErrReader(io.ErrUnexpectedEOF)), 1000, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			_, err := NewLocal(root).Put(tt.r, tt.limit)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Put: %v, want %v", err, tt.want)
			}
			if files := storedFiles(t, root); len(files) != 0 {
				t.Fatalf("left behind: %q", files)
			}
		})
	}
}

func TestLocalRefusesNamesItDidNotMake(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(root, "secret")
	os.WriteFile(secret, []byte("x"), 0o600)
	l := NewLocal(filepath.Join(root, "store"))
	for _, name := range []string{"../secret", "..", "", "/etc/passwd", "ABCDEF0123456789ABCDEF0123456789", strings.Repeat("a", 31), strings.Repeat("a", 32) + "/x"} {
		if _, err := l.Open(name); !errors.Is(err, ErrBadName) {
			t.Errorf("Open(%q) = %v, want ErrBadName", name, err)
		}
		if err := l.Delete(name); !errors.Is(err, ErrBadName) {
			t.Errorf("Delete(%q) = %v, want ErrBadName", name, err)
		}
	}
	if _, err := os.Stat(secret); err != nil {
		t.Fatal("a file outside the store was touched")
	}
}

func TestTypeOf(t *testing.T) {
	for _, ty := range Types {
		if got, ok := TypeOf(ty.MIME); !ok || got.MIME != ty.MIME || got.Exts[0] != ty.Exts[0] {
			t.Errorf("TypeOf(%q) = %v, %v", ty.MIME, got, ok)
		}
	}
	if _, ok := TypeOf("text/html"); ok {
		t.Error("text/html is an allowed type")
	}
}
