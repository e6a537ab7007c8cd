package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const insertSignInToken = `INSERT INTO sign_in_tokens (token_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)`

// RequestSignIn stores a sign-in link's token hash and queues the email that carries it.
func (db *DB) RequestSignIn(ctx context.Context, tokenHash, email string, msg model.Email) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, insertSignInToken, tokenHash, email, tx.now, tx.now.Add(model.SignInLinkTTL)); err != nil {
			return fmt.Errorf("store: sign-in token: %w", err)
		}
		return tx.enqueue(ctx, msg)
	})
}

const selectSignInToken = `SELECT email, expires_at, used_at FROM sign_in_tokens WHERE token_hash = $1`
const useSignInToken = `UPDATE sign_in_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`

// Sign-in link problems, each with its own page.
var (
	ErrLinkUnknown = model.Errorf(model.ENOTFOUND, "This link is not valid")
	ErrLinkUsed    = model.Errorf(model.ECONFLICT, "This link has already been used")
	ErrLinkExpired = model.Errorf(model.EUNAUTHORIZED, "This link has expired")
)

// SignIn uses a sign-in link once: it marks the token used, creates the user on first
// sign-in (a member of the organisation their email domain belongs to) and starts a
// session, all in one transaction.
func (db *DB) SignIn(ctx context.Context, tokenHash, sessionHash, csrf string) (*model.User, error) {
	var u *model.User
	err := db.inTx(ctx, func(tx *Tx) error {
		email, err := tx.useSignInToken(ctx, tokenHash)
		if err != nil {
			return err
		}
		if u, err = tx.userForSignIn(ctx, email); err != nil {
			return err
		}
		return tx.createSession(ctx, sessionHash, u.ID, csrf)
	})
	return u, err
}

func (tx *Tx) useSignInToken(ctx context.Context, hash string) (string, error) {
	var email string
	var expires time.Time
	var used sql.NullTime
	if err := tx.queryRow(ctx, selectSignInToken, hash).Scan(&email, &expires, &used); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", ErrLinkUnknown
		}
		return "", fmt.Errorf("store: read sign-in token: %w", err)
	}
	switch {
	case used.Valid:
		return "", ErrLinkUsed
	case !tx.now.Before(expires):
		return "", ErrLinkExpired
	}
	res, err := tx.exec(ctx, useSignInToken, tx.now, hash)
	if err != nil {
		return "", fmt.Errorf("store: use sign-in token: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return "", ErrLinkUsed
	}
	return email, nil
}

const userColumns = `id, email, COALESCE(organisation_id, 0), role, created_at, last_sign_in_at`
const selectUserByEmail = `SELECT ` + userColumns + ` FROM users WHERE email = $1`
const selectUserByID = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
const insertUser = `INSERT INTO users (email, organisation_id, role, created_at, last_sign_in_at) VALUES ($1, $2, 'member', $3, $3) RETURNING id`
const touchUser = `UPDATE users SET last_sign_in_at = $1, organisation_id = COALESCE(organisation_id, $2) WHERE id = $3`
const selectFirstOrgByDomain = `SELECT organisation_id FROM organisation_domains WHERE domain = $1 ORDER BY organisation_id LIMIT 1`

func scanUser(sc interface{ Scan(...any) error }) (*model.User, error) {
	var u model.User
	var last sql.NullTime
	if err := sc.Scan(&u.ID, &u.Email, &u.OrganisationID, &u.Role, &u.CreatedAt, &last); err != nil {
		return nil, err
	}
	u.LastSignInAt = timeOf(last)
	return &u, nil
}

func (tx *Tx) userForSignIn(ctx context.Context, email string) (*model.User, error) {
	var orgID int64
	err := tx.queryRow(ctx, selectFirstOrgByDomain, model.EmailDomain(email)).Scan(&orgID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: organisation for %s: %w", model.EmailDomain(email), err)
	}
	u, err := scanUser(tx.queryRow(ctx, selectUserByEmail, email))
	if errors.Is(err, sql.ErrNoRows) {
		return tx.createUser(ctx, email, orgID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read user: %w", err)
	}
	if _, err := tx.exec(ctx, touchUser, tx.now, nullInt(orgID), u.ID); err != nil {
		return nil, fmt.Errorf("store: touch user %d: %w", u.ID, err)
	}
	if u.OrganisationID == 0 {
		u.OrganisationID = orgID
	}
	u.LastSignInAt = tx.now
	return u, nil
}

func (tx *Tx) createUser(ctx context.Context, email string, orgID int64) (*model.User, error) {
	u := &model.User{Email: email, OrganisationID: orgID, Role: model.RoleMember, CreatedAt: tx.now, LastSignInAt: tx.now}
	if err := tx.queryRow(ctx, insertUser, email, nullInt(orgID), tx.now).Scan(&u.ID); err != nil {
		return nil, fmt.Errorf("store: create user: %w", err)
	}
	after := map[string]any{"email": email, "organisation_id": orgID, "role": u.Role}
	if err := tx.audit(ctx, model.Actor{UserID: u.ID, Label: email}, "user.create", "user", u.ID, nil, after); err != nil {
		return nil, err
	}
	return u, nil
}

// User returns the user with id.
func (db *DB) User(ctx context.Context, id int64) (*model.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, selectUserByID, id))
	if err != nil {
		return nil, notFound(err, "user")
	}
	return u, nil
}

const setUserRole = `UPDATE users SET role = $1 WHERE id = $2`

// GrantRole gives the user with email a role, creating the account if they have never
// signed in (so that the first platform admin can be made from the command line).
func (db *DB) GrantRole(ctx context.Context, actor model.Actor, email, role string) (*model.User, error) {
	if !model.Contains(model.Roles, role) {
		return nil, model.Errorf(model.EINVALID, "role must be one of member, org_admin, platform_admin")
	}
	var u *model.User
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, selectUserByEmail, email))
		if errors.Is(err, sql.ErrNoRows) {
			var orgID int64
			err = tx.queryRow(ctx, selectFirstOrgByDomain, model.EmailDomain(email)).Scan(&orgID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: organisation for %s: %w", email, err)
			}
			u, err = tx.createUser(ctx, email, orgID)
		}
		if err != nil {
			return fmt.Errorf("store: grant role: %w", err)
		}
		before := map[string]any{"role": u.Role}
		if _, err := tx.exec(ctx, setUserRole, role, u.ID); err != nil {
			return fmt.Errorf("store: grant role to %d: %w", u.ID, err)
		}
		u.Role = role
		return tx.audit(ctx, actor, "user.role", "user", u.ID, before, map[string]any{"role": role})
	})
	return u, err
}

const selectUsers = `SELECT ` + userColumns + ` FROM users WHERE role <> 'member' ORDER BY email`

// ListAdmins returns every user with a role above member.
func (db *DB) ListAdmins(ctx context.Context) ([]model.User, error) {
	rows, err := db.read.QueryContext(ctx, selectUsers)
	if err != nil {
		return nil, fmt.Errorf("store: list admins: %w", err)
	}
	defer rows.Close()
	var out []model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list admins: %w", err)
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}
