package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Kinds of access, as the authorization matrix (authz_test.go) reads them.
const (
	accessPublic        = "public"         // anyone
	accessToken         = "token"          // anyone holding a link's secret
	accessUser          = "user"           // signed in
	accessPublisher     = "publisher"      // signed in, a member of an organisation that has signed
	accessOrgAdmin      = "org_admin"      // signed in, admin of the organisation (or the event's organisation) in the path
	accessOrgMember     = "org_member"     // signed in, a member of the organisation in the path
	accessStarter       = "starter"        // signed in, started the signature in the path or admin of its organisation
	accessPlatformAdmin = "platform_admin" // the platform team
)

// access is who may use a route. routes() applies it before the route's handler runs, so
// a handler never checks it again: it reads what the check loaded (orgFrom, sigFrom,
// eventFrom). Whether a person may act on an object is decided by a function in model.
type access struct {
	Kind string
	// guard wraps the handler with the check; nil lets everyone through.
	guard func(s *Server, h http.HandlerFunc) http.HandlerFunc
}

func (a access) apply(s *Server, h http.HandlerFunc) http.HandlerFunc {
	if a.guard == nil {
		return h
	}
	return a.guard(s, h)
}

var (
	anyone       = access{Kind: accessPublic}
	tokenHolder  = access{Kind: accessToken}
	signedIn     = access{Kind: accessUser, guard: (*Server).requireUser}
	platformTeam = access{Kind: accessPlatformAdmin, guard: (*Server).requirePlatformAdmin}
)

// admitter decides, for a signed-in person, whether the request may go on: it returns
// the request, carrying what it loaded, or answers it itself and returns false.
type admitter func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool)

// signedInAnd is signed-in access that then asks admit.
func signedInAnd(kind string, admit admitter) access {
	return access{Kind: kind, guard: func(s *Server, h http.HandlerFunc) http.HandlerFunc {
		return s.requireUser(func(w http.ResponseWriter, r *http.Request) {
			if r, ok := admit(s, w, r); ok {
				h(w, r)
			}
		})
	}}
}

// publisher lets through members of an organisation that has signed (model.CanPublish);
// others see refusal.
func publisher(refusal error) access {
	return signedInAnd(accessPublisher, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		if !model.CanPublish(userFrom(r)) {
			s.fail(w, r, refusal)
			return r, false
		}
		return r, true
	})
}

// orgAdmin loads the organisation in the path (after following an old address to its
// new one) and lets through those can allows; others see refusal, a catalog key whose
// message names the organisation ({{.Name}}). The handler reads the organisation with
// orgFrom.
func orgAdmin(can func(*model.User, int64) bool, refusal string) access {
	return onOrg(accessOrgAdmin, can, refusal)
}

// orgMember is orgAdmin for what members of the organisation in the path may do.
func orgMember(can func(*model.User, int64) bool, refusal string) access {
	return onOrg(accessOrgMember, can, refusal)
}

// onOrg is access of kind to the organisation in the path, for those can allows.
func onOrg(kind string, can func(*model.User, int64) bool, refusal string) access {
	a := signedInAnd(kind, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		r, ok := s.orgInPath(w, r)
		if !ok {
			return r, false
		}
		if org := orgFrom(r); !can(userFrom(r), org.ID) {
			s.fail(w, r, model.Errorf(model.EFORBIDDEN, refusal, "Name", org.Name))
			return r, false
		}
		return r, true
	})
	return onOrgPath(a)
}

// platformTeamOnOrg is the platform team's access to the organisation in the path, which
// the handler reads with orgFrom.
var platformTeamOnOrg = access{Kind: accessPlatformAdmin, guard: func(s *Server, h http.HandlerFunc) http.HandlerFunc {
	return s.requirePlatformAdmin(func(w http.ResponseWriter, r *http.Request) {
		if r, ok := s.orgInPath(w, r); ok {
			h(w, r)
		}
	})
}}

// orgInPath loads the organisation whose slug is in the path into the request (orgFrom),
// or answers with the error page.
func (s *Server) orgInPath(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	org, err := s.db.OrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return r, false
	}
	return withValue(r, keyOrg, org), true
}

// onOrgPath is a for a route under /organisations/{slug}: an organisation's old address
// is sent to its new one before anything else is checked.
func onOrgPath(a access) access {
	inner := a
	a.guard = func(s *Server, h http.HandlerFunc) http.HandlerFunc { return s.followOldSlug(inner.apply(s, h)) }
	return a
}

// followOldSlug answers an organisation's old address (its slug before a change, kept in
// organisation_slugs) with a permanent redirect to the same page at its current address:
// 301 for GET and HEAD, 308 for a form post so that it stays a post.
func (s *Server) followOldSlug(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		current, err := s.db.SlugRedirect(r.Context(), slug)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if current == "" || current == slug {
			h(w, r)
			return
		}
		u := url.URL{Path: strings.Replace(r.URL.Path, "/organisations/"+slug, "/organisations/"+current, 1),
			RawQuery: r.URL.RawQuery}
		status := http.StatusMovedPermanently
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			status = http.StatusPermanentRedirect
		}
		http.Redirect(w, r, u.String(), status)
	}
}

// starter loads the signature in the path, which the person must be allowed to manage
// (model.CanManageSignature). The handler reads it with sigFrom.
var starter = signedInAnd(accessStarter, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	sig, ok := s.signatureFromPath(w, r)
	if !ok {
		return r, false
	}
	if !model.CanManageSignature(userFrom(r), sig) {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, "signing.manage.errors.not_allowed", "Name", sig.Organisation.Name))
		return r, false
	}
	return withValue(r, keySignature, sig), true
})

// eventOrganiser lets through admins of some organisation (model.CanOrganiseEvents).
var eventOrganiser = signedInAnd(accessOrgAdmin, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	if !model.CanOrganiseEvents(userFrom(r)) {
		s.fail(w, r, errCannotAddEvents)
		return r, false
	}
	return r, true
})

// eventAdmin loads the event in the path, which the person must organise
// (model.CanOrganise). The handler reads it with eventFrom.
var eventAdmin = signedInAnd(accessOrgAdmin, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	e, ok := s.eventFromPath(w, r)
	if !ok {
		return r, false
	}
	if !model.CanOrganise(userFrom(r), e) {
		s.fail(w, r, store.ErrNotOrganiser)
		return r, false
	}
	return withValue(r, keyEvent, e), true
})

// projectAccess loads the project in the path, which the person must be allowed to act
// on by can (model.CanEditProject, model.CanPostProjectUpdate); refusal is the catalog
// key of the message, which names the lead ({{.Name}}). The handler reads it with
// projectFrom.
func projectAccess(can func(*model.User, *model.Project) bool, refusal string) access {
	return signedInAnd(accessUser, func(s *Server, w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
		p, ok := s.projectFromPath(w, r)
		if !ok {
			return r, false
		}
		if !can(userFrom(r), p) {
			s.fail(w, r, model.Errorf(model.EFORBIDDEN, refusal, "Name", p.Lead().Name))
			return r, false
		}
		return withValue(r, keyProject, p), true
	})
}

// Keys of what an access check loaded.
type accessKey int

const (
	keyOrg accessKey = iota
	keySignature
	keyEvent
	keyProject
	keyBrief
)

func withValue(r *http.Request, k accessKey, v any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), k, v))
}

// orgFrom is the organisation an orgAdmin or platformTeamOnOrg route loaded.
func orgFrom(r *http.Request) *model.Organisation {
	o, _ := r.Context().Value(keyOrg).(*model.Organisation)
	return o
}

// sigFrom is the signature a starter route loaded.
func sigFrom(r *http.Request) *model.Signature {
	sig, _ := r.Context().Value(keySignature).(*model.Signature)
	return sig
}

// eventFrom is the event an eventAdmin route loaded.
func eventFrom(r *http.Request) *model.Event {
	e, _ := r.Context().Value(keyEvent).(*model.Event)
	return e
}

// projectFrom is the project a projectAccess route loaded.
func projectFrom(r *http.Request) *model.Project {
	p, _ := r.Context().Value(keyProject).(*model.Project)
	return p
}
