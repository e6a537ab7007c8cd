package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		want    string // type of Sender, as %T
		wantErr string
	}{
		{"default is log", Config{}, "*mail.LogSender", ""},
		{"log", Config{Kind: "log"}, "*mail.LogSender", ""},
		{"smtp", Config{Kind: "smtp", From: testFrom, SMTP: SMTPConfig{Host: "smtp.example.com"}}, "*mail.SMTPSender", ""},
		{"smtp needs a host", Config{Kind: "smtp", From: testFrom}, "", "host"},
		{"smtp needs a from address", Config{Kind: "SMTP", SMTP: SMTPConfig{Host: "h"}}, "", "from"},
		{"notify", Config{Kind: "notify", Notify: NotifyConfig{APIKey: testAPIKey, TemplateID: testTemplate}}, "*mail.NotifySender", ""},
		{"notify needs a key", Config{Kind: "notify", Notify: NotifyConfig{TemplateID: testTemplate}}, "", "API key"},
		{"notify needs a template", Config{Kind: "notify", Notify: NotifyConfig{APIKey: testAPIKey}}, "", "template"},
		{"unknown kind", Config{Kind: "sendgrid"}, "", "unknown sender kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.cfg, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%T", s); got != tt.want {
				t.Errorf("New returned %s, want %s", got, tt.want)
			}
		})
	}
}

func TestIsPermanent(t *testing.T) {
	base := errors.New("refused")
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain", base, false},
		{"permanent", permanent(base), true},
		{"wrapped permanent", fmt.Errorf("mail: smtp: %w", permanent(base)), true},
		{"joined", errors.Join(base, permanent(base)), true},
	}
	for _, tt := range tests {
		if got := IsPermanent(tt.err); got != tt.want {
			t.Errorf("%s: IsPermanent = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !errors.Is(permanent(base), base) {
		t.Error("PermanentError does not unwrap to its cause")
	}
}

func TestLogSenderLeavesOutBody(t *testing.T) {
	var buf strings.Builder
	s := NewLogSender(slog.New(slog.NewTextHandler(&buf, nil)))
	e := model.Email{To: "a@example.com", Kind: "sign-in", Subject: "Sign in", Body: "https://example.gov.uk/sign-in?token=SECRET"}
	if err := s.Send(WithReference(context.Background(), "outbox-7"), e); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"level=INFO", "ref=outbox-7", `subject="Sign in"`, "kind=sign-in", "body_bytes=43"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SECRET") {
		t.Errorf("log contains the body:\n%s", out)
	}
	if strings.Contains(out, "@") {
		t.Errorf("log contains an address (logs hold none):\n%s", out)
	}
}
