package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/localdigital/localdigital/internal/model"
)

const membershipColumns = `m.user_id, m.organisation_id, o.name, o.slug, m.role, m.source, m.created_at`

// selectMemberships also says whether each organisation has signed (hasSigned), so that
// the signed-in person's organisations and their signatures come in one query.
const selectMemberships = `SELECT ` + membershipColumns + `, CASE WHEN ` + hasSigned + ` THEN 1 ELSE 0 END
FROM memberships m JOIN organisations o ON o.id = m.organisation_id LEFT JOIN ` + publishedSignature + `
WHERE m.user_id = $1 AND m.removed_at IS NULL ORDER BY o.name, o.id`

const selectMembers = `SELECT ` + membershipColumns + `, u.email
FROM memberships m JOIN organisations o ON o.id = m.organisation_id JOIN users u ON u.id = m.user_id
WHERE m.organisation_id = $1 AND m.removed_at IS NULL ORDER BY u.email`

const selectMembershipRow = `SELECT ` + membershipColumns + `, m.removed_at
FROM memberships m JOIN organisations o ON o.id = m.organisation_id
WHERE m.user_id = $1 AND m.organisation_id = $2`

const (
	selectDomainOrgs = `SELECT organisation_id FROM organisation_domains WHERE domain = $1 ORDER BY organisation_id`
	// every row of the user's, removed ones too: a removed one is not made again
	selectMembershipSources = `SELECT organisation_id, source, removed_at IS NOT NULL FROM memberships WHERE user_id = $1`
	insertMembership        = `INSERT INTO memberships (user_id, organisation_id, role, source, created_at) VALUES ($1, $2, $3, $4, $5)`
	reviveMembership        = `UPDATE memberships SET role = $1, source = $2, created_at = $3, removed_at = NULL WHERE user_id = $4 AND organisation_id = $5`
	setMembershipRole       = `UPDATE memberships SET role = $1 WHERE user_id = $2 AND organisation_id = $3 AND removed_at IS NULL`
	setMembershipManual     = `UPDATE memberships SET role = $1, source = 'manual' WHERE user_id = $2 AND organisation_id = $3`
	markMembershipRemoved   = `UPDATE memberships SET removed_at = $1 WHERE user_id = $2 AND organisation_id = $3 AND removed_at IS NULL`
	deleteMembership        = `DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2`
)

// Membership problems.
var (
	ErrNotMember      = model.Errorf(model.ENOTFOUND, "account.members.errors.not_member")
	ErrBadMemberRole  = model.Errorf(model.EINVALID, "account.members.errors.bad_role")
	ErrBadMemberEmail = model.Errorf(model.EINVALID, "account.members.errors.bad_email")
)

func scanMembership(sc interface{ Scan(...any) error }, extra ...any) (model.Membership, error) {
	var m model.Membership
	err := sc.Scan(append([]any{&m.UserID, &m.OrganisationID, &m.OrganisationName, &m.OrganisationSlug,
		&m.Role, &m.Source, &m.CreatedAt}, extra...)...)
	m.CreatedAt = m.CreatedAt.UTC()
	return m, err
}

// memberships returns the organisations user id belongs to, by name.
func memberships(ctx context.Context, q querier, userID int64) ([]model.Membership, error) {
	var out []model.Membership
	err := eachRow(ctx, q, selectMemberships, []any{userID}, func(rows *sql.Rows) error {
		var signed int
		m, err := scanMembership(rows, &signed)
		m.Signed = signed == 1
		out = append(out, m)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: memberships of %d: %w", userID, err)
	}
	return out, nil
}

// syncDomainMemberships makes u a member of every organisation their email domain
// belongs to, and ends the 'domain' memberships of organisations that no longer have
// that domain; 'manual' ones, and ones an admin removed, stay as they are. Each change
// is audited. It then loads u.Memberships.
func (tx *Tx) syncDomainMemberships(ctx context.Context, u *model.User) error {
	var want []int64
	err := eachRow(ctx, tx.tx, selectDomainOrgs, []any{model.EmailDomain(u.Email)}, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		want = append(want, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: organisations for %s: %w", model.EmailDomain(u.Email), err)
	}
	type row struct {
		orgID   int64
		source  string
		removed bool
	}
	var have []row
	err = eachRow(ctx, tx.tx, selectMembershipSources, []any{u.ID}, func(rows *sql.Rows) error {
		var r row
		err := rows.Scan(&r.orgID, &r.source, &r.removed)
		have = append(have, r)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: memberships of %d: %w", u.ID, err)
	}
	actor := model.Actor{UserID: u.ID, Label: u.Email}
	for _, id := range want {
		if slices.ContainsFunc(have, func(r row) bool { return r.orgID == id }) {
			continue
		}
		if _, err := tx.exec(ctx, insertMembership, u.ID, id, model.RoleMember, model.SourceDomain, tx.now); err != nil {
			return fmt.Errorf("store: add membership of %d in %d: %w", u.ID, id, err)
		}
		after := map[string]any{"email": u.Email, "organisation_id": id, "role": model.RoleMember, "source": model.SourceDomain}
		if err := tx.audit(ctx, actor, "membership.add", "user", u.ID, nil, after); err != nil {
			return err
		}
	}
	for _, r := range have {
		if r.source != model.SourceDomain || r.removed || slices.Contains(want, r.orgID) {
			continue
		}
		if _, err := tx.exec(ctx, deleteMembership, u.ID, r.orgID); err != nil {
			return fmt.Errorf("store: end membership of %d in %d: %w", u.ID, r.orgID, err)
		}
		before := map[string]any{"email": u.Email, "organisation_id": r.orgID, "source": model.SourceDomain}
		after := map[string]any{"reason": "domain_no_longer_matches"}
		if err := tx.audit(ctx, actor, "membership.remove", "user", u.ID, before, after); err != nil {
			return err
		}
	}
	u.Memberships, err = memberships(ctx, tx.tx, u.ID)
	return err
}

// Members returns the people who belong to organisation id, by email.
func (db *DB) Members(ctx context.Context, orgID int64) ([]model.Member, error) {
	var out []model.Member
	err := eachRow(ctx, db.read, selectMembers, []any{orgID}, func(rows *sql.Rows) error {
		var mb model.Member
		var err error
		mb.Membership, err = scanMembership(rows, &mb.Email)
		out = append(out, mb)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: members of %d: %w", orgID, err)
	}
	return out, nil
}

// membershipRow reads a membership, removed or not.
func (tx *Tx) membershipRow(ctx context.Context, userID, orgID int64) (model.Membership, bool, error) {
	var removed sql.NullTime
	m, err := scanMembership(tx.queryRow(ctx, selectMembershipRow, userID, orgID), &removed)
	if err != nil {
		return m, false, err
	}
	return m, removed.Valid, nil
}

// AttachMember makes the person with email a member of organisation orgID in role, by
// hand (source 'manual': kept whatever their address), creating their account if they
// have never signed in. An existing membership takes the new role and becomes manual.
func (db *DB) AttachMember(ctx context.Context, actor model.Actor, orgID int64, email, role string) (*model.User, error) {
	if !model.Contains(model.MembershipRoles, role) {
		return nil, ErrBadMemberRole
	}
	email, ok := model.NormaliseEmail(email)
	if !ok {
		return nil, ErrBadMemberEmail
	}
	var u *model.User
	err := db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, countOrgByID, orgID).Scan(&n); err != nil {
			return fmt.Errorf("store: attach member: %w", err)
		}
		if n == 0 {
			return model.Errorf(model.ENOTFOUND, "account.members.errors.no_organisation")
		}
		var err error
		if u, err = tx.userByEmailOrNew(ctx, email); err != nil {
			return fmt.Errorf("store: attach member: %w", err)
		}
		was, removed, err := tx.membershipRow(ctx, u.ID, orgID)
		var before map[string]any
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.exec(ctx, insertMembership, u.ID, orgID, role, model.SourceManual, tx.now)
		case err != nil:
		case removed:
			_, err = tx.exec(ctx, reviveMembership, role, model.SourceManual, tx.now, u.ID, orgID)
		default:
			before = map[string]any{"email": u.Email, "organisation_id": orgID, "role": was.Role, "source": was.Source}
			_, err = tx.exec(ctx, setMembershipManual, role, u.ID, orgID)
		}
		if err != nil {
			return fmt.Errorf("store: attach %d to %d: %w", u.ID, orgID, err)
		}
		after := map[string]any{"email": u.Email, "organisation_id": orgID, "role": role, "source": model.SourceManual}
		if err := tx.audit(ctx, actor, "membership.add", "user", u.ID, before, after); err != nil {
			return err
		}
		u.Memberships, err = memberships(ctx, tx.tx, u.ID)
		return err
	})
	return u, err
}

// SetMemberRole makes a member of organisation orgID an admin of it or a plain member.
func (db *DB) SetMemberRole(ctx context.Context, actor model.Actor, orgID, userID int64, role string) error {
	if !model.Contains(model.MembershipRoles, role) {
		return ErrBadMemberRole
	}
	return db.inTx(ctx, func(tx *Tx) error {
		was, email, err := tx.liveMembership(ctx, userID, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, setMembershipRole, role, userID, orgID); err != nil {
			return fmt.Errorf("store: set role of %d in %d: %w", userID, orgID, err)
		}
		return tx.audit(ctx, actor, "membership.role", "user", userID,
			map[string]any{"email": email, "organisation_id": orgID, "role": was.Role},
			map[string]any{"email": email, "organisation_id": orgID, "role": role})
	})
}

// RemoveMember takes a person out of organisation orgID. The row is kept as removed, so
// that signing in again with an address in the organisation's domain does not bring
// them back; a platform admin can attach them again.
func (db *DB) RemoveMember(ctx context.Context, actor model.Actor, orgID, userID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		was, email, err := tx.liveMembership(ctx, userID, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, markMembershipRemoved, tx.now, userID, orgID); err != nil {
			return fmt.Errorf("store: remove %d from %d: %w", userID, orgID, err)
		}
		return tx.audit(ctx, actor, "membership.remove", "user", userID,
			map[string]any{"email": email, "organisation_id": orgID, "role": was.Role, "source": was.Source}, nil)
	})
}

func (tx *Tx) liveMembership(ctx context.Context, userID, orgID int64) (model.Membership, string, error) {
	m, removed, err := tx.membershipRow(ctx, userID, orgID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && removed) {
		return m, "", ErrNotMember
	}
	if err != nil {
		return m, "", fmt.Errorf("store: membership of %d in %d: %w", userID, orgID, err)
	}
	var email string
	if err := tx.queryRow(ctx, selectUserEmail, userID).Scan(&email); err != nil {
		return m, "", fmt.Errorf("store: membership of %d in %d: %w", userID, orgID, err)
	}
	return m, email, nil
}
