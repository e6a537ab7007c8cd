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
	withdrawer   = orgAdmin(model.CanWithdraw, "signing.withdraw.errors.not_admin")
	membersAdmin = orgAdmin(model.CanManageMembers, "account.members.errors.not_admin")
)

// registerFeature is the public face of the Declaration: the home page, the register of
// signatories and each organisation's page, and their open data.
func (s *Server) registerFeature() feature {
	cached, shared := s.cached, s.sharedContent
	return feature{Name: "register",
		Routes: []route{
			{"GET /{$}", anyone, cached(shared(s.home))},
			{"GET /declaration", anyone, cached(shared(s.declaration))},
			{"GET /contact", anyone, cached(s.contact)},
			{"GET /signatories", anyone, cached(shared(s.signatories), signatoriesParams...)},
			{"GET /organisations/{slug}", anyone, cached(s.followOldSlug(s.organisation))},
		},
		API: s.api.RegisterPart(),
		Tables: []string{"organisations", "organisation_aliases", "organisation_domains", "organisation_slugs",
			"declarations", "services"},
		Follows: s.organisationFollows(),
	}
}

// signingFeature is signing the Declaration: the journey, the senior signers' links,
// managing a signature in progress and withdrawing one.
func (s *Server) signingFeature() feature {
	return feature{Name: "signing",
		Routes: []route{
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
		},
		Tables:   []string{"signatures", "signers", "signing_drafts"},
		Activity: signingActivity,
	}
}

// accountsFeature is signing in and out, a person's account and an organisation's
// members.
func (s *Server) accountsFeature() feature {
	return feature{Name: "accounts",
		Routes: []route{
			{"GET /sign-in", anyone, s.signInForm},
			{"POST /sign-in", anyone, s.signInRequest},
			{"GET /sign-in/check-email", anyone, s.signInCheckEmail},
			{"GET /sign-in/{token}", tokenHolder, s.signInLink},
			{"POST /sign-in/{token}", tokenHolder, s.signInComplete},
			{"POST /sign-out", anyone, s.signOut},
			{"GET /account", signedIn, s.account},
			{"POST /account/language", signedIn, s.accountLanguage},
			{"GET /account/data", signedIn, s.accountData},
			{"GET /account/delete", signedIn, s.accountDeleteForm},
			{"POST /account/delete", signedIn, s.accountDelete},

			{"GET /organisations/{slug}/members", membersAdmin, s.members},
			{"POST /organisations/{slug}/members", membersAdmin, s.memberAction},
			{"POST /organisations/{slug}/members/add", onOrgPath(platformTeam), s.memberAdd},
		},
		Tables: []string{"users", "sessions", "sign_in_tokens", "memberships", "rate_limits"},
	}
}

// adminFeature is the platform team's pages: verifying signatures, the audit log,
// people and organisations.
func (s *Server) adminFeature() feature {
	return feature{Name: "admin",
		Routes: []route{
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
			{"GET /admin/organisations/{slug}/domains", platformTeamOnOrg, s.adminDomainsForm},
			{"POST /admin/organisations/{slug}/domains", platformTeamOnOrg, s.adminDomainsSave},
			{"GET /admin/organisations/{slug}/name", platformTeamOnOrg, s.adminOrgNameForm},
			{"POST /admin/organisations/{slug}/name", platformTeamOnOrg, s.adminOrgNameSave},
		},
		Tables: []string{"audit_log"},
	}
}

// siteFeature is what every page stands on: the API's documentation page, health and
// metrics, static files, the outbox and the data version the page cache reads.
func (s *Server) siteFeature() feature {
	return feature{Name: "site",
		Routes: []route{
			{"GET /choose/services", anyone, s.suggest(s.findServices)},
			{"GET /choose/organisations", anyone, s.suggest(s.findOrgs)},
			{"GET /api/v1", anyone, s.cached(s.sharedContent(s.apiDocs))},
			{"GET /healthz", anyone, s.healthz},
			{"GET /readyz", anyone, s.readyz},
			{"GET /metrics", tokenHolder, s.serveMetrics},
			{"GET /static/{hash}/{name...}", anyone, s.assets.serveHashed},
			{"GET /assets/{name...}", anyone, s.assets.serveNamed},
			{"/", anyone, s.notFound},
		},
		Tables: []string{"outbox", "data_version", "write_probe"},
	}
}

// routeTable is the whole site: every feature's routes, then the open data of them all.
func (s *Server) routeTable() []route {
	var rs []route
	for _, f := range s.features() {
		rs = append(rs, f.Routes...)
	}
	for _, ar := range s.apiRoutes {
		h := ar.Handler
		if strings.HasPrefix(ar.Pattern, "GET ") {
			h = s.cachedForAll(h, ar.Params...) // open data is the same for everyone
		}
		rs = append(rs, route{ar.Pattern, anyone, h})
	}
	return rs
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		h := rt.Access.apply(s, rt.Handler)
		mux.HandleFunc(rt.Pattern, h)
		if languageNeutral(rt.Pattern) {
			continue
		}
		// The route in each other language, under its prefix (language.go).
		method, path, ok := strings.Cut(rt.Pattern, " ")
		if !ok {
			method, path = "", rt.Pattern
		}
		for _, lang := range otherLanguages {
			mux.HandleFunc(strings.TrimSpace(method+" /"+lang+path), inLanguage(lang, h))
		}
	}
	return mux
}

// mountAPI makes the open data routes of every feature, once.
func (s *Server) mountAPI() (err error) {
	s.apiRoutes, err = s.api.Routes(apiParts(s.features())...)
	return err
}

// signatoriesParams are the register page's query parameters: the register's and status.
var signatoriesParams = append(append([]string{}, model.RegisterQueryParams...), "status")
