package web

import (
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
)

// followingRow is one thing a person follows, on /account/following.
type followingRow struct {
	model.Follow
	KindName string
	Title    string
}

// following lists what the person follows, each with "Stop following".
func (s *Server) following(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.Following(r.Context(), userFrom(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pr, kinds := printerOf(r), s.followKinds()
	rows := make([]followingRow, 0, len(list))
	for _, f := range list {
		row := followingRow{Follow: f, KindName: f.Kind, Title: f.TitleIn(pr.Lang())}
		if k, ok := kinds[f.Kind]; ok {
			row.KindName = pr.T(k.Key)
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "follows_following", &page{Title: pr.T("follows.following.title"), Nav: "account",
		BackLink: "/account", Flash: s.takeFlash(w, r), Data: rows})
}

// frequencyChoices are the choices of how often to hear, as the radios show them.
func frequencyChoices(r *http.Request) []choice {
	pr := printerOf(r)
	out := make([]choice, 0, len(model.DigestFrequencies))
	for _, f := range model.DigestFrequencies {
		out = append(out, choice{Value: f, Text: pr.Msg(model.DigestFrequencyName(f)), Hint: pr.Msg(model.DigestFrequencyHint(f))})
	}
	return out
}

// notificationsData is the preferences form: the choices and the one chosen.
type notificationsData struct {
	Choices []choice
	Value   string
}

func (s *Server) notificationsForm(w http.ResponseWriter, r *http.Request) {
	f, err := s.db.NotificationFrequency(r.Context(), userFrom(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderNotifications(w, r, http.StatusOK, f, nil)
}

func (s *Server) renderNotifications(w http.ResponseWriter, r *http.Request, status int, value string, fe *model.FieldErrors) {
	s.render(w, r, status, "follows_notifications", &page{Title: printerOf(r).T("notifications.title"), Nav: "account",
		BackLink: "/account", Errors: fe, Flash: s.takeFlash(w, r), Data: notificationsData{Choices: frequencyChoices(r), Value: value}})
}

// notificationsSave sets how often the person hears about what they follow.
func (s *Server) notificationsSave(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	f := r.PostFormValue("frequency")
	if !model.ValidDigestFrequency(f) {
		fe := &model.FieldErrors{}
		fe.Add("frequency", "notifications.frequency.invalid")
		s.renderNotifications(w, r, http.StatusBadRequest, f, fe)
		return
	}
	if err := s.db.SetNotificationFrequency(r.Context(), actorOf(u), u.ID, f); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.notifications_saved")
	http.Redirect(w, r, "/account/notifications", http.StatusSeeOther)
}

// unsubscribeUser is the person the token in the path names, or false (and a page that
// says the link does not work) when it is not a token this site signed.
func (s *Server) unsubscribeUser(w http.ResponseWriter, r *http.Request) (int64, bool) {
	key, err := s.db.SigningKey(r.Context(), unsubscribeKeyName)
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	id, ok := unsubscriber(key, r.PathValue("token"))
	if !ok {
		s.fail(w, r, model.Errorf(model.ENOTFOUND, "notifications.unsubscribe.invalid"))
		return 0, false
	}
	return id, true
}

// unsubscribeForm is the page an unsubscribe link opens: a button, so that mail
// scanners following links change nothing.
func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.unsubscribeUser(w, r); !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "follows_unsubscribe", &page{Title: printerOf(r).T("notifications.unsubscribe.title"),
		Data: map[string]any{"Action": r.URL.Path, "Done": false}})
}

// unsubscribe stops every follow email to the token's owner (their preference becomes
// "none"). It answers the button on the page and mail clients' one-click POST (RFC
// 8058) alike; transactional emails are unaffected.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	id, ok := s.unsubscribeUser(w, r)
	if !ok {
		return
	}
	if err := s.db.SetNotificationFrequency(r.Context(), model.Actor{UserID: id, Label: "unsubscribe link"}, id, model.DigestNone); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "follows_unsubscribe", &page{Title: printerOf(r).T("notifications.unsubscribe.done_title"),
		Data: map[string]any{"Action": r.URL.Path, "Done": true}})
}
