package web

import (
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// Who may use a route. The authorization matrix test reads these.
const (
	accessPublic        = "public"         // anyone
	accessToken         = "token"          // anyone holding a link's secret
	accessUser          = "user"           // signed in
	accessOrgAdmin      = "org_admin"      // signed in, admin of the organisation in the path (checked in the handler)
	accessStarter       = "starter"        // signed in, started the signature in the path or admin of its organisation (checked in the handler)
	accessPlatformAdmin = "platform_admin" // the platform team
)

type route struct {
	Pattern string
	Access  string
	Handler http.HandlerFunc
}

// routeTable is the whole site, top to bottom.
func (s *Server) routeTable() []route {
	user, admin, cached, shared := s.requireUser, s.requirePlatformAdmin, s.cached, s.sharedContent
	rs := []route{
		{"GET /{$}", accessPublic, cached(shared(s.home))},
		{"GET /declaration", accessPublic, cached(shared(s.declaration))},
		{"GET /contact", accessPublic, cached(s.contact)},
		{"GET /signatories", accessPublic, cached(shared(s.signatories), signatoriesParams...)},
		{"GET /organisations/{slug}", accessPublic, cached(s.followOldSlug(s.organisation))},

		{"GET /sign-in", accessPublic, s.signInForm},
		{"POST /sign-in", accessPublic, s.signInRequest},
		{"GET /sign-in/check-email", accessPublic, s.signInCheckEmail},
		{"GET /sign-in/{token}", accessToken, s.signInLink},
		{"POST /sign-in/{token}", accessToken, s.signInComplete},
		{"POST /sign-out", accessPublic, s.signOut},
		{"GET /account", accessUser, user(s.account)},
		{"GET /account/data", accessUser, user(s.accountData)},
		{"GET /account/delete", accessUser, user(s.accountDeleteForm)},
		{"POST /account/delete", accessUser, user(s.accountDelete)},

		{"GET /sign", accessPublic, s.signStart},
		{"POST /sign", accessUser, user(s.signChoose)},
		{"GET /sign/commitment", accessUser, user(s.signCommitmentForm)},
		{"POST /sign/commitment", accessUser, user(s.signCommitmentSave)},
		{"GET /sign/signers", accessUser, user(s.signSignersForm)},
		{"POST /sign/signers", accessUser, user(s.signSignersSave)},
		{"GET /sign/check", accessUser, user(s.signCheck)},
		{"POST /sign/check", accessUser, user(s.signSubmit)},
		{"GET /sign/confirmation", accessUser, user(s.signConfirmation)},

		{"GET /confirm/{token}", accessToken, s.signerPage},
		{"POST /confirm/{token}", accessToken, s.signerRespond},

		{"GET /signatures/{id}/cancel", accessStarter, user(s.cancelForm)},
		{"POST /signatures/{id}/cancel", accessStarter, user(s.cancel)},
		{"GET /signatures/{id}/signers/{kind}", accessStarter, user(s.changeSignerForm)},
		{"POST /signatures/{id}/signers/{kind}", accessStarter, user(s.changeSigner)},
		{"POST /signatures/{id}/signers/{kind}/resend", accessStarter, user(s.resendSignerLink)},

		{"GET /organisations/{slug}/withdraw", accessOrgAdmin, s.followOldSlug(user(s.withdrawForm))},
		{"POST /organisations/{slug}/withdraw", accessOrgAdmin, s.followOldSlug(user(s.withdraw))},
		{"GET /organisations/{slug}/members", accessOrgAdmin, s.followOldSlug(user(s.members))},
		{"POST /organisations/{slug}/members", accessOrgAdmin, s.followOldSlug(user(s.memberAction))},
		{"POST /organisations/{slug}/members/add", accessPlatformAdmin, s.followOldSlug(admin(s.memberAdd))},

		{"GET /admin", accessPlatformAdmin, admin(s.adminHome)},
		{"GET /admin/signatures", accessPlatformAdmin, admin(s.adminSignatures)},
		{"GET /admin/signatures/{id}", accessPlatformAdmin, admin(s.adminSignature)},
		{"POST /admin/signatures/{id}/verify", accessPlatformAdmin, admin(s.adminVerify)},
		{"POST /admin/signatures/{id}/reject", accessPlatformAdmin, admin(s.adminReject)},
		{"POST /admin/signatures/{id}/cancel", accessPlatformAdmin, admin(s.adminCancel)},
		{"GET /admin/audit", accessPlatformAdmin, admin(s.adminAudit)},
		{"GET /admin/users", accessPlatformAdmin, admin(s.adminUsers)},
		{"POST /admin/users", accessPlatformAdmin, admin(s.adminGrant)},
		{"GET /admin/organisations/new", accessPlatformAdmin, admin(s.adminOrgForm)},
		{"POST /admin/organisations/new", accessPlatformAdmin, admin(s.adminOrgCreate)},
		{"GET /admin/organisations/{slug}/domains", accessPlatformAdmin, admin(s.adminDomainsForm)},
		{"POST /admin/organisations/{slug}/domains", accessPlatformAdmin, admin(s.adminDomainsSave)},
		{"GET /admin/organisations/{slug}/name", accessPlatformAdmin, admin(s.adminOrgNameForm)},
		{"POST /admin/organisations/{slug}/name", accessPlatformAdmin, admin(s.adminOrgNameSave)},

		{"GET /choose/services", accessPublic, s.suggest(s.findServices)},
		{"GET /choose/organisations", accessPublic, s.suggest(s.findOrgs)},
		{"GET /api/v1", accessPublic, cached(shared(s.apiDocs))},
		{"GET /healthz", accessPublic, s.healthz},
		{"GET /readyz", accessPublic, s.readyz},
		{"GET /metrics", accessToken, s.serveMetrics},
		{"GET /static/{hash}/{name...}", accessPublic, s.assets.serveHashed},
		{"GET /assets/{name...}", accessPublic, s.assets.serveNamed},
		{"/", accessPublic, s.notFound},
	}
	rs = append(rs, s.resourceRoutes()...)
	rs = append(rs, s.caseStudyRoutes()...)
	rs = append(rs, s.eventRoutes()...)
	for _, ar := range s.api.Routes() {
		h := ar.Handler
		if strings.HasPrefix(ar.Pattern, "GET ") {
			h = s.cachedForAll(h, ar.Params...) // open data is the same for everyone
		}
		rs = append(rs, route{ar.Pattern, accessPublic, h})
	}
	return rs
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.HandleFunc(rt.Pattern, rt.Handler)
	}
	return mux
}

// signatoriesParams are the register page's query parameters: the register's and status.
var signatoriesParams = append(append([]string{}, model.RegisterQueryParams...), "status")
