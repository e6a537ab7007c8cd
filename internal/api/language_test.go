package api

import (
	"encoding/csv"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// Open data gives the language people wrote resources, case studies and events in
// (JSON field and last CSV column "language"), and filters them by it (language=en or
// cy); any other language is refused.
func TestOpenDataLanguage(t *testing.T) {
	type row struct {
		Title    string `json:"title"`
		Language string `json:"language"`
	}
	type listPage struct {
		Data []row `json:"data"`
	}
	check := func(t *testing.T, f *fixture, path, welsh string, csvPath string) {
		t.Helper()
		all := decodeLoose[listPage](t, f.get(t, path))
		seen := map[string]int{}
		for _, r := range all.Data {
			seen[r.Language]++
			if (r.Title == welsh) != (r.Language == "cy") {
				t.Errorf("%s: %q has language %q", path, r.Title, r.Language)
			}
		}
		if seen["cy"] != 1 || seen["en"] == 0 || len(seen) != 2 {
			t.Errorf("%s: languages %v, want one cy and the rest en", path, seen)
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		cy := decodeLoose[listPage](t, f.get(t, path+sep+"language=cy"))
		if len(cy.Data) != 1 || cy.Data[0].Title != welsh {
			t.Errorf("%s language=cy: %+v", path, cy.Data)
		}
		en := decodeLoose[listPage](t, f.get(t, path+sep+"language=en"))
		if len(en.Data) != seen["en"] {
			t.Errorf("%s language=en: %d rows, want %d", path, len(en.Data), seen["en"])
		}
		w := f.get(t, path+sep+"language=fr")
		checkHeaders(t, w, 400, jsonType)
		if e := decode[errorOut](t, w); e.Error.Code != model.EINVALID {
			t.Errorf("%s language=fr: %+v", path, e)
		}
		if csvPath == "" {
			return
		}
		rows, err := csv.NewReader(strings.NewReader(f.get(t, csvPath+sep+"language=cy").Body.String())).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("%s language=cy: %d rows, %v", csvPath, len(rows), err)
		}
		if last := len(rows[0]) - 1; rows[0][last] != "language" || rows[1][last] != "cy" {
			t.Errorf("%s: last column %q = %q, want language = cy", csvPath, rows[0][last], rows[1][last])
		}
	}
	t.Run("resources", func(t *testing.T) {
		f := newResourceFixture(t)
		r := &model.Resource{Type: "guidance", Title: "Canllaw biniau", Summary: "Sut i gasglu biniau.", Link: "https://example.org/biniau",
			Licence: "OGL-UK-3.0", Principles: []int{1}, Organisations: []model.OrgRef{{ID: f.orgs["BPC"].ID}},
			Language: model.LanguageWelsh}
		actor := model.Actor{UserID: f.publisher.ID, Label: f.publisher.Email}
		if err := f.db.PublishResource(t.Context(), actor, r, nil); err != nil {
			t.Fatal(err)
		}
		check(t, f.fixture, "/api/v1/resources", r.Title, "/api/v1/resources.csv")
	})
	t.Run("case studies", func(t *testing.T) {
		f := newCaseStudyFixture(t)
		cs := &model.CaseStudy{Title: "Biniau", Summary: "s", Problem: "p", Approach: "a", Outcomes: "o", Lessons: "l",
			Principles: []int{1}, Organisations: []model.OrgRef{{ID: f.orgs["TFW"].ID}}, Language: model.LanguageWelsh}
		if err := f.db.CreateCaseStudy(t.Context(), testActor, cs); err != nil {
			t.Fatal(err)
		}
		check(t, f.fixture, "/api/v1/case-studies", cs.Title, "")
	})
	t.Run("events", func(t *testing.T) {
		f, _ := newEventsFixture(t)
		check(t, f, "/api/v1/events?when=all", `=HYPERLINK("https://evil.example") training`, "/api/v1/events.csv?when=all")
	})
}

// decodeLoose decodes the fields of T that the response holds, ignoring the others.
func decodeLoose[T any](tb testing.TB, w *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		tb.Fatalf("decode %T: %v; body: %s", v, err, w.Body)
	}
	return v
}
