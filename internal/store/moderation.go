package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// Content is a kind of content the platform team moderates: members report it, the
// team hides it with a reason its authors are emailed, shows it again, and dismisses
// reports. One flow serves every kind; what differs is named here. Its table has
// hidden, hidden_reason and hidden_at columns.
type Content struct {
	kind  string // the audit entity and the prefix of its audit actions: "resource"
	table string
	noun  string // for errors: "resource", "case study"
	// touch says hiding and showing again change updated_at too.
	touch bool
	// reports is the table of its reports and key the column naming the content.
	reports, key string
	// authors selects the addresses told of a hiding ($1 the content's id).
	authors string
	// visibility is the before and after of the hide and unhide audit entries.
	visibility func(hidden bool, reason string) map[string]any
	// The catalog keys of its messages: missing and too long reasons for hiding and for
	// a report, the conflicts of hiding hidden content and showing shown content, and
	// content that does not exist.
	msg contentMessages
}

// contentMessages are a kind of content's messages, as catalog keys.
type contentMessages struct {
	hideMissing, hideTooLong, reportMissing, reportTooLong model.Msg
	alreadyHidden, notHidden, notFound                     model.Msg
}

// The kinds of content moderated.
var (
	Resources = Content{kind: "resource", table: "resources", noun: "resource", touch: true,
		reports: "resource_reports", key: "resource_id", authors: selectResourceAuthors,
		visibility: func(hidden bool, reason string) map[string]any {
			if hidden && reason != "" {
				return map[string]any{"hidden": true, "reason": reason}
			}
			return map[string]any{"hidden": hidden}
		},
		msg: contentMessages{
			hideMissing: model.Msg{Key: "resources.hide.reason.missing"}, hideTooLong: model.Msg{Key: "resources.hide.reason.too_long"},
			reportMissing: model.Msg{Key: "resources.report.reason.missing"}, reportTooLong: model.Msg{Key: "resources.report.reason.too_long"},
			alreadyHidden: model.Msg{Key: "resources.errors.already_hidden"}, notHidden: model.Msg{Key: "resources.errors.not_hidden"},
			notFound: model.Msg{Key: "errors.not_found.resource"}}}
	CaseStudies = Content{kind: "case_study", table: "case_studies", noun: "case study",
		reports: "case_study_reports", key: "case_study_id", authors: selectCaseStudyAuthor,
		visibility: func(hidden bool, reason string) map[string]any {
			return map[string]any{"hidden": hidden, "hidden_reason": reason}
		},
		msg: contentMessages{
			hideMissing: model.Msg{Key: "case_studies.hide.reason.missing"}, hideTooLong: model.Msg{Key: "case_studies.hide.reason.too_long"},
			reportMissing: model.Msg{Key: "case_studies.report.reason.missing"}, reportTooLong: model.Msg{Key: "case_studies.report.reason.too_long"},
			alreadyHidden: model.Msg{Key: "case_studies.errors.already_hidden"}, notHidden: model.Msg{Key: "case_studies.errors.not_hidden"},
			notFound: model.Msg{Key: "errors.not_found.case_study"}}}
)

const (
	// The authors told of a resource's hiding: whoever published it or uploaded a file
	// to it, while they are still members of one of the organisations that made it.
	selectResourceAuthors = `SELECT DISTINCT u.email FROM users u
WHERE (u.id IN (SELECT published_by FROM resources WHERE id = $1)
    OR u.id IN (SELECT v.uploaded_by FROM resource_file_versions v JOIN resource_files f ON f.id = v.file_id WHERE f.resource_id = $1))
  AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.removed_at IS NULL
    AND m.organisation_id IN (SELECT organisation_id FROM resource_organisations WHERE resource_id = $1))
ORDER BY u.email`
	// The author told of a case study's hiding: the person who wrote it, while they have
	// an account.
	selectCaseStudyAuthor = `SELECT u.email FROM users u JOIN case_studies c ON c.created_by = u.id WHERE c.id = $1`
)

// HiddenContent is what the emails about a hiding say: which content, and why.
type HiddenContent struct {
	ID     int64
	Title  string
	Reason string
}

// HiddenNotifier writes the emails that tell content's authors it was hidden; to lists
// their addresses, and is never empty.
type HiddenNotifier func(c HiddenContent, to []string) []model.Email

func (c Content) sql(format string) string { return fmt.Sprintf(format, c.table, c.reports, c.key) }

// NotFound is the error for content that does not exist, which hidden content is too
// for those who may not see it: the two must not be told apart.
func (c Content) NotFound() error { return model.Errorf(model.ENOTFOUND, c.msg.notFound.Key) }

// notFound is ENOTFOUND for sql.ErrNoRows, else err.
func (c Content) notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return c.NotFound()
	}
	return err
}

// visible fails with ENOTFOUND unless the content exists and is not hidden.
func (tx *Tx) visible(ctx context.Context, c Content, id int64) error {
	var hidden bool
	if err := tx.queryRow(ctx, c.sql(`SELECT hidden FROM %[1]s WHERE id = $1`), id).Scan(&hidden); err != nil {
		return c.notFound(err)
	}
	if hidden {
		return model.Errorf(model.ENOTFOUND, c.msg.notFound.Key)
	}
	return nil
}

// reasonError is a refused reason, shown next to its field.
func reasonError(field string, msg *model.Msg) error {
	fe := &model.FieldErrors{}
	fe.Add(field, msg.Key, msg.Args...)
	return fe
}

// Report records a member's report (the field report_reason) that content should not
// be on the platform, for the platform team to look at. Hidden content cannot be
// reported: for the reporter it does not exist.
func (db *DB) Report(ctx context.Context, c Content, actor model.Actor, id int64, reason string) (int64, error) {
	reason, msg := model.CleanReason(reason, true, model.MaxReportReason, c.msg.reportMissing.Key, c.msg.reportTooLong.Key)
	if msg != nil {
		return 0, reasonError("report_reason", msg)
	}
	var reportID int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.visible(ctx, c, id); err != nil {
			return err
		}
		err := tx.queryRow(ctx, c.sql(`INSERT INTO %[2]s (%[3]s, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id`),
			id, nullInt(actor.UserID), reason, tx.now).Scan(&reportID)
		if err != nil {
			return fmt.Errorf("store: report %s %d: %w", c.noun, id, err)
		}
		return tx.audit(ctx, actor, c.kind+".report", c.kind, id, nil, map[string]any{"report_id": reportID, "reason": reason})
	})
	return reportID, err
}

// OpenReports lists the reports of this kind of content nobody has dealt with yet,
// oldest first.
func (db *DB) OpenReports(ctx context.Context, c Content) ([]model.Report, error) {
	var out []model.Report
	err := eachRow(ctx, db.read, c.sql(`SELECT rr.id, rr.%[3]s, x.title, x.hidden, rr.reason, rr.created_at FROM %[2]s rr
JOIN %[1]s x ON x.id = rr.%[3]s WHERE rr.resolved_at IS NULL ORDER BY rr.created_at, rr.id`), nil, func(rows *sql.Rows) error {
		var r model.Report
		if err := rows.Scan(&r.ID, &r.ContentID, &r.Title, &r.Hidden, &r.Reason, &r.CreatedAt); err != nil {
			return err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s reports: %w", c.noun, err)
	}
	return out, nil
}

// HiddenList lists the content of this kind the platform team has hidden, most recently
// hidden first, for the moderation page.
func (db *DB) HiddenList(ctx context.Context, c Content) ([]model.Hidden, error) {
	var out []model.Hidden
	err := eachRow(ctx, db.read, c.sql(`SELECT id, title, hidden_reason, hidden_at FROM %[1]s WHERE hidden = TRUE
ORDER BY hidden_at DESC, id DESC`), nil, func(rows *sql.Rows) error {
		var h model.Hidden
		var at sql.NullTime
		if err := rows.Scan(&h.ID, &h.Title, &h.Reason, &at); err != nil {
			return err
		}
		h.HiddenAt = timeOf(at)
		out = append(out, h)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: hidden %s list: %w", c.noun, err)
	}
	return out, nil
}

// resolveReports closes the content's open reports, returning how many it closed.
func (tx *Tx) resolveReports(ctx context.Context, c Content, id int64) (int64, error) {
	res, err := tx.exec(ctx, c.sql(`UPDATE %[2]s SET resolved_at = $1 WHERE %[3]s = $2 AND resolved_at IS NULL`), tx.now, id)
	if err != nil {
		return 0, fmt.Errorf("store: close reports of %s %d: %w", c.noun, id, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// DismissReports closes the content's open reports without hiding it. It returns how
// many it closed; closing none is not audited.
func (db *DB) DismissReports(ctx context.Context, c Content, actor model.Actor, id int64) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if n, err = tx.resolveReports(ctx, c, id); err != nil || n == 0 {
			return err
		}
		return tx.audit(ctx, actor, c.kind+".reports_dismiss", c.kind, id, nil, map[string]any{"reports": n})
	})
	return int(n), err
}

// setHidden hides or shows the content, refusing with ECONFLICT when it already is as
// asked (ENOTFOUND when it does not exist). The UPDATE names the state it changes from,
// so that of two admins at once (on either engine) one changes it and one is refused.
func (tx *Tx) setHidden(ctx context.Context, c Content, id int64, hide bool, reason string) (title, before string, err error) {
	var at any
	if hide {
		at = tx.now
	}
	if err := tx.queryRow(ctx, c.sql(`SELECT title, hidden_reason FROM %[1]s WHERE id = $1`), id).Scan(&title, &before); err != nil {
		return "", "", c.notFound(err)
	}
	set, args := `hidden = $1, hidden_reason = $2, hidden_at = $3`, []any{hide, reason, at, id, !hide}
	if c.touch {
		set, args = set+`, updated_at = $6`, append(args, tx.now)
	}
	res, err := tx.exec(ctx, c.sql(`UPDATE %[1]s SET `+set+` WHERE id = $4 AND hidden = $5`), args...)
	if err != nil {
		return "", "", fmt.Errorf("store: hide %s %d: %w", c.noun, id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		if hide {
			return "", "", model.Errorf(model.ECONFLICT, c.msg.alreadyHidden.Key)
		}
		return "", "", model.Errorf(model.ECONFLICT, c.msg.notHidden.Key)
	}
	return title, before, nil
}

// Hide takes content off the public lists, pages, open data and feeds with the platform
// team's reason (the field reason), closes its reports, and emails its authors through
// the outbox, all in one transaction. Hiding hidden content is a conflict.
func (db *DB) Hide(ctx context.Context, c Content, actor model.Actor, id int64, reason string, notify HiddenNotifier) error {
	reason, msg := model.CleanReason(reason, true, model.MaxHideReason, c.msg.hideMissing.Key, c.msg.hideTooLong.Key)
	if msg != nil {
		return reasonError("reason", msg)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		title, _, err := tx.setHidden(ctx, c, id, true, reason)
		if err != nil {
			return err
		}
		if _, err := tx.resolveReports(ctx, c, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, c.kind+".hide", c.kind, id, c.visibility(false, ""), c.visibility(true, reason)); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		to, err := stringsOf(tx.tx.QueryContext(ctx, c.authors, id))
		if err != nil || len(to) == 0 {
			return err
		}
		for _, e := range notify(HiddenContent{ID: id, Title: title, Reason: reason}, to) {
			if err := tx.enqueue(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unhide puts hidden content back where it was. Showing content that is not hidden is
// a conflict.
func (db *DB) Unhide(ctx context.Context, c Content, actor model.Actor, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, reason, err := tx.setHidden(ctx, c, id, false, "")
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, c.kind+".unhide", c.kind, id, c.visibility(true, reason), c.visibility(false, ""))
	})
}
