package web_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// getEncoded GETs path with Accept-Encoding (and more headers) and returns the response
// with its body as sent, not decoded.
func (c *client) getEncoded(path, acceptEncoding string, header ...string) (*http.Response, []byte) {
	c.e.t.Helper()
	req := c.request(http.MethodGet, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding) // set by hand: the transport leaves the body as sent
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return res, b
}

func decode(t *testing.T, enc string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		return b
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return out
}

var nonce = regexp.MustCompile(`[0-9a-f]{16,}`)

// TestCompression: pages, the API, CSS and JS come gzip- or Brotli-encoded as asked, with
// Vary: Accept-Encoding, and decode to the same bytes as the plain answer; tiny bodies and
// binary files are sent as they are.
func TestCompression(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Open housing data")
	anon := e.newClient()
	member := e.signIn("officer@hackney.gov.uk")
	css := regexp.MustCompile(`/static/[0-9a-f]+/govuk-frontend.min.css`).FindString(anon.get("/").Body)
	if css == "" {
		t.Fatal("no stylesheet link on the home page")
	}
	cases := []struct {
		who  *client
		path string
	}{
		{anon, "/signatories"},             // the page cache
		{anon, "/api/v1/openapi.json"},     // the page cache, JSON
		{anon, "/organisations/hackney"},   // the page cache
		{member, "/signatories"},           // shared content, the layout per person
		{member, "/organisations/hackney"}, // built per request
		{member, "/account"},
		{anon, "/sign-in"}, // a form, built per request
		{anon, css},
	}
	for _, tc := range cases {
		tc.who.get(tc.path) // takes any message left for the person (shown once)
		res, plain := tc.who.getEncoded(tc.path, "identity")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "" {
			t.Fatalf("%s plain: %d %q", tc.path, res.StatusCode, res.Header.Get("Content-Encoding"))
		}
		for _, enc := range []string{"gzip", "br"} {
			accept := enc
			if enc == "br" {
				accept = "gzip, deflate, br, zstd"
			}
			res, b := tc.who.getEncoded(tc.path, accept)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: status %d", tc.path, enc, res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != enc {
				t.Errorf("%s: Content-Encoding %q, want %q", tc.path, got, enc)
				continue
			}
			if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s %s: Vary %q", tc.path, enc, res.Header.Get("Vary"))
			}
			got := decode(t, enc, b)
			if len(b) >= len(got) {
				t.Errorf("%s %s: %d bytes sent for %d", tc.path, enc, len(b), len(got))
			}
			// Pages built per request carry a fresh form token or request id; compare the rest.
			if a, b := nonce.ReplaceAllString(string(got), ""), nonce.ReplaceAllString(string(plain), ""); a != b {
				i := 0
				for i < len(a) && i < len(b) && a[i] == b[i] {
					i++
				}
				t.Errorf("%s: %s decodes to other bytes than the plain answer, from %q", tc.path, enc, a[i:min(len(a), i+80)])
			}
		}
	}
	// Tiny bodies and binary files are sent as they are.
	for _, path := range []string{"/healthz", "/assets/images/favicon.ico", "/assets/fonts/bold-b542beb274-v2.woff2"} {
		res, _ := anon.getEncoded(path, "gzip, br")
		if res.StatusCode == http.StatusOK && res.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: Content-Encoding %q, want none", path, res.Header.Get("Content-Encoding"))
		}
	}
	// q=0 refuses an encoding.
	if res, _ := anon.getEncoded("/signatories", "br;q=0, gzip"); res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("br;q=0, gzip: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
}

// TestRevalidation: anonymous pages and API answers carry an ETag from the data version
// and answer If-None-Match with 304 until something changes; signed-in pages are private
// and never stored.
func TestRevalidation(t *testing.T) {
	e := newEnv(t)
	anon := e.newClient()
	for _, path := range []string{"/signatories", "/api/v1/signatories", "/api/v1/organisations?q=hackney", "/"} {
		for _, enc := range []string{"identity", "gzip", "br"} {
			res, body := anon.getEncoded(path, enc)
			etag := res.Header.Get("ETag")
			if res.StatusCode != http.StatusOK || etag == "" {
				t.Fatalf("%s (%s): status %d, ETag %q", path, enc, res.StatusCode, etag)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("%s: Cache-Control %q, want no-cache", path, cc)
			}
			res, b := anon.getEncoded(path, enc, "If-None-Match", etag)
			if res.StatusCode != http.StatusNotModified || len(b) != 0 {
				t.Errorf("%s (%s) with its ETag: status %d, %d bytes; want 304", path, enc, res.StatusCode, len(b))
			}
			if res.Header.Get("ETag") != etag {
				t.Errorf("%s: 304 ETag %q, want %q", path, res.Header.Get("ETag"), etag)
			}
			if res, _ := anon.getEncoded(path, enc, "If-None-Match", `"other"`); res.StatusCode != http.StatusOK {
				t.Errorf("%s with another ETag: status %d", path, res.StatusCode)
			}
			_ = body
		}
	}
	// Other encodings, other ETags: a cache must not mix them up.
	plain, _ := anon.getEncoded("/signatories", "identity")
	gz, _ := anon.getEncoded("/signatories", "gzip")
	if plain.Header.Get("ETag") == gz.Header.Get("ETag") {
		t.Error("plain and gzip answers share an ETag")
	}
	// A change (the data version moves on) changes the ETag: the old one gets the new page.
	before := plain.Header.Get("ETag")
	e.publish("hackney", "Open housing data")
	res, b := anon.getEncoded("/signatories", "identity", "If-None-Match", before)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "London Borough of Hackney") {
		t.Errorf("after a change, the old ETag got status %d", res.StatusCode)
	}
	if res.Header.Get("ETag") == before {
		t.Error("the ETag did not change with the data")
	}
	// Signed-in pages: private, never stored, no ETag.
	member := e.signIn("officer@hackney.gov.uk")
	for _, path := range []string{"/signatories", "/organisations/hackney", "/account"} {
		res, _ := member.getEncoded(path, "gzip")
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("%s signed in: Cache-Control %q, want private, no-store", path, cc)
		}
		if res.Header.Get("ETag") != "" {
			t.Errorf("%s signed in: ETag %q", path, res.Header.Get("ETag"))
		}
	}
}

// TestOpenDataIsCachedForEveryone: the API's answers are the same for everyone, so a
// signed-in person's request is served from the cache too (ETag, no-cache), while an
// answer that sets a cookie (clearing a stale session) is that request's own and is never
// served to anyone else.
func TestOpenDataIsCachedForEveryone(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Open housing data")
	member := e.signIn("officer@hackney.gov.uk")
	for _, path := range []string{"/api/v1/signatories", "/api/v1/organisations?q=hackney", "/api/v1/signatories.csv"} {
		res, _ := member.getEncoded(path, "identity")
		etag := res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || etag == "" || res.Header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("%s signed in: status %d, ETag %q, Cache-Control %q; want it from the cache",
				path, res.StatusCode, etag, res.Header.Get("Cache-Control"))
		}
		if res, _ := member.getEncoded(path, "identity", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s signed in with its ETag: status %d, want 304", path, res.StatusCode)
		}
	}
	for range 2 {
		stale := e.withSession(strings.Repeat("a", 43))
		res, _ := stale.getEncoded("/api/v1/organisations?q=camden", "identity")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Set-Cookie"), "ld_session=;") {
			t.Fatalf("stale session: status %d, Set-Cookie %q; want the cookie cleared",
				res.StatusCode, res.Header.Get("Set-Cookie"))
		}
	}
	res, _ := e.newClient().getEncoded("/api/v1/organisations?q=camden", "identity")
	if sc := res.Header.Get("Set-Cookie"); sc != "" {
		t.Errorf("an anonymous visitor got another request's cookie: %q", sc)
	}
}

// TestUploadedFilesAreSentAsStored: a text file people uploaded is sent byte for byte,
// whatever the browser accepts, so that its ETag and byte ranges refer to what is stored.
func TestUploadedFilesAreSentAsStored(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	big := []byte("code,label\n" + strings.Repeat("524,Household waste collection\n", 100))
	id := c.publishResource(wasteApp(), &upload{"services.txt", big})
	res, err := e.db.Resource(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	r, b := e.newClient().getEncoded(fmt.Sprintf("/resources/%d/files/%d", id, res.Files[0].Latest().ID), "gzip, br")
	if r.StatusCode != http.StatusOK || r.Header.Get("Content-Encoding") != "" || string(b) != string(big) {
		t.Errorf("download: status %d, Content-Encoding %q, %d bytes for %d", r.StatusCode,
			r.Header.Get("Content-Encoding"), len(b), len(big))
	}
}
