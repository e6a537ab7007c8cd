package files

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Type is a kind of file the platform accepts. People read its name in their language
// (web/resources.go names each by its MIME).
type Type struct {
	MIME string   // the Content-Type it is served with
	Exts []string // file name extensions, the usual one first
}

// The allowed types. Office documents with macros are not among them.
var (
	PDF  = Type{"application/pdf", []string{".pdf"}}
	ODT  = Type{"application/vnd.oasis.opendocument.text", []string{".odt"}}
	ODS  = Type{"application/vnd.oasis.opendocument.spreadsheet", []string{".ods"}}
	ODP  = Type{"application/vnd.oasis.opendocument.presentation", []string{".odp"}}
	DOCX = Type{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}}
	XLSX = Type{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}}
	PPTX = Type{"application/vnd.openxmlformats-officedocument.presentationml.presentation", []string{".pptx"}}
	DOC  = Type{"application/msword", []string{".doc"}}
	XLS  = Type{"application/vnd.ms-excel", []string{".xls"}}
	PPT  = Type{"application/vnd.ms-powerpoint", []string{".ppt"}}
	CSV  = Type{"text/csv; charset=utf-8", []string{".csv"}}
	Text = Type{"text/plain; charset=utf-8", []string{".txt", ".text", ".md"}}
	PNG  = Type{"image/png", []string{".png"}}
	JPEG = Type{"image/jpeg", []string{".jpg", ".jpeg"}}
	SVG  = Type{"image/svg+xml", []string{".svg"}}
)

// Types lists every allowed type.
var Types = []Type{PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, DOC, XLS, PPT, CSV, Text, PNG, JPEG, SVG}

// TypeOf returns the allowed type served as mime, and whether there is one.
func TypeOf(mime string) (Type, bool) {
	for _, t := range Types {
		if t.MIME == mime {
			return t, true
		}
	}
	return Type{}, false
}

func knownExt(ext string) bool {
	for _, t := range Types {
		for _, e := range t.Exts {
			if e == ext {
				return true
			}
		}
	}
	return false
}

var (
	sigPDF  = []byte("%PDF-")
	sigPNG  = []byte("\x89PNG\r\n\x1a\n")
	sigJPEG = []byte{0xFF, 0xD8, 0xFF}
	sigZIP  = []byte("PK\x03\x04")
	sigOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM = []byte{0xEF, 0xBB, 0xBF}
)

// Sniff decides from its content what the size bytes in r are, or returns ErrType (or
// ErrEmpty). It reads as much as it needs: the first bytes for most types, the zip
// directory for OpenDocument and Office files, and all of a text file, which must be
// valid UTF-8 without NUL bytes.
func Sniff(r io.ReaderAt, size int64) (Type, error) {
	if size == 0 {
		return Type{}, ErrEmpty
	}
	head := make([]byte, min(size, 512))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return Type{}, err
	}
	switch {
	case bytes.HasPrefix(head, sigPDF):
		return PDF, nil
	case bytes.HasPrefix(head, sigPNG):
		return PNG, nil
	case bytes.HasPrefix(head, sigJPEG):
		return JPEG, nil
	case bytes.HasPrefix(head, sigZIP):
		return sniffZip(r, size)
	case bytes.HasPrefix(head, sigOLE):
		return sniffOLE(r, size)
	}
	return sniffText(r, size, head)
}

// maxEntry caps what is read of one entry of a zip file.
const maxEntry = 64 << 10

// sniffZip tells OpenDocument files (whose first entry is "mimetype", holding the type)
// from Office Open XML files (with "[Content_Types].xml") and refuses any other zip.
func sniffZip(r io.ReaderAt, size int64) (Type, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil || len(zr.File) == 0 {
		return Type{}, ErrType
	}
	if first := zr.File[0]; first.Name == "mimetype" {
		b, err := readEntry(first)
		if err != nil {
			return Type{}, ErrType
		}
		switch strings.TrimSpace(string(b)) {
		case ODT.MIME:
			return ODT, nil
		case ODS.MIME:
			return ODS, nil
		case ODP.MIME:
			return ODP, nil
		}
		return Type{}, ErrType
	}
	for _, f := range zr.File {
		if f.Name != "[Content_Types].xml" {
			continue
		}
		b, err := readEntry(f)
		if err != nil {
			return Type{}, ErrType
		}
		s := string(b)
		switch {
		case strings.Contains(strings.ToLower(s), "macroenabled"):
			return Type{}, ErrType
		case strings.Contains(s, "wordprocessingml.document.main+xml"):
			return DOCX, nil
		case strings.Contains(s, "spreadsheetml.sheet.main+xml"):
			return XLSX, nil
		case strings.Contains(s, "presentationml.presentation.main+xml"):
			return PPTX, nil
		}
		return Type{}, ErrType
	}
	return Type{}, ErrType
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, maxEntry))
}

// utf16 spells s as the UTF-16LE of a compound file's directory entry names.
func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

var (
	oleWord   = utf16("WordDocument")
	oleExcel  = utf16("Workbook")
	olePPT    = utf16("PowerPoint Document")
	oleMacros = utf16("_VBA_PROJECT")
)

// sniffOLE tells the legacy Word, Excel and PowerPoint formats (compound files) apart by
// the names of their streams, and refuses those that carry macros.
func sniffOLE(r io.ReaderAt, size int64) (Type, error) {
	var found Type
	macros := false
	err := scan(r, size, 64, func(chunk []byte) {
		switch {
		case bytes.Contains(chunk, oleMacros):
			macros = true
		case found.MIME == "" && bytes.Contains(chunk, oleWord):
			found = DOC
		case found.MIME == "" && bytes.Contains(chunk, oleExcel):
			found = XLS
		case found.MIME == "" && bytes.Contains(chunk, olePPT):
			found = PPT
		}
	})
	if err != nil {
		return Type{}, err
	}
	if macros || found.MIME == "" {
		return Type{}, ErrType
	}
	return found, nil
}

// scan calls fn on the whole content in chunks that overlap by overlap bytes, so that
// a pattern shorter than that is never split between two calls.
func scan(r io.ReaderAt, size int64, overlap int, fn func([]byte)) error {
	const chunk = 256 << 10
	buf := make([]byte, chunk+overlap)
	for off := int64(0); off < size; off += chunk {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		fn(buf[:n])
	}
	return nil
}

// sniffText accepts SVG images, CSV and plain text: all of it valid UTF-8 with no NUL
// bytes. HTML, other XML and anything binary are refused.
func sniffText(r io.ReaderAt, size int64, head []byte) (Type, error) {
	if err := checkUTF8(r, size); err != nil {
		return Type{}, err
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	if isSVG(head) {
		return SVG, nil
	}
	switch ct := http.DetectContentType(head); {
	case strings.HasPrefix(ct, "text/html"), strings.HasPrefix(ct, "text/xml"):
		return Type{}, ErrType
	case !strings.HasPrefix(ct, "text/plain"):
		return Type{}, ErrType
	}
	if bytes.Contains(bytes.ToLower(head), []byte("<script")) {
		return Type{}, ErrType
	}
	if isCSV(r, size) {
		return CSV, nil
	}
	return Text, nil
}

// checkUTF8 reads all of the content and fails with ErrType unless it is UTF-8 text:
// valid encoding, no NUL bytes.
func checkUTF8(r io.ReaderAt, size int64) error {
	const chunk = 256 << 10
	buf := make([]byte, chunk+utf8.UTFMax)
	carry := 0
	for off := int64(0); off < size; {
		n, err := r.ReadAt(buf[carry:carry+int(min(chunk, size-off))], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if n == 0 {
			return ErrType
		}
		off += int64(n)
		b := buf[:carry+n]
		if bytes.IndexByte(b, 0) >= 0 {
			return ErrType
		}
		// Leave a rune cut by the chunk's end for the next round.
		end := len(b)
		if off < size {
			for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
				if utf8.RuneStart(b[len(b)-i]) {
					if !utf8.FullRune(b[len(b)-i:]) {
						end = len(b) - i
					}
					break
				}
			}
		}
		if !utf8.Valid(b[:end]) {
			return ErrType
		}
		carry = copy(buf, b[end:])
	}
	if carry > 0 {
		return ErrType
	}
	return nil
}

// isSVG reports whether text is an SVG document: after any XML declaration, comments and
// DOCTYPE, its first element is <svg>.
func isSVG(head []byte) bool {
	s := string(head)
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "<?"):
			i := strings.Index(s, "?>")
			if i < 0 {
				return false
			}
			s = s[i+2:]
		case strings.HasPrefix(s, "<!--"):
			i := strings.Index(s, "-->")
			if i < 0 {
				return false
			}
			s = s[i+3:]
		case strings.HasPrefix(s, "<!DOCTYPE"), strings.HasPrefix(s, "<!doctype"):
			i := strings.Index(s, ">")
			if i < 0 {
				return false
			}
			s = s[i+1:]
		default:
			if !strings.HasPrefix(s, "<svg") || len(s) < 5 {
				return false
			}
			c := s[4]
			return c == ' ' || c == '>' || c == '\t' || c == '\r' || c == '\n' || c == '/'
		}
	}
}

// isCSV reports whether the start of a text file reads as a table: at least two rows of
// at least two fields, every row as wide as the first.
func isCSV(r io.ReaderAt, size int64) bool {
	b := make([]byte, min(size, 64<<10))
	n, _ := r.ReadAt(b, 0)
	b = bytes.TrimPrefix(b[:n], utf8BOM)
	if int64(n) < size { // judge whole lines only
		if i := bytes.LastIndexByte(b, '\n'); i > 0 {
			b = b[:i+1]
		}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = 0
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil || len(rec) < 2 {
			return false
		}
		rows++
	}
	return rows >= 2
}
