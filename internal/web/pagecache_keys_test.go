package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPageCacheCountsKeys fills the cache with long addresses and small pages: the keys
// count against the cap as the bodies do (30 requests with 900 KB query strings once
// kept 40 MB).
func TestPageCacheCountsKeys(t *testing.T) {
	var c pageCache
	body := []byte("<p>small page</p>")
	for i := range 100 {
		key := "/signatories?q=" + strings.Repeat(string(rune('a'+i%26)), 900<<10) + strings.Repeat("z", i)
		c.put(1, key, &cachedPage{header: http.Header{}, body: body})
	}
	held := func() int {
		n := 0
		for k, p := range c.entries {
			n += len(k) + len(p.body)
		}
		return n
	}
	if n := held(); n > maxCachedBytes {
		t.Fatalf("the cache holds %d bytes of keys and pages, over its cap of %d", n, maxCachedBytes)
	}
	c.put(1, "/", &cachedPage{body: body})
	c.put(1, "/", &cachedPage{body: body}) // a page put again replaces itself
	if n := held(); c.bytes != n {
		t.Fatalf("the cache counts %d bytes but holds %d", c.bytes, n)
	}
}

// TestPageCacheKeepsOnlyAddressesPagesUse asks for public pages with long query strings
// and with parameters the page does not read: they are served, but not kept.
func TestPageCacheKeepsOnlyAddressesPagesUse(t *testing.T) {
	w := newAuthzWorld(t)
	srv := httptest.NewServer(w.srv)
	defer srv.Close()
	get := func(path string) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %.80s: %d", path, res.StatusCode)
		}
	}
	kept := func() (int, int) {
		w.srv.cache.mu.RLock()
		defer w.srv.cache.mu.RUnlock()
		return len(w.srv.cache.entries), w.srv.cache.bytes
	}
	pad := strings.Repeat("x", 900<<10)
	for i := range 30 {
		n := strings.Repeat("n", i+1)
		get("/signatories?utm_source=" + pad + n)
		get("/?" + n + "=" + pad)
		get("/resources?sort=newest&ref=" + n)
		get("/api/v1/signatories?callback=" + n)
		get("/signatories?page=" + strings.Repeat("0", 3000+i) + "1") // page 1, in over 2 KB
	}
	if n, bytes := kept(); n != 0 {
		t.Fatalf("the cache kept %d pages (%d bytes) for addresses the pages do not use", n, bytes)
	}
	for _, path := range []string{"/", "/signatories?q=hackney&sort=name", "/resources?sort=newest",
		"/case-studies?page=1", "/events?when=past", "/api/v1/signatories?per_page=5", "/api/v1/events/take-up?organisation=hackney"} {
		get(path)
		ok := false // the page is kept just after the client has it all (Content-Length)
		for i := 0; i < 100 && !ok; i++ {
			w.srv.cache.mu.RLock()
			_, ok = w.srv.cache.entries["en "+path] // cacheKey: the language and the address
			w.srv.cache.mu.RUnlock()
			time.Sleep(time.Duration(i) * time.Millisecond)
		}
		if !ok {
			t.Errorf("the cache did not keep %s, whose parameters the page reads", path)
		}
	}
}

// TestBodyCacheCountsWhatItHolds: a body put again replaces itself in the byte count, and
// a key longer than the bound is not kept.
func TestBodyCacheCountsWhatItHolds(t *testing.T) {
	var c bodyCache
	for range 3 {
		c.put(1, "/signatories", &sharedBody{html: "<p>register</p>"})
	}
	if want := len("/signatories") + len("<p>register</p>"); c.bytes != want {
		t.Errorf("the cache counts %d bytes, holds %d", c.bytes, want)
	}
	c.put(1, "/"+strings.Repeat("q", maxSharedKeyBytes), &sharedBody{html: "x"})
	if len(c.entries) != 1 {
		t.Errorf("a key over %d bytes was kept", maxSharedKeyBytes)
	}
	if c.get(2, "/signatories") != nil {
		t.Error("a body of version 1 was served for version 2")
	}
}
