package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Responses are compressed by Accept-Encoding: Brotli where the browser takes it (every
// current browser does over HTTPS), gzip otherwise (docs/adr/0007-compression-and-revalidation.md). Cached
// pages and static assets keep their compressed bytes, made once; other answers (signed-in
// pages, forms, uncached API answers) are compressed as they are written.

const (
	encBrotli = "br"
	encGzip   = "gzip"
)

// minCompress is the smallest body worth compressing: below it, the headers and the
// encoding's own overhead cost more than they save.
const minCompress = 1024

// Compression levels: bytes kept (cached pages, assets) are compressed hard, once;
// answers built per request are compressed fast.
const (
	brotliKept    = 9
	brotliPerHit  = 4
	gzipKept      = gzip.BestCompression
	gzipPerHit    = 5
	brotliAssetLv = brotli.BestCompression
)

// acceptedEncoding chooses the encoding for r: "br", "gzip" or "" (as it is).
func acceptedEncoding(r *http.Request) string {
	if r.Method == http.MethodHead {
		return ""
	}
	ae := r.Header.Get("Accept-Encoding")
	if ae == "" {
		return ""
	}
	q := map[string]float64{}
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		v := 1.0
		if p, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(p), 64); err == nil {
				v = f
			}
		}
		q[name] = v
	}
	weight := func(enc string) float64 {
		if v, ok := q[enc]; ok {
			return v
		}
		if v, ok := q["*"]; ok {
			return v
		}
		return 0
	}
	br, gz := weight(encBrotli), weight(encGzip)
	switch {
	case br > 0 && br >= gz:
		return encBrotli
	case gz > 0:
		return encGzip
	}
	return ""
}

// compressibleType reports whether a Content-Type is text that compresses well. Images
// (but SVG), fonts, PDFs, archives and uploaded files are already compressed or binary.
func compressibleType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/json", mt == "application/javascript", mt == "application/xml",
		mt == "image/svg+xml", mt == "application/x-javascript":
		return true
	case strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	return false
}

var gzipWriters = [10]sync.Pool{}
var brotliWriters = [12]sync.Pool{}

// newEncoder returns a pooled compressor writing to w; release gives it back.
func newEncoder(enc string, level int, w io.Writer) (io.WriteCloser, func()) {
	if enc == encBrotli {
		p := &brotliWriters[level]
		bw, _ := p.Get().(*brotli.Writer)
		if bw == nil {
			bw = brotli.NewWriterLevel(w, level)
		} else {
			bw.Reset(w)
		}
		return bw, func() { p.Put(bw) }
	}
	p := &gzipWriters[level]
	gw, _ := p.Get().(*gzip.Writer)
	if gw == nil {
		gw, _ = gzip.NewWriterLevel(w, level)
	} else {
		gw.Reset(w)
	}
	return gw, func() { p.Put(gw) }
}

// compressBytes returns b compressed with enc.
func compressBytes(enc string, level int, b []byte) []byte {
	var buf bytes.Buffer
	zw, release := newEncoder(enc, level, &buf)
	defer release()
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// encodedBody is a body kept in memory with its compressed forms, each made the first
// time a client asks for it and then kept: a cached page or an asset is compressed once.
type encodedBody struct {
	plain        []byte
	compressible bool
	brLevel      int
	gzLevel      int
	brOnce       sync.Once
	br           []byte
	gzOnce       sync.Once
	gz           []byte
}

func newEncodedBody(b []byte, contentType string, brLevel, gzLevel int) *encodedBody {
	return &encodedBody{plain: b, compressible: compressibleType(contentType) && len(b) >= minCompress,
		brLevel: brLevel, gzLevel: gzLevel}
}

// bytesFor returns the body for an encoding, and the encoding used ("" if sent as it is:
// not asked for, too small, not text, or no smaller compressed).
func (e *encodedBody) bytesFor(enc string) ([]byte, string) {
	if !e.compressible {
		return e.plain, ""
	}
	var b []byte
	switch enc {
	case encBrotli:
		e.brOnce.Do(func() { e.br = compressBytes(encBrotli, e.brLevel, e.plain) })
		b = e.br
	case encGzip:
		e.gzOnce.Do(func() { e.gz = compressBytes(encGzip, e.gzLevel, e.plain) })
		b = e.gz
	default:
		return e.plain, ""
	}
	if len(b) >= len(e.plain) {
		return e.plain, ""
	}
	return b, enc
}

// markEncoded tells the compressing writer under w that the handler chose the encoding
// itself (cached pages, assets), so that nothing is compressed twice.
func markEncoded(w http.ResponseWriter) {
	for {
		switch x := w.(type) {
		case *compressWriter:
			x.skip = true
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}

// addVary adds Accept-Encoding to the Vary header once.
func addVary(h http.Header) {
	for _, v := range h.Values("Vary") {
		if strings.Contains(strings.ToLower(v), "accept-encoding") {
			return
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// compressWriter compresses an answer built per request when the client accepts an
// encoding and the answer is text of at least minCompress bytes. It holds the first
// bytes back until it knows.
type compressWriter struct {
	http.ResponseWriter
	enc     string
	skip    bool
	status  int
	buf     []byte
	decided bool
	zw      io.WriteCloser
	release func()
}

func newCompressWriter(w http.ResponseWriter, r *http.Request) *compressWriter {
	return &compressWriter{ResponseWriter: w, enc: acceptedEncoding(r)}
}

func (c *compressWriter) WriteHeader(code int) {
	if c.decided {
		c.ResponseWriter.WriteHeader(code)
		return
	}
	if code >= 100 && code < 200 {
		c.ResponseWriter.WriteHeader(code)
		return
	}
	if c.status == 0 {
		c.status = code
	}
}

func (c *compressWriter) Write(b []byte) (int, error) {
	if !c.decided {
		if c.skip || c.enc == "" || c.Header().Get("Content-Encoding") != "" {
			c.decide()
		} else {
			c.buf = append(c.buf, b...)
			if len(c.buf) < minCompress {
				return len(b), nil
			}
			c.decide()
			return len(b), nil
		}
	}
	if c.zw != nil {
		return c.zw.Write(b)
	}
	return c.ResponseWriter.Write(b)
}

// decide writes the header, compressing from here on or not.
func (c *compressWriter) decide() {
	c.decided = true
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	h := c.Header()
	text := compressibleType(h.Get("Content-Type"))
	if text && !c.skip && h.Get("Content-Encoding") == "" {
		addVary(h)
	}
	if !c.skip && c.enc != "" && text && len(c.buf) >= minCompress && h.Get("Content-Encoding") == "" &&
		h.Get("Content-Range") == "" && status != http.StatusPartialContent && status != http.StatusNoContent &&
		status != http.StatusNotModified {
		h.Del("Content-Length")
		h.Set("Content-Encoding", c.enc)
		lv := gzipPerHit
		if c.enc == encBrotli {
			lv = brotliPerHit
		}
		c.zw, c.release = newEncoder(c.enc, lv, c.ResponseWriter)
	}
	c.ResponseWriter.WriteHeader(status)
	if len(c.buf) > 0 {
		if c.zw != nil {
			c.zw.Write(c.buf)
		} else {
			c.ResponseWriter.Write(c.buf)
		}
		c.buf = nil
	}
}

// Close sends what is held back and finishes the compressed stream.
func (c *compressWriter) Close() {
	if !c.decided {
		if c.status == 0 && len(c.buf) == 0 {
			return // nothing written: the server answers 200 with an empty body
		}
		c.decide()
	}
	if c.zw != nil {
		c.zw.Close()
		c.release()
		c.zw = nil
	}
}

// Flush sends what is held back, for handlers that stream.
func (c *compressWriter) Flush() {
	if !c.decided {
		c.decide()
	}
	if f, ok := c.zw.(interface{ Flush() error }); ok {
		f.Flush()
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// etagMatches reports whether an If-None-Match header names etag (weak comparison).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	tag := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}
