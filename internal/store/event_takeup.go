package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// Take-up counts people, each once: someone who has deleted their account counts
// as one person per booking, since they can no longer be told apart.
const (
	takeUpBooked   = `COUNT(DISTINCT CASE WHEN b.status IN ('booked', 'attended', 'no_show') THEN COALESCE(b.user_id, -b.id) END)`
	takeUpAttended = `COUNT(DISTINCT CASE WHEN b.status = 'attended' THEN COALESCE(b.user_id, -b.id) END)`
	takeUpFrom     = ` FROM event_bookings b JOIN events e ON e.id = b.event_id
WHERE e.cancelled_at IS NULL AND b.organisation_id IS NOT NULL AND ($1 = 0 OR b.organisation_id = $1)`
)

// One SQL text gives each organisation's totals (audience ”) and its figures per
// audience, so that a person booked on several audiences' events is counted once in the
// total.
const selectTakeUp = `SELECT b.organisation_id, '', ` + takeUpBooked + `, ` + takeUpAttended + takeUpFrom + `
GROUP BY b.organisation_id
UNION ALL
SELECT b.organisation_id, e.audience, ` + takeUpBooked + `, ` + takeUpAttended + takeUpFrom + `
GROUP BY b.organisation_id, e.audience`

// TakeUpByOrganisation returns how many people from the organisation have booked and
// attended training, in all and for each audience (every audience is listed, with
// zeros). People are counted by the organisation they belonged to when they booked;
// cancelled events and cancelled or waiting bookings do not count.
func (db *DB) TakeUpByOrganisation(ctx context.Context, orgID int64) (*model.TakeUp, error) {
	all, err := db.takeUp(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if t, ok := all[orgID]; ok {
		return t, nil
	}
	return emptyTakeUp(orgID), nil
}

// TakeUp returns take-up for every organisation anyone has booked from, by name.
func (db *DB) TakeUp(ctx context.Context) ([]model.OrgTakeUp, error) {
	all, err := db.takeUp(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := make([]model.OrgTakeUp, 0, len(all))
	for id, t := range all {
		if t.Booked == 0 {
			continue
		}
		o, err := db.Organisation(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("store: take-up of %d: %w", id, err)
		}
		out = append(out, model.OrgTakeUp{Organisation: *o, TakeUp: *t})
	}
	slices.SortFunc(out, func(a, b model.OrgTakeUp) int {
		return cmp.Or(strings.Compare(a.Organisation.Name, b.Organisation.Name), cmp.Compare(a.Organisation.ID, b.Organisation.ID))
	})
	return out, nil
}

func (db *DB) takeUp(ctx context.Context, orgID int64) (map[int64]*model.TakeUp, error) {
	rows, err := db.read.QueryContext(ctx, selectTakeUp, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: take-up: %w", err)
	}
	defer rows.Close()
	out := map[int64]*model.TakeUp{}
	for rows.Next() {
		var id int64
		var audience string
		var booked, attended int
		if err := rows.Scan(&id, &audience, &booked, &attended); err != nil {
			return nil, fmt.Errorf("store: take-up: %w", err)
		}
		t := out[id]
		if t == nil {
			t = emptyTakeUp(id)
			out[id] = t
		}
		if audience == "" {
			t.Booked, t.Attended = booked, attended
			continue
		}
		for i := range t.ByAudience {
			if t.ByAudience[i].Audience == audience {
				t.ByAudience[i].Booked, t.ByAudience[i].Attended = booked, attended
			}
		}
	}
	return out, rows.Err()
}

func emptyTakeUp(orgID int64) *model.TakeUp {
	t := &model.TakeUp{OrganisationID: orgID}
	for _, a := range model.Audiences {
		t.ByAudience = append(t.ByAudience, model.AudienceTakeUp{Audience: a})
	}
	return t
}
