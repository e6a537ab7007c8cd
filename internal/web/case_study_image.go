package web

import (
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/model"
)

// caseStudyImage serves an image uploaded for case studies, to anyone: its address,
// model.CaseStudyImagePath and the name the file store made, is what authors put in
// their Markdown. Only PNG and JPEG are ever recorded; an image never changes, so
// browsers may keep it.
func (s *Server) caseStudyImage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !model.IsSiteImage(model.CaseStudyImageURL(name)) {
		s.notFound(w, r)
		return
	}
	img, err := s.db.CaseStudyImage(r.Context(), name)
	if !s.found(w, r, err) {
		return
	}
	if img.ContentType != files.PNG.MIME && img.ContentType != files.JPEG.MIME {
		s.notFound(w, r)
		return
	}
	obj, err := s.files.Open(img.StoredName)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer obj.Close()
	h := w.Header()
	h.Set("Content-Type", img.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+strings.ToLower(img.SHA256)+`"`)
	http.ServeContent(w, r, "", img.UploadedAt, obj)
}
