package web

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// defaultMaxUploadMB is the upload limit when Options does not set one (LD_MAX_UPLOAD_MB).
const defaultMaxUploadMB = 25

// fileStore is the store Options ask for: a local folder unless one is given.
func fileStore(opts Options) (files.Store, int64) {
	mb := opts.MaxUploadMB
	if mb <= 0 {
		mb = defaultMaxUploadMB
	}
	if opts.Files != nil {
		return opts.Files, int64(mb) << 20
	}
	dir := opts.FilesDir
	if dir == "" {
		dir = "data/files"
	}
	return files.NewLocal(dir), int64(mb) << 20
}

// bodyLimit is the most a request body may hold: maxBody, or for the routes that take a
// file, the upload limit and room for the form's other fields.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost && isUploadPath(r.URL.Path) {
		return s.maxUpload + maxBody
	}
	return maxBody
}

// isUploadPath reports whether path is one of the routes that take a file:
// /resources/new, /resources/{id}/files, and the case study forms (for images),
// /case-studies/new and /case-studies/{id}/edit.
func isUploadPath(path string) bool {
	for _, p := range []struct{ prefix, tail string }{{"/resources/", "files"}, {"/case-studies/", "edit"}} {
		rest, ok := strings.CutPrefix(path, p.prefix)
		if !ok {
			continue
		}
		if rest == "new" {
			return true
		}
		id, tail, ok := strings.Cut(rest, "/")
		return ok && tail == p.tail && id != "" && strings.Trim(id, "0123456789") == ""
	}
	return false
}

// uploadForm is a multipart form read as a stream: its fields, and its one file written
// to the file store's incoming folder (not yet placed).
type uploadForm struct {
	field    string // the form field of the file: "file", or "image" on case study forms
	values   url.Values
	pending  *files.Pending // nil when no file was chosen or it was refused
	fileName string         // the uploader's name for it, cleaned
	fileErr  *model.Msg     // why the file was refused, for the "file" field
}

// discard removes the uploaded file unless it has been recorded and placed.
func (f *uploadForm) discard(s *Server) {
	if f != nil && f.pending != nil {
		if err := f.pending.Discard(); err != nil {
			s.log.Warn("discard upload", "err", err)
		}
		f.pending = nil
	}
}

// Limits on the fields of an upload form, which has a few short fields and long text.
const (
	maxFormFields = 500
	maxFieldBytes = 64 << 10
)

// errUploadCut means the request ended before the form did: the connection dropped or
// the browser gave up mid-upload. Nothing is stored.
var errUploadCut = model.Errorf(model.EINVALID, "resources.upload.errors.cut")

// readUploadForm reads a form posted as multipart/form-data, streaming the part named
// "file" into the file store and refusing it (with a message in fileErr) when it is
// over the size limit, empty, of a type not allowed or named with a folder path. A form
// posted as application/x-www-form-urlencoded (no file) is read too. The caller must
// call discard once it has recorded the file or given up.
func (s *Server) readUploadForm(r *http.Request) (*uploadForm, error) {
	return s.readUploadFormField(r, "file")
}

// readUploadFormField is readUploadForm for a file sent in the form field named field.
func (s *Server) readUploadFormField(r *http.Request, field string) (*uploadForm, error) {
	f := &uploadForm{field: field, values: url.Values{}}
	mr, err := r.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		if err := r.ParseForm(); err != nil {
			return nil, model.Errorf(model.EINVALID, "resources.upload.errors.unreadable")
		}
		f.values = r.PostForm
		return f, nil
	}
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "resources.upload.errors.unreadable")
	}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return f, nil
		}
		if err != nil || n > maxFormFields {
			f.discard(s)
			if isTooLarge(err) {
				f.fileErr = s.tooLargeMessage()
				return f, nil
			}
			return nil, errUploadCut
		}
		if err := s.readPart(f, part); err != nil {
			f.discard(s)
			return nil, err
		}
	}
}

func (s *Server) readPart(f *uploadForm, part *multipart.Part) error {
	name := part.FormName()
	raw, isFile := rawFileName(part)
	if !isFile {
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil {
			if isTooLarge(err) {
				f.fileErr = s.tooLargeMessage()
				return nil
			}
			return errUploadCut
		}
		if len(b) > maxFieldBytes {
			return model.Errorf(model.EINVALID, "resources.upload.errors.field_too_long")
		}
		f.values.Add(name, string(b))
		return nil
	}
	if name != f.field || raw == "" || f.pending != nil || f.fileErr != nil {
		// No file chosen (browsers send an empty part), or a second file: skip it.
		_, err := io.Copy(io.Discard, part)
		if err != nil && !isTooLarge(err) {
			return errUploadCut
		}
		return nil
	}
	clean, err := files.CleanName(raw)
	if err != nil {
		f.fileErr = &model.Msg{Key: "resources.upload.file.path"}
		io.Copy(io.Discard, part)
		return nil
	}
	pending, err := s.files.Put(part, s.maxUpload)
	switch {
	case err == nil:
		f.pending, f.fileName = pending, clean
	case errors.Is(err, files.ErrTooLarge) || isTooLarge(err):
		f.fileErr = s.tooLargeMessage()
	case errors.Is(err, files.ErrEmpty):
		f.fileErr = &model.Msg{Key: "resources.upload.file.empty"}
	case errors.Is(err, files.ErrType):
		f.fileErr = &model.Msg{Key: "resources.upload.file.type", Args: []any{"Allowed", filesAllowed}}
	default:
		if isBrokenUpload(err) {
			return errUploadCut
		}
		return fmt.Errorf("web: store upload: %w", err)
	}
	return nil
}

// rawFileName returns the file name a part was sent with, exactly as sent (the multipart
// package's FileName drops any folders from it), and whether the part is a file at all.
func rawFileName(part *multipart.Part) (string, bool) {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil {
		return "", false
	}
	raw, isFile := params["filename"]
	return raw, isFile
}

// isTooLarge reports whether err is the body limit being reached.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// isBrokenUpload reports whether err came from reading the request (the body ended
// early or the connection dropped) rather than from the file system, whose errors are
// *fs.PathError.
func isBrokenUpload(err error) bool {
	var pe *fs.PathError
	return !errors.As(err, &pe)
}

func (s *Server) tooLargeMessage() *model.Msg {
	return &model.Msg{Key: "resources.upload.file.too_large", Args: []any{"MB", s.maxUpload >> 20}}
}

// fileUpload hands a checked upload to the store, to record and place.
func (f *uploadForm) fileUpload() store.FileUpload {
	p := f.pending
	return store.FileUpload{Name: f.fileName, StoredName: p.Name, ContentType: p.Type.MIME, Size: p.Size,
		SHA256: p.SHA256, Place: p.Place}
}
