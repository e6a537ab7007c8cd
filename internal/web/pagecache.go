package web

import (
	"bytes"
	"hash/fnv"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// pageCache keeps rendered public pages for people who are not signed in. Entries belong
// to one data version (store.DataVersion), which every change a person makes bumps in its
// own transaction, on any instance: a change is visible on the very next request.
type pageCache = versionCache[*cachedPage]

type cachedPage struct {
	header http.Header
	body   []byte
	// encoded keeps body's compressed forms, each made once (compress.go).
	encoded *encodedBody
	// etag names this page in this data version, made by this build; the encoding is
	// added to it.
	etag string
}

// Bounds on what the cache holds; past them it starts again empty. maxCachedBytes counts
// keys as well as bodies: a key is the address a client chose.
const (
	maxCachedPages = 5000
	maxCachedBytes = 64 << 20
	// maxCachedURL is the longest address (path and query) whose page is kept.
	maxCachedURL = 2 << 10
)

func (p *cachedPage) size() int { return len(p.body) }

func (*cachedPage) bounds() cacheBounds {
	return cacheBounds{entries: maxCachedPages, bytes: maxCachedBytes}
}

// cacheable reports whether the page at r's address may be kept: a short address whose
// query holds only parameters the page reads. Any other address is served afresh, so
// that clients cannot fill the cache with addresses of their own making.
func cacheable(r *http.Request, params []string) bool {
	if len(r.URL.RequestURI()) > maxCachedURL {
		return false
	}
	if r.URL.RawQuery == "" {
		return true
	}
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return false
	}
	for name := range v {
		if !slices.Contains(params, name) {
			return false
		}
	}
	return true
}

// bufferWriter holds a handler's answer back; its headers are the real writer's.
type bufferWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.buf.Write(p)
}

// cached serves h's successful answers to anonymous GETs from the cache, compressed as
// the client accepts (each encoding made once per page), with an ETag from the data
// version, the address and the build, so that a browser revalidates (Cache-Control:
// no-cache) and gets 304 Not Modified while nothing changed. params are the query
// parameters h reads; an address with any other parameter is not cached.
func (s *Server) cached(h http.HandlerFunc, params ...string) http.HandlerFunc {
	return s.cachedWith(h, false, params)
}

// cachedForAll is cached for answers that are the same for everyone, signed in or not
// (open data): a request's cookies do not stop it being served from the cache.
func (s *Server) cachedForAll(h http.HandlerFunc, params ...string) http.HandlerFunc {
	return s.cachedWith(h, true, params)
}

func (s *Server) cachedWith(h http.HandlerFunc, anyCookie bool, params []string) http.HandlerFunc {
	shared := func(r *http.Request) bool {
		return r.Method == http.MethodGet && (anyCookie || r.Header.Get("Cookie") == "") &&
			r.Header.Get("Authorization") == "" && cacheable(r, params)
	}
	return s.byDataVersion(h, shared, func(w http.ResponseWriter, r *http.Request, version int64) {
		key := cacheKey(r)
		p := s.cache.get(version, key)
		if p == nil {
			bw := &bufferWriter{ResponseWriter: w}
			h(bw, r)
			// An answer that sets a cookie (even one clearing a stale session) is this
			// request's own: it is never kept for others.
			if bw.status != http.StatusOK || strings.Contains(w.Header().Get("Cache-Control"), "private") ||
				w.Header().Get("Set-Cookie") != "" {
				if bw.status != 0 {
					w.WriteHeader(bw.status)
				}
				w.Write(bw.buf.Bytes())
				return
			}
			body := bytes.Clone(bw.buf.Bytes())
			header := w.Header().Clone()
			header.Set("Cache-Control", "no-cache")
			p = &cachedPage{header: header, body: body, etag: s.pageETag(version, key),
				encoded: newEncodedBody(body, header.Get("Content-Type"), brotliKept, gzipKept)}
			s.cache.put(version, key, p)
		}
		s.serveCached(w, r, p)
	})
}

// byDataVersion serves the requests that use accepts with serve, given the current data
// version (store.DataVersion), which the caches are kept by; h serves the others.
func (s *Server) byDataVersion(h http.HandlerFunc, use func(*http.Request) bool, serve func(http.ResponseWriter, *http.Request, int64)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !use(r) {
			h(w, r)
			return
		}
		version, err := s.db.DataVersion(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		serve(w, r, version)
	}
}

// serveCached answers with a cached page in the encoding the client accepts, or 304.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, p *cachedPage) {
	markEncoded(w)
	body, enc := p.encoded.bytesFor(acceptedEncoding(r))
	dst := w.Header()
	for k, v := range p.header {
		dst[k] = v
	}
	etag := `"` + p.etag + `"`
	if enc != "" {
		etag = `"` + p.etag + "-" + enc + `"`
		dst.Set("Content-Encoding", enc)
	}
	if p.encoded.compressible {
		addVary(dst)
	}
	dst.Set("ETag", etag)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		dst.Del("Content-Encoding")
		dst.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	dst.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// pageETag names a page of a data version: the version, a hash of the address and of
// this build's templates and assets (two builds may render one version differently).
func (s *Server) pageETag(version int64, key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return "v" + strconv.FormatInt(version, 10) + "-" + s.buildTag + "-" + strconv.FormatUint(h.Sum64(), 36)
}

// buildTag hashes the templates and the assets compiled into this binary.
func buildTag(a *assets) string {
	h := fnv.New64a()
	fs.WalkDir(templateFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := templateFiles.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	names := make([]string, 0, len(a.files))
	for n := range a.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		h.Write([]byte(n + a.files[n].hash))
	}
	return strconv.FormatUint(h.Sum64()&0xffffffff, 36)
}
