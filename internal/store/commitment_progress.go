package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// jobActor is who the audit log says changed a commitment the background job changed.
var jobActor = model.Actor{Label: "job:commitments"}

const commitmentColumns = `c.id, c.signature_id, c.organisation_id, c.status, c.due_at, c.next_check_in_at,
c.check_ins_sent, c.status_at, c.created_at`

func scanCommitment(sc interface{ Scan(...any) error }, extra ...any) (*model.CommitmentProgress, error) {
	c := &model.CommitmentProgress{}
	var next sql.NullTime
	err := sc.Scan(append([]any{&c.ID, &c.SignatureID, &c.OrganisationID, &c.Status, &c.DueAt, &next,
		&c.CheckInsSent, &c.StatusAt, &c.CreatedAt}, extra...)...)
	c.DueAt, c.StatusAt, c.CreatedAt = c.DueAt.UTC(), c.StatusAt.UTC(), c.CreatedAt.UTC()
	c.NextCheckInAt = timeOf(next)
	return c, err
}

const insertCommitment = `INSERT INTO commitments (signature_id, organisation_id, status, due_at, next_check_in_at,
check_ins_sent, status_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (signature_id) DO NOTHING`

// startCommitment starts the year of the commitment of signature sigID of organisation
// orgID, verified at verified. A signature verified long ago starts with the quarters
// already past counted as emailed, so that adopting it sends nothing at once.
func (tx *Tx) startCommitment(ctx context.Context, sigID, orgID int64, verified time.Time) (bool, error) {
	sent := model.CheckInQuarter(verified, tx.now)
	res, err := tx.exec(ctx, insertCommitment, sigID, orgID, model.CommitmentOnTrack, model.CommitmentDue(verified),
		nextCheckIn(verified, sent), sent, tx.now)
	if err != nil {
		return false, fmt.Errorf("store: start commitment of signature %d: %w", sigID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// checkInQuarters is how many quarterly check-in emails a commitment's year has: the
// last is on its due date.
const checkInQuarters = 4

// nextCheckIn is when the check-in email after quarter sent is due, or NULL when the
// year's emails are all sent.
func nextCheckIn(verified time.Time, sent int) any {
	if sent >= checkInQuarters {
		return nil
	}
	return model.CheckInDue(verified, sent+1)
}

const selectOrgCommitment = `SELECT ` + commitmentColumns + ` FROM organisations o
JOIN commitments c ON c.signature_id = o.published_signature_id WHERE o.id = $1`

// CommitmentOf returns the commitment of organisation orgID's published signature with
// its check-ins, newest first; ENOTFOUND if it has none.
func (db *DB) CommitmentOf(ctx context.Context, orgID int64) (*model.CommitmentProgress, error) {
	row, err := db.readRow(ctx, selectOrgCommitment, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: commitment of %d: %w", orgID, err)
	}
	c, err := scanCommitment(row)
	if err != nil {
		return nil, notFound(err, "commitments.errors.none")
	}
	c.CheckIns, err = db.checkIns(ctx, c.ID)
	return c, err
}

const selectCheckIns = `SELECT id, commitment_id, organisation_id, COALESCE(author_id, 0), status, what_happened,
evidence, language, as_of, created_at FROM commitment_check_ins WHERE commitment_id = $1 ORDER BY as_of DESC, id DESC`

func (db *DB) checkIns(ctx context.Context, commitmentID int64) ([]model.CheckIn, error) {
	var out []model.CheckIn
	err := eachRow(ctx, db.read, selectCheckIns, []any{commitmentID}, func(rows *sql.Rows) error {
		var c model.CheckIn
		var evidence, asOf string
		if err := rows.Scan(&c.ID, &c.CommitmentID, &c.OrganisationID, &c.AuthorID, &c.Status, &c.WhatHappened,
			&evidence, &c.Language, &asOf, &c.CreatedAt); err != nil {
			return err
		}
		c.AsOf, c.CreatedAt = model.ParseDateText(asOf), c.CreatedAt.UTC()
		c.HTML = model.RenderMarkdown(c.WhatHappened)
		if evidence != "" {
			c.Evidence = strings.Split(evidence, "\n")
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: check-ins of commitment %d: %w", commitmentID, err)
	}
	return out, nil
}

// lockOrgCommitment is the commitment of organisation $1's standing signature (verified,
// not withdrawn), held until the check-in's transaction ends.
const lockOrgCommitment = selectOrgCommitment + ` AND EXISTS (SELECT 1 FROM signatures s WHERE s.id = c.signature_id AND s.status = 'verified')`

const insertCheckIn = `INSERT INTO commitment_check_ins (commitment_id, organisation_id, author_id, status,
what_happened, evidence, language, as_of, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`

const setCommitmentStatus = `UPDATE commitments SET status = $1, status_at = $2, next_check_in_at = $3 WHERE id = $4`

// CheckIn records c, a check-in on organisation orgID's commitment by actor (a member;
// the route checked), and moves the commitment to the status it gives
// (model.CommitmentStatusAfter): a settled commitment gets no more check-in emails. The
// check-in, the status, the audit entry, the activity item (a check-in, or the commitment
// delivered) and the data version change in one transaction.
// It returns the commitment as it now stands.
func (db *DB) CheckIn(ctx context.Context, actor model.Actor, orgID int64, c *model.CheckIn) (*model.CommitmentProgress, error) {
	var out *model.CommitmentProgress
	err := db.inTx(ctx, func(tx *Tx) error {
		cm, err := scanCommitment(tx.queryRow(ctx, lockOrgCommitment+db.dialect.lockRow, orgID))
		if err != nil {
			return notFound(err, "commitments.errors.none")
		}
		c.CommitmentID, c.OrganisationID, c.AuthorID, c.CreatedAt = cm.ID, orgID, actor.UserID, tx.now
		err = tx.queryRow(ctx, insertCheckIn, cm.ID, orgID, nullInt(actor.UserID), c.Status, c.WhatHappened,
			strings.Join(c.Evidence, "\n"), c.Language, model.DateText(c.AsOf), tx.now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: check in on commitment %d: %w", cm.ID, err)
		}
		was := cm.Status
		cm.Status = model.CommitmentStatusAfter(c.Status, cm.DueAt, tx.now)
		if cm.Status != was {
			cm.StatusAt = tx.now
		}
		var next any
		if model.Settled(cm.Status) {
			cm.NextCheckInAt = time.Time{}
		} else if !cm.NextCheckInAt.IsZero() {
			next = cm.NextCheckInAt
		}
		if _, err := tx.exec(ctx, setCommitmentStatus, cm.Status, cm.StatusAt, next, cm.ID); err != nil {
			return fmt.Errorf("store: commitment %d status: %w", cm.ID, err)
		}
		out = cm
		if err := tx.audit(ctx, actor, "commitment.check_in", "commitment", cm.ID,
			map[string]string{"status": was}, map[string]any{"status": cm.Status, "check_in": c.ID, "said": c.Status}); err != nil {
			return err
		}
		kind := model.ActivityCommitmentCheckIn
		if cm.Status == model.CommitmentDelivered && was != model.CommitmentDelivered {
			kind = model.ActivityCommitmentDelivered
		}
		return tx.recordOrganisation(ctx, actor, kind, orgID)
	})
	return out, err
}

// CheckInNotice is one quarterly check-in email's subject: the organisation, its
// commitment, the quarter after verification and the admins to write to.
type CheckInNotice struct {
	Organisation *model.Organisation
	Title        string // the commitment's title
	Language     string // the commitment's language
	Commitment   *model.CommitmentProgress
	Quarter      int
	To           []string // the organisation's admins' addresses
}

// CheckInNotifier words the check-in emails of a notice; the store queues them in the
// transaction that marks the quarter sent.
type CheckInNotifier func(n CheckInNotice) []model.Email

// maxCommitmentsAtOnce bounds one run of the commitments job; the next takes the rest.
const maxCommitmentsAtOnce = 500

const selectUnstarted = `SELECT s.id, s.organisation_id, s.verified_at FROM signatures s
WHERE s.status = 'verified' AND s.verified_at IS NOT NULL
AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.signature_id = s.id) ORDER BY s.id LIMIT $1`

func (db *DB) claimCheckInsSQL() string {
	return `SELECT c.id FROM commitments c JOIN signatures s ON s.id = c.signature_id
WHERE c.next_check_in_at <= $1 AND s.status = 'verified' ORDER BY c.id LIMIT $2` + db.dialect.skipLockedOf("c")
}

const selectCommitmentForCheckIn = `SELECT ` + commitmentColumns + `, s.verified_at, s.title, s.language
FROM commitments c JOIN signatures s ON s.id = c.signature_id WHERE c.id = $1`

const markCheckInSent = `UPDATE commitments SET check_ins_sent = $1, next_check_in_at = $2
WHERE id = $3 AND check_ins_sent < $1 AND next_check_in_at IS NOT NULL`

// selectAdminAddresses are the addresses of organisation $1's admins.
const selectAdminAddresses = `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.organisation_id = $1 AND m.role = 'org_admin' AND m.removed_at IS NULL ORDER BY u.email`

// SendCheckIns starts the commitments of signatures verified before commitments were
// kept, and queues the quarterly check-in email of every commitment whose next one is
// due, to its organisation's admins, marking the quarter sent in the same transaction:
// one email per quarter per organisation, however many instances run it (claims are
// skipped, not waited for, on PostgreSQL). A quarter missed while nothing ran is not
// sent late: only the latest due one is. It returns how many notices it queued.
func (db *DB) SendCheckIns(ctx context.Context, notify CheckInNotifier) (int, error) {
	if err := db.startMissingCommitments(ctx); err != nil {
		return 0, err
	}
	sent := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		sent = 0
		ids, err := tx.ids(ctx, db.claimCheckInsSQL(), tx.now, maxCommitmentsAtOnce)
		if err != nil {
			return fmt.Errorf("store: claim check-ins: %w", err)
		}
		for _, id := range ids {
			ok, err := tx.sendCheckIn(ctx, id, notify)
			if err != nil {
				return err
			}
			if ok {
				sent++
			}
		}
		return nil
	})
	return sent, err
}

func (tx *Tx) sendCheckIn(ctx context.Context, id int64, notify CheckInNotifier) (bool, error) {
	var verified time.Time
	n := CheckInNotice{}
	c, err := scanCommitment(tx.queryRow(ctx, selectCommitmentForCheckIn, id), &verified, &n.Title, &n.Language)
	if err != nil {
		return false, fmt.Errorf("store: check-in of commitment %d: %w", id, err)
	}
	quarter := min(model.CheckInQuarter(verified.UTC(), tx.now), checkInQuarters)
	if quarter <= c.CheckInsSent {
		return false, nil
	}
	res, err := tx.exec(ctx, markCheckInSent, quarter, nextCheckIn(verified.UTC(), quarter), id)
	if err != nil {
		return false, fmt.Errorf("store: mark check-in of commitment %d sent: %w", id, err)
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return false, nil
	}
	c.CheckInsSent, n.Commitment, n.Quarter = quarter, c, quarter
	n.Organisation = &model.Organisation{}
	if err := scanOrg(tx.queryRow(ctx, selectOrgByID, c.OrganisationID), n.Organisation); err != nil {
		return false, fmt.Errorf("store: organisation %d: %w", c.OrganisationID, err)
	}
	err = eachRow(ctx, tx.tx, selectAdminAddresses, []any{c.OrganisationID}, func(rows *sql.Rows) error {
		var email string
		err := rows.Scan(&email)
		n.To = append(n.To, email)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: admins of %d: %w", c.OrganisationID, err)
	}
	if notify != nil {
		for _, e := range notify(n) {
			if err := tx.enqueue(ctx, e); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// startMissingCommitments starts the commitment of every verified signature without one
// (those verified before commitments were kept), and marks public data changed if any.
func (db *DB) startMissingCommitments(ctx context.Context) error {
	return db.inTx(ctx, func(tx *Tx) error {
		type sig struct {
			id, org  int64
			verified time.Time
		}
		var sigs []sig
		err := eachRow(ctx, tx.tx, selectUnstarted, []any{maxCommitmentsAtOnce}, func(rows *sql.Rows) error {
			var s sig
			err := rows.Scan(&s.id, &s.org, &s.verified)
			sigs = append(sigs, s)
			return err
		})
		if err != nil {
			return fmt.Errorf("store: signatures without a commitment: %w", err)
		}
		started := false
		for _, s := range sigs {
			ok, err := tx.startCommitment(ctx, s.id, s.org, s.verified.UTC())
			if err != nil {
				return err
			}
			started = started || ok
		}
		if started {
			return tx.bumpVersion(ctx)
		}
		return nil
	})
}

func (db *DB) claimOverdueSQL() string {
	return `SELECT c.id FROM commitments c JOIN signatures s ON s.id = c.signature_id
WHERE c.status IN ('on_track', 'at_risk') AND c.due_at <= $1 AND s.status = 'verified'
ORDER BY c.id LIMIT $2` + db.dialect.skipLockedOf("c")
}

const markOverdue = `UPDATE commitments SET status = 'overdue', status_at = $1
WHERE id = $2 AND status IN ('on_track', 'at_risk')`

// MarkOverdue marks overdue every commitment of a standing (verified, not withdrawn)
// signature whose due date has passed without "delivered" or "stopped", each with its
// audit entry, and returns how many it marked.
func (db *DB) MarkOverdue(ctx context.Context) (int, error) {
	marked := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		marked = 0
		ids, err := tx.ids(ctx, db.claimOverdueSQL(), tx.now, maxCommitmentsAtOnce)
		if err != nil {
			return fmt.Errorf("store: claim overdue commitments: %w", err)
		}
		for _, id := range ids {
			res, err := tx.exec(ctx, markOverdue, tx.now, id)
			if err != nil {
				return fmt.Errorf("store: mark commitment %d overdue: %w", id, err)
			}
			if k, _ := res.RowsAffected(); k != 1 {
				continue
			}
			if err := tx.audit(ctx, jobActor, "commitment.overdue", "commitment", id, nil, map[string]string{"status": model.CommitmentOverdue}); err != nil {
				return err
			}
			marked++
		}
		return nil
	})
	return marked, err
}
