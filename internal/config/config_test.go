package config

import (
	"flag"
	"io"
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
		"mail":      {"LD_MAIL": "pigeon"},
		"port":      {"LD_SMTP_PORT": "seventy"},
		"base":      {"LD_BASE_URL": "localhost"},
		"templates": {"LD_NOTIFY_TEMPLATES": "nokey"},
	} {
		if _, err := load(t, env); err == nil {
			t.Errorf("%s: want error", name)
		}
	}
}
