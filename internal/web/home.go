package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

type homeData struct {
	Signed   int
	Recent   []model.SignatoryRow
	Declared model.Declaration
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	n, err := s.db.CountSignatories(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	recent, _, err := s.db.ListRegister(r.Context(), model.RegisterQuery{Sort: model.SortNewest, Page: 1, PerPage: 5}, store.ModeSigned)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", &page{Title: printerOf(r).T("titles.local_digital_declaration"), Nav: "home",
		Data: homeData{Signed: n, Recent: recent, Declared: model.CurrentDeclaration}})
}

func (s *Server) declaration(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "declaration", &page{Title: printerOf(r).T("titles.the_local_digital_declaration"), Nav: "declaration",
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}}, Data: model.CurrentDeclaration})
}

// contact tells people how to reach the Local Digital team.
func (s *Server) contact(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "contact", &page{Title: printerOf(r).T("titles.contact_the_local_digital_team"), Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}}})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when the service can serve ("ok", or "degraded: …" when it serves
// but something, such as mail, is failing) and 503 with the reason when it cannot.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	status, text := s.readiness(r.Context())
	w.WriteHeader(status)
	w.Write([]byte(text + "\n"))
}

func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) {
	type orgType struct{ Code, Name string } // a type's code with its name in the page's words
	types := make([]orgType, len(model.OrgTypes))
	for i, t := range model.OrgTypes {
		types[i] = orgType{t.Code, printerOf(r).Msg(t.Name)}
	}
	s.render(w, r, http.StatusOK, "api", &page{Title: printerOf(r).T("titles.open_data_api"), Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}},
		Data: map[string]any{"Types": types, "Nations": model.Nations, "Regions": model.Regions, "Base": s.opts.BaseURL}})
}
