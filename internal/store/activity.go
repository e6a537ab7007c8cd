package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// The activity items of today's features, each recorded by the store call that makes
// the change (issue 10). Paths are the site's addresses of the objects, which a digest
// links to.

// recordTagged records an activity item of kind about row id of the content tt tags (a
// resource, a case study), with its title and tags as they are in this transaction;
// also are more organisations it touches (the one that says "we use this").
func (tx *Tx) recordTagged(ctx context.Context, actor model.Actor, tt tagTable, kind string, obj model.FollowRef, path string, also ...int64) error {
	a := &model.Activity{Kind: kind, Object: obj, Path: path}
	if err := tx.queryRow(ctx, `SELECT title FROM `+tt.content+` WHERE id = $1`, obj.ID).Scan(&a.Title); err != nil {
		return fmt.Errorf("store: activity on %s %d: %w", tt.kind, obj.ID, err)
	}
	q := strings.NewReplacer("{key}", tt.key, "{orgs}", tt.orgs, "{principles}", tt.principles, "{services}", tt.services).Replace(
		`SELECT 'o', organisation_id FROM {orgs} WHERE {key} = $1
UNION ALL SELECT 'p', principle FROM {principles} WHERE {key} = $1
UNION ALL SELECT 's', service_code FROM {services} WHERE {key} = $1`)
	err := eachRow(ctx, tx.tx, q, []any{obj.ID}, func(rows *sql.Rows) error {
		var what string
		var id int64
		if err := rows.Scan(&what, &id); err != nil {
			return err
		}
		switch what {
		case "o":
			a.Organisations = append(a.Organisations, id)
		case "p":
			a.Principles = append(a.Principles, int(id))
		default:
			a.Services = append(a.Services, int(id))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: activity on %s %d: tags: %w", tt.kind, obj.ID, err)
	}
	a.Organisations = append(a.Organisations, also...)
	return tx.recordActivity(ctx, actor, a)
}

func resourceRef(id int64) (model.FollowRef, string) {
	return model.FollowRef{Kind: model.FollowResource, ID: id}, "/resources/" + strconv.FormatInt(id, 10)
}

func caseStudyRef(id int64) (model.FollowRef, string) {
	return model.FollowRef{Kind: model.FollowCaseStudy, ID: id}, "/case-studies/" + strconv.FormatInt(id, 10)
}

// recordResource records activity of kind on resource id.
func (tx *Tx) recordResource(ctx context.Context, actor model.Actor, kind string, id int64, also ...int64) error {
	ref, path := resourceRef(id)
	return tx.recordTagged(ctx, actor, resourceTags, kind, ref, path, also...)
}

// recordCaseStudy records activity of kind on case study id.
func (tx *Tx) recordCaseStudy(ctx context.Context, actor model.Actor, kind string, id int64) error {
	ref, path := caseStudyRef(id)
	return tx.recordTagged(ctx, actor, caseStudyTags, kind, ref, path)
}

const selectOrgForActivity = `SELECT name, welsh_name, slug FROM organisations WHERE id = $1`

// recordOrganisation records activity of kind on organisation id (its signature).
func (tx *Tx) recordOrganisation(ctx context.Context, actor model.Actor, kind string, id int64) error {
	a := &model.Activity{Kind: kind, Object: model.FollowRef{Kind: model.FollowOrganisation, ID: id}}
	var slug string
	if err := tx.queryRow(ctx, selectOrgForActivity, id).Scan(&a.Title, &a.TitleCy, &slug); err != nil {
		return fmt.Errorf("store: activity on organisation %d: %w", id, err)
	}
	a.Path = "/organisations/" + slug
	return tx.recordActivity(ctx, actor, a)
}

// recordEvent records activity of kind on event e: it touches its organiser and the
// organiser's events (the event series).
func (tx *Tx) recordEvent(ctx context.Context, actor model.Actor, kind string, e *model.Event) error {
	return tx.recordActivity(ctx, actor, &model.Activity{Kind: kind,
		Object: model.FollowRef{Kind: model.FollowEvent, ID: e.ID}, Title: e.Title,
		Path: "/events/" + strconv.FormatInt(e.ID, 10), Organisations: []int64{e.OrganisationID},
		Also: []model.FollowRef{{Kind: model.FollowEventSeries, ID: e.OrganisationID}}})
}
