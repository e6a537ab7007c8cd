package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// libraryEnv is a platform with the services list loaded, Hackney and Hammersmith signed,
// Adur not, uploads kept in a folder of the test's own and limited to 1 MB.
type libraryEnv struct {
	*env
	filesDir string
}

func newLibraryEnv(t *testing.T) *libraryEnv {
	t.Helper()
	dir := t.TempDir()
	e := &libraryEnv{env: newEnvWith(t, web.Options{BaseURL: baseURL, FilesDir: dir, MaxUploadMB: 1}), filesDir: dir}
	if _, err := e.db.ImportServices(t.Context(), model.Actor{Label: "import"}, []model.Service{
		{Code: 524, Label: "Household waste collection"}, {Code: 372, Label: "Abandoned vehicles"},
		{Code: 57, Label: "Council tax annual notification"}}); err != nil {
		t.Fatal(err)
	}
	e.publish("hackney", "Open housing repairs data")
	e.publish("hammersmith-and-fulham", "Shared parking permits")
	return e
}

// storedFiles lists every file in the upload folder, finished or not.
func (e *libraryEnv) storedFiles() []string {
	var out []string
	filepath.WalkDir(e.filesDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, strings.TrimPrefix(p, e.filesDir))
		}
		return nil
	})
	return out
}

func (e *libraryEnv) resourceCount() int {
	e.t.Helper()
	_, total, err := e.db.ListResources(context.Background(), model.ResourceQuery{}, false)
	if err != nil {
		e.t.Fatal(err)
	}
	hidden, err := e.db.HiddenResources(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return total + len(hidden)
}

// upload is a file as a browser sends it in a form.
type upload struct {
	name    string
	content []byte
}

// multipartBody writes form and file as a browser does: fields in order, the file last.
func multipartBody(t testing.TB, form url.Values, file *upload) ([]byte, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		// CreateFormFile would escape the name; write the header by hand, so that a name
		// with a folder path reaches the server as it was typed.
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name="file"; filename="%s"`, strings.ReplaceAll(file.name, `"`, `\"`))}
		h["Content-Type"] = []string{"application/octet-stream"}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(file.content)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func (c *client) postMultipart(path string, form url.Values, file *upload) *response {
	c.e.t.Helper()
	body, ct := multipartBody(c.e.t, form, file)
	return c.postRaw(path, body, ct)
}

func (c *client) postRaw(path string, body []byte, contentType string) *response {
	c.e.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, c.e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return c.do(req)
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func wasteApp() url.Values {
	return url.Values{
		"type":       {"code_repository"},
		"title":      {"Bin collection day finder"},
		"summary":    {"A small service that tells residents which day their bins are collected.\nBuilt with residents."},
		"principles": {"1", "2"},
		"services":   {"524"},
		"licence":    {"MIT"},
		"link":       {"https://github.com/hackney/bins"},
	}
}

func withRes(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out
}

var resourceLocation = regexp.MustCompile(`^/resources/(\d+)$`)

// publishResource sends the form and returns the new resource's id.
func (c *client) publishResource(form url.Values, file *upload) int64 {
	c.e.t.Helper()
	r := c.postMultipart("/resources/new", form, file)
	m := resourceLocation.FindStringSubmatch(r.Location())
	if r.Status != http.StatusSeeOther || m == nil {
		c.e.t.Fatalf("publish: %d to %q\n%s", r.Status, r.Location(), snippet(r.Body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func TestPublishResourceWithFile(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	form := c.get("/resources/new")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, `enctype="multipart/form-data"`, "London Borough of Hackney", `name="file" type="file"`,
		"smaller than 1 MB", `value="OGL-UK-3.0" checked`)

	id := c.publishResource(withRes(wasteApp(), "organisations", strconv.FormatInt(e.org("hammersmith-and-fulham").ID, 10)),
		&upload{"business case.pdf", pdf})
	page := c.follow(c.get(fmt.Sprintf("/resources/%d", id)))
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Your resource has been published", "<h1 class=\"govuk-heading-xl\">Bin collection day finder</h1>",
		"Code repository", "London Borough of Hackney", "London Borough of Hammersmith &amp; Fulham", "MIT License",
		"Household waste collection", "Redesign services around the needs of the people using them", "Fix our plumbing",
		"business case.pdf", fmt.Sprintf("PDF, %d bytes", len(pdf)), `href="https://github.com/hackney/bins"`, `id="use-count">0<`)
	if files := e.storedFiles(); len(files) != 1 || strings.Contains(files[0], "incoming") || strings.Contains(files[0], "business") {
		t.Fatalf("stored files = %q, want one, placed, under a name of the store's making", files)
	}

	res, err := e.db.Resource(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	dl := e.newClient().get(fmt.Sprintf("/resources/%d/files/%d", id, res.Files[0].Latest().ID))
	wantStatus(t, dl, http.StatusOK)
	for k, v := range map[string]string{"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff",
		"Content-Disposition": `attachment; filename="business case.pdf"`, "Content-Security-Policy": "default-src 'none'; sandbox"} {
		if got := dl.Header.Get(k); got != v {
			t.Errorf("download %s = %q, want %q", k, got, v)
		}
	}
	if dl.Body != string(pdf) {
		t.Errorf("downloaded %d bytes, want the %d uploaded", len(dl.Body), len(pdf))
	}
	if wantStatus(t, e.newClient().get(fmt.Sprintf("/resources/%d/files/%d", id+1, res.Files[0].Latest().ID)), 404); false {
	}
	if acts := e.auditActions(); !contains(acts, "resource.publish") || !contains(acts, "resource.file_add") {
		t.Errorf("audit = %q", acts)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Every kind of bad input is shown next to its field, keeps what was typed, and stores
// nothing: no resource, no file.
func TestPublishResourceBadInput(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 200)...)
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	big := append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 1<<20)...)
	tests := []struct {
		name  string
		form  url.Values
		file  *upload
		field string
	}{
		{"no title", withRes(wasteApp(), "title", ""), nil, "title"},
		{"title too long", withRes(wasteApp(), "title", strings.Repeat("a", 151)), nil, "title"},
		{"no summary", withRes(wasteApp(), "summary", "  "), nil, "summary"},
		{"unknown type", withRes(wasteApp(), "type", "spreadsheet"), nil, "type"},
		{"no principle", withRes(wasteApp(), "principles", ""), nil, "principles"},
		{"principle 9", withRes(wasteApp(), "principles", "9"), nil, "principles"},
		{"unknown licence", withRes(wasteApp(), "licence", "GPL-3.0"), nil, "licence"},
		{"other licence without its name", withRes(wasteApp(), "licence", "other"), nil, "licence_other"},
		{"javascript: link", withRes(wasteApp(), "link", "javascript:alert(1)"), nil, "link"},
		{"neither link nor file", withRes(wasteApp(), "link", ""), nil, "link"},
		{"unknown service code", withRes(wasteApp(), "services", "99999"), nil, "services"},
		{"service code not a number", withRes(wasteApp(), "services", "bins"), nil, "services"},
		{"unknown partner", withRes(wasteApp(), "organisations", "424242"), nil, "organisations"},
		{"file over the limit", wasteApp(), &upload{"big.pdf", big}, "file"},
		{"exe named .pdf", wasteApp(), &upload{"report.pdf", exe}, "file"},
		{"html named .pdf", wasteApp(), &upload{"report.pdf", html}, "file"},
		{"path in the name", wasteApp(), &upload{"../../etc/passwd.pdf", pdf}, "file"},
		{"windows path in the name", wasteApp(), &upload{`C:\Users\me\brief.pdf`, pdf}, "file"},
		{"empty file", wasteApp(), &upload{"empty.pdf", nil}, "file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.postMultipart("/resources/new", tt.form, tt.file)
			wantStatus(t, r, http.StatusBadRequest)
			wantFieldError(t, r, tt.field)
			kept := url.Values{}
			for _, f := range []string{"title", "summary", "link", "licence_other"} {
				if v, ok := tt.form[f]; ok {
					kept[f] = v
				}
			}
			wantKept(t, r, kept)
			if n := e.resourceCount(); n != 0 {
				t.Errorf("%d resources stored", n)
			}
			if files := e.storedFiles(); len(files) != 0 {
				t.Errorf("files left behind: %q", files)
			}
		})
	}
	t.Run("file refused with other errors too", func(t *testing.T) {
		r := c.postMultipart("/resources/new", withRes(wasteApp(), "title", ""), &upload{"x.pdf", exe})
		wantFieldError(t, r, "title")
		wantFieldError(t, r, "file")
	})
	t.Run("file refused without a link: only the file's own error", func(t *testing.T) {
		for _, f := range []*upload{{"report.pdf", exe}, {"empty.pdf", nil}, {"big.pdf", big}} {
			r := c.postMultipart("/resources/new", withRes(wasteApp(), "link", ""), f)
			wantStatus(t, r, http.StatusBadRequest)
			wantFieldError(t, r, "file")
			wantNoBody(t, r, "Enter a link to the resource, or choose a file to upload")
		}
	})
	t.Run("cut off mid-upload", func(t *testing.T) {
		body, ct := multipartBody(t, wasteApp(), &upload{"brief.pdf", append(append([]byte{}, pdf...), bytes.Repeat([]byte("y"), 64<<10)...)})
		r := c.postRaw("/resources/new", body[:len(body)-30<<10], ct)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "The upload did not finish")
		if n, files := e.resourceCount(), e.storedFiles(); n != 0 || len(files) != 0 {
			t.Errorf("after a cut-off upload: %d resources, files %q", n, files)
		}
	})
	t.Run("body far over the limit", func(t *testing.T) {
		body, ct := multipartBody(t, wasteApp(), &upload{"huge.pdf", append(append([]byte{}, pdf...), bytes.Repeat([]byte("z"), 3<<20)...)})
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/resources/new", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		if res, err := c.hc.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", res.StatusCode)
			}
		} // else the server closed the connection while the body was still coming
		if n, files := e.resourceCount(), e.storedFiles(); n != 0 || len(files) != 0 {
			t.Errorf("after an oversized body: %d resources, files %q", n, files)
		}
	})
}

// Tagging with services and partners works without JavaScript: a search reloads the
// form with matches as checkboxes, keeping everything typed.
func TestPublishResourceSearchesWithoutJavaScript(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	form := withRes(wasteApp(), "services", "", "action", "find-services", "service_q", "waste")
	r := c.postMultipart("/resources/new", form, nil)
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `name="services" type="checkbox" value="524"`, "Household waste collection", "LGSL 524")
	wantNoBody(t, r, `value="372"`, "govuk-error-summary")
	wantKept(t, r, url.Values{"title": form["title"], "summary": form["summary"], "service_q": {"waste"}})

	r = c.postMultipart("/resources/new", withRes(form, "service_q", "zebra"), nil)
	wantBody(t, r, "No services match “zebra”")

	form = withRes(wasteApp(), "action", "find-organisations", "org_q", "adur")
	r = c.postMultipart("/resources/new", form, nil)
	wantStatus(t, r, http.StatusOK)
	adur := strconv.FormatInt(e.org("adur").ID, 10)
	wantBody(t, r, `name="organisations" type="checkbox" value="`+adur+`"`, "Adur District Council",
		`name="services" type="checkbox" value="524" checked`)
	wantNoBody(t, r, `name="organisations" type="checkbox" value="`+strconv.FormatInt(e.org("hackney").ID, 10)+`"`)

	id := c.publishResource(withRes(wasteApp(), "organisations", adur), nil)
	res, err := e.db.Resource(t.Context(), id)
	if err != nil || len(res.Organisations) != 2 || res.Organisations[0].Slug != "hackney" || res.Organisations[1].Slug != "adur" {
		t.Fatalf("organisations = %+v, %v", res.Organisations, err)
	}
}

// Only members of signatory organisations publish.
func TestPublishResourceOnlySignatories(t *testing.T) {
	e := newLibraryEnv(t)
	for _, email := range []string{"officer@adur-worthing.gov.uk", "someone@gmail.com"} {
		c := e.signIn(email)
		r := c.get("/resources/new")
		wantStatus(t, r, http.StatusForbidden)
		wantBody(t, r, "Only members of organisations that have signed the Local Digital Declaration can publish")
		wantStatus(t, c.postMultipart("/resources/new", wasteApp(), &upload{"a.pdf", pdf}), http.StatusForbidden)
	}
	wantRedirect(t, e.newClient().get("/resources/new"), "/sign-in?next=%2Fresources%2Fnew")
	if n, files := e.resourceCount(), e.storedFiles(); n != 0 || len(files) != 0 {
		t.Errorf("%d resources, files %q", n, files)
	}
}

// Nothing typed is ever rendered as HTML.
func TestResourcePagesEscape(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	evil := `<script>alert("x")</script>`
	id := c.publishResource(withRes(wasteApp(), "title", evil+" bins", "summary", `<img src=x onerror=alert(1)> & more`,
		"licence", "other", "licence_other", `<b>Own</b> licence`), &upload{`<svg onload=alert(1)>.pdf`, pdf})
	c2 := e.signIn("someone@lbhf.gov.uk")
	wantRedirect(t, c2.post(fmt.Sprintf("/resources/%d/use", id), url.Values{"how": {`<a href="javascript:x">we</a>`}}),
		fmt.Sprintf("/resources/%d#reuse", id))
	for _, path := range []string{fmt.Sprintf("/resources/%d", id), "/resources", "/resources?q=bins"} {
		r := e.newClient().get(path)
		wantStatus(t, r, http.StatusOK)
		wantNoBody(t, r, "<script>alert", "<img src=x", "<b>Own", "<svg onload", `<a href="javascript:x"`)
		wantBody(t, r, esc(evil))
	}
	r := e.newClient().get(fmt.Sprintf("/resources/%d", id))
	wantBody(t, r, esc(`<img src=x onerror=alert(1)> & more`), esc(`<b>Own</b> licence`), esc(`<svg onload=alert(1)>.pdf`),
		esc(`<a href="javascript:x">we</a>`))
}

func TestWeUseThis(t *testing.T) {
	e := newLibraryEnv(t)
	id := e.signIn("officer@hackney.gov.uk").publishResource(wasteApp(), nil)
	path := fmt.Sprintf("/resources/%d", id)

	anon := e.newClient().get(path)
	wantBody(t, anon, `id="use-count">0<`, "Sign in</a> to say your organisation uses this", `href="/sign-in?next=%2fresources%2f`)
	wantNoBody(t, anon, `action="`+path+`/use"`)

	h := e.signIn("digital@lbhf.gov.uk")
	r := h.get(path)
	wantBody(t, r, `action="`+path+`/use"`, "How does London Borough of Hammersmith &amp; Fulham use it? (optional)", ">We use this</button>")
	wantRedirect(t, h.post(path+"/use", url.Values{"how": {"For our bin rounds\nsince May"}}), path+"#reuse")
	r = h.get(path)
	wantBody(t, r, "Your organisation is now listed as using this resource", `id="use-count">1<`,
		`href="/organisations/hammersmith-and-fulham">London Borough of Hammersmith &amp; Fulham</a>`, "For our bin rounds\nsince May",
		"London Borough of Hammersmith &amp; Fulham uses this resource.", ">Save how we use it</button>", ">We no longer use this</button>")

	r = h.post(path+"/use", url.Values{"how": {strings.Repeat("x", 501)}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "how")
	wantKept(t, r, url.Values{"how": {strings.Repeat("x", 501)}})

	anon = e.newClient().get(path)
	wantBody(t, anon, `id="use-count">1<`, "Hammersmith")
	list := e.newClient().get("/resources?sort=most_reused")
	wantBody(t, list, "Used by 1 organisation")

	wantStatus(t, e.signIn("officer@adur-worthing.gov.uk").post(path+"/use", url.Values{}), http.StatusForbidden)
	wantRedirect(t, h.post(path+"/use/delete", url.Values{}), path+"#reuse")
	wantBody(t, e.newClient().get(path), `id="use-count">0<`)
	wantStatus(t, h.post("/resources/9999/use", url.Values{}), http.StatusNotFound)
}

func TestHideAndReportResource(t *testing.T) {
	e := newLibraryEnv(t)
	author := e.signIn("officer@hackney.gov.uk")
	id := author.publishResource(wasteApp(), &upload{"a.pdf", pdf})
	path := fmt.Sprintf("/resources/%d", id)
	res, _ := e.db.Resource(t.Context(), id)
	download := fmt.Sprintf("%s/files/%d", path, res.Files[0].Latest().ID)

	reporter := e.signIn("officer@adur-worthing.gov.uk")
	r := reporter.post(path+"/report", url.Values{"report_reason": {"  "}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "report_reason")
	wantBody(t, r, `id="report" open`)
	wantRedirect(t, reporter.post(path+"/report", url.Values{"report_reason": {"It holds a resident's phone number"}}), path)

	admin := e.admin()
	r = admin.get("/admin/resources")
	wantBody(t, r, "It holds a resident&#39;s phone number", "Bin collection day finder")
	r = admin.post(path+"/hide", url.Values{"reason": {""}})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "reason")
	wantRedirect(t, admin.post(path+"/hide", url.Values{"reason": {"Personal data in the file"}}), path)

	mail := e.lastEmail("officer@hackney.gov.uk")
	if !strings.Contains(mail.Subject, "has been hidden") || !strings.Contains(mail.Body, "Reason: Personal data in the file") ||
		!strings.Contains(mail.Body, baseURL+path) {
		t.Errorf("email = %+v", mail)
	}
	for _, c := range []*client{e.newClient(), reporter} {
		wantStatus(t, c.get(path), http.StatusNotFound)
		wantStatus(t, c.get(download), http.StatusNotFound)
	}
	wantNoBody(t, e.newClient().get("/resources"), "Bin collection day finder")
	wantNoBody(t, e.newClient().get("/api/v1/resources"), "Bin collection day finder")
	wantNoBody(t, e.newClient().get("/feeds/resources.atom"), "Bin collection day finder")
	r = author.get(path)
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "The Local Digital team hid this resource", "Personal data in the file")
	wantStatus(t, author.get(download), http.StatusOK)
	wantBody(t, admin.get("/admin/resources"), "There are no reports to look at.", "Personal data in the file")

	wantRedirect(t, admin.post(path+"/unhide", url.Values{}), path)
	wantStatus(t, e.newClient().get(path), http.StatusOK)
	acts := e.auditActions()
	for _, a := range []string{"resource.report", "resource.hide", "resource.unhide"} {
		if !contains(acts, a) {
			t.Errorf("audit has no %s", a)
		}
	}
	wantStatus(t, reporter.post(path+"/hide", url.Values{"reason": {"x"}}), http.StatusForbidden)
}

func TestDismissReports(t *testing.T) {
	e := newLibraryEnv(t)
	id := e.signIn("officer@hackney.gov.uk").publishResource(wasteApp(), nil)
	path := fmt.Sprintf("/resources/%d", id)
	wantRedirect(t, e.signIn("officer@adur-worthing.gov.uk").post(path+"/report", url.Values{"report_reason": {"Odd"}}), path)
	admin := e.admin()
	wantRedirect(t, admin.post(path+"/reports/dismiss", url.Values{}), "/admin/resources")
	wantBody(t, admin.follow(admin.get("/admin/resources")), "The reports have been dismissed", "There are no reports to look at.")
	wantStatus(t, e.newClient().get(path), http.StatusOK)
}

func TestResourceNewVersion(t *testing.T) {
	e := newLibraryEnv(t)
	author := e.signIn("officer@hackney.gov.uk")
	id := author.publishResource(wasteApp(), &upload{"brief.pdf", pdf})
	res, _ := e.db.Resource(t.Context(), id)
	path := fmt.Sprintf("/resources/%d", id)
	fileID := strconv.FormatInt(res.Files[0].ID, 10)

	r := author.get(path + "/files")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "brief.pdf", `value="`+fileID+`"`, `enctype="multipart/form-data"`)
	r = author.postMultipart(path+"/files", url.Values{"replaces": {fileID}}, nil)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "file")
	r = author.postMultipart(path+"/files", url.Values{"replaces": {fileID}}, &upload{"brief.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00")})
	wantFieldError(t, r, "file")

	v2 := append(append([]byte{}, pdf...), []byte("% version 2\n")...)
	wantRedirect(t, author.postMultipart(path+"/files", url.Values{"replaces": {fileID}}, &upload{"brief v2.pdf", v2}), path+"#files")
	csv := []byte("code,label\n524,Bins\n")
	wantRedirect(t, author.postMultipart(path+"/files", url.Values{"replaces": {"new"}}, &upload{"services.txt", csv}), path+"#files")
	r = e.newClient().get(path)
	wantBody(t, r, "brief v2.pdf", "Earlier versions (1)", "version 1", ">brief.pdf</a>", "services.txt", "CSV, 20 bytes")

	res, _ = e.db.Resource(t.Context(), id)
	if len(res.Files) != 2 || len(res.Files[0].Versions) != 2 {
		t.Fatalf("files = %+v", res.Files)
	}
	old := e.newClient().get(fmt.Sprintf("%s/files/%d", path, res.Files[0].Versions[1].ID))
	if old.Status != 200 || old.Body != string(pdf) {
		t.Errorf("old version: %d, %d bytes", old.Status, len(old.Body))
	}
	csvDl := e.newClient().get(fmt.Sprintf("%s/files/%d", path, res.Files[1].Latest().ID))
	if ct, cd := csvDl.Header.Get("Content-Type"), csvDl.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" ||
		cd != `attachment; filename=services.csv` {
		t.Errorf("CSV download: %q, %q", ct, cd)
	}
	if n := len(e.storedFiles()); n != 3 {
		t.Errorf("%d stored files, want 3", n)
	}

	other := e.signIn("digital@lbhf.gov.uk")
	wantStatus(t, other.get(path+"/files"), http.StatusForbidden)
	wantStatus(t, other.postMultipart(path+"/files", url.Values{"replaces": {"new"}}, &upload{"x.pdf", pdf}), http.StatusForbidden)
	r = author.postMultipart(path+"/files", url.Values{"replaces": {"999999"}}, &upload{"x.pdf", pdf})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "replaces")
	if n := len(e.storedFiles()); n != 3 {
		t.Errorf("%d stored files after refused uploads, want 3", n)
	}
}

func TestResourceListSearchFiltersPages(t *testing.T) {
	e := newLibraryEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	anon := e.newClient()
	wantBody(t, anon.get("/resources"), `<strong class="ld-count">0</strong> resources`, "No resources match")
	for i := range 23 {
		e.clock.Advance(60e9)
		form := withRes(wasteApp(), "title", fmt.Sprintf("Resource number %02d", i), "type", "guidance", "services", "")
		if i == 5 {
			form = withRes(wasteApp(), "title", "Parking permit brief", "type", "procurement_brief", "services", "372", "licence", "OGL-UK-3.0")
		}
		c.publishResource(form, nil)
	}
	r := anon.get("/resources")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, `<strong class="ld-count">23</strong> resources`, "Resource number 22", `href="/resources?page=2"`,
		`href="/api/v1/resources.csv"`, `<option value="372">Abandoned vehicles (372)</option>`,
		`<option value="hackney">London Borough of Hackney</option>`)
	wantNoBody(t, r, "Resource number 00")
	wantBody(t, anon.get("/resources?page=2"), "Resource number 00")
	for _, q := range []string{"?q=parking", "?q=permits", "?q=vehicles", "?type=procurement_brief", "?service=372", "?licence=OGL-UK-3.0"} {
		r := anon.get("/resources" + q)
		wantBody(t, r, `<strong class="ld-count">1</strong> resource<`, "Parking permit brief")
	}
	r = anon.get("/resources?q=parking&type=guidance")
	wantBody(t, r, `<strong class="ld-count">0</strong>`)
	wantBody(t, anon.get("/resources?q=parking"), `href="/api/v1/resources.csv?q=parking"`)
	for field, q := range map[string]string{"type": "type=spreadsheet", "principle": "principle=0", "sort": "sort=oldest",
		"licence": "licence=GPL", "service": "service=abc", "q": "q=" + strings.Repeat("a", 101)} {
		r := anon.get("/resources?" + q)
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, field)
	}
	// The page is cached for people who are not signed in, and fresh after a change.
	before := anon.get("/resources")
	c.publishResource(withRes(wasteApp(), "title", "Brand new thing"), nil)
	after := anon.get("/resources")
	if before.Body == after.Body || !strings.Contains(after.Body, "Brand new thing") {
		t.Error("the cached list did not show a new resource")
	}
}

func TestResourceRoutesBadIDs(t *testing.T) {
	e := newLibraryEnv(t)
	for _, p := range []string{"/resources/abc", "/resources/0", "/resources/-1", "/resources/99", "/resources/1/files/abc",
		"/resources/99/files/1"} {
		wantStatus(t, e.newClient().get(p), http.StatusNotFound)
	}
}
