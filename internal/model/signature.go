package model

import (
	"strings"
	"time"
)

// Signature statuses. A signature is "live" while it is awaiting signers, awaiting
// verification or verified; the database allows one live signature per organisation per
// Declaration version.
const (
	SigAwaitingSigners      = "awaiting_signers"
	SigAwaitingVerification = "awaiting_verification"
	SigVerified             = "verified"
	SigDeclined             = "declined"
	SigRejected             = "rejected"
	SigWithdrawn            = "withdrawn"
	SigCancelled            = "cancelled" // stopped before it was verified, by its starter, an org admin or the platform team
)

// Pending reports whether a signature status is still on its way to the register: the
// statuses its starter can cancel.
func Pending(status string) bool {
	return status == SigAwaitingSigners || status == SigAwaitingVerification
}

// signatureStatusNames are the statuses' names shown in tags.
var signatureStatusNames = map[string]Msg{
	SigAwaitingSigners:      {Key: "signing.status.awaiting_signers"},
	SigAwaitingVerification: {Key: "signing.status.awaiting_verification"},
	SigVerified:             {Key: "signing.status.verified"},
	SigDeclined:             {Key: "signing.status.declined"},
	SigRejected:             {Key: "signing.status.rejected"},
	SigWithdrawn:            {Key: "signing.status.withdrawn"},
	SigCancelled:            {Key: "signing.status.cancelled"},
}

// SignatureStatusName is the name of a status shown in tags, as a message; an unknown
// status is its own key, which the printer shows as it is.
func SignatureStatusName(s string) Msg { return labelOf(signatureStatusNames, s) }

// signatureStatusInSentence are the statuses' names as a sentence uses them ("This
// signature is withdrawn").
var signatureStatusInSentence = map[string]Msg{
	SigAwaitingSigners:      {Key: "signing.status.in_sentence.awaiting_signers"},
	SigAwaitingVerification: {Key: "signing.status.in_sentence.awaiting_verification"},
	SigVerified:             {Key: "signing.status.in_sentence.verified"},
	SigDeclined:             {Key: "signing.status.in_sentence.declined"},
	SigRejected:             {Key: "signing.status.in_sentence.rejected"},
	SigWithdrawn:            {Key: "signing.status.in_sentence.withdrawn"},
	SigCancelled:            {Key: "signing.status.in_sentence.cancelled"},
}

// SignatureStatusInSentence is a status's name as a message that a sentence can hold.
func SignatureStatusInSentence(s string) Msg { return signatureStatusInSentence[s] }

// SignatureStatusColour is the GOV.UK tag modifier for a status.
func SignatureStatusColour(s string) string {
	switch s {
	case SigVerified:
		return "govuk-tag--green"
	case SigAwaitingSigners, SigAwaitingVerification:
		return "govuk-tag--yellow"
	case SigWithdrawn, SigCancelled:
		return "govuk-tag--grey"
	default:
		return "govuk-tag--red"
	}
}

// Signer kinds: a council names its chief executive and its leader; other bodies one
// senior signer.
const (
	SignerCEO    = "ceo"
	SignerLeader = "leader"
	SignerSenior = "senior"
)

// Signer statuses.
const (
	SignerPending   = "pending"
	SignerConfirmed = "confirmed"
	SignerDeclined  = "declined"
)

// SignerLinkTTL is how long a senior signer's emailed link works.
const SignerLinkTTL = 30 * 24 * time.Hour

// Resending a senior signer's link: at most MaxSignerResends times in SignerResendWindow.
const (
	MaxSignerResends   = 3
	SignerResendWindow = 24 * time.Hour
)

// MaxReason limits the reason given for withdrawing or cancelling a signature.
const MaxReason = 1000

// Commitment is the one project a signatory will deliver within a year of signing.
type Commitment struct {
	Title    string
	Partners string
	Mission  string
	Impact   string
	// Language is the language it is written in: en or cy.
	Language string
}

// Length limits, shown to people as hints.
const (
	MaxTitle    = 120
	MaxPartners = 500
	MaxMission  = 1200
	MaxImpact   = 1200
	MaxName     = 100
	MaxRole     = 100
)

// Validate cleans the commitment and returns errors keyed by the stable form fields.
func (c *Commitment) Validate() *FieldErrors {
	fe := &FieldErrors{}
	c.Title = CleanLine(c.Title)
	c.Partners = CleanText(c.Partners)
	c.Mission = CleanText(c.Mission)
	c.Impact = CleanText(c.Impact)
	required(fe, "title", c.Title, MaxTitle, "signing.commitment.title.missing", "signing.commitment.title.too_long")
	if Length(c.Partners) > MaxPartners {
		fe.Add("partners", "signing.commitment.partners.too_long", "Max", MaxPartners)
	}
	required(fe, "mission", c.Mission, MaxMission, "signing.commitment.mission.missing", "signing.commitment.mission.too_long")
	required(fe, "impact", c.Impact, MaxImpact, "signing.commitment.impact.missing", "signing.commitment.impact.too_long")
	languageField(fe, &c.Language)
	return fe
}

// required checks a text field: missing is the key of the message when it is empty,
// tooLong when it is longer than max (the message's .Max).
func required(fe *FieldErrors, field, v string, max int, missing, tooLong string) {
	switch {
	case v == "":
		fe.Add(field, missing)
	case Length(v) > max:
		fe.Add(field, tooLong, "Max", max)
	}
}

// Signer is a senior person who confirms the signature by their own emailed link.
type Signer struct {
	ID          int64
	SignatureID int64
	Kind        string
	Name        string
	Role        string
	Email       string
	Status      string
	RespondedAt time.Time
}

// KindName describes the signer's place in the organisation, as a message.
func (s *Signer) KindName() Msg {
	switch s.Kind {
	case SignerCEO:
		return Msg{Key: "signing.signer_kinds.ceo"}
	case SignerLeader:
		return Msg{Key: "signing.signer_kinds.leader"}
	}
	return Msg{Key: "signing.signer_kinds.senior"}
}

// SignerFields names the stable form fields for a signer kind: name, role, email.
func SignerFields(kind string) (name, role, email string) {
	p := "ceo"
	if kind == SignerLeader {
		p = "leader"
	}
	return p + "_name", p + "_role", p + "_email"
}

// signerMessages are the catalog keys of the messages about one senior signer's fields,
// each naming the signer, so that an error summary with two of them says which is which.
type signerMessages struct {
	name, nameLong, role, roleLong, email, format, domain, starter, other Msg
}

var signerText = map[string]signerMessages{
	SignerCEO: {
		name:     Msg{Key: "signing.signers.ceo.name.missing"},
		nameLong: Msg{Key: "signing.signers.name.too_long"},
		role:     Msg{Key: "signing.signers.ceo.role.missing"},
		roleLong: Msg{Key: "signing.signers.role.too_long"},
		email:    Msg{Key: "signing.signers.ceo.email.missing"},
		format:   Msg{Key: "signing.signers.ceo.email.format"},
		domain:   Msg{Key: "signing.signers.ceo.email.domain"},
		starter:  Msg{Key: "signing.signers.ceo.email.starter"},
		other:    Msg{Key: "signing.signers.ceo.email.other"},
	},
	SignerLeader: {
		name:     Msg{Key: "signing.signers.leader.name.missing"},
		nameLong: Msg{Key: "signing.signers.name.too_long"},
		role:     Msg{Key: "signing.signers.leader.role.missing"},
		roleLong: Msg{Key: "signing.signers.role.too_long"},
		email:    Msg{Key: "signing.signers.leader.email.missing"},
		format:   Msg{Key: "signing.signers.leader.email.format"},
		domain:   Msg{Key: "signing.signers.leader.email.domain"},
		starter:  Msg{Key: "signing.signers.leader.email.starter"},
		other:    Msg{Key: "signing.signers.leader.email.other"},
	},
	SignerSenior: {
		name:     Msg{Key: "signing.signers.senior.name.missing"},
		nameLong: Msg{Key: "signing.signers.name.too_long"},
		role:     Msg{Key: "signing.signers.senior.role.missing"},
		roleLong: Msg{Key: "signing.signers.role.too_long"},
		email:    Msg{Key: "signing.signers.senior.email.missing"},
		format:   Msg{Key: "signing.signers.senior.email.format"},
		domain:   Msg{Key: "signing.signers.senior.email.domain"},
		starter:  Msg{Key: "signing.signers.senior.email.starter"},
		other:    Msg{Key: "signing.signers.senior.email.other"},
	},
}

// ValidateSigners cleans the senior signers and checks them against the organisation and
// the person signing (starter, their email address). Councils need a chief executive and
// a leader; no two of the starter and the signers may share a mailbox (CanonicalMailbox).
func ValidateSigners(org *Organisation, starter string, signers []Signer) *FieldErrors {
	fe := &FieldErrors{}
	for i := range signers {
		validateSigner(fe, org, starter, &signers[i], signers[:i])
	}
	return fe
}

// ValidateSigner checks one signer, as when a starter changes a signer's name or address,
// against the organisation, the starter and the other signers.
func ValidateSigner(org *Organisation, starter string, s *Signer, others []Signer) *FieldErrors {
	fe := &FieldErrors{}
	validateSigner(fe, org, starter, s, others)
	return fe
}

func validateSigner(fe *FieldErrors, org *Organisation, starter string, s *Signer, others []Signer) {
	nf, rf, ef := SignerFields(s.Kind)
	m, ok := signerText[s.Kind]
	if !ok {
		m = signerText[SignerSenior]
	}
	s.Name, s.Role = CleanLine(s.Name), CleanLine(s.Role)
	required(fe, nf, s.Name, MaxName, m.name.Key, m.nameLong.Key)
	required(fe, rf, s.Role, MaxRole, m.role.Key, m.roleLong.Key)
	email, valid := NormaliseEmail(s.Email)
	mailbox := CanonicalMailbox(email)
	switch {
	case strings.TrimSpace(s.Email) == "":
		fe.AddMsg(ef, m.email)
	case !valid:
		fe.AddMsg(ef, m.format)
	case org != nil && len(org.Domains) > 0 && !Contains(org.Domains, EmailDomain(email)):
		fe.Add(ef, m.domain.Key, "Domains", org.Domains)
	case starter != "" && mailbox == CanonicalMailbox(starter):
		fe.AddMsg(ef, m.starter)
	case sameMailbox(mailbox, s.Kind, others):
		fe.AddMsg(ef, m.other)
	default:
		s.Email = email
	}
}

func sameMailbox(mailbox, kind string, others []Signer) bool {
	for _, o := range others {
		if o.Kind != kind && CanonicalMailbox(o.Email) == mailbox {
			return true
		}
	}
	return false
}

// CanonicalMailbox reduces an email address to the mailbox it reaches, for telling
// whether two addresses are one person's: lower case, without a +tag in the local part
// and without dots in the local part. Gmail ignores dots and many providers deliver
// +tags to the same mailbox; dots are set aside for every domain, which may join two
// people's addresses (jo.smith@ and josmith@) but never lets one person pass as two.
// googlemail.com is gmail.com. It is for comparing only: emails go to the address given.
func CanonicalMailbox(email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	local, domain := email[:at], email[at+1:]
	if plus := strings.IndexByte(local, '+'); plus >= 0 {
		local = local[:plus]
	}
	local = strings.ReplaceAll(local, ".", "")
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	return local + "@" + domain
}

// Signature is an organisation's signing of one version of the Declaration.
type Signature struct {
	ID                 int64
	OrganisationID     int64
	DeclarationVersion int
	Status             string
	Commitment         Commitment
	StartedBy          int64
	StartedByEmail     string
	CreatedAt          time.Time
	VerifiedAt         time.Time
	WithdrawnAt        time.Time
	RejectedReason     string
	WithdrawnReason    string
	CancelledAt        time.Time
	CancelledReason    string
	Signers            []Signer
	Organisation       *Organisation
}

// Live reports whether the signature blocks another for the same version.
func (s *Signature) Live() bool {
	return s.Status == SigAwaitingSigners || s.Status == SigAwaitingVerification || s.Status == SigVerified
}

// SignatoryRow is one line of the public register.
type SignatoryRow struct {
	Organisation Organisation
	SignatureID  int64
	Status       string
	SignedAt     time.Time
	WithdrawnAt  time.Time
	Title        string
	Language     string // the commitment's language: en or cy; "" with no signature
	// WithdrawnReason is why a withdrawn signature was withdrawn.
	WithdrawnReason string
	// CommitmentStatus is where the commitment stands in its year (CommitmentStatuses);
	// "" for a signature whose commitment is not followed.
	CommitmentStatus string
}
