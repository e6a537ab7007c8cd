package model

import (
	"fmt"
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

// SignatureStatusName is the plain-English name shown in tags.
func SignatureStatusName(s string) string {
	switch s {
	case SigAwaitingSigners:
		return "Awaiting senior signers"
	case SigAwaitingVerification:
		return "Awaiting verification"
	case SigVerified:
		return "Signed"
	case SigDeclined:
		return "Declined"
	case SigRejected:
		return "Rejected"
	case SigWithdrawn:
		return "Withdrawn"
	case SigCancelled:
		return "Cancelled"
	}
	return s
}

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
	required(fe, "title", c.Title, MaxTitle, "Enter a title for your commitment", "Title")
	if Length(c.Partners) > MaxPartners {
		fe.Add("partners", "Partners must be 500 characters or fewer")
	}
	required(fe, "mission", c.Mission, MaxMission, "Enter what you will deliver within a year", "Mission")
	required(fe, "impact", c.Impact, MaxImpact, "Enter how specific users will benefit", "Impact")
	return fe
}

func required(fe *FieldErrors, field, v string, max int, empty, label string) {
	switch {
	case v == "":
		fe.Add(field, empty)
	case Length(v) > max:
		fe.Add(field, label+" must be "+itoa(max)+" characters or fewer")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
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

// KindName describes the signer's place in the organisation.
func (s *Signer) KindName() string {
	switch s.Kind {
	case SignerCEO:
		return "Chief executive"
	case SignerLeader:
		return "Leader or lead member"
	}
	return "Senior signer"
}

// SignerFields names the stable form fields for a signer kind: name, role, email.
func SignerFields(kind string) (name, role, email string) {
	p := "ceo"
	if kind == SignerLeader {
		p = "leader"
	}
	return p + "_name", p + "_role", p + "_email"
}

// signerMessages are the messages about one senior signer's fields, each naming the
// signer, so that an error summary with two of them says which is which.
type signerMessages struct {
	name, role, email, format, domain, starter, other string
}

var signerText = map[string]signerMessages{
	SignerCEO: {
		name:    "Enter the full name of the chief executive",
		role:    "Enter the job title or role of the chief executive",
		email:   "Enter the chief executive’s email address",
		format:  "Enter the chief executive’s email address in the correct format, like name@example.gov.uk",
		domain:  "Enter the chief executive’s email address at %s",
		starter: "Enter the chief executive’s own email address, not yours: you cannot also be a senior signer",
		other:   "Enter the chief executive’s own email address, not the leader’s",
	},
	SignerLeader: {
		name:    "Enter the full name of the leader or lead member",
		role:    "Enter the job title or role of the leader or lead member",
		email:   "Enter the leader’s email address",
		format:  "Enter the leader’s email address in the correct format, like name@example.gov.uk",
		domain:  "Enter the leader’s email address at %s",
		starter: "Enter the leader’s own email address, not yours: you cannot also be a senior signer",
		other:   "Enter the leader’s own email address, not the chief executive’s",
	},
	SignerSenior: {
		name:    "Enter the full name of the senior signer",
		role:    "Enter the job title or role of the senior signer",
		email:   "Enter the senior signer’s email address",
		format:  "Enter the senior signer’s email address in the correct format, like name@example.gov.uk",
		domain:  "Enter the senior signer’s email address at %s",
		starter: "Enter the senior signer’s own email address, not yours: you cannot also be a senior signer",
		other:   "Enter the senior signer’s own email address",
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
	required(fe, nf, s.Name, MaxName, m.name, "Name")
	required(fe, rf, s.Role, MaxRole, m.role, "Role")
	email, valid := NormaliseEmail(s.Email)
	mailbox := CanonicalMailbox(email)
	switch {
	case strings.TrimSpace(s.Email) == "":
		fe.Add(ef, m.email)
	case !valid:
		fe.Add(ef, m.format)
	case org != nil && len(org.Domains) > 0 && !Contains(org.Domains, EmailDomain(email)):
		fe.Add(ef, fmt.Sprintf(m.domain, strings.Join(org.Domains, " or ")))
	case starter != "" && mailbox == CanonicalMailbox(starter):
		fe.Add(ef, m.starter)
	case sameMailbox(mailbox, s.Kind, others):
		fe.Add(ef, m.other)
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
	// WithdrawnReason is why a withdrawn signature was withdrawn.
	WithdrawnReason string
}
