package web

import "net/http"

const flashCookie = "ld_flash"

// flashes are the one-off success messages a redirect can carry. The cookie holds only
// the key, so nobody can make the site show words of their choosing.
var flashes = map[string]string{
	"signed-in":       "You are signed in",
	"signed-out":      "You are signed out",
	"withdrawn":       "The signature has been withdrawn",
	"cancelled":       "The signature has been cancelled. The senior signers’ links no longer work",
	"signer-changed":  "The senior signer has been changed and sent a new link. Their old link no longer works",
	"link-resent":     "A new link has been sent. The old link no longer works",
	"verified":        "The signature has been verified and published on the register",
	"rejected":        "The signature has been rejected and the organisation has been told why",
	"granted":         "The role has been granted",
	"domains":         "The email domains have been saved",
	"org-added":       "The organisation has been added",
	"org-renamed":     "The organisation’s name has been saved",
	"account-deleted": "Your account has been deleted",
	"member-role":     "The member’s role has been changed",
	"member-removed":  "The member has been removed from the organisation",
	"member-added":    "The person has been added to the organisation",
}

func (s *Server) setFlash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true,
		Secure: s.opts.Secure, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.opts.Secure, SameSite: http.SameSiteLaxMode})
	return flashes[c.Value]
}
