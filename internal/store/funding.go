package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// Funding rounds and their bids (issue 13). A round's criteria, a bid's partners and
// budget lines are in tables of their own. Whether the lead and each partner have signed
// is read with the one definition (hasSigned) when a bid is loaded. Submitting a bid
// locks its round's row, so that the rules (BidFacts.Problems) are checked against bids
// submitted one at a time: on SQLite the one write transaction serialises them anyway.

// Funding problems.
var (
	ErrBidSubmitted   = model.Errorf(model.ECONFLICT, "funding.bids.errors.submitted")
	ErrRoundNotOpen   = model.Errorf(model.ECONFLICT, "funding.bids.errors.round_not_open")
	ErrNotBidLead     = model.Errorf(model.EFORBIDDEN, "funding.bids.errors.not_lead")
	ErrNotPartner     = model.Errorf(model.EFORBIDDEN, "funding.bids.errors.not_partner_admin")
	ErrNotAssigned    = model.Errorf(model.EFORBIDDEN, "funding.assess.errors.not_assigned")
	ErrNotDecidable   = model.Errorf(model.ECONFLICT, "funding.decide.errors.not_submitted")
	errNoSuchAssessor = model.Errorf(model.EINVALID, "funding.assess.errors.no_account")
)

// BidRefused is a submission the rules refused: every problem they found.
type BidRefused struct{ Problems []model.Msg }

func (e *BidRefused) Error() string { return "funding: bid refused: " + e.Problems[0].Key }

// FundingMail words the emails funding sends; each is written for its reader
// (model.Email.ForReader), and the outbox keeps the one in the reader's language.
type FundingMail struct {
	// ConfirmPartner asks an org admin of partner to confirm on the site.
	ConfirmPartner func(to string, b *model.Bid, partner model.OrgRef) model.Email
	// Receipt tells the person who submitted the bid that it was.
	Receipt func(to string, b *model.Bid) model.Email
	// Outcome tells the lead's members the decision.
	Outcome func(to string, b *model.Bid) model.Email
}

// --- rounds ---------------------------------------------------------------------------

const roundColumns = `r.id, r.name, r.prospectus, r.opens_at, r.eoi_closes_at, r.closes_at, r.decisions_at,
r.cap_discovery, r.cap_alpha, r.cap_beta, r.min_partners, r.max_lead_bids, r.outcomes_published_at, r.created_at, r.updated_at`

func scanRound(sc interface{ Scan(...any) error }) (*model.FundingRound, error) {
	var r model.FundingRound
	var eoi, published sql.NullTime
	var d, a, b int
	err := sc.Scan(&r.ID, &r.Name, &r.Prospectus, &r.OpensAt, &eoi, &r.ClosesAt, &r.DecisionsAt, &d, &a, &b,
		&r.MinPartners, &r.MaxLeadBids, &published, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	r.OpensAt, r.ClosesAt, r.DecisionsAt = r.OpensAt.UTC(), r.ClosesAt.UTC(), r.DecisionsAt.UTC()
	r.CreatedAt, r.UpdatedAt, r.EOIClosesAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC(), timeOf(eoi)
	r.OutcomesPublishedAt = timeOf(published)
	r.Caps = map[string]int{model.PhaseDiscovery: d, model.PhaseAlpha: a, model.PhaseBeta: b}
	return &r, nil
}

const (
	insertRound = `INSERT INTO funding_rounds (name, prospectus, opens_at, eoi_closes_at, closes_at, decisions_at,
cap_discovery, cap_alpha, cap_beta, min_partners, max_lead_bids, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`
	updateRound = `UPDATE funding_rounds SET name = $1, prospectus = $2, opens_at = $3, eoi_closes_at = $4, closes_at = $5,
decisions_at = $6, cap_discovery = $7, cap_alpha = $8, cap_beta = $9, min_partners = $10, max_lead_bids = $11, updated_at = $12
WHERE id = $13`
	selectRound     = `SELECT ` + roundColumns + ` FROM funding_rounds r WHERE r.id = $1`
	lockRoundSQL    = `SELECT id FROM funding_rounds WHERE id = $1`
	selectRounds    = `SELECT ` + roundColumns + ` FROM funding_rounds r ORDER BY r.opens_at DESC, r.id DESC`
	selectCriteria  = `SELECT id, name, weight, position FROM funding_criteria WHERE round_id = $1 ORDER BY position`
	deleteCriteria  = `DELETE FROM funding_criteria WHERE round_id = $1 AND position > $2`
	selectCriterion = `SELECT id FROM funding_criteria WHERE round_id = $1 AND position = $2`
	insertCriterion = `INSERT INTO funding_criteria (round_id, position, name, weight) VALUES ($1, $2, $3, $4)`
	updateCriterion = `UPDATE funding_criteria SET name = $1, weight = $2 WHERE id = $3`
)

func roundArgs(r *model.FundingRound) []any {
	var eoi any
	if r.HasEOI() {
		eoi = r.EOIClosesAt
	}
	return []any{r.Name, r.Prospectus, r.OpensAt, eoi, r.ClosesAt, r.DecisionsAt,
		r.Caps[model.PhaseDiscovery], r.Caps[model.PhaseAlpha], r.Caps[model.PhaseBeta], r.MinPartners, r.MaxLeadBids}
}

// SaveRound creates the round (r.ID 0) or changes it, with its criteria, and audits it.
// A criterion keeps its id (and so its scores) when it keeps its place in the list.
func (db *DB) SaveRound(ctx context.Context, actor model.Actor, r *model.FundingRound) error {
	return db.inTx(ctx, func(tx *Tx) error {
		action := "funding_round.update"
		var before *model.FundingRound
		if r.ID == 0 {
			action = "funding_round.create"
			if err := tx.queryRow(ctx, insertRound, append(roundArgs(r), tx.now)...).Scan(&r.ID); err != nil {
				return fmt.Errorf("store: create round: %w", err)
			}
		} else {
			var err error
			if before, err = loadRound(ctx, tx.tx, r.ID); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, updateRound, append(roundArgs(r), tx.now, r.ID)...); err != nil {
				return fmt.Errorf("store: update round %d: %w", r.ID, err)
			}
		}
		for i := range r.Criteria {
			c := &r.Criteria[i]
			err := tx.queryRow(ctx, selectCriterion, r.ID, c.Position).Scan(&c.ID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.exec(ctx, insertCriterion, r.ID, c.Position, c.Name, c.Weight)
			case err == nil:
				_, err = tx.exec(ctx, updateCriterion, c.Name, c.Weight, c.ID)
			}
			if err != nil {
				return fmt.Errorf("store: criterion of round %d: %w", r.ID, err)
			}
		}
		if _, err := tx.exec(ctx, deleteCriteria, r.ID, len(r.Criteria)); err != nil {
			return fmt.Errorf("store: criteria of round %d: %w", r.ID, err)
		}
		var b any
		if before != nil {
			b = before
		}
		return tx.audit(ctx, actor, action, "funding_round", r.ID, b, r)
	})
}

func loadRound(ctx context.Context, q querier, id int64) (*model.FundingRound, error) {
	r, err := scanRound(q.QueryRowContext(ctx, selectRound, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.funding_round")
	}
	err = eachRow(ctx, q, selectCriteria, []any{id}, func(rows *sql.Rows) error {
		var c model.Criterion
		err := rows.Scan(&c.ID, &c.Name, &c.Weight, &c.Position)
		r.Criteria = append(r.Criteria, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: criteria of round %d: %w", id, err)
	}
	return r, nil
}

// Round returns a round with its criteria.
func (db *DB) Round(ctx context.Context, id int64) (*model.FundingRound, error) {
	return loadRound(ctx, db.read, id)
}

// Rounds lists every round, newest first (without their criteria).
func (db *DB) Rounds(ctx context.Context) ([]*model.FundingRound, error) {
	var out []*model.FundingRound
	err := eachRow(ctx, db.read, selectRounds, nil, func(rows *sql.Rows) error {
		r, err := scanRound(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: rounds: %w", err)
	}
	return out, nil
}

// --- bids ---------------------------------------------------------------------------------

const bidColumns = `b.id, b.round_id, r.name, b.lead_id, o.slug, o.name, CASE WHEN ` + hasSigned + ` THEN 1 ELSE 0 END,
b.stage, b.status, b.title, b.problem, b.users_served, b.phase, b.reuse, b.team, b.timeline, b.amount,
COALESCE(b.created_by, 0), b.created_at, b.updated_at, COALESCE(b.submitted_by, 0), b.submitted_at, b.outcome, b.awarded,
b.decided_at, r.eoi_closes_at, r.closes_at, r.outcomes_published_at IS NOT NULL,
COALESCE((SELECT pj.id FROM projects pj WHERE pj.bid_id = b.id AND pj.hidden = FALSE), 0)`

const bidFrom = ` FROM funding_bids b JOIN funding_rounds r ON r.id = b.round_id
JOIN organisations o ON o.id = b.lead_id LEFT JOIN ` + publishedSignature

func scanBid(sc interface{ Scan(...any) error }) (*model.Bid, error) {
	var b model.Bid
	var signed int
	var submitted, decided, eoi sql.NullTime
	var closes time.Time
	err := sc.Scan(&b.ID, &b.RoundID, &b.RoundName, &b.Lead.ID, &b.Lead.Slug, &b.Lead.Name, &signed,
		&b.Stage, &b.Status, &b.Title, &b.Problem, &b.Users, &b.Phase, &b.Reuse, &b.Team, &b.Timeline, &b.Amount,
		&b.CreatedBy, &b.CreatedAt, &b.UpdatedAt, &b.SubmittedBy, &submitted, &b.Outcome, &b.Awarded, &decided, &eoi, &closes, &b.OutcomesPublished, &b.ProjectID)
	if err != nil {
		return nil, err
	}
	b.LeadSigned = signed == 1
	b.Deadline = closes.UTC()
	if b.Stage == model.StageEOI && eoi.Valid {
		b.Deadline = eoi.Time.UTC()
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	b.SubmittedAt, b.DecidedAt = timeOf(submitted), timeOf(decided)
	return &b, nil
}

const (
	selectBid      = `SELECT ` + bidColumns + bidFrom + ` WHERE b.id = $1`
	selectPartners = `SELECT o.id, o.slug, o.name, p.confirmed_at, CASE WHEN ` + hasSigned + ` THEN 1 ELSE 0 END,
CASE WHEN ` + hasWithdrawn + ` THEN 1 ELSE 0 END
FROM funding_bid_partners p JOIN organisations o ON o.id = p.organisation_id LEFT JOIN ` + publishedSignature + `
WHERE p.bid_id = $1 ORDER BY o.name, o.id`
	selectBudget = `SELECT item, amount FROM funding_budget_items WHERE bid_id = $1 ORDER BY position`
	insertBid    = `INSERT INTO funding_bids (round_id, lead_id, stage, title, problem, users_served, phase, reuse, team, timeline,
amount, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`
	updateBid = `UPDATE funding_bids SET title = $1, problem = $2, users_served = $3, phase = $4, reuse = $5, team = $6,
timeline = $7, amount = $8, updated_at = $9 WHERE id = $10 AND status = 'draft'`
	deleteBudget     = `DELETE FROM funding_budget_items WHERE bid_id = $1`
	insertBudgetItem = `INSERT INTO funding_budget_items (bid_id, position, item, amount) VALUES ($1, $2, $3, $4)`
	deletePartner    = `DELETE FROM funding_bid_partners WHERE bid_id = $1 AND organisation_id = $2`
	insertPartner    = `INSERT INTO funding_bid_partners (bid_id, organisation_id) VALUES ($1, $2)`
	confirmPartner   = `UPDATE funding_bid_partners SET confirmed_by = $1, confirmed_at = $2
WHERE bid_id = $3 AND organisation_id = $4 AND confirmed_at IS NULL`
	countLeadSubmitted = `SELECT COUNT(*) FROM funding_bids WHERE round_id = $1 AND lead_id = $2 AND stage = $3 AND status = 'submitted'`
	submitBid          = `UPDATE funding_bids SET status = 'submitted', submitted_by = $1, submitted_at = $2, updated_at = $2
WHERE id = $3 AND status = 'draft'`
	selectOrgAdminEmails = `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.organisation_id = $1 AND m.role = 'org_admin' AND m.removed_at IS NULL ORDER BY u.email`
	selectOrgMemberEmails = `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.organisation_id = $1 AND m.removed_at IS NULL ORDER BY u.email`
)

func loadBid(ctx context.Context, q querier, id int64) (*model.Bid, error) {
	b, err := scanBid(q.QueryRowContext(ctx, selectBid, id))
	if err != nil {
		return nil, notFound(err, "errors.not_found.funding_bid")
	}
	if err := bidDetails(ctx, q, b); err != nil {
		return nil, err
	}
	return b, nil
}

// bidDetails loads the bid's partners and budget.
func bidDetails(ctx context.Context, q querier, b *model.Bid) error {
	err := eachRow(ctx, q, selectPartners, []any{b.ID}, func(rows *sql.Rows) error {
		var p model.BidPartner
		var confirmed sql.NullTime
		var signed, withdrawn int
		err := rows.Scan(&p.ID, &p.Slug, &p.Name, &confirmed, &signed, &withdrawn)
		p.ConfirmedAt, p.Signed, p.Withdrawn = timeOf(confirmed), signed == 1, withdrawn == 1
		b.Partners = append(b.Partners, p)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: partners of bid %d: %w", b.ID, err)
	}
	err = eachRow(ctx, q, selectBudget, []any{b.ID}, func(rows *sql.Rows) error {
		var it model.BudgetItem
		err := rows.Scan(&it.Item, &it.Amount)
		b.Budget = append(b.Budget, it)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: budget of bid %d: %w", b.ID, err)
	}
	return nil
}

// Bid returns a bid with its partners and budget.
func (db *DB) Bid(ctx context.Context, id int64) (*model.Bid, error) {
	return loadBid(ctx, db.read, id)
}

// SaveBid creates a draft (b.ID 0) led by b.Lead.ID in round b.RoundID, or changes one,
// with its budget lines and partners, and audits it. Each partner added is asked, by an
// email to each of its org admins, to confirm on the site; a partner removed loses its
// confirmation. Only members of the lead (actor) save it, only while the round is open.
func (db *DB) SaveBid(ctx context.Context, actor model.Actor, b *model.Bid, mail FundingMail) error {
	if fe := model.ValidateBid(b, model.FormatBudget(b.Budget)); fe.Any() {
		return fe
	}
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := tx.userWithMemberships(ctx, actor.UserID)
		if err != nil {
			return ErrNotBidLead
		}
		var before *model.Bid
		if b.ID != 0 {
			if before, err = loadBid(ctx, tx.tx, b.ID); err != nil {
				return err
			}
			if before.Submitted() {
				return ErrBidSubmitted
			}
			b.RoundID, b.Lead, b.Stage = before.RoundID, before.Lead, before.Stage
		}
		if !u.IsMemberOf(b.Lead.ID) {
			return ErrNotBidLead
		}
		r, err := loadRound(ctx, tx.tx, b.RoundID)
		if err != nil {
			return err
		}
		if !r.Open(tx.now) {
			return ErrRoundNotOpen
		}
		if b.ID == 0 {
			b.Stage = r.StageAt(tx.now)
			err = tx.queryRow(ctx, insertBid, b.RoundID, b.Lead.ID, b.Stage, b.Title, b.Problem, b.Users, b.Phase, b.Reuse,
				b.Team, b.Timeline, b.Amount, nullInt(actor.UserID), tx.now).Scan(&b.ID)
		} else {
			_, err = tx.exec(ctx, updateBid, b.Title, b.Problem, b.Users, b.Phase, b.Reuse, b.Team, b.Timeline, b.Amount, tx.now, b.ID)
		}
		if err != nil {
			return fmt.Errorf("store: save bid: %w", err)
		}
		if err := tx.saveBudget(ctx, b); err != nil {
			return err
		}
		added, err := tx.savePartners(ctx, b, before)
		if err != nil {
			return err
		}
		action := "funding_bid.create"
		var was any
		if before != nil {
			action, was = "funding_bid.update", auditBid(before)
		}
		if err := tx.audit(ctx, actor, action, "funding_bid", b.ID, was, auditBid(b)); err != nil {
			return err
		}
		for _, p := range added {
			if err := tx.mailOrg(ctx, selectOrgAdminEmails, p.ID, func(to string) model.Email { return mail.ConfirmPartner(to, b, p.OrgRef) }); err != nil {
				return err
			}
		}
		return nil
	})
}

func auditBid(b *model.Bid) map[string]any {
	ids := make([]int64, len(b.Partners))
	for i, p := range b.Partners {
		ids[i] = p.ID
	}
	return map[string]any{"round_id": b.RoundID, "lead_id": b.Lead.ID, "stage": b.Stage, "title": b.Title,
		"phase": b.Phase, "amount": b.Amount, "partners": ids}
}

func (tx *Tx) saveBudget(ctx context.Context, b *model.Bid) error {
	if _, err := tx.exec(ctx, deleteBudget, b.ID); err != nil {
		return fmt.Errorf("store: budget of bid %d: %w", b.ID, err)
	}
	for i, it := range b.Budget {
		if _, err := tx.exec(ctx, insertBudgetItem, b.ID, i+1, it.Item, it.Amount); err != nil {
			return fmt.Errorf("store: budget of bid %d: %w", b.ID, err)
		}
	}
	return nil
}

// savePartners makes the bid's partners b.Partners (ids), reading their names, and
// returns those added.
func (tx *Tx) savePartners(ctx context.Context, b *model.Bid, before *model.Bid) ([]model.BidPartner, error) {
	var added []model.BidPartner
	if before != nil {
		for _, p := range before.Partners {
			if !b.HasPartner(p.ID) {
				if _, err := tx.exec(ctx, deletePartner, b.ID, p.ID); err != nil {
					return nil, fmt.Errorf("store: partner of bid %d: %w", b.ID, err)
				}
			}
		}
	}
	fe := &model.FieldErrors{}
	for i, p := range b.Partners {
		if before != nil && before.HasPartner(p.ID) {
			continue
		}
		var o model.OrgRef
		err := tx.queryRow(ctx, selectOrgRef, p.ID).Scan(&o.ID, &o.Slug, &o.Name)
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add("organisations", "funding.bids.form.partners.unknown")
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: partner of bid %d: %w", b.ID, err)
		}
		if _, err := tx.exec(ctx, insertPartner, b.ID, p.ID); err != nil {
			return nil, fmt.Errorf("store: partner of bid %d: %w", b.ID, err)
		}
		b.Partners[i].OrgRef = o
		added = append(added, b.Partners[i])
	}
	if fe.Any() {
		return nil, fe
	}
	return added, nil
}

// mailOrg queues, for each address query lists for organisation orgID, the email write
// words for it.
func (tx *Tx) mailOrg(ctx context.Context, query string, orgID int64, write func(to string) model.Email) error {
	var to []string
	err := eachRow(ctx, tx.tx, query, []any{orgID}, func(rows *sql.Rows) error {
		var e string
		err := rows.Scan(&e)
		to = append(to, e)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: addresses of organisation %d: %w", orgID, err)
	}
	for _, e := range to {
		if err := tx.enqueue(ctx, write(e)); err != nil {
			return err
		}
	}
	return nil
}

// ConfirmPartner records that actor, an org admin of orgID, confirms orgID is a partner
// of the bid. It is audited; confirming twice changes nothing.
func (db *DB) ConfirmPartner(ctx context.Context, actor model.Actor, bidID, orgID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := tx.userWithMemberships(ctx, actor.UserID)
		if err != nil {
			return ErrNotPartner
		}
		b, err := loadBid(ctx, tx.tx, bidID)
		if err != nil {
			return err
		}
		if !model.CanConfirmPartner(u, b, orgID) {
			return ErrNotPartner
		}
		if b.Submitted() {
			return ErrBidSubmitted
		}
		res, err := tx.exec(ctx, confirmPartner, actor.UserID, tx.now, bidID, orgID)
		if err != nil {
			return fmt.Errorf("store: confirm partner of bid %d: %w", bidID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.audit(ctx, actor, "funding_bid.confirm_partner", "funding_bid", bidID, nil,
			map[string]any{"organisation_id": orgID})
	})
}

// BidFacts reads what the eligibility rules need about a bid now, outside a transaction,
// to show the bidder before they submit.
func (db *DB) BidFacts(ctx context.Context, b *model.Bid) (model.BidFacts, error) {
	return bidFacts(ctx, db.read, db.now(), b)
}

func bidFacts(ctx context.Context, q querier, now time.Time, b *model.Bid) (model.BidFacts, error) {
	r, err := loadRound(ctx, q, b.RoundID)
	if err != nil {
		return model.BidFacts{}, err
	}
	f := model.BidFacts{Now: now, Round: r, Bid: b}
	if err := q.QueryRowContext(ctx, countLeadSubmitted, b.RoundID, b.Lead.ID, b.Stage).Scan(&f.LeadSubmitted); err != nil {
		return f, fmt.Errorf("store: bids led by %d: %w", b.Lead.ID, err)
	}
	return f, nil
}

// SubmitBid submits a draft once, if the rules allow it at the time of the transaction:
// the round's row is locked first, so that bids of the round are checked and submitted
// one at a time (a lead's count of bids cannot be read twice before either is
// submitted). A refused bid is a *BidRefused with every problem; the submitter gets a
// receipt in the same transaction.
func (db *DB) SubmitBid(ctx context.Context, actor model.Actor, bidID int64, mail FundingMail) (*model.Bid, error) {
	var b *model.Bid
	err := db.inTx(ctx, func(tx *Tx) error {
		var roundID int64
		if err := tx.queryRow(ctx, `SELECT round_id FROM funding_bids WHERE id = $1`, bidID).Scan(&roundID); err != nil {
			return notFound(err, "errors.not_found.funding_bid")
		}
		var got int64
		if err := tx.queryRow(ctx, lockRoundSQL+tx.db.dialect.lockRow, roundID).Scan(&got); err != nil {
			return notFound(err, "errors.not_found.funding_round")
		}
		u, err := tx.userWithMemberships(ctx, actor.UserID)
		if err != nil {
			return ErrNotBidLead
		}
		if b, err = loadBid(ctx, tx.tx, bidID); err != nil {
			return err
		}
		if b.Submitted() {
			return ErrBidSubmitted
		}
		if !u.IsMemberOf(b.Lead.ID) {
			return ErrNotBidLead
		}
		f, err := bidFacts(ctx, tx.tx, tx.now, b)
		if err != nil {
			return err
		}
		if problems := f.Problems(); len(problems) > 0 {
			return &BidRefused{Problems: problems}
		}
		if fe := b.Complete(); fe.Any() {
			return fe
		}
		if _, err := tx.exec(ctx, submitBid, actor.UserID, tx.now, bidID); err != nil {
			return fmt.Errorf("store: submit bid %d: %w", bidID, err)
		}
		b.Status, b.SubmittedAt, b.SubmittedBy = model.BidSubmitted, tx.now, actor.UserID
		if err := tx.audit(ctx, actor, "funding_bid.submit", "funding_bid", bidID, nil, auditBid(b)); err != nil {
			return err
		}
		return tx.enqueue(ctx, mail.Receipt(u.Email, b))
	})
	return b, err
}

// BidQuery chooses bids: of a round, published ones only (submitted, their stage's
// deadline passed at Now), led by or partnering one of Orgs, or with an outcome.
type BidQuery struct {
	RoundID   int64
	Published bool
	Now       time.Time
	Orgs      []int64
	Outcome   string
	Assessor  int64
}

// Bids lists the bids q chooses, by round (newest first) and title, with their partners.
func (db *DB) Bids(ctx context.Context, q BidQuery) ([]*model.Bid, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.RoundID != 0 {
		where = append(where, "b.round_id = "+arg(q.RoundID))
	}
	if q.Published {
		now := arg(q.Now)
		where = append(where, "b.status = 'submitted' AND ((b.stage = 'eoi' AND r.eoi_closes_at IS NOT NULL AND r.eoi_closes_at < "+now+
			") OR ((b.stage <> 'eoi' OR r.eoi_closes_at IS NULL) AND r.closes_at < "+now+"))")
	}
	if q.Outcome != "" {
		where = append(where, "b.outcome = "+arg(q.Outcome))
		if q.Published {
			where = append(where, "r.outcomes_published_at IS NOT NULL")
		}
	}
	if q.Assessor != 0 {
		where = append(where, "b.id IN (SELECT bid_id FROM funding_assignments WHERE assessor_id = "+arg(q.Assessor)+")")
	}
	if len(q.Orgs) > 0 {
		var ph []string
		for _, id := range q.Orgs {
			ph = append(ph, arg(id))
		}
		in := strings.Join(ph, ", ")
		where = append(where, "(b.lead_id IN ("+in+") OR b.id IN (SELECT bid_id FROM funding_bid_partners WHERE organisation_id IN ("+in+")))")
	}
	query := `SELECT ` + bidColumns + bidFrom
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY r.opens_at DESC, r.id DESC, b.title, b.id"
	var out []*model.Bid
	err := eachRow(ctx, db.read, query, args, func(rows *sql.Rows) error {
		b, err := scanBid(rows)
		out = append(out, b)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: bids: %w", err)
	}
	for _, b := range out {
		if err := bidDetails(ctx, db.read, b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RoundTotal is what a round awarded: its funded bids and the sum of their amounts.
type RoundTotal struct {
	RoundID int64
	Name    string
	Funded  int
	Total   int
}

const selectRoundTotals = `SELECT r.id, r.name, COUNT(b.id), COALESCE(SUM(b.awarded), 0)
FROM funding_rounds r JOIN funding_bids b ON b.round_id = r.id AND b.outcome = 'funded'
WHERE r.outcomes_published_at IS NOT NULL
GROUP BY r.id, r.name, r.opens_at ORDER BY r.opens_at DESC, r.id DESC`

// RoundTotals are the awards of each round whose outcomes are published and which funded
// a bid, newest round first.
func (db *DB) RoundTotals(ctx context.Context) ([]RoundTotal, error) {
	var out []RoundTotal
	err := eachRow(ctx, db.read, selectRoundTotals, nil, func(rows *sql.Rows) error {
		var t RoundTotal
		err := rows.Scan(&t.RoundID, &t.Name, &t.Funded, &t.Total)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: round totals: %w", err)
	}
	return out, nil
}

// --- decisions --------------------------------------------------------------------------

const decideBid = `UPDATE funding_bids SET outcome = $1, awarded = $2, decided_at = $3 WHERE id = $4 AND status = 'submitted'`

// ErrOutcomesPublished: a round's decisions are final once its outcomes are published.
var ErrOutcomesPublished = model.Errorf(model.ECONFLICT, "funding.decide.errors.published")

// DecideBid records the platform team's decision on a submitted bid whose deadline has
// passed (an outcome of its stage, and the amount awarded when funded) and audits it. It
// stays with the platform team until the round's outcomes are published
// (PublishOutcomes).
func (db *DB) DecideBid(ctx context.Context, actor model.Actor, bidID int64, outcome string, amount int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		b, err := loadBid(ctx, tx.tx, bidID)
		if err != nil {
			return err
		}
		if !b.Published(tx.now) {
			return ErrNotDecidable
		}
		if b.OutcomesPublished {
			return ErrOutcomesPublished
		}
		if !model.Contains(model.OutcomesFor(b.Stage), outcome) || amount < 0 || amount > b.Amount {
			return model.Errorf(model.EINVALID, "funding.decide.errors.outcome")
		}
		if outcome != model.OutcomeFunded {
			amount = 0
		}
		before := map[string]any{"outcome": b.Outcome, "awarded": b.Awarded}
		if _, err := tx.exec(ctx, decideBid, outcome, amount, tx.now, bidID); err != nil {
			return fmt.Errorf("store: decide bid %d: %w", bidID, err)
		}
		b.Outcome, b.Awarded, b.DecidedAt = outcome, amount, tx.now
		return tx.audit(ctx, actor, "funding_bid.decide", "funding_bid", bidID, before,
			map[string]any{"outcome": outcome, "awarded": amount})
	})
}

const publishOutcomes = `UPDATE funding_rounds SET outcomes_published_at = $1 WHERE id = $2 AND outcomes_published_at IS NULL`

// ErrRoundNotClosed: outcomes are published once applications have closed.
var ErrRoundNotClosed = model.Errorf(model.ECONFLICT, "funding.decide.errors.not_closed")

// PublishOutcomes makes the round's decisions public, once applications have closed: it
// records the activity item its followers hear of, emails each decided bid's lead
// members its outcome and makes each funded bid a project (model.Bid.Project), in one
// transaction. Publishing twice changes nothing.
func (db *DB) PublishOutcomes(ctx context.Context, actor model.Actor, roundID int64, mail FundingMail) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var got int64
		if err := tx.queryRow(ctx, lockRoundSQL+tx.db.dialect.lockRow, roundID).Scan(&got); err != nil {
			return notFound(err, "errors.not_found.funding_round")
		}
		r, err := loadRound(ctx, tx.tx, roundID)
		if err != nil {
			return err
		}
		if !tx.now.After(r.ClosesAt) {
			return ErrRoundNotClosed
		}
		res, err := tx.exec(ctx, publishOutcomes, tx.now, roundID)
		if err != nil {
			return fmt.Errorf("store: publish outcomes of round %d: %w", roundID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if err := tx.audit(ctx, actor, "funding_round.publish_outcomes", "funding_round", roundID, nil, nil); err != nil {
			return err
		}
		if err := tx.recordActivity(ctx, actor, roundActivity(r, model.ActivityOutcomesPublished)); err != nil {
			return err
		}
		var decided []*model.Bid
		err = eachRow(ctx, tx.tx, `SELECT `+bidColumns+bidFrom+` WHERE b.round_id = $1 AND b.outcome <> '' ORDER BY b.id`,
			[]any{roundID}, func(rows *sql.Rows) error {
				b, err := scanBid(rows)
				decided = append(decided, b)
				return err
			})
		if err != nil {
			return fmt.Errorf("store: decided bids of round %d: %w", roundID, err)
		}
		for _, b := range decided {
			b.OutcomesPublished = true
			if err := tx.mailOrg(ctx, selectOrgMemberEmails, b.Lead.ID, func(to string) model.Email { return mail.Outcome(to, b) }); err != nil {
				return err
			}
			if b.Outcome != model.OutcomeFunded {
				continue
			}
			if err := bidDetails(ctx, tx.tx, b); err != nil {
				return err
			}
			if err := tx.createProject(ctx, actor, b.Project(tx.now.In(model.London))); err != nil {
				return fmt.Errorf("store: project of funded bid %d: %w", b.ID, err)
			}
		}
		return nil
	})
}

// roundActivity is an activity item about round r.
func roundActivity(r *model.FundingRound, kind string) *model.Activity {
	return &model.Activity{Kind: kind, Object: model.FollowRef{Kind: model.FollowFundingRound, ID: r.ID},
		Title: r.Name, Path: "/funding/" + fmt.Sprint(r.ID)}
}

const (
	claimOpenedRounds = `SELECT id FROM funding_rounds WHERE opens_at <= $1 AND opened_at IS NULL ORDER BY id`
	markRoundOpened   = `UPDATE funding_rounds SET opened_at = $1 WHERE id = $2 AND opened_at IS NULL`
)

// OpenRounds records, once across every instance, that each round whose opening time
// has come has opened: the activity item its followers (and the platform's) hear of, in
// the transaction that marks it. It returns how many it marked.
func (db *DB) OpenRounds(ctx context.Context) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		ids, err := tx.ids(ctx, claimOpenedRounds+tx.db.dialect.skipLocked, tx.now)
		if err != nil {
			return fmt.Errorf("store: rounds opened: %w", err)
		}
		for _, id := range ids {
			res, err := tx.exec(ctx, markRoundOpened, tx.now, id)
			if err != nil {
				return fmt.Errorf("store: round %d opened: %w", id, err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue
			}
			r, err := loadRound(ctx, tx.tx, id)
			if err != nil {
				return err
			}
			if err := tx.recordActivity(ctx, model.Actor{Label: "funding"}, roundActivity(r, model.ActivityRoundOpened)); err != nil {
				return err
			}
			if err := tx.bumpVersion(ctx); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

const countFundingMoments = `SELECT COUNT(*) FROM funding_rounds WHERE (opens_at > $1 AND opens_at <= $2)
OR (eoi_closes_at > $1 AND eoi_closes_at <= $2) OR (closes_at > $1 AND closes_at <= $2)`

// PassFundingMoments marks public data as changed when a round has opened or a deadline
// has passed since the last call (since): a round becomes public when it opens, and its
// submitted bids when their deadline passes, with no change in the database. The data
// version, which cached pages and open data are keyed on, is bumped. It returns the time
// to pass as since next time.
func (db *DB) PassFundingMoments(ctx context.Context, since time.Time) (time.Time, error) {
	return db.passMoments(ctx, since, "funding", countFundingMoments)
}
