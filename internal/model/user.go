package model

import (
	"strings"
	"time"
)

// Roles a user can hold. member and org_admin are held in one organisation (a
// Membership); platform_admin is held across the platform (User.Role).
const (
	RoleMember        = "member"
	RoleOrgAdmin      = "org_admin"
	RolePlatformAdmin = "platform_admin"
)

// Roles lists every role, least powerful first.
var Roles = []string{RoleMember, RoleOrgAdmin, RolePlatformAdmin}

// RoleName is the name of a role, as a message: any role it does not know is a member.
func RoleName(role string) Msg {
	switch role {
	case RoleOrgAdmin:
		return Msg{Key: "account.roles.org_admin"}
	case RolePlatformAdmin:
		return Msg{Key: "account.roles.platform_admin"}
	default:
		return Msg{Key: "account.roles.member"}
	}
}

// How a membership came about.
const (
	SourceDomain = "domain" // the person's email domain is one of the organisation's; re-checked at sign-in
	SourceManual = "manual" // a platform admin attached them; kept until removed
)

// MembershipRoles lists the roles a person can hold in an organisation.
var MembershipRoles = []string{RoleMember, RoleOrgAdmin}

// Membership is a person's place in one organisation.
type Membership struct {
	UserID           int64     `json:"-"`
	OrganisationID   int64     `json:"organisation_id"`
	OrganisationName string    `json:"organisation"`
	OrganisationSlug string    `json:"organisation_slug"`
	Role             string    `json:"role"`   // RoleMember or RoleOrgAdmin
	Source           string    `json:"source"` // SourceDomain or SourceManual
	CreatedAt        time.Time `json:"created_at"`
	// Signed is whether the organisation has signed the Declaration, loaded with the
	// user (once per request) but not with an organisation's member list.
	Signed bool `json:"-"`
}

// IsAdmin reports whether the membership makes the person an admin of its organisation.
func (m Membership) IsAdmin() bool { return m.Role == RoleOrgAdmin }

// Member is a membership seen from the organisation: who the person is.
type Member struct {
	Membership
	Email string
}

// EmailLanguages are the languages people may read their emails in, the default first.
var EmailLanguages = []string{"en", "cy"}

// User is a person who has signed in at least once.
type User struct {
	ID           int64
	Email        string
	Role         string // RoleMember, or RolePlatformAdmin for the platform team
	CreatedAt    time.Time
	LastSignInAt time.Time
	// Language is the language the person reads their emails in ("en" or "cy").
	Language string
	// Assessor is whether the person holds the assessor role (RoleAssessor): they may be
	// assigned funding bids to score.
	Assessor bool
	// Memberships are the organisations the person belongs to, by organisation name,
	// loaded with the user.
	Memberships []Membership
}

// IsPlatformAdmin reports whether the user runs the platform.
func (u *User) IsPlatformAdmin() bool { return u != nil && u.Role == RolePlatformAdmin }

// Membership returns the user's membership of organisation id, if any.
func (u *User) Membership(id int64) (Membership, bool) {
	if u == nil || id == 0 {
		return Membership{}, false
	}
	for _, m := range u.Memberships {
		if m.OrganisationID == id {
			return m, true
		}
	}
	return Membership{}, false
}

// IsMemberOf reports whether the user belongs to organisation id (in any role).
func (u *User) IsMemberOf(id int64) bool {
	_, ok := u.Membership(id)
	return ok
}

// OrganisationIDs lists the organisations the user belongs to, in membership order.
func (u *User) OrganisationIDs() []int64 {
	if u == nil {
		return nil
	}
	ids := make([]int64, len(u.Memberships))
	for i, m := range u.Memberships {
		ids[i] = m.OrganisationID
	}
	return ids
}

// AdminsAnyOrganisation reports whether the user is an admin of at least one
// organisation, or of every one as a platform admin.
func (u *User) AdminsAnyOrganisation() bool {
	if u.IsPlatformAdmin() {
		return true
	}
	if u == nil {
		return false
	}
	for _, m := range u.Memberships {
		if m.IsAdmin() {
			return true
		}
	}
	return false
}

// CanAdminOrganisation reports whether the user may act as admin for organisation id:
// a platform admin, or an org_admin member of it.
func (u *User) CanAdminOrganisation(id int64) bool {
	if u.IsPlatformAdmin() {
		return true
	}
	m, ok := u.Membership(id)
	return ok && m.IsAdmin()
}

// Session is a signed-in browser. Data holds answers of a journey in progress, so that
// several instances share them and nothing half-written reaches the real tables.
type Session struct {
	UserID    int64
	CSRF      string
	Data      string
	ExpiresAt time.Time
}

// SignInLinkTTL is how long an emailed sign-in link works.
const SignInLinkTTL = 30 * time.Minute

// SessionTTL is how long a session lasts without signing in again.
const SessionTTL = 14 * 24 * time.Hour

// RateLimitMailbox is the mailbox an address delivers to, as the per-address sign-in
// limit counts it: lower case, without a "+tag" after the local part (name+1@ and
// name+2@ reach the same inbox, so they share one limit).
func RateLimitMailbox(email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	local, domain := email[:at], email[at:]
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	return local + domain
}
