package web

import (
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
)

const flashCookie = "ld_flash"

// setFlash sets the one-off success message a redirect carries: key is its catalog key,
// under flash. The cookie holds only the key, so nobody can make the site show words of
// their choosing.
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
	if !strings.HasPrefix(c.Value, "flash.") || !locale.Has(c.Value) {
		return ""
	}
	return printerOf(r).T(c.Value)
}
