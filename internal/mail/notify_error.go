package mail

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDetail bounds how much of Notify's answer goes into an error, which is logged and
// stored in the outbox's last_error column.
const maxDetail = 300

// notifyErrorBody is the JSON Notify sends with a failed request, e.g.
// {"status_code":400,"errors":[{"error":"BadRequestError","message":"..."}]}.
type notifyErrorBody struct {
	StatusCode int `json:"status_code"`
	Errors     []struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	} `json:"errors"`
}

// parseNotifyError turns a failed Notify response into an error an operator can act on,
// sorted by what resending could do (see Send). It always returns an error.
func parseNotifyError(status int, body []byte) error {
	text := http.StatusText(status)
	if text == "" {
		text = "unknown status"
	}
	err := fmt.Errorf("status %d (%s): %s", status, text, notifyErrorDetail(body))
	switch {
	case status == http.StatusRequestTimeout || status == http.StatusTooManyRequests:
		return err
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return serviceFailure(FailAuth, err)
	case status >= 500 || status < 400:
		return serviceFailure(FailConnection, err)
	case notifyRefusesRecipient(body):
		return permanent(err)
	}
	return serviceFailure(FailConfig, err)
}

// notifyRefusesRecipient reports whether Notify refused the message's recipient: an
// invalid address (a ValidationError on email_address), or one this service may not
// send to (a team-only key or trial mode: "Can't send to this recipient"). Any other
// refused request (an unknown template, missing personalisation) is our setting.
func notifyRefusesRecipient(body []byte) bool {
	var b notifyErrorBody
	if json.Unmarshal(body, &b) != nil {
		return false
	}
	for _, e := range b.Errors {
		switch {
		case e.Error == "ValidationError" && strings.Contains(e.Message, "email_address"):
			return true
		case e.Error == "BadRequestError" && strings.Contains(e.Message, "send to this recipient"):
			return true
		}
	}
	return false
}

// notifyErrorDetail summarises Notify's error list, or quotes the start of a body that
// is not Notify's JSON (a proxy's HTML page, say).
func notifyErrorDetail(body []byte) string {
	var b notifyErrorBody
	if json.Unmarshal(body, &b) == nil && len(b.Errors) > 0 {
		parts := make([]string, 0, len(b.Errors))
		for _, e := range b.Errors {
			parts = append(parts, joinNonEmpty(": ", e.Error, e.Message))
		}
		return clip(oneLine(strings.Join(parts, "; ")), maxDetail)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return "no details in response"
	}
	return "unexpected response: " + clip(oneLine(string(body)), maxDetail)
}

// oneLine makes s safe for a log line: valid UTF-8, control characters as spaces,
// runs of spaces collapsed.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
