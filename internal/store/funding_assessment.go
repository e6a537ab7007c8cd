package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/localdigital/localdigital/internal/model"
)

// Questions about a round, the assessor role, assessors' assignments and their scores.
// Questions are public only once answered, and never with the asker; scores and
// comments are never public.

// Question is a question about a round, with its answer once the platform team gives one.
type Question struct {
	ID         int64
	RoundID    int64
	Question   string
	AskedAt    sql.NullTime
	Answer     string
	AnsweredAt sql.NullTime
}

// Answered reports whether the question has its published answer.
func (q Question) Answered() bool { return q.AnsweredAt.Valid }

const (
	insertQuestion   = `INSERT INTO funding_questions (round_id, asked_by, question, asked_at) VALUES ($1, $2, $3, $4) RETURNING id`
	answerQuestion   = `UPDATE funding_questions SET answer = $1, answered_at = $2 WHERE id = $3 AND round_id = $4`
	selectQuestions  = `SELECT id, round_id, question, asked_at, answer, answered_at FROM funding_questions WHERE round_id = $1 ORDER BY asked_at, id`
	setAssessor      = `UPDATE users SET assessor = $1 WHERE id = $2`
	selectAssessors  = `SELECT id FROM users WHERE assessor = TRUE ORDER BY email`
	insertAssignment = `INSERT INTO funding_assignments (bid_id, assessor_id, assigned_at) VALUES ($1, $2, $3)`
	selectAssigned   = `SELECT assessor_id FROM funding_assignments WHERE bid_id = $1 ORDER BY assigned_at, assessor_id`
	isAssigned       = `SELECT COUNT(*) FROM funding_assignments WHERE bid_id = $1 AND assessor_id = $2`
	deleteScores     = `DELETE FROM funding_scores WHERE bid_id = $1 AND assessor_id = $2`
	insertScore      = `INSERT INTO funding_scores (bid_id, assessor_id, criterion_id, score, comment, scored_at) VALUES ($1, $2, $3, $4, $5, $6)`
	selectScores     = `SELECT s.criterion_id, s.assessor_id, u.email, s.score, s.comment FROM funding_scores s
JOIN users u ON u.id = s.assessor_id WHERE s.bid_id = $1 ORDER BY u.email, s.criterion_id`
)

// AskQuestion records a signed-in person's question about a round.
func (db *DB) AskQuestion(ctx context.Context, actor model.Actor, roundID int64, text string) error {
	text = model.CleanText(text)
	switch {
	case text == "":
		return model.InvalidField("question", "funding.questions.errors.missing")
	case model.Length(text) > model.MaxQuestion:
		return model.InvalidField("question", "funding.questions.errors.too_long", "Max", model.MaxQuestion)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := loadRound(ctx, tx.tx, roundID); err != nil {
			return err
		}
		var id int64
		if err := tx.queryRow(ctx, insertQuestion, roundID, nullInt(actor.UserID), text, tx.now).Scan(&id); err != nil {
			return fmt.Errorf("store: ask question: %w", err)
		}
		return tx.audit(ctx, actor, "funding_question.ask", "funding_question", id, nil, map[string]any{"round_id": roundID})
	})
}

// AnswerQuestion publishes the platform team's answer to a question of the round.
func (db *DB) AnswerQuestion(ctx context.Context, actor model.Actor, roundID, questionID int64, text string) error {
	text = model.CleanText(text)
	switch {
	case text == "":
		return model.InvalidField("answer", "funding.questions.errors.answer_missing")
	case model.Length(text) > model.MaxAnswer:
		return model.InvalidField("answer", "funding.questions.errors.answer_too_long", "Max", model.MaxAnswer)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, answerQuestion, text, tx.now, questionID, roundID)
		if err != nil {
			return fmt.Errorf("store: answer question %d: %w", questionID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("errors.not_found.funding_question")
		}
		return tx.audit(ctx, actor, "funding_question.answer", "funding_question", questionID, nil, map[string]any{"answer": text})
	})
}

// Questions lists a round's questions in the order they were asked; answered only
// leaves out those without an answer.
func (db *DB) Questions(ctx context.Context, roundID int64, answeredOnly bool) ([]Question, error) {
	var out []Question
	err := eachRow(ctx, db.read, selectQuestions, []any{roundID}, func(rows *sql.Rows) error {
		var q Question
		if err := rows.Scan(&q.ID, &q.RoundID, &q.Question, &q.AskedAt, &q.Answer, &q.AnsweredAt); err != nil {
			return err
		}
		if q.Answered() || !answeredOnly {
			out = append(out, q)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: questions of round %d: %w", roundID, err)
	}
	return out, nil
}

// SetAssessor gives the person with email the assessor role (on) or takes it away,
// audited. They must have an account.
func (db *DB) SetAssessor(ctx context.Context, actor model.Actor, email string, on bool) (*model.User, error) {
	var u *model.User
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, selectUserByEmail, email))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoSuchAssessor
		}
		if err != nil {
			return fmt.Errorf("store: assessor %s: %w", email, err)
		}
		if u.Assessor == on {
			return nil
		}
		if _, err := tx.exec(ctx, setAssessor, on, u.ID); err != nil {
			return fmt.Errorf("store: assessor %s: %w", email, err)
		}
		before := map[string]any{"assessor": u.Assessor}
		u.Assessor = on
		return tx.audit(ctx, actor, "user.assessor", "user", u.ID, before, map[string]any{"assessor": on})
	})
	return u, err
}

// Assessors are the people holding the assessor role, by email, with their memberships.
func (db *DB) Assessors(ctx context.Context) ([]*model.User, error) {
	return db.usersByIDs(ctx, selectAssessors)
}

// BidAssessors are the assessors assigned to a bid.
func (db *DB) BidAssessors(ctx context.Context, bidID int64) ([]*model.User, error) {
	return db.usersByIDs(ctx, selectAssigned, bidID)
}

func (db *DB) usersByIDs(ctx context.Context, query string, args ...any) ([]*model.User, error) {
	var ids []int64
	err := eachRow(ctx, db.read, query, args, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	out := make([]*model.User, 0, len(ids))
	for _, id := range ids {
		u, err := db.User(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// AssignAssessor assigns the assessor with email to a submitted bid, unless they belong
// to its lead or a partner (model.MayAssign): that is refused with the reason.
func (db *DB) AssignAssessor(ctx context.Context, actor model.Actor, bidID int64, email string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
			return notFoundAs(err, errNoSuchAssessor)
		}
		a, err := tx.userWithMemberships(ctx, id)
		if err != nil {
			return err
		}
		b, err := loadBid(ctx, tx.tx, bidID)
		if err != nil {
			return err
		}
		if !b.Submitted() {
			return ErrNotDecidable
		}
		if m := model.MayAssign(a, b); m != nil {
			return model.InvalidField("assessor", m.Key, m.Args...)
		}
		if _, err := tx.exec(ctx, insertAssignment, bidID, a.ID, tx.now); err != nil {
			if tx.db.dialect.isUnique(err) {
				return nil
			}
			return fmt.Errorf("store: assign bid %d: %w", bidID, err)
		}
		return tx.audit(ctx, actor, "funding_bid.assign", "funding_bid", bidID, nil, map[string]any{"assessor": a.Email})
	})
}

func notFoundAs(err, as error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return as
	}
	return err
}

// IsAssigned reports whether the assessor is assigned to the bid.
func (db *DB) IsAssigned(ctx context.Context, bidID, assessorID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, isAssigned, bidID, assessorID).Scan(&n)
	return n > 0, err
}

// SaveScores replaces the assessor's scores of a bid they are assigned to, audited.
func (db *DB) SaveScores(ctx context.Context, actor model.Actor, bidID int64, scores []model.Score) error {
	for _, s := range scores {
		if s.Score < model.MinScore || s.Score > model.MaxScore {
			return model.Errorf(model.EINVALID, "funding.assess.errors.score", "Criterion", "", "Min", model.MinScore, "Max", model.MaxScore)
		}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, isAssigned, bidID, actor.UserID).Scan(&n); err != nil {
			return fmt.Errorf("store: scores of bid %d: %w", bidID, err)
		}
		if n == 0 {
			return ErrNotAssigned
		}
		if _, err := tx.exec(ctx, deleteScores, bidID, actor.UserID); err != nil {
			return fmt.Errorf("store: scores of bid %d: %w", bidID, err)
		}
		audit := map[string]int{}
		for _, s := range scores {
			if _, err := tx.exec(ctx, insertScore, bidID, actor.UserID, s.CriterionID, s.Score, s.Comment, tx.now); err != nil {
				return fmt.Errorf("store: scores of bid %d: %w", bidID, err)
			}
			audit[fmt.Sprint(s.CriterionID)] = s.Score
		}
		return tx.audit(ctx, actor, "funding_bid.score", "funding_bid", bidID, nil, map[string]any{"scores": audit})
	})
}

// Scores are every assessor's scores of a bid, by assessor.
func (db *DB) Scores(ctx context.Context, bidID int64) ([]model.Score, error) {
	var out []model.Score
	err := eachRow(ctx, db.read, selectScores, []any{bidID}, func(rows *sql.Rows) error {
		var s model.Score
		err := rows.Scan(&s.CriterionID, &s.AssessorID, &s.Assessor, &s.Score, &s.Comment)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: scores of bid %d: %w", bidID, err)
	}
	return out, nil
}

// FundingDemo is the words of the demo bid, question and score that SeedFunding writes:
// people's own words, which the demo data (internal/web) gives.
type FundingDemo struct {
	Title, Problem, Users, Outcomes, Team, Timeline string
	BudgetItem                                      string
	Question, Answer                                string
	ScoreComment                                    string
}

// SeedFunding adds demo data to round: a submitted discovery bid led by the first three
// organisations' first (the others its confirmed partners) with its budget, a question
// and its answer, and the first account as its assessor with a score against each
// criterion, so that every funding table has a row. Demo data only (`seed --demo`).
func (db *DB) SeedFunding(ctx context.Context, actor model.Actor, roundID int64, d FundingDemo) error {
	return db.inTx(ctx, func(tx *Tx) error {
		orgs, err := tx.ids(ctx, `SELECT id FROM organisations ORDER BY id LIMIT 3`)
		if err != nil || len(orgs) < 3 {
			return err
		}
		users, err := tx.ids(ctx, `SELECT id FROM users ORDER BY id LIMIT 1`)
		if err != nil || len(users) == 0 {
			return err
		}
		r, err := loadRound(ctx, tx.tx, roundID)
		if err != nil {
			return err
		}
		var bidID int64
		err = tx.queryRow(ctx, insertBid, roundID, orgs[0], model.StageApplication, d.Title,
			d.Problem, d.Users, model.PhaseDiscovery, d.Outcomes, d.Team, d.Timeline, 60000, users[0], tx.now).Scan(&bidID)
		if err != nil {
			return fmt.Errorf("store: seed bid: %w", err)
		}
		steps := []struct {
			q    string
			args []any
		}{
			{insertBudgetItem, []any{bidID, 1, d.BudgetItem, 60000}},
			{insertPartner, []any{bidID, orgs[1]}},
			{insertPartner, []any{bidID, orgs[2]}},
			{`UPDATE funding_bid_partners SET confirmed_at = $1 WHERE bid_id = $2`, []any{tx.now, bidID}},
			{submitBid, []any{users[0], tx.now, bidID}},
			{`INSERT INTO funding_questions (round_id, question, asked_at, answer, answered_at) VALUES ($1, $2, $3, $4, $3)`,
				[]any{roundID, d.Question, tx.now, d.Answer}},
			{insertAssignment, []any{bidID, users[0], tx.now}},
		}
		for _, c := range r.Criteria {
			steps = append(steps, struct {
				q    string
				args []any
			}{insertScore, []any{bidID, users[0], c.ID, 4, d.ScoreComment, tx.now}})
		}
		for _, st := range steps {
			if _, err := tx.exec(ctx, st.q, st.args...); err != nil {
				return fmt.Errorf("store: seed funding: %w", err)
			}
		}
		return tx.audit(ctx, actor, "funding_bid.seed", "funding_bid", bidID, nil, nil)
	})
}
