package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/web"
)

// TestCommitmentThroughItsYear follows Hackney's commitment on one database: the
// organisation page, refused check-ins that save nothing, a check-in and its timeline,
// the register's filter, the quarterly email, overdue, delivered with a case study
// started from it, and the self-assessment.
func TestCommitmentThroughItsYear(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	hackneyOrg := e.org("hackney")
	sig := publishCommitment(t, e.db, hackneyOrg, model.Commitment{Title: "Open housing repairs data",
		Partners: "London Borough of Hammersmith & Fulham; Nowhere Council", Mission: "Publish every repair request as open data.",
		Impact: "Tenants see when repairs happen.", Language: "en"})
	ann := e.signIn("ann@hackney.gov.uk") // a member
	boss := e.signInAs("boss@hackney.gov.uk", model.RoleOrgAdmin)
	anon := e.newClient()
	const checkIn = "/organisations/hackney/commitment/check-in"
	commitment := func() *model.CommitmentProgress {
		t.Helper()
		c, err := e.db.CommitmentOf(ctx, hackneyOrg.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	today := func() url.Values {
		d, m, y := model.AsOfToday(e.clock.Now())
		return url.Values{"as_of-day": {d}, "as_of-month": {m}, "as_of-year": {y}, "language": {"en"}}
	}
	with := func(v url.Values, kv ...string) url.Values {
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	t.Run("the organisation page shows the commitment's year", func(t *testing.T) {
		r := anon.get("/organisations/hackney")
		wantBody(t, r, `id="commitment-progress"`, "On track", "Due on 15 March 2025", "Nobody has checked in")
		wantNoBody(t, r, `id="check-in-link"`, `id="self-assessment"`)
		wantBody(t, ann.get("/organisations/hackney"), `href="`+checkIn+`"`, `href="/organisations/hackney/self-assessment"`)
	})

	t.Run("bad input is refused next to its field and nothing is saved", func(t *testing.T) {
		form := with(today(), "what_happened", "Going well", "evidence", "https://example.org/ok\njavascript:alert(1)",
			"as_of-day", "16", "as_of-month", "3", "as_of-year", "2024")
		r := ann.post(checkIn, form)
		wantStatus(t, r, http.StatusBadRequest)
		for _, f := range []string{"status", "evidence", "as_of-day"} {
			wantFieldError(t, r, f)
		}
		wantBody(t, r, "Line 2 of the evidence is not a web address", "The date must be today or in the past")
		wantKept(t, r, url.Values{"what_happened": form["what_happened"], "evidence": form["evidence"], "as_of-day": {"16"}})
		r = ann.post(checkIn, with(today(), "status", "delivered", "what_happened", "", "as_of-day", "31", "as_of-month", "2"))
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "what_happened")
		wantFieldError(t, r, "as_of-day")
		if c := commitment(); len(c.CheckIns) != 0 || c.Status != model.CommitmentOnTrack {
			t.Errorf("after refused check-ins: %+v", c)
		}
	})

	t.Run("a member checks in and the timeline shows it", func(t *testing.T) {
		wantBody(t, ann.get(checkIn), "Open housing repairs data", `name="as_of-day" type="text" inputmode="numeric" value="15"`)
		r := ann.post(checkIn, with(today(), "status", "at_risk", "what_happened", "Hosting is **slipping**.\n\n<script>alert(1)</script>",
			"evidence", "https://example.org/blog\n\nhttp://example.org/code"))
		wantRedirect(t, r, "/organisations/hackney#commitment-progress")
		page := anon.get("/organisations/hackney")
		wantBody(t, page, "At risk", "<strong>slipping</strong>", `href="https://example.org/blog"`, `href="http://example.org/code"`)
		wantNoBody(t, page, "<script>alert(1)")
		wantBody(t, anon.get("/cy/organisations/hackney"), "Mewn perygl")
		if acts := strings.Join(e.auditActions(), " "); !strings.Contains(acts, "commitment.check_in") {
			t.Errorf("audit: %s", acts)
		}
	})

	t.Run("the register filters by commitment status", func(t *testing.T) {
		wantBody(t, anon.get("/signatories?commitment_status=at_risk"), "London Borough of Hackney", "At risk")
		wantNoBody(t, anon.get("/signatories?commitment_status=overdue"), `href="/organisations/hackney"`)
		r := anon.get("/signatories?commitment_status=late")
		wantStatus(t, r, http.StatusBadRequest)
		wantFieldError(t, r, "commitment_status")
	})

	t.Run("admins get one check-in email a quarter", func(t *testing.T) {
		notify := web.CheckInEmails(baseURL)
		e.clock.Advance(sig.VerifiedAt.AddDate(0, 3, 0).Sub(e.clock.Now()))
		for range 2 {
			if _, err := e.db.SendCheckIns(ctx, notify); err != nil {
				t.Fatal(err)
			}
		}
		got := e.emailsTo("boss@hackney.gov.uk")
		var checkIns []model.Email
		for _, m := range got {
			if m.Kind == "commitment_check_in" {
				checkIns = append(checkIns, m)
			}
		}
		if len(checkIns) != 1 || !strings.Contains(checkIns[0].Body, baseURL+checkIn) || !strings.Contains(checkIns[0].Body, "3 months") ||
			!strings.Contains(checkIns[0].Body, "At risk") {
			t.Errorf("check-in emails to the admin: %+v", checkIns)
		}
		for _, m := range e.emailsTo("ann@hackney.gov.uk") {
			if m.Kind == "commitment_check_in" {
				t.Errorf("a member who is not an admin got %q", m.Subject)
			}
		}
	})

	t.Run("overdue when the due date passes", func(t *testing.T) {
		e.clock.Advance(sig.VerifiedAt.AddDate(1, 0, 0).Sub(e.clock.Now()))
		if n, err := e.db.MarkOverdue(ctx); n != 1 || err != nil {
			t.Fatalf("MarkOverdue = %d, %v", n, err)
		}
		wantBody(t, anon.get("/organisations/hackney"), "Overdue", "It was due on 15 March 2025")
		wantBody(t, anon.get("/signatories?commitment_status=overdue"), `href="/organisations/hackney"`)
	})

	t.Run("delivered offers a case study started from the commitment", func(t *testing.T) {
		e.clock.Advance(24 * time.Hour)
		ann, boss = e.signIn("ann@hackney.gov.uk"), e.signIn("boss@hackney.gov.uk") // a year on: new sessions
		wantRedirect(t, boss.post(checkIn, with(today(), "status", "delivered", "what_happened", "Live for every tenant.")),
			"/organisations/hackney#commitment-progress")
		wantBody(t, anon.get("/organisations/hackney"), "Delivered on 16 March 2025")
		wantNoBody(t, anon.get("/organisations/hackney"), `id="delivered-case-study"`)
		wantBody(t, ann.get("/organisations/hackney"), `href="/case-studies/new?commitment=hackney"`)
		r := ann.get("/case-studies/new?commitment=hackney")
		wantStatus(t, r, http.StatusOK)
		if v, _ := fieldValue(r.Body, "title"); v != "Open housing repairs data" {
			t.Errorf("title = %q", v)
		}
		if v, _ := fieldValue(r.Body, "approach"); v != "Publish every repair request as open data." {
			t.Errorf("approach = %q", v)
		}
		if v, _ := fieldValue(r.Body, "outcomes"); v != "Tenants see when repairs happen." {
			t.Errorf("outcomes = %q", v)
		}
		if v, _ := fieldValue(r.Body, "org_q"); v != "Nowhere Council" {
			t.Errorf("partner search = %q, want the partner the register does not know", v)
		}
		wantBody(t, r, esc("London Borough of Hammersmith & Fulham"), `value="`+strconv.FormatInt(e.org("hammersmith-and-fulham").ID, 10)+`" checked`)
		wantStatus(t, e.signIn("someone@adur-worthing.gov.uk").get("/case-studies/new?commitment=hackney"), http.StatusForbidden)
	})

	t.Run("delivered offers a project started from the commitment", func(t *testing.T) {
		newProject := "/projects/new?signature=" + strconv.FormatInt(sig.ID, 10)
		wantBody(t, ann.get("/organisations/hackney"), `id="delivered-case-study"`, `href="`+newProject+`" id="delivered-project"`)
		wantNoBody(t, anon.get("/organisations/hackney"), `id="delivered-project"`)
		r := ann.get(newProject)
		wantStatus(t, r, http.StatusOK)
		if v, _ := fieldValue(r.Body, "title"); v != "Open housing repairs data" {
			t.Errorf("title = %q", v)
		}
		if v, _ := fieldValue(r.Body, "signature"); v != strconv.FormatInt(sig.ID, 10) {
			t.Errorf("signature = %q, want the commitment the project comes from", v)
		}
	})

	t.Run("self-assessment: refused input saves nothing, the latest of a quarter counts", func(t *testing.T) {
		const path = "/organisations/hackney/self-assessment"
		wantBody(t, ann.get(path), "Level 4", "Every service is designed and improved with its users")
		form := today()
		for n := 1; n <= 5; n++ {
			form.Set(model.LevelField(n), "2")
			form.Set(model.EvidenceField(n), "Evidence "+strconv.Itoa(n))
		}
		bad := with(url.Values{}, "level-3", "5", "evidence-2", "", "as_of-year", "2099")
		for k, v := range form {
			if !bad.Has(k) {
				bad[k] = v
			}
		}
		r := ann.post(path, bad)
		wantStatus(t, r, http.StatusBadRequest)
		for _, f := range []string{"level-3", "evidence-2", "as_of-day"} {
			wantFieldError(t, r, f)
		}
		wantBody(t, r, "must be from 1 to 4")
		if got, _ := e.db.SelfAssessments(ctx, hackneyOrg.ID, 4); len(got) != 0 {
			t.Fatalf("a refused self-assessment was saved: %+v", got)
		}
		wantRedirect(t, ann.post(path, form), "/organisations/hackney#self-assessment")
		wantRedirect(t, ann.post(path, with(form, "level-1", "4")), "/organisations/hackney#self-assessment")
		got, err := e.db.SelfAssessments(ctx, hackneyOrg.ID, 4)
		if err != nil || len(got) != 1 || got[0].Levels[0].Level != 4 {
			t.Errorf("self-assessments = %+v, %v; want the latest of the quarter", got, err)
		}
		page := anon.get("/organisations/hackney")
		wantBody(t, page, `id="self-assessment-latest"`, "January to March 2025", "Level 4", "Every service is designed and improved with its users")
		wantBody(t, anon.get("/cy/organisations/hackney"), "Ionawr i Fawrth 2025", "Lefel 4")
	})
}
