// Package config reads the platform's settings from the environment and flags once,
// checks them, and hands them down. Nothing else reads the environment.
package config

import (
	"flag"
	"fmt"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/mail"
)

// Config is every setting of the platform. Each has an environment variable (a stable
// name) and a flag of the same meaning; a flag wins.
type Config struct {
	Addr        string
	DatabaseURL string
	BaseURL     string
	Mail        mail.Config
	// MetricsToken turns on /metrics for requests that present it as a bearer token.
	MetricsToken string
	// ClientIPHeader names the header a trusted load balancer sets to the client address.
	ClientIPHeader string
	// TrustedProxies are the load balancers (addresses or CIDR ranges) whose
	// ClientIPHeader is believed; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	trustedProxies string // as set, parsed into TrustedProxies
	// FilesDir is the folder uploaded files are kept in.
	FilesDir string
	// MaxUploadMB caps one uploaded file, in megabytes.
	MaxUploadMB int
	// ContactEmail is the Local Digital team's address, shown in the footer, on error
	// pages and at /contact.
	ContactEmail string
}

// DefaultContactEmail is LD_CONTACT_EMAIL's default: clearly an example, to be set to
// the team's real address wherever people use the service.
const DefaultContactEmail = "localdigital@example.gov.uk"

// Secure reports whether cookies must be marked Secure.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

type setting struct {
	env, flag, def, usage string
	dest                  *string
}

func settings(c *Config, smtpPort, templates, maxUpload *string) []setting {
	return []setting{
		{"LD_ADDR", "addr", "127.0.0.1:8080", "address to listen on (this machine only; :8080 for every interface)", &c.Addr},
		{"LD_DATABASE_URL", "database-url", "sqlite:data/localdigital.db", "sqlite:PATH or postgres://…", &c.DatabaseURL},
		{"LD_BASE_URL", "base-url", "http://localhost:8080", "public address, for links in emails", &c.BaseURL},
		{"LD_CLIENT_IP_HEADER", "client-ip-header", "", "header a trusted load balancer sets to the client's address, e.g. X-Forwarded-For", &c.ClientIPHeader},
		{"LD_TRUSTED_PROXIES", "trusted-proxies", "", "comma-separated addresses or CIDR ranges of the load balancers whose client address header is believed", &c.trustedProxies},
		{"LD_METRICS_TOKEN", "metrics-token", "", "bearer token for /metrics (off when empty)", &c.MetricsToken},
		{"LD_FILES_DIR", "files-dir", "data/files", "folder for uploaded files", &c.FilesDir},
		{"LD_MAX_UPLOAD_MB", "max-upload-mb", "25", "largest file that may be uploaded, in megabytes", maxUpload},
		{"LD_CONTACT_EMAIL", "contact-email", DefaultContactEmail, "the team's email address, shown in the footer, on error pages and at /contact", &c.ContactEmail},
		{"LD_MAIL", "mail", "log", "how email is sent: log, smtp or notify", &c.Mail.Kind},
		{"LD_MAIL_FROM", "mail-from", "Local Digital <noreply@localdigital.invalid>", "From address for SMTP", &c.Mail.From},
		{"LD_SMTP_HOST", "smtp-host", "", "SMTP server host", &c.Mail.SMTP.Host},
		{"LD_SMTP_PORT", "smtp-port", "587", "SMTP server port", smtpPort},
		{"LD_SMTP_USERNAME", "smtp-username", "", "SMTP user name", &c.Mail.SMTP.Username},
		{"LD_SMTP_PASSWORD", "smtp-password", "", "SMTP password", &c.Mail.SMTP.Password},
		{"LD_SMTP_TLS", "smtp-tls", "starttls", "SMTP security: starttls, tls or none", &c.Mail.SMTP.TLS},
		{"LD_NOTIFY_API_KEY", "notify-api-key", "", "GOV.UK Notify API key", &c.Mail.Notify.APIKey},
		{"LD_NOTIFY_BASE_URL", "notify-base-url", "", "GOV.UK Notify API address (default: the live service)", &c.Mail.Notify.BaseURL},
		{"LD_NOTIFY_TEMPLATE_ID", "notify-template-id", "", "Notify template with ((subject)) and ((body))", &c.Mail.Notify.TemplateID},
		{"LD_NOTIFY_TEMPLATES", "notify-templates", "", "per-kind templates: kind=id,kind=id", templates},
	}
}

// Load reads settings from getenv, then from flags in args, and validates them. It
// registers its flags on fs, so that a subcommand can add its own before parsing.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	var c Config
	var port, templates, maxUpload string
	for _, s := range settings(&c, &port, &templates, &maxUpload) {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(s.dest, s.flag, def, s.usage+" ($"+s.env+")")
	}
	if err := parseInterspersed(fs, args); err != nil {
		return c, err
	}
	return c, c.finish(port, templates, maxUpload)
}

// parseInterspersed lets flags follow positional arguments, as in `mail list --json`.
// The positional arguments are left in fs.Args(), in order.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

func (c *Config) finish(port, templates, maxUpload string) error {
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("config: LD_SMTP_PORT must be a port number, not %q", port)
	}
	if c.MaxUploadMB, err = strconv.Atoi(maxUpload); err != nil || c.MaxUploadMB < 1 || c.MaxUploadMB > 1024 {
		return fmt.Errorf("config: LD_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1024, not %q", maxUpload)
	}
	if strings.TrimSpace(c.FilesDir) == "" {
		return fmt.Errorf("config: LD_FILES_DIR must name a folder")
	}
	c.Mail.SMTP.Port = p
	if c.Mail.Notify.Templates, err = parseTemplates(templates); err != nil {
		return err
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("config: LD_BASE_URL must be an http or https address, not %q", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.TrustedProxies, err = ParseTrustedProxies(c.trustedProxies); err != nil {
		return err
	}
	if strings.TrimSpace(c.ClientIPHeader) != "" && len(c.TrustedProxies) == 0 {
		return fmt.Errorf("config: LD_CLIENT_IP_HEADER needs LD_TRUSTED_PROXIES, the addresses of the load balancers that set it; from anyone else the header is not believed")
	}
	if a, err := netmail.ParseAddress(c.ContactEmail); err != nil || a.Name != "" || a.Address != strings.TrimSpace(c.ContactEmail) {
		return fmt.Errorf("config: LD_CONTACT_EMAIL must be an email address, like team@example.gov.uk, not %q", c.ContactEmail)
	}
	switch c.Mail.Kind {
	case "log", "smtp", "notify":
	default:
		return fmt.Errorf("config: LD_MAIL must be log, smtp or notify, not %q", c.Mail.Kind)
	}
	return nil
}

// ParseTrustedProxies reads a comma-separated list of addresses ("10.0.0.5", "::1") and
// CIDR ranges ("10.0.0.0/8") into ranges; an address is a range of one.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("config: LD_TRUSTED_PROXIES entry %q must be an IP address or a CIDR range such as 10.0.0.0/8", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func parseTemplates(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("config: LD_NOTIFY_TEMPLATES entry %q must be kind=template-id", pair)
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out, nil
}
