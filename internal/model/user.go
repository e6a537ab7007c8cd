package model

import (
	"strings"
	"time"
)

// Roles a user can hold. A member belongs to the organisation whose email domain they use.
const (
	RoleMember        = "member"
	RoleOrgAdmin      = "org_admin"
	RolePlatformAdmin = "platform_admin"
)

// Roles lists every role, least powerful first.
var Roles = []string{RoleMember, RoleOrgAdmin, RolePlatformAdmin}

// RoleName is the plain-English name of a role.
func RoleName(role string) string {
	switch role {
	case RoleOrgAdmin:
		return "Organisation admin"
	case RolePlatformAdmin:
		return "Platform admin"
	default:
		return "Member"
	}
}

// User is a person who has signed in at least once.
type User struct {
	ID             int64
	Email          string
	OrganisationID int64 // 0 when their domain belongs to no organisation
	Role           string
	CreatedAt      time.Time
	LastSignInAt   time.Time
}

// IsPlatformAdmin reports whether the user runs the platform.
func (u *User) IsPlatformAdmin() bool { return u != nil && u.Role == RolePlatformAdmin }

// CanAdminOrganisation reports whether the user may act as admin for organisation id.
func (u *User) CanAdminOrganisation(id int64) bool {
	if u == nil {
		return false
	}
	return u.Role == RolePlatformAdmin || (u.Role == RoleOrgAdmin && u.OrganisationID == id)
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
