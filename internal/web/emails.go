package web

import (
	"net/url"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Email kinds, so that a GOV.UK Notify template can be chosen per kind.
const (
	kindSignIn       = "sign_in"
	kindSignerInvite = "signer_invite"
	kindSigningNews  = "signature_update"
)

// A mailer words emails in one language: its printer, and the addresses of the site's
// pages in that language, so that a Welsh email links to Welsh pages.
type mailer struct {
	*locale.Printer
	base string
}

// link is the address of the site path p in the mail's language.
func (m mailer) link(p string) string { return m.base + localPath(m.Lang(), p) }

// mailIn words an email in lang, for the site at base.
func mailIn(base, lang string, write func(mailer) model.Email) model.Email {
	e := write(mailer{locale.New(lang), base})
	e.Lang = lang
	return e
}

// mailSeparator stands between the languages of an email written in more than one.
const mailSeparator = "\n\n----------\n\n"

// letter words an email in every language: the outbox keeps the version in the
// language of the account at its address. An address without an account gets it in
// lead (the language of the page whose action sent it), with the other languages
// below a separator line, the subjects joined the same way. Its link, the secret the
// outbox takes out once the email is sent, is lead's in every part, and the words
// that replace it are in every language.
func letter(base, lead string, write func(mailer) model.Email) model.Email {
	versions := model.EmailVersions{}
	for _, l := range locale.Languages() {
		versions[l] = mailIn(base, l, write)
	}
	e := versions[lead]
	for _, l := range locale.Languages() {
		if l == lead {
			continue
		}
		o := versions[l]
		body := o.Body
		if e.Link != "" {
			body = strings.ReplaceAll(body, o.Link, e.Link)
			e.LinkRemoved += " " + o.LinkRemoved
		}
		e.Subject += " / " + o.Subject
		e.Body = strings.TrimRight(e.Body, "\n") + mailSeparator + body
	}
	e.ForReader = &versions
	return e
}

// signInEmail carries the link, and the page to return to (next), so that signing in from
// a page that needed it lands back on that page. It is written in lang, the language of
// the page that asked for it, which becomes the person's.
func (s *Server) signInEmail(to, token, next, lang string) model.Email {
	return mailIn(s.opts.BaseURL, lang, func(m mailer) model.Email {
		link := m.link("/sign-in/" + token)
		if next != "" {
			link += "?next=" + url.QueryEscape(next)
		}
		return model.Email{To: to, Kind: kindSignIn, Subject: m.T("emails.signin.subject"),
			Body: m.T("emails.signin.body", "Link", link), Link: link,
			LinkRemoved: m.T("emails.link_removed"), LinkTTL: model.SignInLinkTTL}
	})
}

// signerKinds name a senior signer's place in a sentence.
var signerKindWords = map[string]model.Msg{
	model.SignerCEO:    {Key: "emails.signer_kind.ceo"},
	model.SignerLeader: {Key: "emails.signer_kind.leader"},
	model.SignerSenior: {Key: "emails.signer_kind.senior"},
}

// signerKind is the signer's kind as a sentence names it.
func signerKind(kind string) model.Msg {
	if m, ok := signerKindWords[kind]; ok {
		return m
	}
	return signerKindWords[model.SignerSenior]
}

// signerInviteEmail carries a senior signer's link; Link marks it as the secret to take
// out of the stored body once sent. lead is the language of the journey that named the
// signer.
func (s *Server) signerInviteEmail(sig *model.Signature, org *model.Organisation, signer model.Signer, token, lead string) model.Email {
	return letter(s.opts.BaseURL, lead, func(m mailer) model.Email {
		link := m.link("/confirm/" + token)
		name := org.NameIn(m.Lang())
		return model.Email{To: signer.Email, Kind: kindSignerInvite,
			Subject: m.T("emails.signer_invite.subject", "Org", name),
			Body: m.T("emails.signer_invite.body", "Name", signer.Name, "Starter", sig.StartedByEmail,
				"Kind", signerKind(signer.Kind), "Org", name, "Commitment", sig.Commitment.Title, "Link", link),
			Link: link, LinkRemoved: m.T("emails.link_removed"), LinkTTL: model.SignerLinkTTL}
	})
}

// signingNews are the subject and body of the email to the person who started signing,
// by event.
var signingNews = map[string]struct{ subject, body model.Msg }{
	store.EventSignerConfirmed: {model.Msg{Key: "emails.signing.signer_confirmed.subject"}, model.Msg{Key: "emails.signing.signer_confirmed.body"}},
	store.EventAllConfirmed:    {model.Msg{Key: "emails.signing.all_confirmed.subject"}, model.Msg{Key: "emails.signing.all_confirmed.body"}},
	store.EventDeclined:        {model.Msg{Key: "emails.signing.declined.subject"}, model.Msg{Key: "emails.signing.declined.body"}},
	store.EventVerified:        {model.Msg{Key: "emails.signing.verified.subject"}, model.Msg{Key: "emails.signing.verified.body"}},
	store.EventRejected:        {model.Msg{Key: "emails.signing.rejected.subject"}, model.Msg{Key: "emails.signing.rejected.body"}},
	store.EventWithdrawn:       {model.Msg{Key: "emails.signing.withdrawn.subject"}, model.Msg{Key: "emails.signing.withdrawn.body"}},
	store.EventCancelled:       {model.Msg{Key: "emails.signing.cancelled.subject"}, model.Msg{Key: "emails.signing.cancelled.body"}},
	store.EventSignerChanged:   {model.Msg{Key: "emails.signing.signer_changed.subject"}, model.Msg{Key: "emails.signing.signer_changed.body"}},
}

// signatureNews is the notifier that tells the person who started signing what
// happened next, and tells the senior signers what became of the signature
// (signerNews); lead is the language of the page whose action caused the news.
func (s *Server) signatureNews(lead string) store.Notifier {
	return func(sig *model.Signature, event string) []model.Email {
		news, ok := signingNews[event]
		if !ok {
			return nil
		}
		body := news.body
		reason := ""
		switch event {
		case store.EventRejected:
			reason = sig.RejectedReason
		case store.EventWithdrawn:
			reason = sig.WithdrawnReason
		case store.EventCancelled:
			if sig.CancelledReason != "" {
				body, reason = model.Msg{Key: "emails.signing.cancelled_by_team.body"}, sig.CancelledReason
			}
		}
		var out []model.Email
		if sig.StartedByEmail != "" {
			out = append(out, letter(s.opts.BaseURL, lead, func(m mailer) model.Email {
				return model.Email{To: sig.StartedByEmail, Kind: kindSigningNews, Subject: m.Msg(news.subject),
					Body: m.T(body.Key, "Org", sig.Organisation.NameIn(m.Lang()), "Reason", reason, "OrgURL", orgURL(m, sig))}
			}))
		}
		return append(out, s.signerNews(sig, event, lead)...)
	}
}

// orgURL is the address of the signing organisation's page.
func orgURL(m mailer, sig *model.Signature) string {
	return m.link("/organisations/" + sig.Organisation.Slug)
}

// signerNews tells the senior signers what became of the signature they were asked to
// sign: those who signed, of a withdrawal; those still asked, of a cancellation.
func (s *Server) signerNews(sig *model.Signature, event, lead string) []model.Email {
	var out []model.Email
	for _, sg := range sig.Signers {
		switch {
		case event == store.EventWithdrawn && sg.Status == model.SignerConfirmed:
			out = append(out, letter(s.opts.BaseURL, lead, func(m mailer) model.Email {
				org := sig.Organisation.NameIn(m.Lang())
				return model.Email{To: sg.Email, Kind: kindSigningNews,
					Subject: m.T("emails.signer_news.withdrawn.subject", "Org", org),
					Body: m.T("emails.signer_news.withdrawn.body", "Name", sg.Name, "Org", org,
						"Date", date(m.Printer, sg.RespondedAt), "Reason", sig.WithdrawnReason, "OrgURL", orgURL(m, sig))}
			}))
		case event == store.EventCancelled && sg.Status == model.SignerPending:
			out = append(out, letter(s.opts.BaseURL, lead, func(m mailer) model.Email {
				org := sig.Organisation.NameIn(m.Lang())
				return model.Email{To: sg.Email, Kind: kindSigningNews,
					Subject: m.T("emails.signer_news.no_longer_needed.subject", "Org", org),
					Body:    m.T("emails.signer_news.cancelled.body", "Name", sg.Name, "Org", org)}
			}))
		}
	}
	return out
}

// signerReplacedEmail tells an address that was replaced as a senior signer that its
// link no longer works; lead is the language of the page that replaced it.
func (s *Server) signerReplacedEmail(sig *model.Signature, old model.Signer, lead string) model.Email {
	return letter(s.opts.BaseURL, lead, func(m mailer) model.Email {
		org := sig.Organisation.NameIn(m.Lang())
		return model.Email{To: old.Email, Kind: kindSigningNews,
			Subject: m.T("emails.signer_news.no_longer_needed.subject", "Org", org),
			Body:    m.T("emails.signer_news.replaced.body", "Name", old.Name, "Org", org)}
	})
}
