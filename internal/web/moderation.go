package web

import (
	"errors"
	"net/http"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// moderation is one kind of content's part in the moderation flow: members report it,
// the platform team hides it with a reason its authors are emailed, shows it again and
// dismisses its reports. The handlers below serve every kind; what differs is named
// here.
type moderation struct {
	content store.Content
	// load reads the content in the path, as its page does (hidden content only for
	// those who may see it); it has written the answer when ok is false.
	load func(w http.ResponseWriter, r *http.Request) (c moderated, ok bool)
	// emails tells the authors why it was hidden.
	emails store.HiddenNotifier
	// notMember refuses a report from someone in no organisation.
	notMember model.Msg
	// The flash messages after each action, as catalog keys.
	reported, hidden, shown, dismissed model.Msg
	// admin is the moderation page, where dismissing reports returns; pages is where the
	// content's pages are ("/resources").
	admin, pages string
	// page is what the moderation page calls things.
	page moderationWords
}

// moderationWords are one kind of content's words on the moderation page, as catalog
// messages; Dismiss and HiddenItem hold markup (thtml): Dismiss takes .Title, HiddenItem
// .ID, .Title, .Date and .Reason.
type moderationWords struct {
	Title, Heading, ReportsRegion, ReportsCaption, ReportsContent, ReportsNone model.Msg
	HiddenHeading, HiddenNone                                                  model.Msg
	Dismiss, HiddenItem                                                        model.Msg
}

// moderationPage is the platform team's moderation page of one kind of content: its
// open reports, oldest first, and what is hidden (path is where the content's pages are).
type moderationPage struct {
	Path    string
	Words   moderationWords
	Reports []model.Report
	Hidden  []model.Hidden
}

// moderating serves one step of the moderation flow (reportContent, hideContent…) for
// the kind of content that kind gives.
func (s *Server) moderating(step func(*Server, http.ResponseWriter, *http.Request, moderation), kind func() moderation) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { step(s, w, r, kind()) }
}

// moderationAdmin shows the moderation page of one kind of content.
func (s *Server) moderationAdmin(w http.ResponseWriter, r *http.Request, m moderation) {
	reports, err := s.db.OpenReports(r.Context(), m.content)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	hidden, err := s.db.HiddenList(r.Context(), m.content)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "moderation_admin", &page{Title: printerOf(r).Msg(m.page.Title), Nav: "admin",
		Breadcrumbs: adminCrumbs(r), Flash: s.takeFlash(w, r),
		Data: moderationPage{Path: m.pages, Words: m.page, Reports: reports, Hidden: hidden}})
}

// moderated is the content in the path as the flow needs it.
type moderated struct {
	path string
	id   int64
	// show renders its page again with a refused form's values and errors.
	show func(status int, form map[string]string, fe *model.FieldErrors)
}

// refusedForm shows err next to the form's field on the content's page and reports
// whether it did: err is a refused reason, not a failure.
func refusedForm(c moderated, err error, field, value string) bool {
	var fe *model.FieldErrors
	if !errors.As(err, &fe) {
		return false
	}
	c.show(http.StatusBadRequest, map[string]string{field: value}, fe)
	return true
}

// reportContent records a member's report for the platform team. Only people in an
// organisation on the platform may report, and hidden content cannot be.
func (s *Server) reportContent(w http.ResponseWriter, r *http.Request, m moderation) {
	u := userFrom(r)
	if len(u.Memberships) == 0 {
		s.fail(w, r, model.Errorf(model.EFORBIDDEN, m.notMember.Key))
		return
	}
	c, ok := m.load(w, r)
	if !ok {
		return
	}
	reason := r.PostFormValue("report_reason")
	_, err := s.db.Report(r.Context(), m.content, actorOf(u), c.id, reason)
	if refusedForm(c, err, "report_reason", reason) {
		return
	}
	s.moderated(w, r, err, m.reported, c.path)
}

// hideContent takes content off the public pages, lists, open data and feeds, with a
// reason that is emailed to its authors. A missing reason is shown next to the field on
// the content's page.
func (s *Server) hideContent(w http.ResponseWriter, r *http.Request, m moderation) {
	c, ok := m.load(w, r)
	if !ok {
		return
	}
	reason := r.PostFormValue("reason")
	err := s.db.Hide(r.Context(), m.content, actorOf(userFrom(r)), c.id, reason, m.emails)
	if refusedForm(c, err, "reason", reason) {
		return
	}
	if err == nil {
		s.opts.Wake()
	}
	s.moderated(w, r, err, m.hidden, c.path)
}

// unhideContent puts hidden content back where it was.
func (s *Server) unhideContent(w http.ResponseWriter, r *http.Request, m moderation) {
	c, ok := m.load(w, r)
	if !ok {
		return
	}
	err := s.db.Unhide(r.Context(), m.content, actorOf(userFrom(r)), c.id)
	s.moderated(w, r, err, m.shown, c.path)
}

// dismissReports closes the content's open reports without hiding it.
func (s *Server) dismissReports(w http.ResponseWriter, r *http.Request, m moderation) {
	c, ok := m.load(w, r)
	if !ok {
		return
	}
	_, err := s.db.DismissReports(r.Context(), m.content, actorOf(userFrom(r)), c.id)
	s.moderated(w, r, err, m.dismissed, m.admin)
}

// moderated ends a moderation action: the error page for err (409 for content already
// as asked, 404 for none), else the flash message and a redirect to next.
func (s *Server) moderated(w http.ResponseWriter, r *http.Request, err error, flash model.Msg, next string) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flash.Key)
	http.Redirect(w, r, next, http.StatusSeeOther)
}
