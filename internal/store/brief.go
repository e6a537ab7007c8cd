package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// Joint briefs (migration 0021): the lead writes a draft, sends it to its co-signers,
// whose org admins confirm or decline; the last confirmation publishes it.

const briefColumns = `b.id, b.status, b.title, b.category, b.lead_org_id, o.slug, o.name, b.background, b.outcome,
b.end_users, b.early_market_engagement, b.work_already_done, b.phase, b.existing_team, b.location, b.start_date,
b.contract_length, b.budget_range, b.security_clearance, b.technical_weighting, b.cultural_weighting,
b.price_weighting, b.social_value_weighting, b.questions_deadline, b.language, b.decline_reason,
COALESCE(d.name, ''), COALESCE(b.created_by, 0), b.created_at, b.updated_at, b.published_at, b.closed_at`

const briefFrom = ` FROM briefs b JOIN organisations o ON o.id = b.lead_org_id
LEFT JOIN organisations d ON d.id = b.declined_by_org_id`

func scanBrief(sc interface{ Scan(...any) error }) (*model.Brief, error) {
	var b model.Brief
	var start, deadline string
	var published, closed sql.NullTime
	if err := sc.Scan(&b.ID, &b.Status, &b.Title, &b.Category, &b.Lead.ID, &b.Lead.Slug, &b.Lead.Name, &b.Background,
		&b.Outcome, &b.EndUsers, &b.EarlyMarketEngagement, &b.WorkAlreadyDone, &b.Phase, &b.ExistingTeam, &b.Location,
		&start, &b.ContractLength, &b.BudgetRange, &b.SecurityClearance, &b.TechnicalWeighting, &b.CulturalWeighting,
		&b.PriceWeighting, &b.SocialValueWeighting, &deadline, &b.Language, &b.DeclineReason, &b.DeclinedBy,
		&b.CreatedBy, &b.CreatedAt, &b.UpdatedAt, &published, &closed); err != nil {
		return nil, err
	}
	b.StartDate, b.QuestionsDeadline = dateOf(start), dateOf(deadline)
	b.CreatedAt, b.UpdatedAt, b.PublishedAt, b.ClosedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC(), timeOf(published), timeOf(closed)
	return &b, nil
}

const selectCoSigners = `SELECT c.brief_id, c.organisation_id, o.slug, o.name, c.status, c.decided_at
FROM brief_cosigners c JOIN organisations o ON o.id = c.organisation_id WHERE c.brief_id IN (%s) ORDER BY c.brief_id, c.position`

// withCoSigners reads the co-signers of briefs bs.
func withCoSigners(ctx context.Context, q querier, bs []*model.Brief) error {
	if len(bs) == 0 {
		return nil
	}
	byID := map[int64]*model.Brief{}
	ph := make([]string, len(bs))
	args := make([]any, len(bs))
	for i, b := range bs {
		byID[b.ID] = b
		b.CoSigners = nil
		ph[i], args[i] = "$"+strconv.Itoa(i+1), b.ID
	}
	return eachRow(ctx, q, fmt.Sprintf(selectCoSigners, strings.Join(ph, ", ")), args, func(rows *sql.Rows) error {
		var id int64
		var c model.CoSigner
		var at sql.NullTime
		if err := rows.Scan(&id, &c.OrganisationID, &c.OrganisationSlug, &c.OrganisationName, &c.Status, &at); err != nil {
			return err
		}
		c.DecidedAt = timeOf(at)
		byID[id].CoSigners = append(byID[id].CoSigners, c)
		return nil
	})
}

// Brief returns brief id with its co-signers, whoever may read it (the caller asks model).
func (db *DB) Brief(ctx context.Context, id int64) (*model.Brief, error) {
	b, err := scanBrief(db.read.QueryRowContext(ctx, `SELECT `+briefColumns+briefFrom+` WHERE b.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "briefs.errors.not_found")
	}
	return b, withCoSigners(ctx, db.read, []*model.Brief{b})
}

// lockBrief holds brief id's row until the transaction ends, so that answers and changes
// take turns, and returns it as it stands once locked.
func (tx *Tx) lockBrief(ctx context.Context, id int64) (*model.Brief, error) {
	var got int64
	if err := tx.queryRow(ctx, `SELECT id FROM briefs WHERE id = $1`+tx.db.dialect.lockRow, id).Scan(&got); err != nil {
		return nil, notFound(err, "briefs.errors.not_found")
	}
	b, err := scanBrief(tx.queryRow(ctx, `SELECT `+briefColumns+briefFrom+` WHERE b.id = $1`, id))
	if err != nil {
		return nil, err
	}
	return b, withCoSigners(ctx, tx.tx, []*model.Brief{b})
}

// listBriefs reads the briefs a query selects, with their co-signers.
func (db *DB) listBriefs(ctx context.Context, where string, args ...any) ([]*model.Brief, error) {
	var out []*model.Brief
	err := eachRow(ctx, db.read, `SELECT `+briefColumns+briefFrom+` WHERE `+where, args, func(rows *sql.Rows) error {
		b, err := scanBrief(rows)
		if err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: briefs: %w", err)
	}
	return out, withCoSigners(ctx, db.read, out)
}

// PublishedBriefs returns the public briefs, published and closed, newest first.
func (db *DB) PublishedBriefs(ctx context.Context) ([]*model.Brief, error) {
	return db.listBriefs(ctx, `b.status IN ('published', 'closed') ORDER BY b.published_at DESC, b.id DESC`)
}

// BriefsOf returns the briefs not yet public that organisations orgIDs lead or co-sign,
// newest first: what their members work on.
func (db *DB) BriefsOf(ctx context.Context, orgIDs []int64) ([]*model.Brief, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	ph := make([]string, len(orgIDs))
	args := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	in := strings.Join(ph, ", ")
	return db.listBriefs(ctx, `b.status IN ('draft', 'awaiting_cosigners') AND (b.lead_org_id IN (`+in+`)
OR b.id IN (SELECT brief_id FROM brief_cosigners WHERE organisation_id IN (`+in+`))) ORDER BY b.updated_at DESC, b.id DESC`, args...)
}

// briefAudit is what the audit log keeps of a brief.
type briefAudit struct {
	Title     string  `json:"title"`
	Status    string  `json:"status"`
	CoSigners []int64 `json:"cosigners"`
	Reason    string  `json:"reason,omitempty"`
}

func briefAuditOf(b *model.Brief) briefAudit {
	a := briefAudit{Title: b.Title, Status: b.Status, CoSigners: []int64{}}
	for _, c := range b.CoSigners {
		a.CoSigners = append(a.CoSigners, c.OrganisationID)
	}
	return a
}

const countOrgAdmins = `SELECT o.name, (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id
AND m.role = 'org_admin' AND m.removed_at IS NULL) FROM organisations o WHERE o.id = $1`

// writeCoSigners replaces b's co-signers with b.CoSigners, all awaiting an answer. Each
// must be an organisation on the platform (with an admin who can confirm) and not the lead.
func (tx *Tx) writeCoSigners(ctx context.Context, b *model.Brief) error {
	if _, err := tx.exec(ctx, `DELETE FROM brief_cosigners WHERE brief_id = $1`, b.ID); err != nil {
		return fmt.Errorf("store: clear co-signers: %w", err)
	}
	for i := range b.CoSigners {
		c := &b.CoSigners[i]
		var admins int
		err := tx.queryRow(ctx, countOrgAdmins, c.OrganisationID).Scan(&c.OrganisationName, &admins)
		switch {
		case err == sql.ErrNoRows:
			return model.InvalidField("organisations", "briefs.form.cosigners.unknown")
		case err != nil:
			return fmt.Errorf("store: co-signer %d: %w", c.OrganisationID, err)
		case c.OrganisationID == b.Lead.ID:
			return model.InvalidField("organisations", "briefs.form.cosigners.lead")
		case admins == 0:
			return model.InvalidField("organisations", "briefs.form.cosigners.not_on_platform", "Name", c.OrganisationName)
		}
		c.Status = model.CoSignerPending
		if _, err := tx.exec(ctx, `INSERT INTO brief_cosigners (brief_id, organisation_id, position, status) VALUES ($1, $2, $3, 'pending')`,
			b.ID, c.OrganisationID, i); err != nil {
			return fmt.Errorf("store: add co-signer: %w", err)
		}
	}
	return nil
}

const insertBrief = `INSERT INTO briefs (lead_org_id, title, category, background, outcome, end_users,
early_market_engagement, work_already_done, phase, existing_team, location, start_date, contract_length,
budget_range, security_clearance, technical_weighting, cultural_weighting, price_weighting, social_value_weighting,
questions_deadline, language, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23) RETURNING id`

const updateBrief = `UPDATE briefs SET title = $2, category = $3, background = $4, outcome = $5, end_users = $6,
early_market_engagement = $7, work_already_done = $8, phase = $9, existing_team = $10, location = $11,
start_date = $12, contract_length = $13, budget_range = $14, security_clearance = $15, technical_weighting = $16,
cultural_weighting = $17, price_weighting = $18, social_value_weighting = $19, questions_deadline = $20,
language = $21, updated_at = $22 WHERE id = $1`

func briefArgs(b *model.Brief) []any {
	return []any{b.Title, b.Category, b.Background, b.Outcome, b.EndUsers, b.EarlyMarketEngagement,
		b.WorkAlreadyDone, b.Phase, b.ExistingTeam, b.Location, dateText(b.StartDate), b.ContractLength, b.BudgetRange,
		b.SecurityClearance, b.TechnicalWeighting, b.CulturalWeighting, b.PriceWeighting, b.SocialValueWeighting,
		dateText(b.QuestionsDeadline), model.WrittenIn(b.Language)}
}

// CreateBrief saves b as a draft led by b.Lead.ID, with its co-signers and audit entry.
func (db *DB) CreateBrief(ctx context.Context, actor model.Actor, b *model.Brief) error {
	return db.inTx(ctx, func(tx *Tx) error {
		b.Status, b.CreatedBy, b.CreatedAt, b.UpdatedAt = model.BriefDraft, actor.UserID, tx.now, tx.now
		args := append([]any{b.Lead.ID}, briefArgs(b)...)
		if err := tx.queryRow(ctx, insertBrief, append(args, nullInt(actor.UserID), tx.now)...).Scan(&b.ID); err != nil {
			return fmt.Errorf("store: insert brief: %w", err)
		}
		if err := tx.writeCoSigners(ctx, b); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "brief.create", "brief", b.ID, nil, briefAuditOf(b))
	})
}

// errNotDraft refuses a change to a brief that is no longer a draft.
var errNotDraft = model.Errorf(model.ECONFLICT, "briefs.errors.not_draft")

// UpdateBrief saves b's fields and co-signers over brief b.ID, which must be a draft.
func (db *DB) UpdateBrief(ctx context.Context, actor model.Actor, b *model.Brief) error {
	return db.inTx(ctx, func(tx *Tx) error {
		was, err := tx.lockBrief(ctx, b.ID)
		if err != nil {
			return err
		}
		if was.Status != model.BriefDraft {
			return errNotDraft
		}
		b.Lead, b.Status = was.Lead, was.Status
		if _, err := tx.exec(ctx, updateBrief, append(append([]any{b.ID}, briefArgs(b)...), tx.now)...); err != nil {
			return fmt.Errorf("store: update brief %d: %w", b.ID, err)
		}
		if err := tx.writeCoSigners(ctx, b); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "brief.update", "brief", b.ID, briefAuditOf(was), briefAuditOf(b))
	})
}

// setBriefStatus moves b to status, with its audit entry.
func (tx *Tx) setBriefStatus(ctx context.Context, actor model.Actor, b *model.Brief, status, action, reason string) error {
	before := briefAuditOf(b)
	b.Status = status
	if _, err := tx.exec(ctx, `UPDATE briefs SET status = $2, updated_at = $3 WHERE id = $1`, b.ID, status, tx.now); err != nil {
		return fmt.Errorf("store: brief %d to %s: %w", b.ID, status, err)
	}
	after := briefAuditOf(b)
	after.Reason = reason
	return tx.audit(ctx, actor, action, "brief", b.ID, before, after)
}

// BriefNotifier words the email asking the admin at address to answer for their
// organisation on brief b.
type BriefNotifier func(b *model.Brief, to string) model.Email

const selectCoSignerAdmins = `SELECT DISTINCT u.email FROM brief_cosigners c
JOIN memberships m ON m.organisation_id = c.organisation_id AND m.role = 'org_admin' AND m.removed_at IS NULL
JOIN users u ON u.id = m.user_id WHERE c.brief_id = $1 ORDER BY u.email`

// SendBrief sends draft id to its co-signers: it awaits every one's answer, and the
// admins of each are emailed (notify words it; nil sends none) in the same transaction.
func (db *DB) SendBrief(ctx context.Context, actor model.Actor, id int64, notify BriefNotifier) (*model.Brief, error) {
	var b *model.Brief
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if b, err = tx.lockBrief(ctx, id); err != nil {
			return err
		}
		if b.Status != model.BriefDraft {
			return errNotDraft
		}
		if _, err := tx.exec(ctx, `UPDATE brief_cosigners SET status = 'pending', decided_by = NULL, decided_at = NULL WHERE brief_id = $1`, id); err != nil {
			return fmt.Errorf("store: reset co-signers: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE briefs SET decline_reason = '', declined_by_org_id = NULL WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: clear decline: %w", err)
		}
		for i := range b.CoSigners {
			b.CoSigners[i].Status = model.CoSignerPending
		}
		if err := tx.setBriefStatus(ctx, actor, b, model.BriefAwaiting, "brief.send", ""); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		admins, err := tx.emails(ctx, selectCoSignerAdmins, id)
		if err != nil {
			return fmt.Errorf("store: co-signers' admins of brief %d: %w", id, err)
		}
		for _, to := range admins {
			if err := tx.enqueue(ctx, notify(b, to)); err != nil {
				return err
			}
		}
		return nil
	})
	return b, err
}

// emails reads a column of email addresses.
func (tx *Tx) emails(ctx context.Context, q string, args ...any) ([]string, error) {
	var out []string
	err := eachRow(ctx, tx.tx, q, args, func(rows *sql.Rows) error {
		var e string
		if err := rows.Scan(&e); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// errNotAwaiting refuses an answer to a brief that is not awaiting it.
var errNotAwaiting = model.Errorf(model.ECONFLICT, "briefs.errors.not_awaiting")

// AnswerBrief records organisation orgID's answer to brief id, as a co-signer: a
// confirmation, which publishes the brief when it is the last one awaited; or a decline,
// with its reason, which returns the brief to draft. The caller checks that actor is an
// admin of orgID (model.BriefConfirmers).
func (db *DB) AnswerBrief(ctx context.Context, actor model.Actor, id, orgID int64, confirm bool, reason string) (*model.Brief, error) {
	var b *model.Brief
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if b, err = tx.lockBrief(ctx, id); err != nil {
			return err
		}
		c, ok := b.CoSigner(orgID)
		if !ok {
			return model.Errorf(model.EFORBIDDEN, "briefs.errors.not_cosigner")
		}
		if b.Status != model.BriefAwaiting || c.Status != model.CoSignerPending {
			return errNotAwaiting
		}
		answer := model.CoSignerConfirmed
		if !confirm {
			answer = model.CoSignerDeclined
		}
		if _, err := tx.exec(ctx, `UPDATE brief_cosigners SET status = $3, decided_by = $4, decided_at = $5
WHERE brief_id = $1 AND organisation_id = $2`, id, orgID, answer, nullInt(actor.UserID), tx.now); err != nil {
			return fmt.Errorf("store: answer brief %d: %w", id, err)
		}
		waiting := 0
		for i := range b.CoSigners {
			if b.CoSigners[i].OrganisationID == orgID {
				b.CoSigners[i].Status, b.CoSigners[i].DecidedAt = answer, tx.now
			}
			if b.CoSigners[i].Status == model.CoSignerPending {
				waiting++
			}
		}
		switch {
		case !confirm:
			if _, err := tx.exec(ctx, `UPDATE briefs SET decline_reason = $2, declined_by_org_id = $3 WHERE id = $1`, id, reason, orgID); err != nil {
				return fmt.Errorf("store: decline brief %d: %w", id, err)
			}
			b.DeclineReason, b.DeclinedBy = reason, c.OrganisationName
			return tx.setBriefStatus(ctx, actor, b, model.BriefDraft, "brief.decline", reason)
		case waiting > 0:
			return tx.audit(ctx, actor, "brief.confirm", "brief", id, nil, map[string]int64{"organisation": orgID})
		}
		if _, err := tx.exec(ctx, `UPDATE briefs SET published_at = $2 WHERE id = $1`, id, tx.now); err != nil {
			return fmt.Errorf("store: publish brief %d: %w", id, err)
		}
		b.PublishedAt = tx.now
		if err := tx.setBriefStatus(ctx, actor, b, model.BriefPublished, "brief.publish", ""); err != nil {
			return err
		}
		return tx.recordBrief(ctx, actor, model.ActivityBriefPublished, b)
	})
	return b, err
}

// CloseBrief closes published brief id.
func (db *DB) CloseBrief(ctx context.Context, actor model.Actor, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		b, err := tx.lockBrief(ctx, id)
		if err != nil {
			return err
		}
		if b.Status != model.BriefPublished {
			return model.Errorf(model.ECONFLICT, "briefs.errors.not_published")
		}
		if _, err := tx.exec(ctx, `UPDATE briefs SET closed_at = $2 WHERE id = $1`, id, tx.now); err != nil {
			return fmt.Errorf("store: close brief %d: %w", id, err)
		}
		return tx.setBriefStatus(ctx, actor, b, model.BriefClosed, "brief.close", "")
	})
}

// BriefPath is the site's address of brief id.
func BriefPath(id int64) string { return "/briefs/" + strconv.FormatInt(id, 10) }

// recordBrief records activity of kind on brief b: it touches the lead and every
// co-signer.
func (tx *Tx) recordBrief(ctx context.Context, actor model.Actor, kind string, b *model.Brief) error {
	a := &model.Activity{Kind: kind, Object: model.FollowRef{Kind: model.FollowBrief, ID: b.ID}, Title: b.Title,
		Path: BriefPath(b.ID), Organisations: []int64{b.Lead.ID}}
	for _, c := range b.CoSigners {
		a.Organisations = append(a.Organisations, c.OrganisationID)
	}
	return tx.recordActivity(ctx, actor, a)
}
