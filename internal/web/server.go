// Package web serves the platform's pages: GOV.UK Frontend markup rendered from templates
// compiled into the binary, forms that work without JavaScript, and the open data API
// mounted from internal/api. Each feature is one value (feature.go); routes.go gathers
// their route table, and access.go says who may use each route.
package web

import (
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/localdigital/localdigital/internal/api"
	"github.com/localdigital/localdigital/internal/config"
	"github.com/localdigital/localdigital/internal/files"
	"github.com/localdigital/localdigital/internal/store"
)

// Options are what the web layer needs from configuration.
type Options struct {
	BaseURL string
	Secure  bool   // mark cookies Secure (the base URL is https)
	Wake    func() // nudges the mail worker after a change queued an email
	// MetricsToken, when set, turns on /metrics for requests bearing it.
	MetricsToken string
	// ClientIPHeader names the header a trusted load balancer puts the client's address
	// in, for per-client rate limits; empty means the connection's own address.
	ClientIPHeader string
	// TrustedProxies are the load balancers whose ClientIPHeader is believed: the header
	// counts only on a connection from one of them (see clientAddress).
	TrustedProxies []netip.Prefix
	// Mail is the mail worker's state, for /readyz and /metrics; nil when none runs here.
	Mail MailStatus
	// FilesDir is where uploaded files are kept (default data/files), unless Files is set.
	FilesDir string
	// Files stores uploaded files; nil means a local folder at FilesDir.
	Files files.Store
	// MaxUploadMB caps one uploaded file (default 25).
	MaxUploadMB int
	// ContactEmail is the team's address for the footer, error pages and /contact
	// (default config.DefaultContactEmail).
	ContactEmail string
}

// Server holds the dependencies of every handler.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	opts    Options
	assets  *assets
	tmpl    *renderer
	api     *api.API
	handler http.Handler
	csp     string
	metrics *metrics
	cache   pageCache
	bodies  bodyCache
	files   files.Store
	// maxUpload caps one uploaded file, in bytes.
	maxUpload int64
	// resourceChoices keeps the resources library's filter lists for a data version.
	resourceChoices atomic.Pointer[resourceChoices]
	// buildTag names this build's templates and assets in ETags.
	buildTag string
	// apiRoutes are the features' open data (routes.go, mountAPI).
	apiRoutes []api.Route
}

// govukInlineScript is GOV.UK Frontend's one inline script; the CSP allows it by hash.
const govukInlineScript = `document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');`

// New builds the server and its route table.
func New(db *store.DB, log *slog.Logger, opts Options) (*Server, error) {
	a, t, err := assetsAndTemplates()
	if err != nil {
		return nil, err
	}
	if missing := a.Missing(); len(missing) > 0 {
		log.Warn("GOV.UK Frontend assets are missing: run `make assets`", "missing", missing)
	}
	if opts.ContactEmail == "" {
		opts.ContactEmail = config.DefaultContactEmail
	}
	if opts.Wake == nil {
		opts.Wake = func() {}
	}
	sum := sha256.Sum256([]byte(govukInlineScript))
	s := &Server{db: db, log: log, opts: opts, assets: a, tmpl: t, api: api.New(db, opts.BaseURL, log),
		metrics: newMetrics(db)}
	s.files, s.maxUpload = fileStore(opts)
	if opts.Mail != nil {
		s.metrics.registry.MustRegister(&mailCollector{mail: opts.Mail})
	}
	s.buildTag = buildTag(a)
	s.csp = "default-src 'self'; script-src 'self' 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	if err := s.mountAPI(); err != nil {
		return nil, err
	}
	s.handler = s.middleware(s.routes())
	return s, nil
}

// built holds the assets and parsed templates: both come from files embedded in the
// binary, so they are made once per process (compressing the assets and parsing every
// page in every language takes a noticeable part of a second) and shared by its servers,
// which never change them.
var built struct {
	once sync.Once
	a    *assets
	t    *renderer
	err  error
}

func assetsAndTemplates() (*assets, *renderer, error) {
	built.once.Do(func() {
		if built.a, built.err = loadAssets(); built.err == nil {
			built.t, built.err = newRenderer(built.a)
		}
	})
	return built.a, built.t, built.err
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
