package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// kindDigest is the email kind of every follow email (digests and single items), so that
// a GOV.UK Notify template can be chosen for it; only these carry an unsubscribe link.
const kindDigest = "follow_digest"

// digestJobInterval is how often the digest job looks for what is due.
const digestJobInterval = time.Minute

// runDigests, the follows feature's job, sends what is due every interval until ctx is
// done: "as it happens" emails every time, daily and weekly digests from 8am London time.
// Every instance runs it: each person's period is claimed and sent once across them all.
func (s *Server) runDigests(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.SendDigests(ctx, s.db.Now()); err != nil && ctx.Err() == nil {
			s.log.Error("digests", "err", err)
		} else if n > 0 {
			s.log.Info("digests queued", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDigests queues every follow email due at asOf (`localdigital digests send`): the
// daily and weekly digests of the periods that ended by then and the items that happened
// since the last "as it happens" email. It returns how many emails it queued.
func (s *Server) SendDigests(ctx context.Context, asOf time.Time) (int, error) {
	write, err := s.digestWriter(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, f := range []string{model.DigestImmediate, model.DigestDaily, model.DigestWeekly} {
		n, err := s.db.SendDigests(ctx, f, asOf, write)
		total += n
		if err != nil {
			return total, err
		}
	}
	if total > 0 {
		s.opts.Wake()
	}
	return total, nil
}

// digestWriter words digests: in the reader's language, grouped by what they follow,
// each item worded by its kind's catalog key and linked to its page, with the reader's
// unsubscribe link.
func (s *Server) digestWriter(ctx context.Context) (store.DigestWriter, error) {
	key, err := s.db.SigningKey(ctx, unsubscribeKeyName)
	if err != nil {
		return nil, err
	}
	keys := s.activityKeys()
	return func(d store.Digest) model.Email {
		return mailIn(s.opts.BaseURL, d.Lang, func(m mailer) model.Email {
			var b strings.Builder
			for _, g := range d.Groups {
				b.WriteString(m.T("digest.group", "Title", g.Target.TitleIn(m.Lang()), "Link", m.link(g.Target.Path)))
				b.WriteString("\n\n")
				for _, a := range g.Items {
					line := a.Kind
					if k, ok := keys[a.Kind]; ok {
						line = m.T(k, "Title", a.TitleIn(m.Lang()))
					}
					b.WriteString(m.T("digest.item", "Item", line, "Date", date(m.Printer, a.At), "Link", m.link(a.Path)))
					b.WriteString("\n")
				}
				b.WriteString("\n")
			}
			unsubscribe := s.opts.BaseURL + "/unsubscribe/" + unsubscribeToken(key, d.UserID)
			n := d.Items()
			var subject, intro string
			switch d.Frequency {
			case model.DigestImmediate:
				subject, intro = m.T("digest.subject.immediate"), m.T("digest.intro.immediate")
			case model.DigestDaily:
				subject, intro = m.N("digest.subject.daily", n), m.T("digest.intro.daily")
			default:
				subject, intro = m.N("digest.subject.weekly", n), m.T("digest.intro.weekly")
			}
			return model.Email{To: d.Email, Kind: kindDigest, Subject: subject,
				Body: m.T("digest.body", "Intro", intro, "Items", strings.TrimRight(b.String(), "\n"),
					"Preferences", m.link("/account/notifications"), "Unsubscribe", unsubscribe),
				Unsubscribe: unsubscribe}
		})
	}, nil
}

// unsubscribeKeyName names the key that signs unsubscribe links (store.SigningKey).
const unsubscribeKeyName = "unsubscribe"

// unsubscribeToken is person id's unsubscribe token: their id and its signature, so that
// the link works without signing in and only for them.
func unsubscribeToken(key []byte, id int64) string {
	return strconv.FormatInt(id, 10) + "." + unsubscribeMAC(key, id)
}

func unsubscribeMAC(key []byte, id int64) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("unsubscribe:" + strconv.FormatInt(id, 10)))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// unsubscriber is the person a token names, if its signature is theirs.
func unsubscriber(key []byte, token string) (int64, bool) {
	idText, mac, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, false
	}
	return id, hmac.Equal([]byte(mac), []byte(unsubscribeMAC(key, id)))
}
