package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
)

type ctxKey int

const (
	keyUser ctxKey = iota
	keySession
	keyRequestID
)

// sessionCookie names the cookie that holds a session's secret; the database keeps only
// its hash.
const sessionCookie = "ld_session"

// maxBody caps every request body but uploads (see bodyLimit).
const maxBody = 1 << 20

type sessionRef struct {
	hash string
	sess *model.Session
}

func userFrom(r *http.Request) *model.User {
	u, _ := r.Context().Value(keyUser).(*model.User)
	return u
}

func sessionFrom(r *http.Request) *sessionRef {
	s, _ := r.Context().Value(keySession).(*sessionRef)
	return s
}

// middleware wraps every route: request id and log line, panic recovery, security
// headers, body limit, cross-origin protection for state changes, and the session.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "errors.csrf"))
	}))
	inner := cop.Handler(s.withSession(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		r = r.WithContext(ctx)
		s.securityHeaders(rec.Header())
		if methodLabel(r.Method) == methodOther {
			// A made-up method is refused before routing, and only its label reaches the
			// metrics and the log: a client chooses the method, and any length of it.
			rec.Header().Set("Allow", allowedMethods)
			http.Error(rec, "Method Not Allowed", http.StatusMethodNotAllowed)
			d := time.Since(start)
			s.metrics.observe(r, rec.status, d)
			s.logRequest(r, rec.status, d, id)
			return
		}
		r.Body = http.MaxBytesReader(rec, r.Body, s.bodyLimit(r))
		cw := newCompressWriter(rec, r)
		defer func() {
			if p := recover(); p != nil {
				s.serverError(rec, r, fmt.Errorf("panic: %v", p))
			}
			d := time.Since(start)
			s.metrics.observe(r, rec.status, d)
			s.logRequest(r, rec.status, d, id)
		}()
		inner.ServeHTTP(cw, r)
		cw.Close()
	})
}

func (s *Server) logRequest(r *http.Request, status int, d time.Duration, id string) {
	if strings.HasPrefix(r.URL.Path, "/static/") || strings.HasPrefix(r.URL.Path, "/assets/") {
		return
	}
	var uid int64
	if u := userFrom(r); u != nil {
		uid = u.ID
	}
	// r.Pattern is the route, not the path: paths may hold tokens, which are never logged.
	s.log.Info("request", "id", id, "method", methodLabel(r.Method), "route", r.Pattern, "status", status,
		"duration_ms", float64(d.Microseconds())/1000, "user_id", uid)
}

// methodOther labels every method the platform does not know, in metrics and logs.
const methodOther = "other"

// allowedMethods are the methods a route may have; any other is answered 405 at once.
const allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"

// methodLabel is the method as a metrics label or log field: one of a few known names,
// so that clients cannot grow the metrics or the log with methods of their own making.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return methodOther
}

func requestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	if s.opts.Secure {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}

// withSession loads the signed-in user when the request carries a session cookie.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || !auth.ValidTokenShape(c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		hash := auth.Hash(c.Value)
		sess, u, err := s.db.Session(r.Context(), hash)
		if err != nil {
			if model.ErrorCode(err) != model.ENOTFOUND {
				s.serverError(w, r, err)
				return
			}
			s.clearSessionCookie(w)
			next.ServeHTTP(w, r)
			return
		}
		ctx := context.WithValue(r.Context(), keyUser, u)
		ctx = context.WithValue(ctx, keySession, &sessionRef{hash: hash, sess: sess})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.opts.Secure, SameSite: http.SameSiteLaxMode, MaxAge: int(model.SessionTTL.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.opts.Secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// requireUser sends people who are not signed in to the sign-in page, then back.
func (s *Server) requireUser(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r) == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/sign-in?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, model.Errorf(model.EUNAUTHORIZED, "errors.session_ended"))
			return
		}
		h(w, r)
	}
}

// requirePlatformAdmin lets only the platform team through.
func (s *Server) requirePlatformAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.requireUser(func(w http.ResponseWriter, r *http.Request) {
		if !userFrom(r).IsPlatformAdmin() {
			s.fail(w, r, model.Errorf(model.EFORBIDDEN, "errors.platform_only"))
			return
		}
		h(w, r)
	})
}
