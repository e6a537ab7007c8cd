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
)

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
	case SigWithdrawn:
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

// ValidateSigners cleans the senior signers and checks them against the organisation.
// Councils need a chief executive and a leader with different addresses.
func ValidateSigners(org *Organisation, signers []Signer) *FieldErrors {
	fe := &FieldErrors{}
	seen := map[string]string{}
	for i := range signers {
		s := &signers[i]
		nf, rf, ef := SignerFields(s.Kind)
		s.Name, s.Role = CleanLine(s.Name), CleanLine(s.Role)
		who := "the chief executive"
		if s.Kind == SignerLeader {
			who = "the leader or lead member"
		} else if s.Kind == SignerSenior {
			who = "the senior signer"
		}
		required(fe, nf, s.Name, MaxName, "Enter the full name of "+who, "Name")
		required(fe, rf, s.Role, MaxRole, "Enter the job title or role of "+who, "Role")
		email, ok := NormaliseEmail(s.Email)
		switch {
		case strings.TrimSpace(s.Email) == "":
			fe.Add(ef, "Enter the email address of "+who)
		case !ok:
			fe.Add(ef, "Enter an email address in the correct format, like name@example.gov.uk")
		case org != nil && len(org.Domains) > 0 && !Contains(org.Domains, EmailDomain(email)):
			fe.Add(ef, "Enter an email address at "+strings.Join(org.Domains, " or "))
		case seen[email] != "":
			fe.Add(ef, "Enter a different email address for each senior signer")
		default:
			s.Email = email
		}
		seen[email] = s.Kind
	}
	return fe
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
}
