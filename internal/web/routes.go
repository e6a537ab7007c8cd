package web

import (
	"net/http"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// route is one line of the route table: routes() applies Access (access.go) around
// Handler, and the authorization matrix reads it.
type route struct {
	Pattern string
	Access  access
	Handler http.HandlerFunc
}

// Who may withdraw an organisation's signature, and who may manage its members.
var (
	withdrawer   = orgAdmin(model.CanWithdraw, "Only an admin of %s can withdraw its signature.")
	membersAdmin = orgAdmin(model.CanManageMembers, "Only an admin of %s can manage its members.")
)

// routeTable is the whole site, top to bottom.
func (s *Server) routeTable() []route {
	cached, shared := s.cached, s.sharedContent
	rs := []route{
		{"GET /{$}", anyone, cached(shared(s.home))},
		{"GET /declaration", anyone, cached(shared(s.declaration))},
		{"GET /contact", anyone, cached(s.contact)},
		{"GET /signatories", anyone, cached(shared(s.signatories), signatoriesParams...)},
		{"GET /organisations/{slug}", anyone, cached(s.followOldSlug(s.organisation))},

		{"GET /sign-in", anyone, s.signInForm},
		{"POST /sign-in", anyone, s.signInRequest},
		{"GET /sign-in/check-email", anyone, s.signInCheckEmail},
		{"GET /sign-in/{token}", tokenHolder, s.signInLink},
		{"POST /sign-in/{token}", tokenHolder, s.signInComplete},
		{"POST /sign-out", anyone, s.signOut},
		{"GET /account", signedIn, s.account},
		{"GET /account/data", signedIn, s.accountData},
		{"GET /account/delete", signedIn, s.accountDeleteForm},
		{"POST /account/delete", signedIn, s.accountDelete},

		{"GET /sign", anyone, s.signStart},
		{"POST /sign", signedIn, s.signChoose},
		{"GET /sign/commitment", signedIn, s.signCommitmentForm},
		{"POST /sign/commitment", signedIn, s.signCommitmentSave},
		{"GET /sign/signers", signedIn, s.signSignersForm},
		{"POST /sign/signers", signedIn, s.signSignersSave},
		{"GET /sign/check", signedIn, s.signCheck},
		{"POST /sign/check", signedIn, s.signSubmit},
		{"GET /sign/confirmation", signedIn, s.signConfirmation},

		{"GET /confirm/{token}", tokenHolder, s.signerPage},
		{"POST /confirm/{token}", tokenHolder, s.signerRespond},

		{"GET /signatures/{id}/cancel", starter, s.cancelForm},
		{"POST /signatures/{id}/cancel", starter, s.cancel},
		{"GET /signatures/{id}/signers/{kind}", starter, s.changeSignerForm},
		{"POST /signatures/{id}/signers/{kind}", starter, s.changeSigner},
		{"POST /signatures/{id}/signers/{kind}/resend", starter, s.resendSignerLink},

		{"GET /organisations/{slug}/withdraw", withdrawer, s.withdrawForm},
		{"POST /organisations/{slug}/withdraw", withdrawer, s.withdraw},
		{"GET /organisations/{slug}/members", membersAdmin, s.members},
		{"POST /organisations/{slug}/members", membersAdmin, s.memberAction},
		{"POST /organisations/{slug}/members/add", platformTeam, s.followOldSlug(s.memberAdd)},

		{"GET /admin", platformTeam, s.adminHome},
		{"GET /admin/signatures", platformTeam, s.adminSignatures},
		{"GET /admin/signatures/{id}", platformTeam, s.adminSignature},
		{"POST /admin/signatures/{id}/verify", platformTeam, s.adminVerify},
		{"POST /admin/signatures/{id}/reject", platformTeam, s.adminReject},
		{"POST /admin/signatures/{id}/cancel", platformTeam, s.adminCancel},
		{"GET /admin/audit", platformTeam, s.adminAudit},
		{"GET /admin/users", platformTeam, s.adminUsers},
		{"POST /admin/users", platformTeam, s.adminGrant},
		{"GET /admin/organisations/new", platformTeam, s.adminOrgForm},
		{"POST /admin/organisations/new", platformTeam, s.adminOrgCreate},
		{"GET /admin/organisations/{slug}/domains", platformTeam, s.adminDomainsForm},
		{"POST /admin/organisations/{slug}/domains", platformTeam, s.adminDomainsSave},
		{"GET /admin/organisations/{slug}/name", platformTeam, s.adminOrgNameForm},
		{"POST /admin/organisations/{slug}/name", platformTeam, s.adminOrgNameSave},

		{"GET /api/v1", anyone, cached(shared(s.apiDocs))},
		{"GET /healthz", anyone, s.healthz},
		{"GET /readyz", anyone, s.readyz},
		{"GET /metrics", tokenHolder, s.serveMetrics},
		{"GET /static/{hash}/{name...}", anyone, s.assets.serveHashed},
		{"GET /assets/{name...}", anyone, s.assets.serveNamed},
		{"/", anyone, s.notFound},
	}
	rs = append(rs, s.resourceRoutes()...)
	rs = append(rs, s.caseStudyRoutes()...)
	rs = append(rs, s.eventRoutes()...)
	for _, ar := range s.api.Routes() {
		h := ar.Handler
		if strings.HasPrefix(ar.Pattern, "GET ") {
			h = cached(h, ar.Params...)
		}
		rs = append(rs, route{ar.Pattern, anyone, h})
	}
	return rs
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.HandleFunc(rt.Pattern, rt.Access.apply(s, rt.Handler))
	}
	return mux
}

// signatoriesParams are the register page's query parameters: the register's and status.
var signatoriesParams = append(append([]string{}, model.RegisterQueryParams...), "status")
