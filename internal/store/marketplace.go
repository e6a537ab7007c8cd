package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

const (
	insertBuyer = `INSERT INTO marketplace_buyers (buyer_key, name, domain, status, organisation_id, reason, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
	selectBuyersToReview = `SELECT b.id, b.name, b.domain, b.status, b.reason, COALESCE(b.organisation_id, 0),
(SELECT COUNT(*) FROM marketplace_opportunities p WHERE p.buyer_id = b.id)
FROM marketplace_buyers b WHERE b.status = 'review' ORDER BY b.name, b.id`
	selectBuyer  = `SELECT id, name, domain, status, reason, COALESCE(organisation_id, 0), 0 FROM marketplace_buyers WHERE id = $1`
	decideBuyer  = `UPDATE marketplace_buyers SET status = $1, organisation_id = $2, reason = '', decided_by = $3, decided_at = $4 WHERE id = $5`
	selectOrgUse = `SELECT b.organisation_id, p.published_at FROM marketplace_opportunities p JOIN marketplace_buyers b ON b.id = p.buyer_id
WHERE b.status = 'matched' AND b.organisation_id = $1`
	selectAllUse = `SELECT b.organisation_id, p.published_at FROM marketplace_opportunities p JOIN marketplace_buyers b ON b.id = p.buyer_id
WHERE b.status = 'matched'`
)

// ImportMarketplace keeps the Digital Marketplace's opportunities (model.Opportunity, as
// importer.ParseMarketplace reads them) in one transaction: each opportunity once by its
// ID (one seen before changes nothing), and each buyer new to the platform matched by
// model.MatchBuyer against the organisations' email domains, then their names, short
// names and other known names, or put in the review queue; a buyer seen before keeps the
// decision made then (by an import or a platform admin).
func (db *DB) ImportMarketplace(ctx context.Context, actor model.Actor, rows []model.Opportunity) (model.MarketplaceResult, error) {
	res := model.MarketplaceResult{Rows: len(rows)}
	err := db.inTx(ctx, func(tx *Tx) error {
		byDomain, byName, err := tx.orgMatchKeys(ctx)
		if err != nil {
			return err
		}
		type buyer struct {
			id     int64
			status string
		}
		buyers := map[string]buyer{}
		rs, err := tx.tx.QueryContext(ctx, `SELECT id, buyer_key, status FROM marketplace_buyers`)
		if err != nil {
			return fmt.Errorf("store: marketplace buyers: %w", err)
		}
		for rs.Next() {
			var b buyer
			var key string
			if err := rs.Scan(&b.id, &key, &b.status); err != nil {
				rs.Close()
				return fmt.Errorf("store: marketplace buyers: %w", err)
			}
			buyers[key] = b
		}
		rs.Close()
		known, err := stringsOf(tx.tx.QueryContext(ctx, `SELECT opportunity_id FROM marketplace_opportunities`))
		if err != nil {
			return fmt.Errorf("store: marketplace opportunities: %w", err)
		}
		seen := make(map[string]bool, len(known))
		for _, id := range known {
			seen[id] = true
		}
		var fresh [][]any
		for _, o := range rows {
			key := model.BuyerKey(o.BuyerName, o.BuyerDomain)
			b, ok := buyers[key]
			if !ok {
				status, reason, org := model.MatchBuyer(byDomain[o.BuyerDomain], byName[model.NormaliseName(o.BuyerName)])
				if err := tx.queryRow(ctx, insertBuyer, key, o.BuyerName, o.BuyerDomain, status, nullInt(org), reason, tx.now).Scan(&b.id); err != nil {
					return fmt.Errorf("store: marketplace buyer %q: %w", o.BuyerName, err)
				}
				b.status = status
				buyers[key] = b
				res.NewBuyers++
				if status == model.BuyerReview {
					res.NewQueued++
				}
			}
			switch b.status {
			case model.BuyerMatched:
				res.Matched++
			case model.BuyerReview:
				res.Queued++
			default:
				res.Ignored++
			}
			if seen[o.ID] {
				res.Unchanged++
				continue
			}
			seen[o.ID] = true
			res.New++
			fresh = append(fresh, []any{o.ID, o.Title, o.Link, b.id, o.PublishedAt, tx.now})
		}
		if err := tx.insertRows(ctx, "marketplace_opportunities", []string{"opportunity_id", "title", "link", "buyer_id", "published_at", "imported_at"}, fresh); err != nil {
			return err
		}
		if res.New == 0 && res.NewBuyers == 0 {
			return nil // the same file again: nothing changes
		}
		tx.wrote = true
		return tx.audit(ctx, actor, "marketplace.import", "marketplace", 0, nil,
			map[string]any{"rows": res.Rows, "new": res.New, "new_buyers": res.NewBuyers, "queued": res.NewQueued})
	})
	if err != nil {
		return model.MarketplaceResult{}, err
	}
	return res, nil
}

// insertRows writes rows into table, a few hundred to a statement.
func (tx *Tx) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	const batch = 200
	for start := 0; start < len(rows); start += batch {
		part := rows[start:min(start+batch, len(rows))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, len(part)*len(cols))
		for i, r := range part {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				fmt.Fprintf(&b, "$%d", len(args))
			}
			b.WriteByte(')')
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("store: insert into %s: %w", table, err)
		}
	}
	return nil
}

// orgMatchKeys are the organisations by email domain, and by name, official name and
// other known names (short name, GOV.UK name, names it had) as model.NormaliseName writes them.
func (tx *Tx) orgMatchKeys(ctx context.Context) (byDomain, byName map[string][]int64, err error) {
	byDomain, byName = map[string][]int64{}, map[string][]int64{}
	add := func(m map[string][]int64, key string, id int64) {
		if key != "" && !slices.Contains(m[key], id) {
			m[key] = append(m[key], id)
		}
	}
	for _, q := range []struct {
		sql string
		m   map[string][]int64
		key func(string) string
	}{
		{`SELECT organisation_id, domain FROM organisation_domains`, byDomain, strings.ToLower},
		{`SELECT id, name FROM organisations`, byName, model.NormaliseName},
		{`SELECT id, official_name FROM organisations`, byName, model.NormaliseName},
		{`SELECT organisation_id, name FROM organisation_aliases`, byName, model.NormaliseName},
	} {
		rows, err := tx.tx.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, nil, fmt.Errorf("store: organisations to match: %w", err)
		}
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("store: organisations to match: %w", err)
			}
			add(q.m, q.key(s), id)
		}
		rows.Close()
	}
	return byDomain, byName, nil
}

func scanBuyer(sc interface{ Scan(...any) error }) (model.MarketplaceBuyer, error) {
	var b model.MarketplaceBuyer
	err := sc.Scan(&b.ID, &b.Name, &b.Domain, &b.Status, &b.Reason, &b.OrganisationID, &b.Opportunities)
	return b, err
}

// BuyersToReview returns the buyers waiting for a platform admin, by name, each with its
// number of opportunities and the organisations that share its domain.
func (db *DB) BuyersToReview(ctx context.Context) ([]model.MarketplaceBuyer, error) {
	rows, err := db.readQuery(ctx, selectBuyersToReview)
	if err != nil {
		return nil, fmt.Errorf("store: buyers to review: %w", err)
	}
	var out []model.MarketplaceBuyer
	for rows.Next() {
		b, err := scanBuyer(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: buyers to review: %w", err)
		}
		out = append(out, b)
	}
	rows.Close()
	for i := range out {
		if out[i].Domain == "" {
			continue
		}
		if out[i].Candidates, err = db.OrganisationsWithDomain(ctx, out[i].Domain); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// OrganisationsWithDomain returns the organisations whose people's email addresses end in
// domain, by name.
func (db *DB) OrganisationsWithDomain(ctx context.Context, domain string) ([]model.OrgRef, error) {
	rows, err := db.readQuery(ctx, `SELECT o.id, o.slug, o.name FROM organisations o JOIN organisation_domains d ON d.organisation_id = o.id
WHERE d.domain = $1 ORDER BY o.name`, domain)
	if err != nil {
		return nil, fmt.Errorf("store: organisations of %s: %w", domain, err)
	}
	defer rows.Close()
	var out []model.OrgRef
	for rows.Next() {
		var o model.OrgRef
		if err := rows.Scan(&o.ID, &o.Slug, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// MarketplaceBuyer returns buyer id.
func (db *DB) MarketplaceBuyer(ctx context.Context, id int64) (*model.MarketplaceBuyer, error) {
	row, err := db.readRow(ctx, selectBuyer, id)
	if err != nil {
		return nil, err
	}
	b, err := scanBuyer(row)
	if err != nil {
		return nil, notFound(err, "errors.not_found.buyer")
	}
	return &b, nil
}

// DecideBuyer records a platform admin's decision on buyer id: the organisation it is
// (orgID), or, with orgID 0, to ignore it. Later imports keep it.
func (db *DB) DecideBuyer(ctx context.Context, actor model.Actor, id, orgID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		status := model.BuyerIgnored
		if orgID != 0 {
			status = model.BuyerMatched
			var one int
			if err := tx.queryRow(ctx, `SELECT 1 FROM organisations WHERE id = $1`, orgID).Scan(&one); err != nil {
				return notFound(err, "errors.not_found.organisation")
			}
		}
		res, err := tx.exec(ctx, decideBuyer, status, nullInt(orgID), nullInt(actor.UserID), tx.now, id)
		if err != nil {
			return fmt.Errorf("store: decide buyer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.Errorf(model.ENOTFOUND, "errors.not_found.buyer")
		}
		return tx.audit(ctx, actor, "marketplace.buyer."+status, "marketplace_buyer", id, nil, map[string]any{"organisation_id": orgID})
	})
}

// firstUse is each organisation's first opportunity's publication.
func firstUse(rows *sql.Rows, err error) (map[int64]time.Time, error) {
	if err != nil {
		return nil, fmt.Errorf("store: marketplace use: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at sql.NullTime
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: marketplace use: %w", err)
		}
		if t, ok := out[id]; !ok || timeOf(at).Before(t) {
			out[id] = timeOf(at)
		}
	}
	return out, rows.Err()
}

// MarketplaceSince returns when the organisation first bought through the Digital
// Marketplace (its first opportunity's publication), or zero if it has not.
func (db *DB) MarketplaceSince(ctx context.Context, orgID int64) (time.Time, error) {
	m, err := firstUse(db.readQuery(ctx, selectOrgUse, orgID))
	return m[orgID], err
}
