package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestDownloadAndDeleteYourData(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("officer@hackney.gov.uk")
	r := c.get("/account/data")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("data should download: %q", r.Header.Get("Content-Disposition"))
	}
	var d struct {
		User struct{ Email string } `json:"user"`
	}
	if err := json.Unmarshal([]byte(r.Body), &d); err != nil || d.User.Email != "officer@hackney.gov.uk" {
		t.Fatalf("data = %v %s", err, snippet(r.Body))
	}
	wantBody(t, c.get("/account/delete"), "Delete your account")
	r = c.post("/account/delete", nil)
	wantRedirect(t, r, "/sign-in")
	r = c.get("/account")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/sign-in") {
		t.Fatalf("after deletion the session must be gone: %d %s", r.Status, r.Location())
	}
	admin := e.signInAs("team@communities.gov.uk", "platform_admin")
	audit := admin.get("/admin/audit")
	wantBody(t, audit, "deleted-user-")
	wantNoBody(t, audit, "officer@hackney.gov.uk")
}
