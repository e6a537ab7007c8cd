package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// One tag store serves every kind of content tagged with organisations (in order: the
// publisher or author first), principles of the Declaration and LGSL services. Each kind
// describes its tables once (tagTable) and says where its tags live (tags); resolving,
// writing, clearing, loading and the list filters' choices are the same code for all.

// tagTable describes the tables that tag one kind of content. Each has the tagged row's
// id in the column key: orgs (key, organisation_id, position), principles (key,
// principle) and services (key, service_code). content is the tagged rows' table, with
// its hidden column.
type tagTable struct {
	kind                       string // in errors: "resource"
	content, key               string
	orgs, principles, services string
	sql                        tagSQL
}

// tagSQL is a tagTable's statements. In the select… queries %s stands for the
// placeholders of a batch of ids.
type tagSQL struct {
	insertOrg, insertPrinciple, insertService    string
	clear                                        []string
	selectOrgs, selectPrinciples, selectServices string
	filterOrgs, filterServices                   string
}

func newTagTable(t tagTable) tagTable {
	q := strings.NewReplacer("{content}", t.content, "{key}", t.key, "{orgs}", t.orgs,
		"{principles}", t.principles, "{services}", t.services).Replace
	t.sql = tagSQL{
		insertOrg:       q(`INSERT INTO {orgs} ({key}, organisation_id, position) VALUES ($1, $2, $3)`),
		insertPrinciple: q(`INSERT INTO {principles} ({key}, principle) VALUES ($1, $2)`),
		insertService:   q(`INSERT INTO {services} ({key}, service_code) VALUES ($1, $2)`),
		clear: []string{
			q(`DELETE FROM {orgs} WHERE {key} = $1`),
			q(`DELETE FROM {principles} WHERE {key} = $1`),
			q(`DELETE FROM {services} WHERE {key} = $1`),
		},
		selectOrgs: q(`SELECT t.{key}, o.id, o.slug, o.name FROM {orgs} t
JOIN organisations o ON o.id = t.organisation_id WHERE t.{key} IN (%s) ORDER BY t.{key}, t.position`),
		selectPrinciples: q(`SELECT {key}, principle FROM {principles}
WHERE {key} IN (%s) ORDER BY {key}, principle`),
		selectServices: q(`SELECT t.{key}, ` + serviceColumns + ` FROM {services} t
JOIN services ON services.code = t.service_code WHERE t.{key} IN (%s) ORDER BY t.{key}, label, code`),
		// EXISTS stops at each organisation's first tagged row, where a join would read them all.
		filterOrgs: q(`SELECT o.id, o.slug, o.name FROM organisations o
WHERE EXISTS (SELECT 1 FROM {orgs} t JOIN {content} c ON c.id = t.{key}
  WHERE t.organisation_id = o.id AND c.hidden = FALSE) ORDER BY o.name, o.id`),
		filterServices: q(`SELECT ` + serviceColumns + ` FROM services
WHERE code IN (SELECT t.service_code FROM {services} t JOIN {content} c ON c.id = t.{key}
WHERE c.hidden = FALSE) ORDER BY label, code`),
	}
	return t
}

// listFilters is the part of a list query's WHERE that filters by tag: the rows of
// content c (its alias) tagged with principle p, service s and the organisation with
// slug o; each parameter is zero or empty when not filtered on.
func (t tagTable) listFilters(c, p, s, o string) string {
	return strings.NewReplacer("{c}", c, "{p}", p, "{s}", s, "{o}", o, "{key}", t.key,
		"{principles}", t.principles, "{services}", t.services, "{orgs}", t.orgs).Replace(`
  AND ({p} = 0 OR EXISTS (SELECT 1 FROM {principles} p WHERE p.{key} = {c}.id AND p.principle = {p}))
  AND ({s} = 0 OR EXISTS (SELECT 1 FROM {services} s WHERE s.{key} = {c}.id AND s.service_code = {s}))
  AND ({o} = '' OR EXISTS (SELECT 1 FROM {orgs} tag JOIN organisations o ON o.id = tag.organisation_id
    WHERE tag.{key} = {c}.id AND o.slug = {o}))`)
}

var (
	resourceTags = newTagTable(tagTable{kind: "resource", content: "resources", key: "resource_id",
		orgs: "resource_organisations", principles: "resource_principles", services: "resource_services"})
	caseStudyTags = newTagTable(tagTable{kind: "case study", content: "case_studies", key: "case_study_id",
		orgs: "case_study_organisations", principles: "case_study_principles", services: "case_study_services"})
)

// tags points at one record's id and tags, so that the store can fill them in.
type tags struct {
	id         int64
	orgs       *[]model.OrgRef
	principles *[]int
	services   *[]model.Service
}

func resourceTagsOf(r *model.Resource) tags {
	return tags{r.ID, &r.Organisations, &r.Principles, &r.Services}
}

func caseStudyTagsOf(cs *model.CaseStudy) tags {
	return tags{cs.ID, &cs.Organisations, &cs.Principles, &cs.Services}
}

// tagsAudit is what the audit log keeps of a record's tags: organisations by id, in
// order, principles and service codes.
type tagsAudit struct {
	Organisations []int64 `json:"organisations"`
	Principles    []int   `json:"principles"`
	Services      []int   `json:"services"`
}

func (t tags) audit() tagsAudit {
	a := tagsAudit{Principles: *t.principles, Services: make([]int, 0, len(*t.services))}
	for _, o := range *t.orgs {
		a.Organisations = append(a.Organisations, o.ID)
	}
	for _, s := range *t.services {
		a.Services = append(a.Services, s.Code)
	}
	return a
}

// resolveTags checks that the organisations and services t names exist, drops repeats
// (the first stays) and fills in their names and labels. Those that do not exist are a
// *model.FieldErrors, and then t is left as it was.
func (tx *Tx) resolveTags(ctx context.Context, t tags) error {
	fe := &model.FieldErrors{}
	seen := map[int64]bool{}
	var orgs []model.OrgRef
	for _, o := range *t.orgs {
		if seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		var ref model.OrgRef
		if err := tx.queryRow(ctx, selectOrgRef, o.ID).Scan(&ref.ID, &ref.Slug, &ref.Name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				fe.Add("organisations", "errors.organisation.unknown")
				continue
			}
			return fmt.Errorf("store: organisation %d: %w", o.ID, err)
		}
		orgs = append(orgs, ref)
	}
	codes := map[int]bool{}
	var services []model.Service
	for _, s := range *t.services {
		if codes[s.Code] {
			continue
		}
		codes[s.Code] = true
		full, err := scanService(tx.queryRow(ctx, selectServiceByCode, s.Code))
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				fe.Add("services", "errors.service.unknown", "Code", s.Code)
				continue
			}
			return fmt.Errorf("store: service %d: %w", s.Code, err)
		}
		services = append(services, full)
	}
	if fe.Any() {
		return fe
	}
	*t.orgs, *t.services = orgs, services
	return nil
}

// writeTags inserts t's tags, the organisations in their order.
func (tx *Tx) writeTags(ctx context.Context, tt tagTable, t tags) error {
	for i, o := range *t.orgs {
		if _, err := tx.exec(ctx, tt.sql.insertOrg, t.id, o.ID, i); err != nil {
			return fmt.Errorf("store: %s %d organisation %d: %w", tt.kind, t.id, o.ID, err)
		}
	}
	for _, p := range *t.principles {
		if _, err := tx.exec(ctx, tt.sql.insertPrinciple, t.id, p); err != nil {
			return fmt.Errorf("store: %s %d principle %d: %w", tt.kind, t.id, p, err)
		}
	}
	for _, s := range *t.services {
		if _, err := tx.exec(ctx, tt.sql.insertService, t.id, s.Code); err != nil {
			return fmt.Errorf("store: %s %d service %d: %w", tt.kind, t.id, s.Code, err)
		}
	}
	return nil
}

// clearTags deletes the tags of row id, before writeTags writes them again.
func (tx *Tx) clearTags(ctx context.Context, tt tagTable, id int64) error {
	for _, q := range tt.sql.clear {
		if _, err := tx.exec(ctx, q, id); err != nil {
			return fmt.Errorf("store: clear %s %d tags: %w", tt.kind, id, err)
		}
	}
	return nil
}

// tagSet says what a load fills in: tags, and for some kinds other lists of their own.
type tagSet int

const (
	tagsOrgs tagSet = 1 << iota
	tagsPrinciples
	tagsServices
	tagsTags = tagsOrgs | tagsPrinciples | tagsServices
)

// tagQueries are the queries that fill in the tags (those in what) of the records in byID.
func (tt tagTable) tagQueries(byID map[int64]tags, what tagSet) []batchQuery {
	var out []batchQuery
	if what&tagsOrgs != 0 {
		out = append(out, tagQuery(tt.sql.selectOrgs, byID, func(t tags) *[]model.OrgRef { return t.orgs },
			func(rows *sql.Rows, id *int64, o *model.OrgRef) error { return rows.Scan(id, &o.ID, &o.Slug, &o.Name) }))
	}
	if what&tagsPrinciples != 0 {
		out = append(out, tagQuery(tt.sql.selectPrinciples, byID, func(t tags) *[]int { return t.principles },
			func(rows *sql.Rows, id *int64, p *int) error { return rows.Scan(id, p) }))
	}
	if what&tagsServices != 0 {
		out = append(out, tagQuery(tt.sql.selectServices, byID, func(t tags) *[]model.Service { return t.services },
			func(rows *sql.Rows, id *int64, s *model.Service) error {
				return rows.Scan(id, &s.Code, &s.Label, &s.Description, &s.GovUKDescription, &s.ProvidingTier)
			}))
	}
	return out
}

// tagQuery is a query whose rows, each a record's id and a tag, scan reads; each tag is
// appended to the list field gives of that record.
func tagQuery[T any](query string, byID map[int64]tags, field func(tags) *[]T, scan func(*sql.Rows, *int64, *T) error) batchQuery {
	return batchQuery{query, func(rows *sql.Rows) error {
		var id int64
		var v T
		if err := scan(rows, &id, &v); err != nil {
			return err
		}
		list := field(byID[id])
		*list = append(*list, v)
		return nil
	}}
}

// batchQuery is a query over a batch of ids, %s standing for their placeholders, with
// the scan of each row it returns.
type batchQuery struct {
	sql  string
	scan func(rows *sql.Rows) error
}

// tagBatch caps the ids in one IN list, well under either engine's limit on parameters.
const tagBatch = 500

// loadBatches runs each query over ids, tagBatch of them at a time: one query per batch
// instead of one per record.
func loadBatches(ctx context.Context, q querier, kind string, ids []int64, queries []batchQuery) error {
	for start := 0; start < len(ids); start += tagBatch {
		batch := ids[start:min(start+tagBatch, len(ids))]
		marks := make([]string, len(batch))
		args := make([]any, len(batch))
		for i, id := range batch {
			marks[i] = "$" + strconv.Itoa(i+1)
			args[i] = id
		}
		in := strings.Join(marks, ", ")
		for _, bq := range queries {
			if err := eachRow(ctx, q, fmt.Sprintf(bq.sql, in), args, bq.scan); err != nil {
				return fmt.Errorf("store: %s tags: %w", kind, err)
			}
		}
	}
	return nil
}

// taggedOrganisations lists the organisations that tag visible content, by name, for a
// list's filter.
func (db *DB) taggedOrganisations(ctx context.Context, tt tagTable) ([]model.OrgRef, error) {
	out, err := rowsOf(ctx, db.read, tt.sql.filterOrgs, func(rows *sql.Rows) (o model.OrgRef, err error) {
		return o, rows.Scan(&o.ID, &o.Slug, &o.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("store: %s organisations: %w", tt.kind, err)
	}
	return out, nil
}

// taggedServices lists the services that tag visible content, by label, for a list's
// filter: a short list, where the whole service list would be over a thousand.
func (db *DB) taggedServices(ctx context.Context, tt tagTable) ([]model.Service, error) {
	out, err := rowsOf(ctx, db.read, tt.sql.filterServices, func(rows *sql.Rows) (model.Service, error) { return scanService(rows) })
	if err != nil {
		return nil, fmt.Errorf("store: %s services: %w", tt.kind, err)
	}
	return out, nil
}

// rowsOf runs query and returns its rows as scan reads each.
func rowsOf[T any](ctx context.Context, q querier, query string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, query, nil, func(rows *sql.Rows) error {
		v, err := scan(rows)
		out = append(out, v)
		return err
	})
	return out, err
}

// writeLinks inserts the links (to resources in the library or elsewhere) of row id of
// the content tt tags, with insert: (id, position, title, url, resource_id).
func (tx *Tx) writeLinks(ctx context.Context, tt tagTable, insert string, id int64, links []model.CaseStudyLink) error {
	for i, l := range links {
		if _, err := tx.exec(ctx, insert, id, i, l.Title, l.URL, nullInt(l.ResourceID)); err != nil {
			return fmt.Errorf("store: %s %d link %d: %w", tt.kind, id, i, err)
		}
	}
	return nil
}

// loadTagsAndLinks fills the tags and links of a page of records of the content tt tags
// with one query each: tagsOf points at a record's tags, links at its links, which
// selectLinks reads as (id, title, url, resource id) over a batch of ids.
func loadTagsAndLinks[T any](ctx context.Context, q querier, tt tagTable, list []T, tagsOf func(T) tags, selectLinks string,
	links func(T) *[]model.CaseStudyLink) error {
	byID := make(map[int64]T, len(list))
	tagged := make(map[int64]tags, len(list))
	ids := make([]int64, len(list))
	for i, r := range list {
		t := tagsOf(r)
		byID[t.id], tagged[t.id], ids[i] = r, t, t.id
	}
	read := batchQuery{selectLinks, func(rows *sql.Rows) error {
		var id int64
		var l model.CaseStudyLink
		if err := rows.Scan(&id, &l.Title, &l.URL, &l.ResourceID); err != nil {
			return err
		}
		list := links(byID[id])
		*list = append(*list, l)
		return nil
	}}
	return loadBatches(ctx, q, tt.kind, ids, append(tt.tagQueries(tagged, tagsTags), read))
}

// searchText is what full-text search reads of tagged content: its words, then its
// organisations' names, its principles (in English), its services and its links' titles.
func searchText(words []string, t tags, links []model.CaseStudyLink) string {
	parts := words
	for _, o := range *t.orgs {
		parts = append(parts, o.Name)
	}
	for _, p := range *t.principles {
		parts = append(parts, locale.English.Msg(model.PrincipleName(p))) // search reads the English words
	}
	for _, s := range *t.services {
		parts = append(parts, s.Label)
	}
	for _, l := range links {
		parts = append(parts, l.Title)
	}
	return strings.Join(parts, "\n")
}
