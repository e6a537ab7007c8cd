package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// static holds the platform's own CSS and JS, and GOV.UK Frontend's files, copied from the
// govuk-frontend npm package into static/govuk by `make assets`.
//
//go:embed all:static
var static embed.FS

// asset is one file served under a content-hashed URL.
type asset struct {
	body        []byte
	hash        string
	contentType string
	encoded     *encodedBody // body and its compressed forms, each made once
}

// assets maps a logical name ("govuk-frontend.min.css", "fonts/bold-….woff2") to its file.
type assets struct {
	files map[string]*asset
}

// loadAssets reads and hashes every static file once, at start-up. GOV.UK Frontend's
// files come from static/govuk; ours from static/. app.js imports GOV.UK Frontend by its
// hashed URL, which is only known here.
func loadAssets() (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".map") || path.Base(p) == ".gitkeep" {
			return err
		}
		b, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(strings.TrimPrefix(p, "static/"), "govuk/")
		name = strings.TrimPrefix(name, "assets/")
		a.add(name, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load assets: %w", err)
	}
	if js, ok := a.files["app.js"]; ok {
		a.add("app.js", []byte(strings.ReplaceAll(string(js.body), "GOVUK_FRONTEND_JS", a.URL("govuk-frontend.min.js"))))
	}
	return a, nil
}

func (a *assets) add(name string, b []byte) {
	sum := sha256.Sum256(b)
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	a.files[name] = &asset{body: b, hash: hex.EncodeToString(sum[:8]), contentType: ct,
		encoded: newEncodedBody(b, ct, brotliAssetLv, gzipKept)}
}

// URL is the cache-busting address of a named asset.
func (a *assets) URL(name string) string {
	f, ok := a.files[name]
	if !ok {
		return "/static/missing/" + name
	}
	return "/static/" + f.hash + "/" + name
}

// Missing lists the GOV.UK Frontend files that `make assets` has not copied in.
func (a *assets) Missing() []string {
	var out []string
	for _, n := range []string{"govuk-frontend.min.css", "govuk-frontend.min.js", "fonts/bold-b542beb274-v2.woff2"} {
		if _, ok := a.files[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

// serveHashed serves /static/{hash}/{name...}; the hash makes the file immutable.
func (a *assets) serveHashed(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("name")]
	if !ok || f.hash != r.PathValue("hash") {
		http.NotFound(w, r)
		return
	}
	a.write(w, r, f, "public, max-age=31536000, immutable")
}

// serveNamed serves /assets/{name...}, the paths GOV.UK Frontend's CSS refers to. Font
// names already carry a hash; images get a day.
func (a *assets) serveNamed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	f, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	cc := "public, max-age=86400"
	if strings.HasPrefix(name, "fonts/") {
		cc = "public, max-age=31536000, immutable"
	}
	a.write(w, r, f, cc)
}

func (a *assets) write(w http.ResponseWriter, r *http.Request, f *asset, cacheControl string) {
	markEncoded(w)
	body, enc := f.encoded.bytesFor(acceptedEncoding(r))
	etag := `"` + f.hash + `"`
	h := w.Header()
	if enc != "" {
		etag = `"` + f.hash + "-" + enc + `"`
		h.Set("Content-Encoding", enc)
	}
	if f.encoded.compressible {
		addVary(h)
	}
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
