package browsertest

import (
	"net/http"
	"strings"
	"testing"
)

// TestErrorSummary sends the commitment page empty. The GOV.UK error summary lists each
// problem and the fields show theirs; with JavaScript on, the summary takes focus when the
// page loads, and following one of its links moves focus to that field.
func TestErrorSummary(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b)
			p := e.newTab(t, "the officer", js)
			e.signIn(p, "officer@hackney.gov.uk")
			p.wantPage(p.open("/sign/commitment"), http.StatusOK, "Your commitment")
			p.wantPage(p.clickText("Continue"), http.StatusBadRequest, "Your commitment")
			p.wantScripts()
			p.wantPath("/sign/commitment")

			if title := eval[string](p, `document.title`); !strings.HasPrefix(title, "Error: ") {
				t.Errorf("page title %q does not start with Error:", title)
			}
			p.wantText(".govuk-error-summary", "There is a problem", "Enter a title for your commitment",
				"Enter what you will deliver within a year", "Enter how specific users will benefit")
			for _, field := range []string{"title", "mission", "impact"} {
				p.wantText("#"+field+"-error", "Error:")
				if got := eval[string](p, `document.getElementById("`+field+`").getAttribute("aria-describedby")`); !strings.Contains(got, field+"-error") {
					t.Errorf("#%s is described by %q, which leaves out its error", field, got)
				}
			}
			p.shot("commitment-errors")
			if !js {
				return
			}

			if !eval[bool](p, `document.activeElement.closest('.govuk-error-summary') !== null`) {
				t.Errorf("focus is on %s, not in the error summary", eval[string](p, `document.activeElement.outerHTML.slice(0, 120)`))
			}
			for _, link := range []struct{ text, field string }{
				{"Enter how specific users will benefit", "impact"}, {"Enter a title for your commitment", "title"},
			} {
				p.step("follow the summary link "+link.text, clickIn(".govuk-error-summary", link.text))
				if got := eval[string](p, `document.activeElement.id`); got != link.field {
					t.Errorf("after following %q, focus is on #%s, want #%s", link.text, got, link.field)
				}
				// The field's label is scrolled into view with it, so a person sees the question.
				if !eval[bool](p, `(() => { const r = document.querySelector('label[for=`+link.field+`]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight })()`) {
					t.Errorf("after following %q, the label of #%s is not in view", link.text, link.field)
				}
			}
		})
	}
}
