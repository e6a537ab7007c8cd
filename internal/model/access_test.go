package model

import "testing"

// TestPermissions runs each permission function against the people who may, and may
// not, do the thing.
func TestPermissions(t *testing.T) {
	const signed, unsigned, other = 1, 2, 3
	var (
		nobody   *User
		team     = &User{ID: 1, Role: RolePlatformAdmin}
		member   = &User{ID: 2, Memberships: []Membership{{OrganisationID: signed, Role: RoleMember, Signed: true}}}
		admin    = &User{ID: 3, Memberships: []Membership{{OrganisationID: signed, Role: RoleOrgAdmin, Signed: true}}}
		outsider = &User{ID: 4, Memberships: []Membership{{OrganisationID: unsigned, Role: RoleOrgAdmin}}}
		loner    = &User{ID: 5}
	)
	sig := &Signature{OrganisationID: signed, StartedBy: member.ID}
	otherSig := &Signature{OrganisationID: other, StartedBy: member.ID} // started, then left
	event := &Event{OrganisationID: signed}
	res := &Resource{Organisations: []OrgRef{{ID: signed}}}
	tests := []struct {
		name string
		got  func(*User) bool
		yes  []*User
		no   []*User
	}{
		{"CanPublish", CanPublish, []*User{member, admin}, []*User{nobody, team, outsider, loner}},
		{"CanPublishFor signed", func(u *User) bool { return CanPublishFor(u, signed) }, []*User{member, admin}, []*User{nobody, team, outsider}},
		{"CanPublishFor unsigned", func(u *User) bool { return CanPublishFor(u, unsigned) }, nil, []*User{member, admin, outsider, team}},
		{"CanManageMembers", func(u *User) bool { return CanManageMembers(u, signed) }, []*User{admin, team}, []*User{nobody, member, outsider}},
		{"CanWithdraw", func(u *User) bool { return CanWithdraw(u, signed) }, []*User{admin, team}, []*User{nobody, member, outsider}},
		{"CanManageSignature", func(u *User) bool { return CanManageSignature(u, sig) }, []*User{member, admin, team}, []*User{nobody, outsider, loner}},
		{"CanManageSignature after leaving", func(u *User) bool { return CanManageSignature(u, otherSig) }, []*User{team}, []*User{member, admin}},
		{"CanOrganiseEvents", CanOrganiseEvents, []*User{admin, outsider, team}, []*User{nobody, member, loner}},
		{"CanOrganise", func(u *User) bool { return CanOrganise(u, event) }, []*User{admin, team}, []*User{nobody, member, outsider}},
		{"CanEditResource", func(u *User) bool { return CanEditResource(u, res) }, []*User{member, admin}, []*User{nobody, team, outsider}},
		{"CanSeeHiddenResource", func(u *User) bool { return CanSeeHiddenResource(u, res) }, []*User{member, admin, team}, []*User{nobody, outsider}},
		{"CanHide", CanHide, []*User{team}, []*User{nobody, member, admin}},
		{"CanReport", CanReport, []*User{member, admin, outsider}, []*User{nobody, team, loner}},
	}
	for _, tc := range tests {
		for _, u := range tc.yes {
			if !tc.got(u) {
				t.Errorf("%s(%+v) = false, want true", tc.name, u)
			}
		}
		for _, u := range tc.no {
			if tc.got(u) {
				t.Errorf("%s(%+v) = true, want false", tc.name, u)
			}
		}
	}
}
