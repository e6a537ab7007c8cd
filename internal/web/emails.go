package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Email kinds, so that a GOV.UK Notify template can be chosen per kind.
const (
	kindSignIn       = "sign_in"
	kindSignerInvite = "signer_invite"
	kindSigningNews  = "signature_update"
)

// signInEmail carries the link, and the page to return to (next), so that signing in from
// a page that needed it lands back on that page.
func (s *Server) signInEmail(to, token, next string) model.Email {
	link := s.opts.BaseURL + "/sign-in/" + token
	if next != "" {
		link += "?next=" + url.QueryEscape(next)
	}
	return model.Email{To: to, Kind: kindSignIn, Subject: "Sign in to Local Digital", Body: fmt.Sprintf(
		"Use this link to sign in to Local Digital:\n\n%s\n\n"+
			"The link works once, for 30 minutes.\n\n"+
			"If you did not ask to sign in, you can ignore this email.\n", link),
		Link: link, LinkTTL: model.SignInLinkTTL}
}

// signerInviteEmail carries a senior signer's link; Link marks it as the secret to take
// out of the stored body once sent.
func (s *Server) signerInviteEmail(sig *model.Signature, org *model.Organisation, signer model.Signer, token string) model.Email {
	link := s.opts.BaseURL + "/confirm/" + token
	return model.Email{To: signer.Email, Kind: kindSignerInvite,
		Subject: fmt.Sprintf("Confirm %s’s signature of the Local Digital Declaration", org.Name),
		Body: fmt.Sprintf("Dear %s,\n\n%s has asked you, as %s, to sign the Local Digital Declaration on behalf of %s.\n\n"+
			"Their commitment is: %s\n\n"+
			"Read the commitment and confirm or decline here:\n\n%s\n\n"+
			"The link is personal to you and works for 30 days.\n",
			signer.Name, sig.StartedByEmail, strings.ToLower(signer.KindName()), org.Name, sig.Commitment.Title,
			link),
		Link: link, LinkTTL: model.SignerLinkTTL}
}

// signatureNews tells the person who started signing what happened next, and tells the
// platform team when a signature is ready to check.
func (s *Server) signatureNews(sig *model.Signature, event string) []model.Email {
	org := sig.Organisation.Name
	var subject, body string
	switch event {
	case store.EventSignerConfirmed:
		subject, body = "A senior signer has confirmed", "One of your senior signers has confirmed "+org+"’s signature. We are waiting for the others."
	case store.EventAllConfirmed:
		subject, body = "Your senior signers have confirmed", "All senior signers have confirmed "+org+"’s signature. The Local Digital team will check it and publish it on the register."
	case store.EventDeclined:
		subject, body = "A senior signer has declined", "A senior signer declined to sign for "+org+". The signature has been stopped. You can start again when you are ready."
	case store.EventVerified:
		subject, body = "Your signature is published", org+" is now on the register of signatories of the Local Digital Declaration."
	case store.EventRejected:
		subject, body = "Your signature was not accepted", "The Local Digital team could not accept "+org+"’s signature.\n\nReason: "+sig.RejectedReason
	case store.EventWithdrawn:
		subject, body = "Your signature has been withdrawn", org+"’s signature of the Local Digital Declaration has been withdrawn.\n\nReason: "+sig.WithdrawnReason
	case store.EventCancelled:
		subject, body = "Signing has been cancelled", "Signing the Local Digital Declaration for "+org+" has been cancelled. The senior signers’ links no longer work. You can start again when you are ready."
		if sig.CancelledReason != "" {
			body = "The Local Digital team has cancelled signing the Local Digital Declaration for " + org + ". The senior signers’ links no longer work. You can start again when you are ready.\n\nReason: " + sig.CancelledReason
		}
	case store.EventSignerChanged:
		subject, body = "A senior signer has been changed", "A senior signer for "+org+"’s signature has been changed and sent a new link. Their old link no longer works."
	default:
		return nil
	}
	link := fmt.Sprintf("\n\nSee your organisation’s page: %s/organisations/%s\n", s.opts.BaseURL, sig.Organisation.Slug)
	var out []model.Email
	if sig.StartedByEmail != "" {
		out = append(out, model.Email{To: sig.StartedByEmail, Kind: kindSigningNews, Subject: subject + ": Local Digital", Body: body + link})
	}
	return append(out, s.signerNews(sig, event)...)
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
				Subject: fmt.Sprintf("%s has withdrawn its signature: Local Digital", org),
				Body: fmt.Sprintf("Dear %s,\n\nYou signed the Local Digital Declaration for %s on %s. The organisation has withdrawn its signature.\n\nReason: %s\n\nSee the organisation’s page: %s/organisations/%s\n",
					sg.Name, org, formatDate(sg.RespondedAt), sig.WithdrawnReason, s.opts.BaseURL, sig.Organisation.Slug)})
		case event == store.EventCancelled && sg.Status == model.SignerPending:
			out = append(out, model.Email{To: sg.Email, Kind: kindSigningNews,
				Subject: fmt.Sprintf("You no longer need to sign for %s: Local Digital", org),
				Body: fmt.Sprintf("Dear %s,\n\nSigning the Local Digital Declaration for %s has been cancelled, so you no longer need to answer. The link we sent you no longer works.\n",
					sg.Name, org)})
		}
	}
	return out
}

// signerReplacedEmail tells an address that was replaced as a senior signer that its
// link no longer works.
func (s *Server) signerReplacedEmail(sig *model.Signature, old model.Signer) model.Email {
	return model.Email{To: old.Email, Kind: kindSigningNews,
		Subject: fmt.Sprintf("You no longer need to sign for %s: Local Digital", sig.Organisation.Name),
		Body: fmt.Sprintf("Dear %s,\n\n%s has asked someone else to sign the Local Digital Declaration for it, so you no longer need to answer. The link we sent you no longer works.\n",
			old.Name, sig.Organisation.Name)}
}
