package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Joining a project, deciding who joins, and posting updates: forms on the project's
// page, which comes back with the message next to the field when something is wrong.

// projectJoin asks for one of the person's organisations to join as a partner.
func (s *Server) projectJoin(w http.ResponseWriter, r *http.Request) {
	p, ok := s.projectFromPath(w, r)
	if !ok {
		return
	}
	u := userFrom(r)
	if u.IsMemberOf(p.Lead().ID) {
		s.fail(w, r, store.ErrJoinOwnProject)
		return
	}
	form := map[string]string{orgField: r.PostFormValue(orgField), "message": r.PostFormValue("message")}
	fe := &model.FieldErrors{}
	org, problem := choose(form[orgField], model.ProjectJoinOrgs(u, p))
	addOrgChoiceError(fe, problem, "projects.join.organisation.missing")
	msg, mfe := model.ValidateJoinMessage(form["message"])
	fe.Merge(mfe)
	if fe.Any() {
		s.renderProject(w, r, http.StatusBadRequest, p, form, fe)
		return
	}
	_, err := s.db.AskToJoin(r.Context(), actorOf(u), p.ID, org.Chosen, msg, s.projectEmails(langOf(r)))
	if s.projectFormFailed(w, r, p, form, err) {
		return
	}
	s.setFlash(w, "flash.project_join_asked")
	http.Redirect(w, r, projectPath(p.ID), http.StatusSeeOther)
}

// projectDecide approves or declines a request to join (decision=approve|decline).
func (s *Server) projectDecide(w http.ResponseWriter, r *http.Request) {
	p := projectFrom(r)
	id, err := strconv.ParseInt(r.PathValue("request"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "decline":
	default:
		s.fail(w, r, model.Errorf(model.EINVALID, "projects.requests.decision_missing"))
		return
	}
	if _, err := s.db.DecideJoin(r.Context(), actorOf(userFrom(r)), p.ID, id, approve, s.projectEmails(langOf(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	if approve {
		s.setFlash(w, "flash.project_join_approved")
	} else {
		s.setFlash(w, "flash.project_join_declined")
	}
	http.Redirect(w, r, projectPath(p.ID), http.StatusSeeOther)
}

// projectPostUpdate posts an update for one of the person's organisations in the project.
func (s *Server) projectPostUpdate(w http.ResponseWriter, r *http.Request) {
	p, u := projectFrom(r), userFrom(r)
	form := map[string]string{orgField: r.PostFormValue(orgField), "body": r.PostFormValue("body")}
	fe := &model.FieldErrors{}
	org, problem := choose(form[orgField], involvedMemberships(u, p))
	addOrgChoiceError(fe, problem, "projects.update.organisation.missing")
	up := &model.ProjectUpdate{ProjectID: p.ID, Body: form["body"]}
	fe.Merge(up.Validate())
	if fe.Any() {
		s.renderProject(w, r, http.StatusBadRequest, p, form, fe)
		return
	}
	err := s.db.PostProjectUpdate(r.Context(), actorOf(u), org.Chosen, up)
	if s.projectFormFailed(w, r, p, form, err) {
		return
	}
	s.setFlash(w, "flash.project_update_posted")
	http.Redirect(w, r, projectPath(p.ID)+"#update-"+strconv.FormatInt(up.ID, 10), http.StatusSeeOther)
}

// projectFormFailed shows the project page again with a refusal about a field (asking
// twice), or the error page, and reports whether it did.
func (s *Server) projectFormFailed(w http.ResponseWriter, r *http.Request, p *model.Project, form map[string]string, err error) bool {
	if err == nil {
		return false
	}
	var me *model.Error
	var fe *model.FieldErrors
	switch {
	case errors.As(err, &fe):
	case errors.As(err, &me) && me.Field != "":
		fe = &model.FieldErrors{}
		fe.AddError(me.Field, err)
	default:
		s.fail(w, r, err)
		return true
	}
	s.renderProject(w, r, http.StatusBadRequest, p, form, fe)
	return true
}

// Email kinds of projects, one per notice, so that a GOV.UK Notify template can be
// chosen for each.
const kindProjectPrefix = "project_"

// projectEmails is the notifier that words emails about projects, each in the language of
// the person it goes to (lead, the language of the page whose action caused them, for
// addresses without an account).
func (s *Server) projectEmails(lead string) store.ProjectNotifier {
	return func(n store.ProjectNotice) []model.Email {
		return []model.Email{letter(s.opts.BaseURL, lead, func(m mailer) model.Email { return projectEmail(m, n) })}
	}
}

// projectEmail words one notice about a project.
func projectEmail(m mailer, n store.ProjectNotice) model.Email {
	link := m.link(projectPath(n.Project.ID))
	args := []any{"Title", n.Project.Title, "Link", link}
	if n.Request != nil {
		args = append(args, "Org", n.Request.Organisation.Name, "Message", n.Request.Message)
	}
	words := projectNews[n.Kind]
	return model.Email{To: n.To, Kind: kindProjectPrefix + n.Kind, Subject: m.Msg(model.Msg{Key: words.subject.Key, Args: args}),
		Body: m.Msg(model.Msg{Key: words.body.Key, Args: args})}
}

// projectNews are the subject and body of each notice about a project.
var projectNews = map[string]struct{ subject, body model.Msg }{
	store.NoticeJoinAsked:    {model.Msg{Key: "emails.projects.join_asked.subject"}, model.Msg{Key: "emails.projects.join_asked.body"}},
	store.NoticeJoinApproved: {model.Msg{Key: "emails.projects.join_approved.subject"}, model.Msg{Key: "emails.projects.join_approved.body"}},
	store.NoticeJoinDeclined: {model.Msg{Key: "emails.projects.join_declined.subject"}, model.Msg{Key: "emails.projects.join_declined.body"}},
	store.NoticeGoneQuiet:    {model.Msg{Key: "emails.projects.gone_quiet.subject"}, model.Msg{Key: "emails.projects.gone_quiet.body"}},
}

// projectJobsInterval is how often each instance looks for projects gone quiet.
const projectJobsInterval = 10 * time.Minute

// runProjectJobs reminds the lead's members of projects gone quiet, and marks the data
// changed when a project becomes dormant, every interval until ctx is done.
func (s *Server) runProjectJobs(ctx context.Context, interval time.Duration) {
	s.runEvery(ctx, interval, s.projectJobs)
}

func (s *Server) projectJobs(ctx context.Context, since time.Time) time.Time {
	n, err := s.db.SendProjectReminders(ctx, s.projectEmails(locale.Default))
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("project reminders", "err", err)
	case n > 0:
		s.log.Info("project reminders queued", "count", n)
		s.opts.Wake()
	}
	next, err := s.db.PassProjectDormancy(ctx, since)
	if err != nil && ctx.Err() == nil {
		s.log.Error("dormant projects", "err", err)
	}
	return next
}
