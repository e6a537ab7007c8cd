package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// A member sets markers (bad input refused with what was typed kept), the platform team
// confirms the strategy, the organisation page shows each now and on signing, and the "18
// months on" summary appears on the day 18 months after signing, not the day before.
func TestMarkersJourney(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Fix the bins") // signed on 15 March 2024 (t0)
	member := e.signIn("sam@hackney.gov.uk")

	list := member.get("/organisations/hackney/markers")
	wantStatus(t, list, http.StatusOK)
	wantBody(t, list, `href="/organisations/hackney/markers?marker=digital_strategy"`, "Not given")
	wantStatus(t, member.get("/organisations/hackney/markers?marker=nothing"), http.StatusNotFound)
	form := member.get("/organisations/hackney/markers?marker=digital_strategy")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, `name="url"`, `name="marker" value="digital_strategy"`, `name="as_of-day" type="text" inputmode="numeric" value="15"`)

	bad := url.Values{"marker": {"digital_strategy"}, "url": {"https://hackney.gov.uk/digital"}, "as_of-day": {"16"}, "as_of-month": {"3"}, "as_of-year": {"2024"}}
	r := member.post("/organisations/hackney/markers", bad)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "as_of-day")
	wantKept(t, r, url.Values{"url": bad["url"], "as_of-day": bad["as_of-day"]})
	bad.Set("url", "javascript:alert(1)")
	bad.Set("as_of-day", "1")
	r = member.post("/organisations/hackney/markers", bad)
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "url")
	if n := strings.Count(strings.Join(e.auditActions(), " "), "marker.set"); n != 0 {
		t.Fatalf("a refused form saved %d markers", n)
	}

	for _, v := range []url.Values{
		{"marker": {"digital_strategy"}, "url": {"https://hackney.gov.uk/digital"}, "as_of-day": {"1"}, "as_of-month": {"3"}, "as_of-year": {"2024"}},
		{"marker": {"cyber_assessment"}, "value": {"in_progress"}, "as_of-day": {"1"}, "as_of-month": {"3"}, "as_of-year": {"2024"}},
	} {
		wantRedirect(t, member.post("/organisations/hackney/markers", v), "/organisations/hackney#markers")
	}
	page := member.get("/organisations/hackney")
	wantBody(t, page, "Published, waiting for the Local Digital team to check it", "In progress", "As of 1 March 2024",
		`href="https://hackney.gov.uk/digital"`, "Markers now, and when the organisation signed on 15 March 2024")
	wantNoBody(t, page, "18 months on", "Improved")

	admin := e.admin()
	queue := admin.get("/admin/markers")
	wantBody(t, queue, "London Borough of Hackney", "https://hackney.gov.uk/digital")
	m := regexp.MustCompile(`action="(/admin/markers/\d+/confirm)"`).FindStringSubmatch(queue.Body)
	if m == nil {
		t.Fatalf("no confirm button:\n%s", snippet(queue.Body))
	}
	wantRedirect(t, admin.post(m[1], url.Values{}), "/admin/markers")
	wantStatus(t, admin.post(m[1], url.Values{}), http.StatusNotFound) // once
	wantBody(t, admin.get("/admin/markers"), "There are no strategies to check.")
	wantNoBody(t, member.get("/organisations/hackney"), "waiting for the Local Digital team")

	// 18 months after 15 March 2024 is 15 September 2025.
	e.clock.Advance(time.Date(2025, 9, 14, 12, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	member = e.signIn("sam@hackney.gov.uk") // the session has long ended
	wantRedirect(t, member.post("/organisations/hackney/markers", url.Values{"marker": {"cyber_assessment"}, "value": {"complete"},
		"as_of-day": {"14"}, "as_of-month": {"9"}, "as_of-year": {"2025"}}), "/organisations/hackney#markers")
	page = member.get("/organisations/hackney")
	wantBody(t, page, "Complete", "Improved")
	wantNoBody(t, page, "18 months on")
	e.clock.Advance(12 * time.Hour) // 15 September, 00:00 UTC (01:00 in London)
	page = member.get("/organisations/hackney")
	wantBody(t, page, "18 months on", "18 months had passed on 15 September 2025", "Since signing, this marker has improved:",
		"<li>Cyber Assessment Framework self-assessment</li>")

	var api = e.newClient().get("/api/v1/dashboard/markers")
	wantBody(t, api, `{"marker":"digital_strategy","baseline":1,"now":1}`, `{"marker":"cyber_assessment","baseline":0,"now":1}`)
	if got := strings.Count(strings.Join(e.auditActions(), " "), "marker."); got != 4 {
		t.Errorf("%d marker audit entries, want 4 (three set, one confirmed): %v", got, e.auditActions())
	}
}

// A buyer the import could not match waits at /admin/marketplace; the platform team
// matches it (choosing nothing is refused), and the organisation then buys through the
// Digital Marketplace, on its page and the dashboard.
func TestMarketplaceReview(t *testing.T) {
	e := newEnv(t)
	e.publish("hackney", "Fix the bins")
	res, err := e.db.ImportMarketplace(t.Context(), model.Actor{Label: "import"}, []model.Opportunity{
		{ID: "1", Title: "Housing repairs discovery", BuyerName: "Hackney Council Procurement", BuyerDomain: "procurement.example.org",
			PublishedAt: time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)},
		{ID: "2", Title: "Planning alpha", BuyerName: "ADUR DISTRICT COUNCIL", PublishedAt: time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC)},
	})
	if err != nil || res.Matched != 1 || res.Queued != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	admin := e.admin()
	list := admin.get("/admin/marketplace")
	wantBody(t, list, "1 buyer to match", "Hackney Council Procurement", "No organisation has this domain or name")
	m := regexp.MustCompile(`href="(/admin/marketplace/\d+)"`).FindStringSubmatch(list.Body)
	if m == nil {
		t.Fatalf("no buyer link:\n%s", snippet(list.Body))
	}
	wantBody(t, admin.get(m[1]+"?q=hackney"), "London Borough of Hackney", "None: ignore this buyer")
	r := admin.post(m[1], url.Values{})
	wantStatus(t, r, http.StatusBadRequest)
	wantFieldError(t, r, "organisation")
	wantRedirect(t, admin.post(m[1], url.Values{"organisation": {strconv.FormatInt(e.org("hackney").ID, 10)}}), "/admin/marketplace")
	wantBody(t, admin.get("/admin/marketplace"), "There are no buyers to match.")
	e.clock.Advance(100 * 24 * time.Hour) // past the opportunity
	wantBody(t, e.newClient().get("/organisations/hackney"), "Buys through the Digital Marketplace", "Yes, since 3 June 2024", "Improved")
	wantBody(t, e.newClient().get("/api/v1/dashboard/markers"), `{"marker":"marketplace","baseline":0,"now":1}`)
}
