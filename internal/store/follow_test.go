package store

import (
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// person makes a member, as an actor.
func person(t *testing.T, db *DB, email string) model.Actor {
	t.Helper()
	u, err := db.GrantRole(t.Context(), admin, email, model.RoleMember)
	if err != nil {
		t.Fatalf("GrantRole %s: %v", email, err)
	}
	return model.Actor{UserID: u.ID, Label: u.Email}
}

func TestFollows(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	ann, bob := person(t, db, "ann@adur.gov.uk"), person(t, db, "bob@adur.gov.uk")
	adur := model.FollowTarget{FollowRef: model.FollowRef{Kind: model.FollowOrganisation, ID: 7},
		Title: "Adur District Council", TitleCy: "Cyngor Dosbarth Adur", Path: "/organisations/adur"}
	waste := model.FollowTarget{FollowRef: model.FollowRef{Kind: model.FollowService, ID: 524},
		Title: "Household waste collection", Path: "/services/524"}

	t.Run("follow, count, list and stop", func(t *testing.T) {
		for _, f := range []struct {
			who model.Actor
			t   model.FollowTarget
		}{{ann, adur}, {ann, waste}, {bob, adur}, {ann, adur}} {
			if err := db.Follow(ctx, f.who, f.t); err != nil {
				t.Fatalf("Follow: %v", err)
			}
		}
		n, following, err := db.FollowState(ctx, ann.UserID, adur.FollowRef)
		if err != nil || n != 2 || !following {
			t.Fatalf("FollowState(adur) = %d, %v, %v; want 2 followers, ann one", n, following, err)
		}
		list, err := db.Following(ctx, ann.UserID)
		if err != nil || len(list) != 2 || list[0].FollowTarget != adur || list[1].FollowTarget != waste {
			t.Fatalf("Following(ann) = %+v, %v", list, err)
		}
		if err := db.Unfollow(ctx, ann, adur.FollowRef); err != nil {
			t.Fatal(err)
		}
		if n, following, _ := db.FollowState(ctx, ann.UserID, adur.FollowRef); n != 1 || following {
			t.Errorf("after Unfollow: %d followers, ann following %v", n, following)
		}
	})

	t.Run("activity is written in the caller's transaction, with what it touches", func(t *testing.T) {
		a := &model.Activity{Kind: model.ActivityResourcePublished, Object: model.FollowRef{Kind: model.FollowResource, ID: 3},
			Title: "Bin app", Path: "/resources/3", Organisations: []int64{7, 7}, Services: []int{524}, Principles: []int{2}}
		err := db.inTx(ctx, func(tx *Tx) error { return tx.recordActivity(ctx, ann, a) })
		if err != nil || a.ID == 0 {
			t.Fatalf("recordActivity: id %d, %v", a.ID, err)
		}
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_targets WHERE activity_id = $1`, a.ID).Scan(&n); err != nil || n != 4 {
			t.Errorf("targets = %d, %v; want 4 (the resource, Adur once, the service, the principle)", n, err)
		}
		failed := &model.Activity{Kind: model.ActivityResourcePublished, Object: model.FollowRef{Kind: model.FollowResource, ID: 4}, Title: "x", Path: "/resources/4"}
		_ = db.inTx(ctx, func(tx *Tx) error {
			if err := tx.recordActivity(ctx, ann, failed); err != nil {
				return err
			}
			return model.Errorf(model.EINVALID, "errors.not_found.user")
		})
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_items WHERE object_id = 4`).Scan(&n); err != nil || n != 0 {
			t.Errorf("a rolled back change left %d activity items (%v)", n, err)
		}
	})

	t.Run("preferences", func(t *testing.T) {
		if f, err := db.NotificationFrequency(ctx, bob.UserID); err != nil || f != model.DigestWeekly {
			t.Errorf("default = %q, %v; want weekly", f, err)
		}
		if err := db.SetNotificationFrequency(ctx, bob, bob.UserID, model.DigestDaily); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.NotificationFrequency(ctx, bob.UserID); f != model.DigestDaily {
			t.Errorf("after setting: %q", f)
		}
		wantCode(t, db.SetNotificationFrequency(ctx, bob, bob.UserID, "hourly"), model.EINVALID)
	})
}
