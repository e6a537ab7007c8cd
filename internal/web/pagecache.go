package web

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// pageCache keeps rendered public pages for people who are not signed in. Entries belong
// to one data version (store.DataVersion), which every change a person makes bumps in its
// own transaction, on any instance: a change is visible on the very next request.
type pageCache struct {
	mu      sync.RWMutex
	version int64
	entries map[string]*cachedPage
	bytes   int
}

type cachedPage struct {
	header http.Header
	body   []byte
}

// Bounds on what the cache holds; past them it starts again empty. maxCachedBytes counts
// keys as well as bodies: a key is the address a client chose.
const (
	maxCachedPages = 5000
	maxCachedBytes = 64 << 20
	// maxCachedURL is the longest address (path and query) whose page is kept.
	maxCachedURL = 2 << 10
)

func (c *pageCache) get(version int64, key string) *cachedPage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.version != version {
		return nil
	}
	return c.entries[key]
}

func (c *pageCache) put(version int64, key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // rendered from older data than the cache already holds
	}
	size := len(key) + len(p.body)
	if old, ok := c.entries[key]; ok && version == c.version {
		c.bytes -= len(key) + len(old.body)
	}
	if version != c.version || len(c.entries) >= maxCachedPages || c.bytes+size > maxCachedBytes {
		c.version, c.entries, c.bytes = version, map[string]*cachedPage{}, 0
	}
	c.entries[key] = p
	c.bytes += size
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

// teeWriter passes a response on while keeping a copy of it.
type teeWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.buf.Write(b)
	return t.ResponseWriter.Write(b)
}

// cached serves h's successful answers to anonymous GETs from the cache. params are the
// query parameters h reads; an address with any other parameter is not cached.
func (s *Server) cached(h http.HandlerFunc, params ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Cookie") != "" || r.Header.Get("Authorization") != "" ||
			!cacheable(r, params) {
			h(w, r)
			return
		}
		version, err := s.db.DataVersion(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		key := r.URL.RequestURI()
		if p := s.cache.get(version, key); p != nil {
			dst := w.Header()
			for k, v := range p.header {
				dst[k] = v
			}
			w.Write(p.body)
			return
		}
		tw := &teeWriter{ResponseWriter: w}
		h(tw, r)
		if tw.status == http.StatusOK && !strings.Contains(w.Header().Get("Cache-Control"), "private") {
			s.cache.put(version, key, &cachedPage{header: w.Header().Clone(), body: bytes.Clone(tw.buf.Bytes())})
		}
	}
}
