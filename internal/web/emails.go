package web

import (
	"net/url"

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

// mailWords writes the emails: in English until people choose a language (issue 9).
var mailWords = locale.English

// signInEmail carries the link, and the page to return to (next), so that signing in from
// a page that needed it lands back on that page.
func (s *Server) signInEmail(to, token, next string) model.Email {
	link := s.opts.BaseURL + "/sign-in/" + token
	if next != "" {
		link += "?next=" + url.QueryEscape(next)
	}
	return model.Email{To: to, Kind: kindSignIn, Subject: mailWords.T("emails.signin.subject"),
		Body: mailWords.T("emails.signin.body", "Link", link), Link: link,
		LinkRemoved: mailWords.T("emails.link_removed"), LinkTTL: model.SignInLinkTTL}
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
// out of the stored body once sent.
func (s *Server) signerInviteEmail(sig *model.Signature, org *model.Organisation, signer model.Signer, token string) model.Email {
	link := s.opts.BaseURL + "/confirm/" + token
	return model.Email{To: signer.Email, Kind: kindSignerInvite,
		Subject: mailWords.T("emails.signer_invite.subject", "Org", org.Name),
		Body: mailWords.T("emails.signer_invite.body", "Name", signer.Name, "Starter", sig.StartedByEmail,
			"Kind", signerKind(signer.Kind), "Org", org.Name, "Commitment", sig.Commitment.Title, "Link", link),
		Link: link, LinkRemoved: mailWords.T("emails.link_removed"), LinkTTL: model.SignerLinkTTL}
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

// signatureNews tells the person who started signing what happened next, and tells the
// senior signers what became of the signature (signerNews).
func (s *Server) signatureNews(sig *model.Signature, event string) []model.Email {
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
		out = append(out, model.Email{To: sig.StartedByEmail, Kind: kindSigningNews, Subject: mailWords.Msg(news.subject),
			Body: mailWords.T(body.Key, "Org", sig.Organisation.Name, "Reason", reason, "OrgURL", s.orgURL(sig))})
	}
	return append(out, s.signerNews(sig, event)...)
}

// orgURL is the address of the signing organisation's page.
func (s *Server) orgURL(sig *model.Signature) string {
	return s.opts.BaseURL + "/organisations/" + sig.Organisation.Slug
}

// signerNews tells the senior signers what became of the signature they were asked to
// sign: those who signed, of a withdrawal; those still asked, of a cancellation.
func (s *Server) signerNews(sig *model.Signature, event string) []model.Email {
	org := sig.Organisation.Name
	var out []model.Email
	for _, sg := range sig.Signers {
		switch {
		case event == store.EventWithdrawn && sg.Status == model.SignerConfirmed:
			out = append(out, model.Email{To: sg.Email, Kind: kindSigningNews,
				Subject: mailWords.T("emails.signer_news.withdrawn.subject", "Org", org),
				Body: mailWords.T("emails.signer_news.withdrawn.body", "Name", sg.Name, "Org", org,
					"Date", date(mailWords, sg.RespondedAt), "Reason", sig.WithdrawnReason, "OrgURL", s.orgURL(sig))})
		case event == store.EventCancelled && sg.Status == model.SignerPending:
			out = append(out, model.Email{To: sg.Email, Kind: kindSigningNews,
				Subject: mailWords.T("emails.signer_news.no_longer_needed.subject", "Org", org),
				Body:    mailWords.T("emails.signer_news.cancelled.body", "Name", sg.Name, "Org", org)})
		}
	}
	return out
}

// signerReplacedEmail tells an address that was replaced as a senior signer that its
// link no longer works.
func (s *Server) signerReplacedEmail(sig *model.Signature, old model.Signer) model.Email {
	return model.Email{To: old.Email, Kind: kindSigningNews,
		Subject: mailWords.T("emails.signer_news.no_longer_needed.subject", "Org", sig.Organisation.Name),
		Body:    mailWords.T("emails.signer_news.replaced.body", "Name", old.Name, "Org", sig.Organisation.Name)}
}
