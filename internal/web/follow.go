package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Follows and activity (issue 10): the shared way every feature lets people follow its
// things and tells them what happened. A feature declares, in its value (feature.go):
//
//   - Follows: the kinds of thing it lets people follow, each with how to find one by id
//     (its name and address); its pages show the "follow-button" partial
//     (partials_follows.html) with s.followButton(r, ref);
//   - Activity: the kinds of activity item its store calls record (tx.recordActivity, in
//     the change's own transaction), each with the catalog key that words an item of
//     that kind in a digest ({{.Title}} is the item's object's name).
//
// POST /follow and POST /unfollow (fields kind, id and next) serve every kind.

// followKind is a kind of thing a feature lets people follow.
type followKind struct {
	Kind string // model.Follow…, or the feature's own
	// Key is the catalog key naming the kind, on /account/following ("Organisation").
	Key string
	// Target finds one by id with its name and address, or fails (ENOTFOUND for one that
	// does not exist or that people may not see).
	Target func(ctx context.Context, id int64) (model.FollowTarget, error)
}

// activityKind is a kind of activity item a feature records, with the catalog key that
// words an item of it in a digest ({{.Title}}: the name of what it happened to).
type activityKind struct {
	Kind string // model.Activity…, or the feature's own
	Key  string
}

// followKinds are every feature's follow kinds, by kind.
func (s *Server) followKinds() map[string]followKind {
	out := map[string]followKind{}
	for _, f := range s.features() {
		for _, k := range f.Follows {
			out[k.Kind] = k
		}
	}
	return out
}

// activityKeys are every feature's activity kinds' catalog keys, by kind.
func (s *Server) activityKeys() map[string]string {
	out := map[string]string{}
	for _, f := range s.features() {
		for _, k := range f.Activity {
			out[k.Kind] = k.Key
		}
	}
	return out
}

// followButton is what the "follow-button" partial shows: a form to follow or stop
// following ref (for someone signed in; a link to sign in otherwise) and, when ShowCount,
// how many people follow it. Next is the page to come back to.
type followButton struct {
	model.FollowRef
	SignedIn  bool
	Following bool
	Count     int
	ShowCount bool
	Next      string
}

// followButton is the button for ref on the page r asked for, with its follower count.
// A failure to read the count leaves the button without one rather than failing the page.
func (s *Server) followButton(r *http.Request, ref model.FollowRef) followButton {
	b := followButton{FollowRef: ref, Next: r.URL.Path, SignedIn: userFrom(r) != nil}
	var uid int64
	if u := userFrom(r); u != nil {
		uid = u.ID
	}
	n, following, err := s.db.FollowState(r.Context(), uid, ref)
	if err != nil {
		s.log.Warn("follow state", "target", ref, "err", err)
		return b
	}
	b.Count, b.Following, b.ShowCount = n, following, true
	return b
}

// followsFeature is following things and hearing about them: the shared follow and
// unfollow routes, what a person follows, how often they hear, the digests and the
// unsubscribe link.
func (s *Server) followsFeature() feature {
	return feature{Name: "follows",
		Routes: []route{
			{"POST /follow", signedIn, s.follow},
			{"POST /unfollow", signedIn, s.unfollow},
			{"GET /account/following", signedIn, s.following},
			{"GET /account/notifications", signedIn, s.notificationsForm},
			{"POST /account/notifications", signedIn, s.notificationsSave},
			// The link in every follow email: no session needed, the token is the person's.
			{"GET /unsubscribe/{token}", tokenHolder, s.unsubscribeForm},
			{"POST /unsubscribe/{token}", tokenHolder, s.unsubscribe},
		},
		Tables: []string{"follows", "activity_items", "activity_targets", "notification_preferences",
			"digest_runs", "signing_keys"},
		Follows: s.tagFollows(),
		Jobs:    []Job{{Name: "digests", Run: func(ctx context.Context) { s.runDigests(ctx, digestJobInterval) }}},
		Seed:    s.seedFollows,
	}
}

// seedFollows has Hackney's officer follow Hackney and household waste collection, hear
// daily, and get the digest of the day (the demo resources are its items).
func (s *Server) seedFollows(ctx context.Context, db *store.DB, actor model.Actor) error {
	officer, err := demoOfficer(ctx, db, actor)
	if err != nil {
		return err
	}
	kinds := s.followKinds()
	for _, ref := range []model.FollowRef{{Kind: model.FollowOrganisation, ID: mustOrg(ctx, db, "hackney").ID}, {Kind: model.FollowService, ID: 524}} {
		t, err := kinds[ref.Kind].Target(ctx, ref.ID)
		if err != nil {
			return err
		}
		t.FollowRef = ref
		if err := db.Follow(ctx, officer, t); err != nil {
			return err
		}
	}
	if err := db.SetNotificationFrequency(ctx, officer, officer.UserID, model.DigestDaily); err != nil {
		return err
	}
	_, err = s.SendDigests(ctx, model.DigestPeriodEnd(model.DigestDaily, db.Now()).Add(24*time.Hour))
	return err
}

// followTargetOf finds the target a follow form names (fields kind and id).
func (s *Server) followTargetOf(r *http.Request) (model.FollowTarget, error) {
	k, ok := s.followKinds()[r.PostFormValue("kind")]
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if !ok || err != nil || id <= 0 {
		return model.FollowTarget{}, model.Errorf(model.EINVALID, "follows.errors.unknown")
	}
	t, err := k.Target(r.Context(), id)
	if err != nil {
		return t, err
	}
	t.FollowRef = model.FollowRef{Kind: k.Kind, ID: id}
	return t, nil
}

// follow makes the person follow the target named, then goes back to the page.
func (s *Server) follow(w http.ResponseWriter, r *http.Request) {
	t, err := s.followTargetOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.Follow(r.Context(), actorOf(userFrom(r)), t); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.followed")
	http.Redirect(w, r, followNext(r, t.Path), http.StatusSeeOther)
}

// unfollow stops the person following the target named; it needs only its kind and id,
// so that a thing since removed can still be let go.
func (s *Server) unfollow(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, model.Errorf(model.EINVALID, "follows.errors.unknown"))
		return
	}
	if err := s.db.Unfollow(r.Context(), actorOf(userFrom(r)), model.FollowRef{Kind: r.PostFormValue("kind"), ID: id}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.unfollowed")
	http.Redirect(w, r, followNext(r, "/account/following"), http.StatusSeeOther)
}

// followNext is the page to go back to: the form's next, if safe, or def.
func followNext(r *http.Request, def string) string {
	if next := safeNext(r.PostFormValue("next")); next != "" {
		return next
	}
	return def
}
