package web

import (
	"encoding/json"
	"net/http"
)

// accountData lets a person download everything the platform holds about them.
func (s *Server) accountData(w http.ResponseWriter, r *http.Request) {
	d, err := s.db.UserData(r.Context(), userFrom(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="local-digital-your-data.json"`)
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		s.log.Error("write user data", "err", err)
	}
}

func (s *Server) accountDeleteForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_delete", &page{Title: printerOf(r).T("titles.delete_your_account"), Nav: "account", BackLink: "/account"})
}

// accountDelete removes the person's account; what they did stays in the audit log under
// a pseudonym, and their organisation's signatures stay.
func (s *Server) accountDelete(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	// Give up places first, so the next person waiting moves up and is told.
	if err := s.db.LeaveEvents(r.Context(), actorOf(u), u.ID, s.eventEmails); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	if err := s.db.DeleteUser(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	s.setFlash(w, "flash.account_deleted")
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}
