package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// commitmentsFeature is commitments through their year (issue 12): each published
// signature's commitment with its status and check-ins, and the organisation's quarterly
// self-assessment against the five principles. Members of the organisation write both;
// the organisation page shows them to everyone.
func (s *Server) commitmentsFeature() feature {
	return feature{Name: "commitments",
		Routes: []route{
			{"GET /organisations/{slug}/commitment/check-in", progressReporter, s.checkInForm},
			{"POST /organisations/{slug}/commitment/check-in", progressReporter, s.checkInSave},
			{"GET /organisations/{slug}/self-assessment", progressReporter, s.selfAssessmentForm},
			{"POST /organisations/{slug}/self-assessment", progressReporter, s.selfAssessmentSave},
		},
		Tables: []string{"commitments", "commitment_check_ins", "self_assessments", "self_assessment_levels"},
		// Check-ins are about the organisation: its followers hear of them.
		Activity: []activityKind{
			{Kind: model.ActivityCommitmentCheckIn, Key: "activity.commitments.check_in"},
			{Kind: model.ActivityCommitmentDelivered, Key: "activity.commitments.delivered"},
		},
		Jobs: []Job{{Name: "commitments", Run: func(ctx context.Context) { s.runCommitmentJobs(ctx, commitmentJobsInterval) }}},
		Seed: seedCommitments,
	}
}

// progressReporter is who checks in and self-assesses: members of the organisation.
var progressReporter = orgMember(model.CanReportProgress, "commitments.errors.not_member")

func commitmentPath(org *model.Organisation) string {
	return "/organisations/" + org.Slug + "/commitment/check-in"
}

func (s *Server) now() time.Time { return s.db.Now().UTC() }

// checkInStatusChoices are the statuses a check-in offers, each with its hint.
func checkInStatusChoices(r *http.Request) []choice {
	pr := printerOf(r)
	out := labelChoices(pr, model.CheckInStatuses, model.CommitmentStatusName)
	for i := range out {
		out[i].Hint = pr.Msg(model.CommitmentStatusHint(out[i].Value))
	}
	return out
}

type checkInData struct {
	Org        *model.Organisation
	Commitment *model.CommitmentProgress
	Title      string // the commitment's title
	Language   string // the commitment's language
	Statuses   []choice
	Max        int
}

// datedToday is an empty form of the check-in or the self-assessment: dated today, in
// the page's language.
func (s *Server) datedToday(r *http.Request) map[string]string {
	day, month, year := model.AsOfToday(s.now())
	return map[string]string{"as_of-day": day, "as_of-month": month, "as_of-year": year, "language": formLanguage(r, "")}
}

func (s *Server) checkInForm(w http.ResponseWriter, r *http.Request) {
	s.renderCheckIn(w, r, http.StatusOK, s.datedToday(r), nil)
}

func (s *Server) renderCheckIn(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	org := orgFrom(r)
	c, sig, ok := s.publishedCommitment(w, r, org)
	if !ok {
		return
	}
	d := &checkInData{Org: org, Commitment: c, Title: sig.Commitment.Title, Language: sig.Commitment.Language,
		Statuses: checkInStatusChoices(r), Max: model.MaxCheckInText}
	pr := printerOf(r)
	s.render(w, r, status, "commitment_check_in", &page{Title: pr.T("titles.check_in"), Nav: "signatories",
		BackLink: "/organisations/" + org.Slug, Form: form, Errors: fe, Data: d})
}

// publishedCommitment reads org's commitment and the signature it belongs to, or answers
// with the error page (not found when the organisation has not signed).
func (s *Server) publishedCommitment(w http.ResponseWriter, r *http.Request, org *model.Organisation) (*model.CommitmentProgress, *model.Signature, bool) {
	c, err := s.db.CommitmentOf(r.Context(), org.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	sigs, err := s.db.SignaturesForOrganisation(r.Context(), org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	for _, sig := range sigs {
		if sig.ID == c.SignatureID && sig.Status == model.SigVerified {
			return c, sig, true
		}
	}
	s.fail(w, r, model.Errorf(model.ENOTFOUND, "commitments.errors.none"))
	return nil, nil, false
}

var checkInFields = []string{"status", "what_happened", "evidence", "language", "as_of-day", "as_of-month", "as_of-year"}

// checkInSave keeps a check-in: bad input is shown next to its field with what was typed,
// and nothing is saved.
func (s *Server) checkInSave(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	form := postedForm(r, checkInFields)
	f := model.CheckInForm{Status: form["status"], WhatHappened: form["what_happened"], Evidence: form["evidence"],
		Language: form["language"], AsOfDay: form["as_of-day"], AsOfMonth: form["as_of-month"], AsOfYear: form["as_of-year"]}
	c, fe := f.Validate(s.now())
	if fe.Any() {
		s.renderCheckIn(w, r, http.StatusBadRequest, form, fe)
		return
	}
	if _, err := s.db.CheckIn(r.Context(), actorOf(userFrom(r)), org.ID, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.check_in_saved")
	http.Redirect(w, r, "/organisations/"+org.Slug+"#commitment-progress", http.StatusSeeOther)
}

// postedForm is the posted values of fields, as typed.
func postedForm(r *http.Request, fields []string) map[string]string {
	form := make(map[string]string, len(fields))
	for _, k := range fields {
		form[k] = r.PostFormValue(k)
	}
	return form
}

// selfAssessmentRow is one principle on the self-assessment form: its fields, name and
// levels with their descriptors.
type selfAssessmentRow struct {
	Number          int
	Name            string
	Field, Evidence string
	Levels          []choice
}

type selfAssessmentData struct {
	Org        *model.Organisation
	Principles []selfAssessmentRow
	Max        int
}

func (s *Server) selfAssessmentForm(w http.ResponseWriter, r *http.Request) {
	s.renderSelfAssessment(w, r, http.StatusOK, s.datedToday(r), nil)
}

func (s *Server) renderSelfAssessment(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	org := orgFrom(r)
	pr := printerOf(r)
	d := &selfAssessmentData{Org: org, Max: model.MaxSelfAssessmentEvidence}
	for n := 1; n <= len(model.Principles); n++ {
		row := selfAssessmentRow{Number: n, Name: pr.Msg(model.NumberedPrinciple(n)), Field: model.LevelField(n), Evidence: model.EvidenceField(n)}
		for l := model.MinLevel; l <= model.MaxLevel; l++ {
			v := strconv.Itoa(l)
			row.Levels = append(row.Levels, choice{Value: v,
				Text: pr.T("self_assessment.level.option", "Level", l), Hint: pr.Msg(model.LevelDescriptor(n, l))})
		}
		d.Principles = append(d.Principles, row)
	}
	s.render(w, r, status, "self_assessment", &page{Title: pr.T("titles.self_assessment"), Nav: "signatories",
		BackLink: "/organisations/" + org.Slug, Form: form, Errors: fe, Data: d})
}

func selfAssessmentFields() []string {
	fields := []string{"language", "as_of-day", "as_of-month", "as_of-year"}
	for n := 1; n <= len(model.Principles); n++ {
		fields = append(fields, model.LevelField(n), model.EvidenceField(n))
	}
	return fields
}

// selfAssessmentSave keeps a self-assessment as the one that counts for its quarter.
func (s *Server) selfAssessmentSave(w http.ResponseWriter, r *http.Request) {
	org := orgFrom(r)
	form := postedForm(r, selfAssessmentFields())
	f := model.SelfAssessmentForm{Language: form["language"], AsOfDay: form["as_of-day"], AsOfMonth: form["as_of-month"], AsOfYear: form["as_of-year"]}
	for i := range f.Levels {
		f.Levels[i], f.Evidence[i] = form[model.LevelField(i+1)], form[model.EvidenceField(i+1)]
	}
	a, fe := f.Validate(s.now())
	if fe.Any() {
		s.renderSelfAssessment(w, r, http.StatusBadRequest, form, fe)
		return
	}
	if err := s.db.SelfAssess(r.Context(), actorOf(userFrom(r)), org.ID, &a); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.self_assessment_saved")
	http.Redirect(w, r, "/organisations/"+org.Slug+"#self-assessment", http.StatusSeeOther)
}

// orgProgress is the commitment's year and the self-assessments on the organisation page.
type orgProgress struct {
	Commitment *model.CommitmentProgress
	CheckIns   []checkInView
	// Assessments are the latest self-assessment of each quarter, newest first.
	Assessments []assessmentView
	CanReport   bool // the person looking may check in and self-assess
}

type checkInView struct {
	model.CheckIn
	HTML template.HTML
}

type assessmentView struct {
	*model.SelfAssessment
	Levels []levelView
}

type levelView struct {
	model.PrincipleLevel
	Principle  string
	Descriptor string
}

// orgAssessmentsShown is how many quarters of self-assessment the organisation page shows.
const orgAssessmentsShown = 4

// orgProgressFor reads the organisation's commitment and self-assessments for its page.
func (s *Server) orgProgressFor(r *http.Request, org *model.Organisation) (*orgProgress, error) {
	p := &orgProgress{CanReport: model.CanReportProgress(userFrom(r), org.ID)}
	c, err := s.db.CommitmentOf(r.Context(), org.ID)
	switch {
	case model.ErrorCode(err) == model.ENOTFOUND:
	case err != nil:
		return nil, err
	default:
		p.Commitment = c
		for _, ci := range c.CheckIns {
			p.CheckIns = append(p.CheckIns, checkInView{CheckIn: ci, HTML: template.HTML(ci.HTML)})
		}
	}
	as, err := s.db.SelfAssessments(r.Context(), org.ID, orgAssessmentsShown)
	if err != nil {
		return nil, err
	}
	pr := printerOf(r)
	for _, a := range as {
		v := assessmentView{SelfAssessment: a}
		for _, l := range a.Levels {
			v.Levels = append(v.Levels, levelView{PrincipleLevel: l, Principle: pr.Msg(model.NumberedPrinciple(l.Principle)),
				Descriptor: pr.Msg(model.LevelDescriptor(l.Principle, l.Level))})
		}
		p.Assessments = append(p.Assessments, v)
	}
	return p, nil
}

// commitmentJobsInterval is how often the site runs the commitments' background work.
const commitmentJobsInterval = 10 * time.Minute

// runCommitmentJobs, the commitments feature's job, runs commitmentJobs every interval
// until ctx is done. Every instance may run it: each email is sent and each commitment
// marked overdue once across them all.
func (s *Server) runCommitmentJobs(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		s.commitmentJobs(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// commitmentJobs queues the quarterly check-in emails that are due and marks overdue the
// commitments whose due date passed without "delivered" or "stopped".
func (s *Server) commitmentJobs(ctx context.Context) {
	n, err := s.db.SendCheckIns(ctx, s.checkInEmails)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("commitment check-ins", "err", err)
	case n > 0:
		s.log.Info("commitment check-ins queued", "count", n)
		s.opts.Wake()
	}
	if _, err := s.db.MarkOverdue(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("overdue commitments", "err", err)
	}
}

// kindCheckIn is the email kind of the quarterly check-in, for a GOV.UK Notify template.
const kindCheckIn = "commitment_check_in"

// checkInEmails words the quarterly check-in emails for this site.
func (s *Server) checkInEmails(n store.CheckInNotice) []model.Email {
	return CheckInEmails(s.opts.BaseURL)(n)
}

// CheckInEmails returns the notifier that words the quarterly check-in email to each of
// the organisation's admins, for a site at base, each in the reader's language, linking to
// the check-in form.
func CheckInEmails(base string) store.CheckInNotifier {
	base = strings.TrimRight(base, "/")
	return func(n store.CheckInNotice) []model.Email {
		var out []model.Email
		for _, to := range n.To {
			out = append(out, letter(base, n.Language, func(m mailer) model.Email {
				args := []any{"Name", n.Organisation.NameIn(m.Lang()), "Title", n.Title, "Months", 3 * n.Quarter,
					"Due", longDate(m.Printer, n.Commitment.DueAt), "Link", m.link(commitmentPath(n.Organisation)),
					"Status", m.Msg(model.CommitmentStatusName(n.Commitment.Status))}
				return model.Email{To: to, Kind: kindCheckIn, Subject: m.T("emails.commitments.check_in.subject", args...),
					Body: m.T("emails.commitments.check_in.body", args...)}
			}))
		}
		return out
	}
}

// seedCommitments adds a check-in and a self-assessment for Hackney, whose demo signature
// is verified.
func seedCommitments(ctx context.Context, db *store.DB, actor model.Actor) error {
	hackney := mustOrg(ctx, db, "hackney")
	c, err := db.CommitmentOf(ctx, hackney.ID)
	if err != nil || len(c.CheckIns) > 0 {
		return nil // not signed in this demo, or seeded before
	}
	officer, err := demoOfficer(ctx, db, actor)
	if err != nil {
		return err
	}
	today := model.Today(db.Now())
	ci := &model.CheckIn{Status: model.CommitmentAtRisk, Language: model.LanguageEnglish, AsOf: today,
		WhatHappened: "The new front end is in **private beta** with 40 housing officers.\n\nProcurement of the hosting took longer than planned.",
		Evidence:     []string{"https://github.com/LBHackney-IT"}}
	if _, err := db.CheckIn(ctx, officer, hackney.ID, ci); err != nil {
		return err
	}
	a := &model.SelfAssessment{AsOf: today, Language: model.LanguageEnglish}
	a.Year, a.Quarter = model.QuarterOf(today)
	for n, l := range []int{3, 2, 2, 3, 4} {
		a.Levels = append(a.Levels, model.PrincipleLevel{Principle: n + 1, Level: l, Evidence: "Seen in our service assessments this quarter."})
	}
	return db.SelfAssess(ctx, officer, hackney.ID, a)
}

// caseStudyFromCommitment starts a case study from the delivered commitment of the
// organisation with slug (GET /case-studies/new?commitment=slug): its title, its mission
// as the approach, its impact as the outcomes, and the partners it named that the register
// knows by name ticked (the first it does not know left in the partner search box). It
// returns the form and the author organisation, which must be one of the person's own.
func (s *Server) caseStudyFromCommitment(r *http.Request, slug string) (caseStudyForm, string, error) {
	f := caseStudyForm{text: map[string]string{}}
	org, err := s.db.OrganisationBySlug(r.Context(), slug)
	if err != nil {
		return f, "", err
	}
	if !model.CanPublishFor(userFrom(r), org.ID) {
		return f, "", model.Errorf(model.EFORBIDDEN, "commitments.errors.not_member", "Name", org.Name)
	}
	sigs, err := s.db.SignaturesForOrganisation(r.Context(), org.ID)
	if err != nil {
		return f, "", err
	}
	for _, sig := range sigs {
		if sig.Status != model.SigVerified {
			continue
		}
		c := sig.Commitment
		f.text["title"], f.text["approach"], f.text["outcomes"], f.text["language"] = c.Title, c.Mission, c.Impact, c.Language
		for _, name := range model.PartnerNames(c.Partners) {
			id, err := s.orgNamed(r.Context(), name)
			switch {
			case err != nil:
				return f, "", err
			case id != 0 && id != org.ID:
				f.organisations = append(f.organisations, id)
			case id == 0 && f.text["org_q"] == "":
				f.text["org_q"] = name
			}
		}
		break
	}
	return f, strconv.FormatInt(org.ID, 10), nil
}

// orgNamed is the organisation the register knows by name (or alias, or as the only
// match of the name searched), 0 if none.
func (s *Server) orgNamed(ctx context.Context, name string) (int64, error) {
	rows, _, err := s.db.ListRegister(ctx, model.RegisterQuery{Q: model.CleanLine(name), Sort: model.SortName,
		Page: 1, PerPage: chooserResults}, store.ModeAll)
	if err != nil {
		return 0, err
	}
	for _, row := range rows {
		if strings.EqualFold(row.Organisation.Name, name) || model.Contains(row.Organisation.Aliases, name) {
			return row.Organisation.ID, nil
		}
	}
	if len(rows) == 1 {
		return rows[0].Organisation.ID, nil
	}
	return 0, nil
}
