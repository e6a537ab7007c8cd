package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// The partner finder: organisations a project's lead might ask to join, ranked by what
// they share with it, weighted in this order: they work on one of its LGSL services (in
// their projects, resources or case studies), they use resources the project links to,
// they have a contract in the project's kind of system ending within 12 months either side
// of its start (public contracts only), they are of the same type or in the same region
// as the lead. The lead and partners are
// never suggested.

// MaxPartnerSuggestions is how many organisations the finder suggests.
const MaxPartnerSuggestions = 20

// Weights of the finder's criteria: each outweighs everything below it together.
const (
	weightService  = 1000 // per service shared, up to maxCounted
	weightResource = 100  // per linked resource used, up to maxCounted
	weightContract = 10
	weightType     = 1
	weightRegion   = 1
	maxCounted     = 9
)

// PartnerSuggestion is one organisation the finder suggests, with why.
type PartnerSuggestion struct {
	Org model.OrgRef
	// Services are the project's services it works on, by where: "projects",
	// "resources", "case_studies" (labels, sorted).
	Services map[string][]string
	// Resources are the titles of the linked resources it uses.
	Resources []string
	// Contract says it has a public contract in the project's kind of system ending
	// within a year of the project's start.
	Contract              bool
	SameType, SameRegion  bool
	Score                 int
	serviceSet, resources map[string]bool
}

// Partner finder queries; %s stands for the placeholders of a list, after the others.
const (
	partnerProjectServices = `SELECT po.organisation_id, s.label FROM project_services ps
JOIN project_organisations po ON po.project_id = ps.project_id
JOIN projects pj ON pj.id = ps.project_id JOIN services s ON s.code = ps.service_code
WHERE pj.hidden = FALSE AND pj.id <> $1 AND ps.service_code IN (%s)`
	partnerResourceServices = `SELECT ro.organisation_id, s.label FROM resource_services rs
JOIN resource_organisations ro ON ro.resource_id = rs.resource_id
JOIN resources r ON r.id = rs.resource_id JOIN services s ON s.code = rs.service_code
WHERE r.hidden = FALSE AND rs.service_code IN (%s)`
	partnerCaseStudyServices = `SELECT co.organisation_id, s.label FROM case_study_services cs
JOIN case_study_organisations co ON co.case_study_id = cs.case_study_id
JOIN case_studies c ON c.id = cs.case_study_id JOIN services s ON s.code = cs.service_code
WHERE c.hidden = FALSE AND cs.service_code IN (%s)`
	partnerResourceUses = `SELECT ru.organisation_id, r.title FROM resource_uses ru JOIN resources r ON r.id = ru.resource_id
WHERE r.hidden = FALSE AND ru.resource_id IN (%s)`
	partnerSameKind = `SELECT o.id, o.type_code = $1, o.region = $2 FROM organisations o
WHERE o.type_code = $1 OR (o.region = $2 AND o.region <> '')`
	partnerLead = `SELECT type_code, region FROM organisations WHERE id = $1`
	partnerOrgs = `SELECT id, slug, name FROM organisations WHERE id IN (%s)`
)

// PartnerFinder suggests up to MaxPartnerSuggestions organisations for p, best first.
func (db *DB) PartnerFinder(ctx context.Context, p *model.Project) ([]*PartnerSuggestion, error) {
	found := map[int64]*PartnerSuggestion{}
	get := func(id int64) *PartnerSuggestion {
		if p.Involves(id) {
			return nil
		}
		s := found[id]
		if s == nil {
			s = &PartnerSuggestion{Org: model.OrgRef{ID: id}, Services: map[string][]string{},
				serviceSet: map[string]bool{}, resources: map[string]bool{}}
			found[id] = s
		}
		return s
	}
	codes := make([]any, 0, len(p.Services))
	for _, s := range p.Services {
		codes = append(codes, s.Code)
	}
	var resources []any
	for _, l := range p.Links {
		if l.ResourceID != 0 {
			resources = append(resources, l.ResourceID)
		}
	}
	for _, c := range []struct {
		where, q string
		fixed    []any
	}{{"projects", partnerProjectServices, []any{p.ID}}, {"resources", partnerResourceServices, nil},
		{"case_studies", partnerCaseStudyServices, nil}} {
		where := c.where
		err := db.eachPair(ctx, c.q, c.fixed, codes, func(id int64, label string) {
			if s := get(id); s != nil && !slices.Contains(s.Services[where], label) {
				s.Services[where] = append(s.Services[where], label)
				s.serviceSet[label] = true
			}
		})
		if err != nil {
			return nil, err
		}
	}
	err := db.eachPair(ctx, partnerResourceUses, nil, resources, func(id int64, title string) {
		if s := get(id); s != nil && !s.resources[title] {
			s.resources[title] = true
			s.Resources = append(s.Resources, title)
		}
	})
	if err != nil {
		return nil, err
	}
	if p.System != "" {
		ending, err := db.ContractsEnding(ctx, model.EndingQuery{Category: p.System,
			From: p.StartsOn.AddDate(-1, 0, 0), To: p.StartsOn.AddDate(1, 0, 0)})
		if err != nil {
			return nil, fmt.Errorf("store: partner finder: %w", err)
		}
		for _, c := range ending {
			if s := get(c.OrganisationID); s != nil {
				s.Contract = true
			}
		}
	}
	var leadType, leadRegion string
	if err := db.read.QueryRowContext(ctx, partnerLead, p.Lead().ID).Scan(&leadType, &leadRegion); err != nil {
		return nil, fmt.Errorf("store: partner finder: lead: %w", err)
	}
	err = eachRow(ctx, db.read, partnerSameKind, []any{leadType, leadRegion}, func(rows *sql.Rows) error {
		var id int64
		var sameType, sameRegion bool
		if err := rows.Scan(&id, &sameType, &sameRegion); err != nil {
			return err
		}
		if s := get(id); s != nil {
			s.SameType, s.SameRegion = sameType, sameRegion
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: partner finder: same kind: %w", err)
	}
	return db.rankPartners(ctx, found)
}

// rankPartners scores the organisations found, keeps the best and names them.
func (db *DB) rankPartners(ctx context.Context, found map[int64]*PartnerSuggestion) ([]*PartnerSuggestion, error) {
	list := make([]*PartnerSuggestion, 0, len(found))
	for _, s := range found {
		s.Score = weightService*min(len(s.serviceSet), maxCounted) + weightResource*min(len(s.Resources), maxCounted)
		if s.Contract {
			s.Score += weightContract
		}
		if s.SameType {
			s.Score += weightType
		}
		if s.SameRegion {
			s.Score += weightRegion
		}
		for _, labels := range s.Services {
			slices.Sort(labels)
		}
		slices.Sort(s.Resources)
		list = append(list, s)
	}
	slices.SortFunc(list, func(a, b *PartnerSuggestion) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return int(a.Org.ID - b.Org.ID)
	})
	list = list[:min(len(list), MaxPartnerSuggestions)]
	ids := make([]any, len(list))
	byID := map[int64]*PartnerSuggestion{}
	for i, s := range list {
		ids[i], byID[s.Org.ID] = s.Org.ID, s
	}
	q, args := inList(partnerOrgs, nil, ids)
	err := eachRow(ctx, db.read, q, args, func(rows *sql.Rows) error {
		var o model.OrgRef
		if err := rows.Scan(&o.ID, &o.Slug, &o.Name); err != nil {
			return err
		}
		byID[o.ID].Org = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: partner finder: names: %w", err)
	}
	// Equal scores: by name, so that the order reads well and stays the same.
	slices.SortStableFunc(list, func(a, b *PartnerSuggestion) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return strings.Compare(a.Org.Name, b.Org.Name)
	})
	return list, nil
}

// eachPair runs q (with the fixed arguments, then the list) and calls f with each row's
// organisation id and text; an empty list runs nothing.
func (db *DB) eachPair(ctx context.Context, q string, fixed, list []any, f func(int64, string)) error {
	if len(list) == 0 {
		return nil
	}
	query, args := inList(q, fixed, list)
	err := eachRow(ctx, db.read, query, args, func(rows *sql.Rows) error {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return err
		}
		f(id, s)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: partner finder: %w", err)
	}
	return nil
}

// inList fills q's %s with the placeholders of list, numbered after the fixed arguments.
func inList(q string, fixed, list []any) (string, []any) {
	marks := make([]string, len(list))
	for i := range list {
		marks[i] = "$" + strconv.Itoa(len(fixed)+i+1)
	}
	if len(list) == 0 {
		marks = []string{"NULL"}
	}
	return fmt.Sprintf(q, strings.Join(marks, ", ")), append(append([]any{}, fixed...), list...)
}
