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

// publishedSignature joins an organisation o to its published signature s: the latest one
// that was verified (and may since have been withdrawn), which
// organisations.published_signature_id points to.
const publishedSignature = `signatures s ON s.id = o.published_signature_id`

// hasSigned is the one definition of "has signed the Declaration": the organisation's
// published signature stands, that is it was verified and has not been withdrawn. Every
// query that asks whether an organisation has signed (the register, the home page's count
// and "Recently signed", who may publish resources and case studies, the organisation
// list's signed=yes/no) uses it, with o and s joined by publishedSignature.
const hasSigned = `(s.status = 'verified')`

// hasWithdrawn: the organisation's published signature was withdrawn (and it has not signed
// again since).
const hasWithdrawn = `(s.status = 'withdrawn')`

// The register joins each organisation to its published signature. One builder serves the
// public register (mode "signed", or "withdrawn" for the list of organisations that
// withdrew), the open data register (mode "published": both, each row with its status),
// the organisation list and its signed=yes/no filter. Its SQL names only the filters that
// are set, so that each can use its index (migration 0013): the register's modes and
// signed=yes read the organisations with a published signature only (bounded by the
// signatures, not the organisations), a name search reads the full-text index, a type,
// nation or region its own index in name order.
const registerColumns = `SELECT ` + orgColumns + `, COALESCE(s.id, 0), COALESCE(s.status, ''), s.verified_at, s.withdrawn_at,
COALESCE(s.title, ''), COALESCE(s.withdrawn_reason, ''), COALESCE(s.language, ''), ` + commitmentStatusColumn + ` `

// commitmentStatusColumn is the status of the commitment of signature s, "" if none.
const commitmentStatusColumn = `COALESCE((SELECT c.status FROM commitments c WHERE c.signature_id = s.id), '')`

var registerOrder = map[string]string{
	model.SortName:   ` ORDER BY o.name, o.id`,
	model.SortNewest: ` ORDER BY s.verified_at DESC, o.name, o.id`,
	model.SortOldest: ` ORDER BY s.verified_at, o.name, o.id`,
}

// Register modes.
const (
	ModeSigned    = "signed"    // the public register: organisations that have signed (hasSigned)
	ModeWithdrawn = "withdrawn" // organisations whose published signature was withdrawn
	ModePublished = "published" // the open data register: signed or withdrawn, each with its status
	ModeAll       = ""          // every organisation, with q.Signed applied
)

// registerSQL is one register query: the count, the page (its last two parameters are
// the limit and offset) and their arguments. none is true when the search has no words
// to look for, so that nothing matches. bounded is true when only organisations with a
// published signature can match (the public register, signed=yes, a year): then list
// reads them all, from the signatures, with their name_search last, without the name
// search, limit or offset, and ListRegister searches and pages in Go, so that the work
// grows with the signatures, not with the organisations.
type registerSQL struct {
	count, list string
	// listDense is list for a name search that matches many organisations ("" if no search).
	listDense string
	// anchors lists every anchorEvery-th organisation of the whole list, in order, and
	// listAfter is list for the organisations after one of them (its name and id are the
	// two parameters before the limit and offset): a deep page starts at the anchor before
	// it instead of stepping over every organisation in front. "" when the list is not in
	// name order or has a name search.
	anchors, listAfter string
	args               []any
	none               bool
	bounded            bool
	words              []string
}

func (db *DB) registerSQL(q model.RegisterQuery, mode string) registerSQL {
	var r registerSQL
	var where []string
	arg := func(v any) string {
		r.args = append(r.args, v)
		return "$" + strconv.Itoa(len(r.args))
	}
	signed := q.Signed
	if mode != ModeAll {
		signed = mode
	}
	if q.Q != "" {
		r.words = nameWords(q.Q)
		r.none = len(r.words) == 0
	}
	// Which join: published, signed=yes, a year and a language need a published signature,
	// and read the signatures first (CROSS JOIN keeps that order on SQLite).
	from := `FROM organisations o`
	switch {
	case signed == ModeSigned || signed == ModeWithdrawn || signed == ModePublished || signed == "yes" || q.Year != 0 || q.Language != "" || q.CommitmentStatus != "":
		r.bounded = true
		from = `FROM signatures s CROSS JOIN organisations o`
		where = append(where, "o.published_signature_id = s.id")
	case signed == "no":
		from += ` LEFT JOIN signatures s ON s.id = o.published_signature_id`
	}
	switch signed {
	case "yes", ModeSigned:
		where = append(where, hasSigned)
	case ModeWithdrawn:
		where = append(where, hasWithdrawn)
	case "no":
		where = append(where, "(o.published_signature_id IS NULL OR NOT "+hasSigned+")")
	}
	search, searchParam := -1, "" // the index in where of the name search, and its parameter
	if q.Q != "" && !r.bounded {
		search, searchParam = len(where), arg(db.dialect.nameSearchQuery(r.words))
		where = append(where, db.dialect.nameSearch("o", searchParam, false))
	}
	if q.Type != "" {
		where = append(where, "o.type_code = "+arg(q.Type))
	}
	if q.Nation != "" {
		where = append(where, "o.nation = "+arg(q.Nation))
	}
	if q.Region != "" {
		where = append(where, "o.region = "+arg(q.Region))
	}
	if q.Year != 0 {
		y := time.Date(q.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		where = append(where, "s.verified_at >= "+arg(y)+" AND s.verified_at < "+arg(y.AddDate(1, 0, 0)))
	}
	if q.Language != "" {
		where = append(where, "s.language = "+arg(q.Language))
	}
	if q.CommitmentStatus != "" {
		where = append(where, "s.id IN (SELECT signature_id FROM commitments WHERE status = "+arg(q.CommitmentStatus)+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	r.count = `SELECT COUNT(*) ` + from + cond
	idFrom := from
	if !r.bounded && signed != "no" {
		from += ` LEFT JOIN signatures s ON s.id = o.published_signature_id`
	}
	order, ok := registerOrder[q.Sort]
	if !ok {
		order = registerOrder[model.SortName]
	}
	if r.bounded {
		r.list = registerColumns + `, o.name_search ` + from + cond + order
		return r
	}
	// The page's ids first, from the filters' indexes alone, then its rows: an offset
	// steps over index entries, not over organisations and their signatures.
	n := len(r.args)
	param := func(i int) string { return "$" + strconv.Itoa(n+i) }
	page := func(cond string, limit, offset string) string {
		return registerColumns + from + ` WHERE o.id IN (SELECT o.id ` + idFrom + cond + order +
			" LIMIT " + limit + " OFFSET " + offset + ")" + order
	}
	r.list = page(cond, param(1), param(2))
	if search >= 0 {
		where[search] = db.dialect.nameSearch("o", searchParam, true)
		r.listDense = page(" WHERE "+strings.Join(where, " AND "), param(1), param(2))
	} else if order == registerOrder[model.SortName] {
		r.anchors = `SELECT name, id FROM (SELECT o.name, o.id, ROW_NUMBER() OVER (` + order + `) AS n ` +
			idFrom + cond + `) a WHERE n % ` + strconv.Itoa(anchorEvery) + ` = 0 ORDER BY n`
		after := append(where[:len(where):len(where)], "(o.name, o.id) > ("+param(1)+", "+param(2)+")")
		r.listAfter = page(" WHERE "+strings.Join(after, " AND "), param(3), param(4))
	}
	return r
}

// anchorEvery is how many organisations apart the anchors of deep pages are: a page
// steps over fewer than this many index entries, wherever it is.
const anchorEvery = 1000

// pageAnchor is the last organisation of a stretch of anchorEvery in the list's order.
type pageAnchor struct {
	name string
	id   int64
}

// pageFrom returns the list query and its arguments for the page at offset: from the
// nearest anchor before it when the page is deep and the list has anchors.
func (db *DB) pageFrom(ctx context.Context, rq registerSQL, offset, perPage int) (string, []any, error) {
	args := append(rq.args[:len(rq.args):len(rq.args)], perPage, offset)
	if rq.listAfter == "" || offset < anchorEvery {
		return rq.list, args, nil
	}
	anchors, err := db.registerAnchors(ctx, rq)
	if err != nil {
		return "", nil, err
	}
	k := offset/anchorEvery - 1 // anchor k is the organisation at offset (k+1)*anchorEvery-1
	if k >= len(anchors) {
		return rq.list, args, nil
	}
	a := anchors[k]
	return rq.listAfter, append(rq.args[:len(rq.args):len(rq.args)], a.name, a.id, perPage, offset%anchorEvery), nil
}

// registerAnchors reads the list's anchors, or takes them from this data version's.
func (db *DB) registerAnchors(ctx context.Context, rq registerSQL) ([]pageAnchor, error) {
	version, err := db.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := rq.anchors + "\x00" + fmt.Sprint(rq.args...)
	if a, ok := db.anchors.get(version, key); ok {
		return a, nil
	}
	rows, err := db.readQuery(ctx, rq.anchors, rq.args...)
	if err != nil {
		return nil, fmt.Errorf("store: register anchors: %w", err)
	}
	defer rows.Close()
	var out []pageAnchor
	for rows.Next() {
		var a pageAnchor
		if err := rows.Scan(&a.name, &a.id); err != nil {
			return nil, fmt.Errorf("store: register anchors: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: register anchors: %w", err)
	}
	db.anchors.put(version, key, out)
	return out, nil
}

// nameMatches reports whether every word starts a word of nameSearch, as the engines'
// name search does.
func nameMatches(words []string, nameSearch string) bool {
	have := nameWords(nameSearch)
	for _, w := range words {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// ListRegister returns a page of organisations with their published signature, and the
// total number that match.
func (db *DB) ListRegister(ctx context.Context, q model.RegisterQuery, mode string) ([]model.SignatoryRow, int, error) {
	rq := db.registerSQL(q, mode)
	if rq.none {
		return nil, 0, nil
	}
	perPage := q.PerPage
	if perPage <= 0 {
		perPage = model.DefaultPerPage
	}
	offset := max(q.Page-1, 0) * perPage
	if rq.bounded {
		return db.listBounded(ctx, rq, offset, perPage)
	}
	total, err := db.registerCount(ctx, rq)
	if err != nil {
		return nil, 0, err
	}
	var out []model.SignatoryRow
	if offset >= total {
		return out, total, nil // past the last page: nothing to read
	}
	list, args, err := db.pageFrom(ctx, rq, offset, perPage)
	if err != nil {
		return nil, 0, err
	}
	if rq.listDense != "" && total > denseMatches {
		list = rq.listDense
	}
	rows, err := db.readQuery(ctx, list, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list register: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r model.SignatoryRow
		var signed, withdrawn sql.NullTime
		if err := scanOrg(rows, &r.Organisation, &r.SignatureID, &r.Status, &signed, &withdrawn, &r.Title, &r.WithdrawnReason, &r.Language, &r.CommitmentStatus); err != nil {
			return nil, 0, fmt.Errorf("store: list register: %w", err)
		}
		r.SignedAt, r.WithdrawnAt = timeOf(signed), timeOf(withdrawn)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// denseMatches is the number of matches from which a name search walks the list's order
// rather than looking up each match (dialect.nameSearch).
const denseMatches = 2000

// registerCount counts the matches, or takes the count from the counts of this data version.
func (db *DB) registerCount(ctx context.Context, rq registerSQL) (int, error) {
	version, err := db.DataVersion(ctx)
	if err != nil {
		return 0, err
	}
	key := rq.count + "\x00" + fmt.Sprint(rq.args...)
	if n, ok := db.counts.get(version, key); ok {
		return n, nil
	}
	var n int
	row, err := db.readRow(ctx, rq.count, rq.args...)
	if err == nil {
		err = row.Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count register: %w", err)
	}
	db.counts.put(version, key, n)
	return n, nil
}

// listBounded reads every published organisation that passes the filters, in order, and
// keeps those whose names match the search and fall on the page.
func (db *DB) listBounded(ctx context.Context, rq registerSQL, offset, perPage int) ([]model.SignatoryRow, int, error) {
	rows, err := db.readQuery(ctx, rq.list, rq.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list register: %w", err)
	}
	defer rows.Close()
	var out []model.SignatoryRow
	total := 0
	for rows.Next() {
		var r model.SignatoryRow
		var signed, withdrawn sql.NullTime
		var nameSearch string
		if err := scanOrg(rows, &r.Organisation, &r.SignatureID, &r.Status, &signed, &withdrawn, &r.Title, &r.WithdrawnReason, &r.Language, &r.CommitmentStatus, &nameSearch); err != nil {
			return nil, 0, fmt.Errorf("store: list register: %w", err)
		}
		if len(rq.words) > 0 && !nameMatches(rq.words, nameSearch) {
			continue
		}
		if total >= offset && total < offset+perPage {
			r.SignedAt, r.WithdrawnAt = timeOf(signed), timeOf(withdrawn)
			out = append(out, r)
		}
		total++
	}
	return out, total, rows.Err()
}

const countSigned = `SELECT COUNT(*) FROM organisations o JOIN ` + publishedSignature + ` WHERE ` + hasSigned

// countSignatory is 1 when organisation $1 has signed, 0 otherwise.
const countSignatory = countSigned + ` AND o.id = $1`

// CountSignatories returns how many organisations have signed (hasSigned).
func (db *DB) CountSignatories(ctx context.Context) (int, error) {
	var n int
	row, err := db.readRow(ctx, countSigned)
	if err == nil {
		err = row.Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count signatories: %w", err)
	}
	return n, nil
}

// SignedYears lists the years in which published signatures were verified, for the
// register's filter: an aggregate over the signatures, one row a year.
func (db *DB) SignedYears(ctx context.Context) ([]int, error) {
	q := `SELECT DISTINCT ` + db.dialect.yearOf("verified_at") + ` FROM signatures
WHERE status IN ('verified', 'withdrawn') AND verified_at IS NOT NULL ORDER BY 1`
	rows, err := db.readQuery(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: signed years: %w", err)
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("store: signed years: %w", err)
		}
		years = append(years, y)
	}
	return years, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
