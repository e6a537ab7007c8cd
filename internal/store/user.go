package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const insertSignInToken = `INSERT INTO sign_in_tokens (token_hash, email, created_at, expires_at, language) VALUES ($1, $2, $3, $4, $5)`
const setUserLanguage = `UPDATE users SET language = $1 WHERE email = $2`

// RequestSignIn stores a sign-in link's token hash and queues the email that carries it.
// The email's language (msg.Lang) becomes the person's: it is set on their account, or
// kept with the token for the account their first sign-in makes.
func (db *DB) RequestSignIn(ctx context.Context, tokenHash, email string, msg model.Email) error {
	lang := languageOr(msg.Lang)
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, insertSignInToken, tokenHash, email, tx.now, tx.now.Add(model.SignInLinkTTL), lang); err != nil {
			return fmt.Errorf("store: sign-in token: %w", err)
		}
		if _, err := tx.exec(ctx, setUserLanguage, lang, email); err != nil {
			return fmt.Errorf("store: user language: %w", err)
		}
		return tx.enqueue(ctx, msg)
	})
}

// languageOr is lang, or the default language when none is given.
func languageOr(lang string) string {
	if lang == "" {
		return model.EmailLanguages[0]
	}
	return lang
}

// SetLanguage sets the language the user reads their emails in, with its audit entry.
func (db *DB) SetLanguage(ctx context.Context, actor model.Actor, userID int64, lang string) error {
	if !model.Contains(model.EmailLanguages, lang) {
		return model.Errorf(model.EINVALID, "account.language.errors.choose")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.queryRow(ctx, selectUserByID, userID))
		if err != nil {
			return notFound(err, "errors.not_found.user")
		}
		if u.Language == lang {
			return nil
		}
		if _, err := tx.exec(ctx, setUserLanguage, lang, u.Email); err != nil {
			return fmt.Errorf("store: user language: %w", err)
		}
		return tx.audit(ctx, actor, "user.language", "user", u.ID,
			map[string]any{"language": u.Language}, map[string]any{"language": lang})
	})
}

const selectSignInToken = `SELECT email, language, expires_at, used_at FROM sign_in_tokens WHERE token_hash = $1`
const useSignInToken = `UPDATE sign_in_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`

// Sign-in link problems, each with its own page.
var (
	ErrLinkUnknown = model.Errorf(model.ENOTFOUND, "account.signin.link.unknown")
	ErrLinkUsed    = model.Errorf(model.ECONFLICT, "account.signin.link.used")
	ErrLinkExpired = model.Errorf(model.EUNAUTHORIZED, "account.signin.link.expired")
)

// SignIn uses a sign-in link once: it marks the token used, creates the user on first
// sign-in (a member of the organisation their email domain belongs to) and starts a
// session, all in one transaction.
func (db *DB) SignIn(ctx context.Context, tokenHash, sessionHash, csrf string) (*model.User, error) {
	var u *model.User
	err := db.inTx(ctx, func(tx *Tx) error {
		email, lang, err := tx.useSignInToken(ctx, tokenHash)
		if err != nil {
			return err
		}
		if u, err = tx.userForSignIn(ctx, email, lang); err != nil {
			return err
		}
		return tx.createSession(ctx, sessionHash, u.ID, csrf)
	})
	return u, err
}

// useSignInToken marks the token used and returns the email and language it was asked
// for with.
func (tx *Tx) useSignInToken(ctx context.Context, hash string) (email, lang string, err error) {
	var expires time.Time
	var used sql.NullTime
	if err := tx.queryRow(ctx, selectSignInToken, hash).Scan(&email, &lang, &expires, &used); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", "", ErrLinkUnknown
		}
		return "", "", fmt.Errorf("store: read sign-in token: %w", err)
	}
	switch {
	case used.Valid:
		return "", "", ErrLinkUsed
	case !tx.now.Before(expires):
		return "", "", ErrLinkExpired
	}
	res, err := tx.exec(ctx, useSignInToken, tx.now, hash)
	if err != nil {
		return "", "", fmt.Errorf("store: use sign-in token: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return "", "", ErrLinkUsed
	}
	return email, lang, nil
}

const userColumns = `id, email, role, created_at, last_sign_in_at, language, assessor`
const selectUserByEmail = `SELECT ` + userColumns + ` FROM users WHERE email = $1`
const selectUserByID = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
const insertUser = `INSERT INTO users (email, role, created_at, last_sign_in_at, language) VALUES ($1, 'member', $2, $2, $3) RETURNING id`
const touchUser = `UPDATE users SET last_sign_in_at = $1 WHERE id = $2`

func scanUser(sc interface{ Scan(...any) error }) (*model.User, error) {
	var u model.User
	var last sql.NullTime
	if err := sc.Scan(&u.ID, &u.Email, &u.Role, &u.CreatedAt, &last, &u.Language, &u.Assessor); err != nil {
		return nil, err
	}
	u.LastSignInAt = timeOf(last)
	return &u, nil
}

// userForSignIn finds or creates (reading lang) the user with email, brings their
// memberships from the email domain up to date and loads them.
func (tx *Tx) userForSignIn(ctx context.Context, email, lang string) (*model.User, error) {
	u, err := scanUser(tx.queryRow(ctx, selectUserByEmail, email))
	if errors.Is(err, sql.ErrNoRows) {
		return tx.createUser(ctx, email, lang)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read user: %w", err)
	}
	if _, err := tx.exec(ctx, touchUser, tx.now, u.ID); err != nil {
		return nil, fmt.Errorf("store: touch user %d: %w", u.ID, err)
	}
	u.LastSignInAt = tx.now
	if err := tx.syncDomainMemberships(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// createUser adds a user reading lang, a member of every organisation their email
// domain belongs to.
func (tx *Tx) createUser(ctx context.Context, email, lang string) (*model.User, error) {
	u := &model.User{Email: email, Role: model.RoleMember, CreatedAt: tx.now, LastSignInAt: tx.now, Language: languageOr(lang)}
	if err := tx.queryRow(ctx, insertUser, email, tx.now, u.Language).Scan(&u.ID); err != nil {
		return nil, fmt.Errorf("store: create user: %w", err)
	}
	after := map[string]any{"email": email, "role": u.Role}
	if err := tx.audit(ctx, model.Actor{UserID: u.ID, Label: email}, "user.create", "user", u.ID, nil, after); err != nil {
		return nil, err
	}
	if err := tx.syncDomainMemberships(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// User returns the user with id and their memberships.
func (db *DB) User(ctx context.Context, id int64) (*model.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, selectUserByID, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.user")
	}
	if u.Memberships, err = memberships(ctx, db.read, u.ID); err != nil {
		return nil, err
	}
	return u, nil
}

const setUserRole = `UPDATE users SET role = $1 WHERE id = $2`
const setAllMembershipRoles = `UPDATE memberships SET role = $1 WHERE user_id = $2 AND removed_at IS NULL`

// ErrNoOrganisation: making someone an organisation admin needs an organisation.
var ErrNoOrganisation = model.Errorf(model.EINVALID, "account.errors.no_organisation")

// GrantRole gives the user with email a role, creating the account if they have never
// signed in (so that the first platform admin can be made from the command line).
// platform_admin is held across the platform; member and org_admin set the role in
// every organisation the person belongs to (and take away platform_admin).
func (db *DB) GrantRole(ctx context.Context, actor model.Actor, email, role string) (*model.User, error) {
	if !model.Contains(model.Roles, role) {
		return nil, model.Errorf(model.EINVALID, "account.errors.bad_role")
	}
	var u *model.User
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if u, err = tx.userByEmailOrNew(ctx, email); err != nil {
			return fmt.Errorf("store: grant role: %w", err)
		}
		userRole := model.RoleMember
		if role == model.RolePlatformAdmin {
			userRole = role
		} else {
			if role == model.RoleOrgAdmin && len(u.Memberships) == 0 {
				return ErrNoOrganisation
			}
			if _, err := tx.exec(ctx, setAllMembershipRoles, role, u.ID); err != nil {
				return fmt.Errorf("store: grant role to %d: %w", u.ID, err)
			}
		}
		before := map[string]any{"role": u.Role}
		if _, err := tx.exec(ctx, setUserRole, userRole, u.ID); err != nil {
			return fmt.Errorf("store: grant role to %d: %w", u.ID, err)
		}
		u.Role = userRole
		if u.Memberships, err = memberships(ctx, tx.tx, u.ID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "user.role", "user", u.ID, before, map[string]any{"role": role})
	})
	return u, err
}

// userWithMemberships reads user id and their memberships in the transaction; a
// missing user is sql.ErrNoRows.
func (tx *Tx) userWithMemberships(ctx context.Context, id int64) (*model.User, error) {
	u, err := scanUser(tx.queryRow(ctx, selectUserByID, id))
	if err != nil {
		return nil, err
	}
	if u.Memberships, err = memberships(ctx, tx.tx, u.ID); err != nil {
		return nil, err
	}
	return u, nil
}

// userByEmailOrNew returns the user with email and their memberships, creating them
// (with their domain memberships) if they have never signed in.
func (tx *Tx) userByEmailOrNew(ctx context.Context, email string) (*model.User, error) {
	u, err := scanUser(tx.queryRow(ctx, selectUserByEmail, email))
	if errors.Is(err, sql.ErrNoRows) {
		return tx.createUser(ctx, email, "")
	}
	if err != nil {
		return nil, err
	}
	if u.Memberships, err = memberships(ctx, tx.tx, u.ID); err != nil {
		return nil, err
	}
	return u, nil
}

const selectUsers = `SELECT ` + userColumns + ` FROM users u WHERE role <> 'member'
OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = 'org_admin' AND m.removed_at IS NULL) ORDER BY email`

// ListAdmins returns every platform admin and every organisation admin, with their
// memberships.
func (db *DB) ListAdmins(ctx context.Context) ([]model.User, error) {
	rows, err := db.read.QueryContext(ctx, selectUsers)
	if err != nil {
		return nil, fmt.Errorf("store: list admins: %w", err)
	}
	var out []model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list admins: %w", err)
		}
		out = append(out, *u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list admins: %w", err)
	}
	for i := range out {
		if out[i].Memberships, err = memberships(ctx, db.read, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
