package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// DefaultNotifyBaseURL is GOV.UK Notify's production API.
const DefaultNotifyBaseURL = "https://api.notifications.service.gov.uk"

// NotifyConfig configures GOV.UK Notify. Each template must be an email template
// whose subject is ((subject)) and whose body is ((body)), so that the text of every
// email stays in this code base and under review, not in Notify's web interface.
type NotifyConfig struct {
	// APIKey is the key as Notify shows it: {key_name}-{service_id}-{secret_key}.
	APIKey string
	// BaseURL defaults to DefaultNotifyBaseURL. Plain http is accepted only for a
	// loopback host, such as a test server.
	BaseURL string
	// TemplateID is the template used for any Email.Kind not in Templates.
	TemplateID string
	// Templates optionally maps an Email.Kind to its own template id, e.g. to give
	// sign-in emails a different reply-to address.
	Templates map[string]string
	// HTTPClient defaults to a client with a 30 second time-out.
	HTTPClient *http.Client
}

// NotifySender sends email through the GOV.UK Notify REST API.
type NotifySender struct {
	serviceID  string
	secret     []byte
	endpoint   string
	templateID string
	templates  map[string]string
	client     *http.Client
}

// NewNotifySender checks cfg and returns a sender. Errors never repeat the API key.
func NewNotifySender(cfg NotifyConfig) (*NotifySender, error) {
	serviceID, secret, err := parseNotifyKey(cfg.APIKey)
	if err != nil {
		return nil, fmt.Errorf("mail: notify: %w", err)
	}
	base, err := notifyBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: notify: %w", err)
	}
	templates, err := checkTemplates(cfg.TemplateID, cfg.Templates)
	if err != nil {
		return nil, fmt.Errorf("mail: notify: %w", err)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &NotifySender{
		serviceID:  serviceID,
		secret:     []byte(secret),
		endpoint:   base + "/v2/notifications/email",
		templateID: cfg.TemplateID,
		templates:  templates,
		client:     client,
	}, nil
}

// parseNotifyKey splits a Notify API key. The key name may itself contain dashes, so
// the two UUIDs are read from the end: 36 + 1 + 36 characters.
func parseNotifyKey(key string) (serviceID, secret string, err error) {
	const tail = 36 + 1 + 36
	key = strings.TrimSpace(key)
	if len(key) < tail+2 || key[len(key)-tail-1] != '-' {
		return "", "", errors.New("API key is not in the form {key_name}-{service_id}-{secret_key}")
	}
	serviceID, secret = key[len(key)-tail:len(key)-37], key[len(key)-36:]
	if !isUUID(serviceID) || key[len(key)-37] != '-' || !isUUID(secret) {
		return "", "", errors.New("API key does not end with a service id and secret key (two UUIDs)")
	}
	return serviceID, secret, nil
}

// notifyBaseURL checks the API's base URL, refusing plain http except to loopback so
// that the bearer token never crosses a network unencrypted.
func notifyBaseURL(raw string) (string, error) {
	if raw == "" {
		return DefaultNotifyBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q is not an absolute URL without query", raw)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return "", fmt.Errorf("base URL %q must use https", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// checkTemplates validates the default template id and the per-kind overrides.
func checkTemplates(def string, byKind map[string]string) (map[string]string, error) {
	if !isUUID(def) {
		return nil, fmt.Errorf("template id %q is not a UUID", def)
	}
	out := make(map[string]string, len(byKind))
	for kind, id := range byKind {
		if !isUUID(id) {
			return nil, fmt.Errorf("template id %q for kind %q is not a UUID", id, kind)
		}
		out[kind] = id
	}
	return out, nil
}

// isUUID reports whether s is a UUID in its 36-character text form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", r):
			return false
		}
	}
	return true
}

// notifyRequest is the body of POST /v2/notifications/email.
type notifyRequest struct {
	EmailAddress    string            `json:"email_address"`
	TemplateID      string            `json:"template_id"`
	Personalisation map[string]string `json:"personalisation"`
	Reference       string            `json:"reference,omitempty"`
}

// Send posts e to Notify. Only a refusal of the recipient is permanent (see
// parseNotifyError); a refused key (403) is a *ServiceError of kind FailAuth, no answer
// or a server error FailConnection, any other refused request FailConfig; rate limits
// and time-outs are temporary.
func (s *NotifySender) Send(ctx context.Context, e model.Email) error {
	body, err := json.Marshal(s.request(ctx, e))
	if err != nil {
		return permanent(fmt.Errorf("mail: notify: encode request: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("mail: notify: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+notifyToken(s.serviceID, s.secret, time.Now()))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "localdigital")
	resp, err := s.client.Do(req)
	if err != nil {
		return serviceFailure(FailConnection, fmt.Errorf("mail: notify: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	if err != nil {
		return serviceFailure(FailConnection, fmt.Errorf("mail: notify: status %d: read body: %w", resp.StatusCode, err))
	}
	return fmt.Errorf("mail: notify: %w", parseNotifyError(resp.StatusCode, data))
}

// request builds the API request for e, choosing the template by e.Kind.
func (s *NotifySender) request(ctx context.Context, e model.Email) notifyRequest {
	tmpl, ok := s.templates[e.Kind]
	if !ok {
		tmpl = s.templateID
	}
	ref, _ := ctx.Value(referenceKey{}).(string)
	personalisation := map[string]string{"subject": e.Subject, "body": e.Body}
	if e.Unsubscribe != "" {
		personalisation["unsubscribe_url"] = e.Unsubscribe
	}
	return notifyRequest{
		EmailAddress:    e.To,
		TemplateID:      tmpl,
		Personalisation: personalisation,
		Reference:       ref,
	}
}

type referenceKey struct{}

// WithReference attaches ref to ctx. NotifySender sends it as Notify's "reference",
// so that a notification seen in Notify's dashboard can be traced to its outbox row.
func WithReference(ctx context.Context, ref string) context.Context {
	return context.WithValue(ctx, referenceKey{}, ref)
}
