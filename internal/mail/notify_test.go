package mail

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	testServiceID       = "26785a09-ab16-4eb0-8407-a37497a57506"
	testSecret          = "3d844edf-8d35-48ac-975b-e847b4f122b0"
	testAPIKey          = "localdigital-test-" + testServiceID + "-" + testSecret
	testTemplate        = "f33517ff-2a88-4f6e-b855-c550268ce08a"
	testSignInTemplate  = "0d2bcd6e-3c1c-4e4b-9a5e-2f0f1b4f4b2a"
	notifyCreatedAnswer = `{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":null}`
)

// notifyRequestSeen is what the fake Notify server was sent.
type notifyRequestSeen struct {
	method, path, auth, contentType, userAgent string
	body                                       notifyRequest
}

// fakeNotify answers every request with status and body, recording what it was sent.
func fakeNotify(t *testing.T, status int, body string) (url string, seen func() []notifyRequestSeen) {
	t.Helper()
	var mu sync.Mutex
	var reqs []notifyRequestSeen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		got := notifyRequestSeen{
			method: r.Method, path: r.URL.Path, auth: r.Header.Get("Authorization"),
			contentType: r.Header.Get("Content-Type"), userAgent: r.Header.Get("User-Agent"),
		}
		if err := json.Unmarshal(raw, &got.body); err != nil {
			t.Errorf("request body %q is not JSON: %v", raw, err)
		}
		mu.Lock()
		reqs = append(reqs, got)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []notifyRequestSeen {
		mu.Lock()
		defer mu.Unlock()
		return append([]notifyRequestSeen(nil), reqs...)
	}
}

func TestNotifySend(t *testing.T) {
	url, seen := fakeNotify(t, http.StatusCreated, notifyCreatedAnswer)
	s, err := NewNotifySender(NotifyConfig{
		APIKey: testAPIKey, BaseURL: url + "/", TemplateID: testTemplate,
		Templates: map[string]string{"sign-in": testSignInTemplate},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, kind, ref, wantTemplate, unsubscribe string
	}{
		{"kind with its own template", "sign-in", "outbox-7", testSignInTemplate, ""},
		{"kind using the default template", "receipt", "", testTemplate, ""},
		{"a follow email: its unsubscribe link in the personalisation", "follow_digest", "", testTemplate, "https://x/unsubscribe/7.abc"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := model.Email{To: "sian@example.com", Kind: tt.kind, Subject: "Sign in – Mewngofnodi", Body: "Link:\nhttps://x/y",
				Unsubscribe: tt.unsubscribe}
			ctx := context.Background()
			if tt.ref != "" {
				ctx = WithReference(ctx, tt.ref)
			}
			if err := s.Send(ctx, e); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := seen()[i]
			if got.method != http.MethodPost || got.path != "/v2/notifications/email" {
				t.Errorf("request %s %s, want POST /v2/notifications/email", got.method, got.path)
			}
			if got.contentType != "application/json" || got.userAgent != "localdigital" {
				t.Errorf("Content-Type %q, User-Agent %q", got.contentType, got.userAgent)
			}
			checkNotifyToken(t, got.auth)
			want := notifyRequest{
				EmailAddress: e.To, TemplateID: tt.wantTemplate, Reference: tt.ref,
				Personalisation: map[string]string{"subject": e.Subject, "body": e.Body},
			}
			if tt.unsubscribe != "" {
				want.Personalisation["unsubscribe_url"] = tt.unsubscribe
			}
			if g, _ := json.Marshal(got.body); string(g) != string(must(json.Marshal(want))) {
				t.Errorf("body = %s\nwant %s", g, must(json.Marshal(want)))
			}
		})
	}
}

// checkNotifyToken verifies the bearer token independently of notifyToken.
func checkNotifyToken(t *testing.T, auth string) {
	t.Helper()
	token, ok := strings.CutPrefix(auth, "Bearer ")
	parts := strings.Split(token, ".")
	if !ok || len(parts) != 3 {
		t.Fatalf("Authorization %q is not a bearer JWT", auth)
	}
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		t.Fatalf("JWT signature does not verify with the secret key (%v)", err)
	}
	var header struct{ Typ, Alg string }
	decodeJWTPart(t, parts[0], &header)
	if header.Typ != "JWT" || header.Alg != "HS256" {
		t.Errorf("JWT header = %+v", header)
	}
	var claims struct {
		Iss string
		Iat int64
	}
	decodeJWTPart(t, parts[1], &claims)
	if claims.Iss != testServiceID {
		t.Errorf("iss = %q, want the service id %q", claims.Iss, testServiceID)
	}
	if d := time.Since(time.Unix(claims.Iat, 0)); d.Abs() > time.Minute {
		t.Errorf("iat is %v from now", d)
	}
}

func decodeJWTPart(t *testing.T, part string, v any) {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		t.Fatalf("JWT part %q: %v", part, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("JWT part %s: %v", raw, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestNotifySendFailures(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		body          string
		wantPermanent bool
		wantText      string
	}{
		{"team-only key", 400,
			`{"status_code":400,"errors":[{"error":"BadRequestError","message":"Can't send to this recipient using a team-only API key"}]}`,
			true, "BadRequestError: Can't send to this recipient using a team-only API key"},
		{"bad token", 403,
			`{"status_code":403,"errors":[{"error":"AuthError","message":"Invalid token: API key not found"}]}`,
			false, "AuthError: Invalid token: API key not found"},
		{"rate limited", 429,
			`{"status_code":429,"errors":[{"error":"RateLimitError","message":"Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"}]}`,
			false, "RateLimitError: Exceeded rate limit"},
		{"server error", 500,
			`{"status_code":500,"errors":[{"error":"Exception","message":"Internal server error"}]}`,
			false, "Exception: Internal server error"},
		{"proxy page", 502, "<html><body>Bad gateway</body></html>", false, "502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, _ := fakeNotify(t, tt.status, tt.body)
			s, err := NewNotifySender(NotifyConfig{APIKey: testAPIKey, BaseURL: url, TemplateID: testTemplate})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(context.Background(), model.Email{To: "a@example.com", Subject: "s", Body: "b"})
			if err == nil || IsPermanent(err) != tt.wantPermanent || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("err = %v (permanent %v), want permanent %v containing %q",
					err, IsPermanent(err), tt.wantPermanent, tt.wantText)
			}
		})
	}
}

func TestNotifySendNetworkErrorIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	s, err := NewNotifySender(NotifyConfig{APIKey: testAPIKey, BaseURL: url, TemplateID: testTemplate})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), model.Email{To: "a@example.com"})
	if err == nil || IsPermanent(err) {
		t.Errorf("err = %v, want a temporary error", err)
	}
}

func TestNewNotifySender(t *testing.T) {
	tests := []struct {
		name    string
		cfg     NotifyConfig
		wantErr string
	}{
		{"valid", NotifyConfig{APIKey: testAPIKey, TemplateID: testTemplate}, ""},
		{"key name with no dashes", NotifyConfig{APIKey: "k-" + testServiceID + "-" + testSecret, TemplateID: testTemplate}, ""},
		{"empty key", NotifyConfig{TemplateID: testTemplate}, "API key"},
		{"key without a name", NotifyConfig{APIKey: testServiceID + "-" + testSecret, TemplateID: testTemplate}, "API key"},
		{"key without a service id", NotifyConfig{APIKey: "name-" + testSecret, TemplateID: testTemplate}, "API key"},
		{"key with a truncated secret", NotifyConfig{APIKey: testAPIKey[:len(testAPIKey)-1], TemplateID: testTemplate}, "API key"},
		{"key with a non-hex secret", NotifyConfig{APIKey: testAPIKey[:len(testAPIKey)-1] + "g", TemplateID: testTemplate}, "API key"},
		{"key without separators", NotifyConfig{APIKey: "name-" + strings.Repeat("a", 73), TemplateID: testTemplate}, "API key"},
		{"no template", NotifyConfig{APIKey: testAPIKey}, "template id"},
		{"bad template", NotifyConfig{APIKey: testAPIKey, TemplateID: "sign-in"}, "template id"},
		{"bad kind template", NotifyConfig{APIKey: testAPIKey, TemplateID: testTemplate, Templates: map[string]string{"x": "y"}}, "kind"},
		{"http to a remote host", NotifyConfig{APIKey: testAPIKey, TemplateID: testTemplate, BaseURL: "http://api.example.com"}, "https"},
		{"relative base URL", NotifyConfig{APIKey: testAPIKey, TemplateID: testTemplate, BaseURL: "/v2"}, "base URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewNotifySender(tt.cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if s.endpoint != DefaultNotifyBaseURL+"/v2/notifications/email" || s.serviceID != testServiceID {
					t.Errorf("endpoint %q, service id %q", s.endpoint, s.serviceID)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("error %q repeats the secret key", err)
			}
		})
	}
}

func TestParseNotifyError(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		body          string
		wantPermanent bool
		want          string
	}{
		{"400", 400, `{"status_code":400,"errors":[{"error":"ValidationError","message":"email_address Not a valid email address"}]}`,
			true, "status 400 (Bad Request): ValidationError: email_address Not a valid email address"},
		{"two errors", 400, `{"errors":[{"error":"BadRequestError","message":"a"},{"error":"ValidationError","message":"b"}]}`,
			false, "status 400 (Bad Request): BadRequestError: a; ValidationError: b"},
		{"403", 403, `{"status_code":403,"errors":[{"error":"AuthError","message":"Error: Your system clock must be accurate to within 30 seconds"}]}`,
			false, "status 403 (Forbidden): AuthError: Error: Your system clock must be accurate to within 30 seconds"},
		{"429", 429, `{"status_code":429,"errors":[{"error":"TooManyRequestsError","message":"Exceeded send limits (50) for today"}]}`,
			false, "status 429 (Too Many Requests): TooManyRequestsError: Exceeded send limits (50) for today"},
		{"500", 500, `{"status_code":500,"errors":[{"error":"Exception","message":"Internal server error"}]}`,
			false, "status 500 (Internal Server Error): Exception: Internal server error"},
		{"408 is temporary", 408, ``, false, "status 408 (Request Timeout): no details in response"},
		{"error without message", 400, `{"errors":[{"error":"BadRequestError"}]}`, false, "status 400 (Bad Request): BadRequestError"},
		{"not JSON", 503, "<h1>Service\r\nUnavailable</h1>", false, "status 503 (Service Unavailable): unexpected response: <h1>Service Unavailable</h1>"},
		{"empty error list", 400, `{"errors":[]}`, false, `status 400 (Bad Request): unexpected response: {"errors":[]}`},
		{"odd status", 599, "", false, "status 599 (unknown status): no details in response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parseNotifyError(tt.status, []byte(tt.body))
			if err == nil || err.Error() != tt.want || IsPermanent(err) != tt.wantPermanent {
				t.Errorf("got %v (permanent %v)\nwant %s (permanent %v)", err, IsPermanent(err), tt.want, tt.wantPermanent)
			}
		})
	}
}

func TestParseNotifyErrorClipsLongBodies(t *testing.T) {
	err := parseNotifyError(500, []byte(strings.Repeat("é", 1000)))
	if len(err.Error()) > maxDetail+100 || !strings.HasSuffix(err.Error(), "…") {
		t.Errorf("error of %d bytes: %.80q...", len(err.Error()), err)
	}
}

func FuzzParseNotifyError(f *testing.F) {
	f.Add(400, []byte(`{"status_code":400,"errors":[{"error":"BadRequestError","message":"Can't send"}]}`))
	f.Add(429, []byte(`{"errors":[{"error":"RateLimitError","message":"slow down"}]}`))
	f.Add(500, []byte(`<html>oops</html>`))
	f.Add(403, []byte(``))
	f.Add(-1, []byte("\xff\x00\n"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := parseNotifyError(status, body)
		if err == nil {
			if status >= 400 {
				t.Fatalf("nil error for status %d", status)
			}
			return
		}
		msg := err.Error()
		if strings.ContainsAny(msg, "\r\n\x00") || len(msg) > maxDetail+100 {
			t.Errorf("error text is not one short line: %q", msg)
		}
		if IsPermanent(err) && (status < 400 || status >= 500 || status == 401 || status == 403 || status == 408 || status == 429) {
			t.Errorf("status %d: permanent = %v", status, IsPermanent(err))
		}
	})
}
