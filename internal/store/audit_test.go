package store

import (
	"slices"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

func TestListAudit(t *testing.T) {
	db, clk := newTestDB(t)
	ctx := t.Context()
	var ids []int64
	for _, name := range []string{"A", "B", "C", "D", "E"} {
		clk.Advance(time.Minute)
		ids = append(ids, makeOrg(t, db, name).ID)
	}
	slices.Reverse(ids) // newest first
	tests := []struct {
		limit, offset int
		want          []int64
	}{
		{10, 0, ids},
		{2, 0, ids[:2]},
		{2, 2, ids[2:4]},
		{2, 4, ids[4:]},
		{2, 6, nil},
	}
	for _, tt := range tests {
		entries, total, err := db.ListAudit(ctx, tt.limit, tt.offset)
		if err != nil {
			t.Fatal(err)
		}
		if total != 5 {
			t.Errorf("total = %d, want 5", total)
		}
		var got []int64
		for _, e := range entries {
			got = append(got, e.EntityID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("limit %d offset %d: entities %v, want %v", tt.limit, tt.offset, got, tt.want)
		}
	}
	entries, _, err := db.ListAudit(ctx, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e := entries[0]; !e.At.Equal(t0.Add(5*time.Minute)) || e.ActorID != 0 || e.Actor != admin.Label {
		t.Errorf("newest entry = %+v", e)
	}
}

func TestAuditRecordsActorID(t *testing.T) {
	db, _ := newTestDB(t)
	u, err := db.GrantRole(t.Context(), admin, "boss@example.gov.uk", model.RolePlatformAdmin)
	if err != nil {
		t.Fatal(err)
	}
	actor := model.Actor{UserID: u.ID, Label: u.Email}
	o := orgSpec("Adur", "NMD")
	if err := db.CreateOrganisation(t.Context(), actor, &o); err != nil {
		t.Fatal(err)
	}
	e := allAudit(t, db)[0]
	if e.ActorID != u.ID || e.Actor != u.Email {
		t.Errorf("audit actor = %d %q, want %d %q", e.ActorID, e.Actor, u.ID, u.Email)
	}
}
