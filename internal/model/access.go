package model

// What a person may do to what. Each route's access value (internal/web/access.go) asks
// one of these once, before the handler runs; pages ask the same ones to decide which
// buttons to show. A nil *User is someone not signed in and may do none of these.

// SignedMemberships are the user's organisations that have signed the Declaration
// (Membership.Signed, loaded with the user): those they may publish resources and case
// studies for, and add to the reuse register.
func (u *User) SignedMemberships() []Membership {
	if u == nil {
		return nil
	}
	var out []Membership
	for _, m := range u.Memberships {
		if m.Signed {
			out = append(out, m)
		}
	}
	return out
}

// AdminMemberships are the memberships that make the user an admin of an organisation.
func (u *User) AdminMemberships() []Membership {
	if u == nil {
		return nil
	}
	var out []Membership
	for _, m := range u.Memberships {
		if m.IsAdmin() {
			out = append(out, m)
		}
	}
	return out
}

// CanPublish reports whether the user may publish resources and case studies, or say
// their organisation uses a resource: they belong to an organisation that has signed.
func CanPublish(u *User) bool { return len(u.SignedMemberships()) > 0 }

// CanPublishFor reports whether the user may publish for organisation orgID: they belong
// to it, and it has signed.
func CanPublishFor(u *User, orgID int64) bool {
	m, ok := u.Membership(orgID)
	return ok && m.Signed
}

// CanManageMembers reports whether the user may change who belongs to organisation
// orgID: its admins and the platform team.
func CanManageMembers(u *User, orgID int64) bool { return u.CanAdminOrganisation(orgID) }

// CanWithdraw reports whether the user may withdraw organisation orgID's signature: its
// admins and the platform team.
func CanWithdraw(u *User, orgID int64) bool { return u.CanAdminOrganisation(orgID) }

// CanManageSignature reports whether the user may cancel sig or change its signers: the
// person who started it, while still a member of the organisation, and its admins.
func CanManageSignature(u *User, sig *Signature) bool {
	if u == nil || sig == nil {
		return false
	}
	return (sig.StartedBy == u.ID && u.IsMemberOf(sig.OrganisationID)) || u.CanAdminOrganisation(sig.OrganisationID)
}

// CanOrganiseEvents reports whether the user may add events for some organisation: an
// admin of one, or the platform team.
func CanOrganiseEvents(u *User) bool { return u.AdminsAnyOrganisation() }

// CanOrganise reports whether the user may change, cancel and take attendance of e: an
// admin of the organisation running it, or the platform team.
func CanOrganise(u *User, e *Event) bool { return e != nil && u.CanAdminOrganisation(e.OrganisationID) }

// CanEditResource reports whether the user may add files to res: a member of one of the
// organisations that made it.
func CanEditResource(u *User, res *Resource) bool {
	if u == nil || res == nil {
		return false
	}
	for _, m := range u.Memberships {
		if res.HasOrganisation(m.OrganisationID) {
			return true
		}
	}
	return false
}

// CanSeeHiddenResource reports whether the user may still see res once it is hidden:
// the organisations that made it and the platform team.
func CanSeeHiddenResource(u *User, res *Resource) bool {
	return u.IsPlatformAdmin() || CanEditResource(u, res)
}

// CanHide reports whether the user may hide or show again what others published, and
// dismiss reports: the platform team.
func CanHide(u *User) bool { return u.IsPlatformAdmin() }

// CanReport reports whether the user may report content to the platform team: a member
// of any organisation.
func CanReport(u *User) bool { return u != nil && len(u.Memberships) > 0 }

// CanReportProgress reports whether the user may check in on organisation orgID's
// commitment and assess it against the principles: its members (admins included). The
// platform team reads the reports but does not write them for an organisation.
func CanReportProgress(u *User, orgID int64) bool { return u.IsMemberOf(orgID) }
