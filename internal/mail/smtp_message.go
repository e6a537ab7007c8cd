package mail

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// smtpMessage is an email ready for the SMTP conversation: the envelope addresses and
// the RFC 5322 text.
type smtpMessage struct {
	from, to string
	data     []byte
}

// message builds the RFC 5322 text of e. Any error is the message's own fault, so
// sending it again would fail the same way.
func (s *SMTPSender) message(e model.Email, now time.Time) (*smtpMessage, error) {
	to, err := parseAddress("recipient", e.To)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(e.Subject, "\r\n") {
		return nil, errors.New("subject contains a line break")
	}
	var b bytes.Buffer
	header(&b, "From", s.from.String())
	header(&b, "To", to.String())
	header(&b, "Subject", mime.QEncoding.Encode("utf-8", e.Subject))
	header(&b, "Date", now.Format(time.RFC1123Z))
	header(&b, "Message-ID", messageID(s.from.Address))
	header(&b, "MIME-Version", "1.0")
	header(&b, "Content-Type", "text/plain; charset=UTF-8")
	header(&b, "Content-Transfer-Encoding", "quoted-printable")
	if e.Unsubscribe != "" {
		// One-click unsubscribe (RFC 8058): the address answers a POST without a session.
		if strings.ContainsAny(e.Unsubscribe, "\r\n<>") {
			return nil, errors.New("unsubscribe address contains a line break or angle bracket")
		}
		header(&b, "List-Unsubscribe", "<"+e.Unsubscribe+">")
		header(&b, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	b.WriteString("\r\n")
	// Quoted-printable keeps lines short and 7-bit clean, so the body survives relays
	// that do not speak 8BITMIME; it also turns bare "\n" into CRLF.
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(e.Body)); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	return &smtpMessage{from: s.from.Address, to: to.Address, data: b.Bytes()}, nil
}

// header writes one header line. Values are already free of CR and LF.
func header(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(": ")
	b.WriteString(value)
	b.WriteString("\r\n")
}

// messageID returns a unique Message-ID in the sender's domain, as RFC 5322 asks.
func messageID(from string) string {
	domain := from[strings.LastIndexByte(from, '@')+1:]
	return "<" + rand.Text() + "@" + domain + ">"
}
