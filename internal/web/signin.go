package web

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signin", &page{Title: printerOf(r).T("titles.sign_in"), Nav: "signin", Flash: s.takeFlash(w, r),
		Form: map[string]string{"next": safeNext(r.URL.Query().Get("next"))}})
}

// signInRequest emails a single-use link. It answers the same whether or not the address
// is known, so the page reveals nothing about who uses the service.
func (s *Server) signInRequest(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"email": r.PostFormValue("email"), "next": safeNext(r.PostFormValue("next"))}
	email, ok := model.NormaliseEmail(form["email"])
	if !ok {
		fe := &model.FieldErrors{}
		if strings.TrimSpace(form["email"]) == "" {
			fe.Add("email", "account.signin.email.missing")
		} else {
			fe.Add("email", "admin.users.email.format")
		}
		s.render(w, r, http.StatusBadRequest, "signin", &page{Title: printerOf(r).T("titles.sign_in"), Nav: "signin", Errors: fe, Form: form})
		return
	}
	if !s.allow(w, r, limitSignInClient, s.clientAddress(r), "ratelimit.asked_signin_links") ||
		!s.allow(w, r, limitSignInEmail, model.RateLimitMailbox(email), "ratelimit.asked_signin_links_email") {
		return
	}
	token := auth.NewToken()
	if err := s.db.RequestSignIn(r.Context(), auth.Hash(token), email, s.signInEmail(email, token, form["next"], langOf(r))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.opts.Wake()
	target := "/sign-in/check-email"
	if form["next"] != "" {
		target += "?next=" + url.QueryEscape(form["next"])
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) signInCheckEmail(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signin_check", &page{Title: printerOf(r).T("titles.check_your_email"), Nav: "signin"})
}

// signInLink shows a button rather than signing in on GET: a GET never changes state, and
// mail scanners that follow links do not use up the link.
func (s *Server) signInLink(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if !auth.ValidTokenShape(token) {
		s.linkProblem(w, r, store.ErrLinkUnknown)
		return
	}
	s.render(w, r, http.StatusOK, "signin_link", &page{Title: printerOf(r).T("titles.sign_in"), Nav: "signin",
		Form: map[string]string{"token": token, "next": safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) signInComplete(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, limitLinkClient, s.clientAddress(r), "ratelimit.used_signin_links") {
		return
	}
	token := r.PathValue("token")
	if !auth.ValidTokenShape(token) {
		s.linkProblem(w, r, store.ErrLinkUnknown)
		return
	}
	if old := sessionFrom(r); old != nil {
		if err := s.db.DeleteSession(r.Context(), old.hash); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	sessionToken := auth.NewToken() // a new session id at every sign-in
	if _, err := s.db.SignIn(r.Context(), auth.Hash(token), auth.Hash(sessionToken), auth.NewToken()); err != nil {
		s.linkProblem(w, r, err)
		return
	}
	s.setSessionCookie(w, sessionToken)
	s.setFlash(w, "flash.signed_in")
	next := safeNext(r.PostFormValue("next"))
	if next == "" {
		next = "/account"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// linkProblem explains an expired, used or made-up sign-in link and what to do next.
func (s *Server) linkProblem(w http.ResponseWriter, r *http.Request, err error) {
	code := model.ErrorCode(err)
	if code == model.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	pr := printerOf(r)
	ep := errorPage{Heading: pr.Error(err), Link: crumb{pr.T("account.signin.link.new"), "/sign-in"}}
	switch err {
	case store.ErrLinkExpired:
		ep.Message = pr.T("account.signin.link.expired_message")
	case store.ErrLinkUsed:
		ep.Message = pr.T("account.signin.link.used_message")
	default:
		ep.Message = pr.T("account.signin.link.unknown_message")
	}
	ep.Next = pr.T("account.signin.link.next")
	s.render(w, r, http.StatusBadRequest, "error", &page{Title: ep.Heading, Data: ep})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if sr := sessionFrom(r); sr != nil {
		if err := s.db.DeleteSession(r.Context(), sr.hash); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	s.setFlash(w, "flash.signed_out")
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}

type accountData struct {
	Memberships []model.Membership
	// Languages are the email languages to choose from, Language the one chosen.
	Languages []choice
	Language  string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.accountPage(w, r, http.StatusOK, userFrom(r).Language, nil)
}

// accountPage shows the account page with lang as the chosen email language and the
// form's errors, if any.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, status int, lang string, fe *model.FieldErrors) {
	d := accountData{Memberships: userFrom(r).Memberships, Language: lang}
	for _, l := range model.EmailLanguages {
		d.Languages = append(d.Languages, choice{Value: l, Text: languageNames[l]})
	}
	s.render(w, r, status, "account", &page{Title: printerOf(r).T("titles.your_account"), Nav: "account", Flash: s.takeFlash(w, r), Data: d, Errors: fe})
}

// accountLanguage sets the language the person is emailed in.
func (s *Server) accountLanguage(w http.ResponseWriter, r *http.Request) {
	u, lang := userFrom(r), r.PostFormValue("language")
	if !model.Contains(model.EmailLanguages, lang) {
		fe := &model.FieldErrors{}
		fe.Add("language", "account.language.errors.choose")
		s.accountPage(w, r, http.StatusBadRequest, u.Language, fe)
		return
	}
	if err := s.db.SetLanguage(r.Context(), actorOf(u), u.ID, lang); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.email_language_saved")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// safeNext keeps only a clean path of this site, so the sign-in link cannot send people
// elsewhere; anything else gives "" (the caller's default page). Browsers read a
// backslash as a slash and drop tabs and newlines from addresses, and http.Redirect
// cleans "/./" away, so "/./\evil.example" or "/<tab>/evil.example" would become
// "//evil.example", another site: a backslash, a control character or white space
// anywhere refuses the path, and the path is judged after cleaning, as it will be sent.
func safeNext(next string) string {
	if len(next) > 200 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return ""
	}
	for _, r := range next {
		if r == '\\' || r == utf8.RuneError || unicode.IsControl(r) || unicode.IsSpace(r) {
			return ""
		}
	}
	rest, fragment, hasFragment := strings.Cut(next, "#")
	p, query, hasQuery := strings.Cut(rest, "?")
	cleaned := path.Clean(p)
	if strings.HasSuffix(p, "/") && cleaned != "/" {
		cleaned += "/"
	}
	if !strings.HasPrefix(cleaned, "/") || strings.HasPrefix(cleaned, "//") {
		return ""
	}
	if hasQuery {
		cleaned += "?" + query
	}
	if hasFragment {
		cleaned += "#" + fragment
	}
	u, err := url.Parse(cleaned)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return cleaned
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
