package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// The contract register: contracts, and the suppliers they name (migration 0020).

const contractColumns = `c.id, c.organisation_id, o.slug, o.name, o.region, c.category, c.supplier_id, s.name,
c.product, c.start_date, c.end_date, COALESCE(c.extension_end_date, ''), c.value_band,
COALESCE(c.satisfaction, 0), c.notes, c.visibility, c.created_at, c.updated_at`

const contractFrom = ` FROM contracts c JOIN organisations o ON o.id = c.organisation_id
JOIN suppliers s ON s.id = c.supplier_id`

func scanContract(sc interface{ Scan(...any) error }, c *model.Contract) error {
	var start, end, ext string
	if err := sc.Scan(&c.ID, &c.OrganisationID, &c.OrganisationSlug, &c.OrganisationName, &c.Region, &c.Category,
		&c.SupplierID, &c.Supplier, &c.Product, &start, &end, &ext, &c.ValueBand, &c.Satisfaction, &c.Notes,
		&c.Visibility, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return err
	}
	c.Start, c.End, c.ExtensionEnd = dateOf(start), dateOf(end), dateOf(ext)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return nil
}

// dateOf reads a date column written YYYY-MM-DD; "" is the zero time.
func dateOf(s string) time.Time {
	t, _ := time.Parse(model.ContractDate, s)
	return t
}

// dateText writes a date for a date column; the zero time is NULL.
func dateText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(model.ContractDate)
}

// contractAudit is what the audit log keeps of a contract.
type contractAudit struct {
	Category     string `json:"category"`
	Supplier     string `json:"supplier"`
	Product      string `json:"product,omitempty"`
	Start        string `json:"start_date"`
	End          string `json:"end_date"`
	ExtensionEnd string `json:"extension_end_date,omitempty"`
	ValueBand    string `json:"annual_value_band"`
	Satisfaction int    `json:"satisfaction,omitempty"`
	Visibility   string `json:"visibility"`
}

func contractAuditOf(c *model.Contract) contractAudit {
	a := contractAudit{Category: c.Category, Supplier: c.Supplier, Product: c.Product,
		Start: c.Start.Format(model.ContractDate), End: c.End.Format(model.ContractDate),
		ValueBand: c.ValueBand, Satisfaction: c.Satisfaction, Visibility: c.Visibility}
	if !c.ExtensionEnd.IsZero() {
		a.ExtensionEnd = c.ExtensionEnd.Format(model.ContractDate)
	}
	return a
}

const (
	selectSupplierByKey = `SELECT s.id, s.name FROM supplier_names n JOIN suppliers s ON s.id = n.supplier_id WHERE n.match_key = $1`
	insertSupplier      = `INSERT INTO suppliers (name, created_at) VALUES ($1, $2) RETURNING id`
	insertSupplierName  = `INSERT INTO supplier_names (match_key, supplier_id) VALUES ($1, $2)`
	insertContract      = `INSERT INTO contracts (organisation_id, category, supplier_id, product, start_date, end_date,
extension_end_date, final_end_date, value_band, satisfaction, notes, visibility, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`
	updateContract = `UPDATE contracts SET category = $2, supplier_id = $3, product = $4, start_date = $5, end_date = $6,
extension_end_date = $7, final_end_date = $8, value_band = $9, satisfaction = $10, notes = $11, visibility = $12,
updated_at = $13 WHERE id = $1`
)

// supplier returns the known supplier a name matches (model.SupplierKey), adding it when
// none does: c.SupplierID and c.Supplier become the known supplier's.
func (tx *Tx) supplier(ctx context.Context, c *model.Contract) error {
	key := model.SupplierKey(c.Supplier)
	err := tx.queryRow(ctx, selectSupplierByKey, key).Scan(&c.SupplierID, &c.Supplier)
	if err == nil || err != sql.ErrNoRows {
		return err
	}
	if err := tx.queryRow(ctx, insertSupplier, c.Supplier, tx.now).Scan(&c.SupplierID); err != nil {
		return fmt.Errorf("store: insert supplier: %w", err)
	}
	if _, err := tx.exec(ctx, insertSupplierName, key, c.SupplierID); err != nil {
		return fmt.Errorf("store: insert supplier name: %w", err)
	}
	return nil
}

// AddContracts adds contracts to organisation orgID in one transaction, each with its
// audit entry: all of them or none. Suppliers are matched to the known ones, or added.
func (db *DB) AddContracts(ctx context.Context, actor model.Actor, orgID int64, cs []*model.Contract) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for _, c := range cs {
			c.OrganisationID = orgID
			if err := tx.supplier(ctx, c); err != nil {
				return err
			}
			c.CreatedAt, c.UpdatedAt = tx.now, tx.now
			err := tx.queryRow(ctx, insertContract, orgID, c.Category, c.SupplierID, c.Product, dateText(c.Start),
				dateText(c.End), dateText(c.ExtensionEnd), dateText(c.FinalEnd()), c.ValueBand, nullInt(int64(c.Satisfaction)),
				c.Notes, c.Visibility, nullInt(actor.UserID), tx.now).Scan(&c.ID)
			if err != nil {
				return fmt.Errorf("store: insert contract: %w", err)
			}
			if err := tx.audit(ctx, actor, "contract.add", "contract", c.ID, nil, contractAuditOf(c)); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateContract saves c's fields over contract c.ID, with its audit entry.
func (db *DB) UpdateContract(ctx context.Context, actor model.Actor, c *model.Contract) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var was model.Contract
		if err := scanContract(tx.queryRow(ctx, `SELECT `+contractColumns+contractFrom+` WHERE c.id = $1`, c.ID), &was); err != nil {
			return notFound(err, "contracts.errors.not_found")
		}
		if err := tx.supplier(ctx, c); err != nil {
			return err
		}
		c.OrganisationID, c.CreatedAt, c.UpdatedAt = was.OrganisationID, was.CreatedAt, tx.now
		if _, err := tx.exec(ctx, updateContract, c.ID, c.Category, c.SupplierID, c.Product, dateText(c.Start), dateText(c.End),
			dateText(c.ExtensionEnd), dateText(c.FinalEnd()), c.ValueBand, nullInt(int64(c.Satisfaction)), c.Notes,
			c.Visibility, tx.now); err != nil {
			return fmt.Errorf("store: update contract %d: %w", c.ID, err)
		}
		return tx.audit(ctx, actor, "contract.update", "contract", c.ID, contractAuditOf(&was), contractAuditOf(c))
	})
}

// Contract returns contract id, whoever may see it (the caller asks model).
func (db *DB) Contract(ctx context.Context, id int64) (*model.Contract, error) {
	var c model.Contract
	if err := scanContract(db.read.QueryRowContext(ctx, `SELECT `+contractColumns+contractFrom+` WHERE c.id = $1`, id), &c); err != nil {
		return nil, notFound(err, "contracts.errors.not_found")
	}
	return &c, nil
}

// visibleTo is the condition "contract alias c may be seen by v", its arguments numbered
// from next.
func visibleTo(v model.ContractViewer, next int) (string, []any) {
	if v.All {
		return "TRUE", nil
	}
	or := []string{"c.visibility = 'public'"}
	if v.Signatory {
		or = append(or, "c.visibility = 'signatories'")
	}
	var args []any
	if len(v.Own) > 0 {
		ph := make([]string, len(v.Own))
		for i, id := range v.Own {
			ph[i] = "$" + strconv.Itoa(next+i)
			args = append(args, id)
		}
		or = append(or, "c.organisation_id IN ("+strings.Join(ph, ", ")+")")
	}
	return "(" + strings.Join(or, " OR ") + ")", args
}

// OrganisationContracts returns organisation orgID's contracts that v may see, by
// category and end date.
func (db *DB) OrganisationContracts(ctx context.Context, orgID int64, v model.ContractViewer) ([]model.Contract, error) {
	cond, args := visibleTo(v, 2)
	return db.readContracts(ctx, `WHERE c.organisation_id = $1 AND `+cond+` ORDER BY c.category, c.end_date, c.id`,
		append([]any{orgID}, args...))
}

// readContracts reads the contracts a WHERE (and ORDER BY) clause selects.
func (db *DB) readContracts(ctx context.Context, where string, args []any) ([]model.Contract, error) {
	var out []model.Contract
	err := eachRow(ctx, db.read, `SELECT `+contractColumns+contractFrom+` `+where, args, func(rows *sql.Rows) error {
		var c model.Contract
		if err := scanContract(rows, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: contracts: %w", err)
	}
	return out, nil
}

// ContractsEnding returns the contracts in q.Category ending between q.From and q.To
// (both included; with their extensions when q.Extensions) that q.Viewer may see, by
// region, end and organisation name. It answers "ending together", and the projects'
// partner finder ("organisations with a contract in category C ending between two
// dates": pass model.ContractViewer{} to count only public contracts).
func (db *DB) ContractsEnding(ctx context.Context, q model.EndingQuery) ([]model.ContractEnding, error) {
	end := "c.end_date"
	if q.Extensions {
		end = "c.final_end_date"
	}
	cond, args := visibleTo(q.Viewer, 4)
	var out []model.ContractEnding
	err := eachRow(ctx, db.read, `SELECT c.id, o.id, o.slug, o.name, o.region, s.name, `+end+contractFrom+`
WHERE c.category = $1 AND `+end+` BETWEEN $2 AND $3 AND `+cond+`
ORDER BY o.region, `+end+`, o.name, c.id`,
		append([]any{q.Category, q.From.Format(model.ContractDate), q.To.Format(model.ContractDate)}, args...),
		func(rows *sql.Rows) error {
			var e model.ContractEnding
			var at string
			if err := rows.Scan(&e.ContractID, &e.OrganisationID, &e.OrganisationSlug, &e.OrganisationName, &e.Region,
				&e.Supplier, &at); err != nil {
				return err
			}
			e.End = dateOf(at)
			out = append(out, e)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: contracts ending: %w", err)
	}
	return out, nil
}

// ContractList returns up to limit contracts v may see, in category (or every category
// when ""), soonest ending first.
func (db *DB) ContractList(ctx context.Context, category string, v model.ContractViewer, limit int) ([]model.Contract, error) {
	cond, args := visibleTo(v, 3)
	return db.readContracts(ctx, `WHERE ($1 = '' OR c.category = $1) AND `+cond+` ORDER BY c.end_date, o.name, c.id LIMIT $2`,
		append([]any{category, limit}, args...))
}

// ContractMarket returns, for category (or every category when ""), each supplier with
// how many organisations hold a public contract with it and the earliest end of those,
// most organisations first; and how many contracts were counted and left out (not
// public).
func (db *DB) ContractMarket(ctx context.Context, category string) (model.Market, error) {
	var m model.Market
	err := eachRow(ctx, db.read, `SELECT c.category, s.id, s.name, COUNT(DISTINCT c.organisation_id), COUNT(*), MIN(c.end_date)
FROM contracts c JOIN suppliers s ON s.id = c.supplier_id
WHERE ($1 = '' OR c.category = $1) AND c.visibility = 'public'
GROUP BY c.category, s.id, s.name
ORDER BY c.category, COUNT(DISTINCT c.organisation_id) DESC, MIN(c.end_date), s.name`, []any{category}, func(rows *sql.Rows) error {
		var r model.MarketRow
		var end string
		if err := rows.Scan(&r.Category, &r.SupplierID, &r.Supplier, &r.Organisations, &r.Contracts, &end); err != nil {
			return err
		}
		r.EarliestEnd = dateOf(end)
		m.Counted += r.Contracts
		m.Rows = append(m.Rows, r)
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("store: contract market: %w", err)
	}
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM contracts c WHERE ($1 = '' OR c.category = $1) AND c.visibility <> 'public'`,
		category).Scan(&m.LeftOut)
	if err != nil {
		return m, fmt.Errorf("store: contracts left out of the market: %w", err)
	}
	return m, nil
}

// Suppliers returns every known supplier with how many contracts name it, by name.
func (db *DB) Suppliers(ctx context.Context) ([]model.Supplier, error) {
	var out []model.Supplier
	err := eachRow(ctx, db.read, `SELECT s.id, s.name, (SELECT COUNT(*) FROM contracts c WHERE c.supplier_id = s.id)
FROM suppliers s ORDER BY LOWER(s.name), s.id`, nil, func(rows *sql.Rows) error {
		var s model.Supplier
		if err := rows.Scan(&s.ID, &s.Name, &s.Contracts); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: suppliers: %w", err)
	}
	return out, nil
}

// MergeSuppliers makes supplier from one with supplier into (the platform team's call
// when two names are one company): from's contracts and names move to into, and from
// is deleted, with an audit entry.
func (db *DB) MergeSuppliers(ctx context.Context, actor model.Actor, from, into int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		names := map[int64]string{}
		for _, id := range []int64{from, into} {
			var name string
			if err := tx.queryRow(ctx, `SELECT name FROM suppliers WHERE id = $1`, id).Scan(&name); err != nil {
				return notFound(err, "contracts.suppliers.errors.not_found")
			}
			names[id] = name
		}
		if from == into {
			return model.InvalidField("from", "contracts.suppliers.errors.same")
		}
		for _, q := range []string{`UPDATE contracts SET supplier_id = $2 WHERE supplier_id = $1`,
			`UPDATE supplier_names SET supplier_id = $2 WHERE supplier_id = $1`,
			`DELETE FROM suppliers WHERE id = $1 AND $2 > 0`} {
			if _, err := tx.exec(ctx, q, from, into); err != nil {
				return fmt.Errorf("store: merge supplier %d into %d: %w", from, into, err)
			}
		}
		return tx.audit(ctx, actor, "supplier.merge", "supplier", into, map[string]string{"merged": names[from]},
			map[string]string{"name": names[into]})
	})
}
