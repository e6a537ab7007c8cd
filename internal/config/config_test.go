package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func load(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return Load(fs, args, func(k string) string { return env[k] })
}

func TestDefaults(t *testing.T) {
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "sqlite:data/localdigital.db" || c.BaseURL != "http://localhost:8080" || c.Mail.Kind != "log" {
		t.Fatalf("defaults = %+v", c)
	}
	if c.Secure() {
		t.Fatal("http base URL must not mark cookies Secure")
	}
}

func TestEnvironmentThenFlags(t *testing.T) {
	env := map[string]string{"LD_ADDR": "127.0.0.1:9000", "LD_BASE_URL": "https://ld.example.gov.uk/", "LD_MAIL": "smtp",
		"LD_SMTP_PORT": "2525", "LD_NOTIFY_TEMPLATES": "sign_in=abc, signer_invite=def"}
	c, err := load(t, env, "--addr", "127.0.0.1:9001")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9001" {
		t.Errorf("flag should win over env: %q", c.Addr)
	}
	if c.BaseURL != "https://ld.example.gov.uk" || !c.Secure() {
		t.Errorf("base URL = %q secure=%v", c.BaseURL, c.Secure())
	}
	if c.Mail.SMTP.Port != 2525 || c.Mail.Notify.Templates["signer_invite"] != "def" {
		t.Errorf("mail = %+v", c.Mail)
	}
}

func TestInvalid(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"mail":                   {"LD_MAIL": "pigeon"},
		"port":                   {"LD_SMTP_PORT": "seventy"},
		"base":                   {"LD_BASE_URL": "localhost"},
		"templates":              {"LD_NOTIFY_TEMPLATES": "nokey"},
		"header without proxies": {"LD_CLIENT_IP_HEADER": "X-Forwarded-For"},
		"bad proxy":              {"LD_CLIENT_IP_HEADER": "X-Forwarded-For", "LD_TRUSTED_PROXIES": "10.0.0.1, balancer"},
		"contact":                {"LD_CONTACT_EMAIL": "the team"},
		"contact with a name":    {"LD_CONTACT_EMAIL": "Team <team@example.gov.uk>"},
	} {
		if _, err := load(t, env); err == nil {
			t.Errorf("%s: want error", name)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := load(t, map[string]string{"LD_CLIENT_IP_HEADER": "X-Forwarded-For"}, "--trusted-proxies", " 10.0.0.0/8, 192.0.2.7 ,::1,fd00::1/64")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "10.0.0.0/8 192.0.2.7/32 ::1/128 fd00::/64"; strings.Join(got, " ") != want {
		t.Errorf("trusted proxies = %v, want %s", got, want)
	}
}

func TestContactEmail(t *testing.T) {
	c, err := load(t, nil)
	if err != nil || c.ContactEmail != DefaultContactEmail {
		t.Fatalf("default contact email = %q, %v", c.ContactEmail, err)
	}
	c, err = load(t, map[string]string{"LD_CONTACT_EMAIL": "localdigital@communities.gov.uk"}, "--contact-email", "team@example.gov.uk")
	if err != nil || c.ContactEmail != "team@example.gov.uk" {
		t.Fatalf("contact email = %q, %v", c.ContactEmail, err)
	}
}
