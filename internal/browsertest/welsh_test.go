package browsertest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/localdigital/localdigital/internal/model"
)

// TestWelshSigningJourney signs the Declaration in Welsh from /cy/sign, with JavaScript
// off and then on: the officer signs in, leaves the commitment and the senior signers
// empty once and reads the problems in Welsh (the error summary and the message next to
// each field), then writes them and sends; a senior signer confirms from their link. Every
// page is in Welsh and marked so; with JavaScript on, axe-core finds no problem on any of
// them and the character count speaks Welsh.
func TestWelshSigningJourney(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	axe := loadAxe(t)
	for _, js := range []bool{false, true} {
		name := "javascript off"
		if js {
			name = "javascript on, axe-core"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var a *auditor
			if js {
				a = &auditor{t: t, axe: axe}
			}
			welshSigningJourney(t, newEnv(t, b), js, a)
			if a != nil {
				t.Logf("axe-core checked %d Welsh pages", len(a.checked))
			}
		})
	}
}

// welshLink is an emailed link's page in Welsh: its path under /cy/.
func welshLink(p *tab, link string) string {
	path := strings.TrimPrefix(link, p.e.srv.URL)
	if strings.HasPrefix(path, "/cy/") {
		return path
	}
	return "/cy" + path
}

func welshSigningJourney(t *testing.T, e *env, js bool, a *auditor) {
	const starter = "officer@hackney.gov.uk"
	officer := e.newTab(t, "the officer", js)
	welsh := func(p *tab, name string) {
		t.Helper()
		if lang := eval[string](p, `document.documentElement.lang`); lang != "cy" {
			t.Errorf("%s at %s: the page's language is %q, want cy", p.name, p.location(), lang)
		}
		if !strings.HasPrefix(p.location(), "/cy/") {
			t.Errorf("%s is at %s, not on a Welsh page", p.name, p.location())
		}
		if a != nil {
			a.check(p, name)
		}
	}

	// Sign in from the Welsh start page.
	officer.wantPage(officer.open("/cy/sign"), http.StatusOK, "Llofnodi’r Datganiad Digidol Lleol",
		"Gall unrhyw un sy’n gweithio i gyngor")
	welsh(officer, "sign, not signed in")
	officer.wantPage(officer.clickText("Mewngofnodi i ddechrau"), http.StatusOK, "Mewngofnodi gyda’ch cyfeiriad e-bost")
	welsh(officer, "sign in")
	officer.wantPage(officer.clickText("Anfon dolen mewngofnodi ataf"), http.StatusBadRequest, "Mewngofnodi gyda’ch cyfeiriad e-bost")
	officer.wantText(".govuk-error-summary", "Mae problem")
	welsh(officer, "sign in with an error")
	officer.fill("#email", starter)
	officer.wantPage(officer.clickText("Anfon dolen mewngofnodi ataf"), http.StatusOK, "Gwiriwch eich e-bost")
	welsh(officer, "check your email")
	officer.wantPage(officer.open(welshLink(officer, e.link(starter, signInLinkRE))), http.StatusOK, "Mewngofnodi i Ddigidol Lleol")
	welsh(officer, "sign-in link")
	officer.wantPage(officer.click("#continue"), http.StatusOK, "Llofnodi’r Datganiad Digidol Lleol",
		"Rydych chi’n llofnodi ar ran London Borough of Hackney")
	welsh(officer, "sign, signed in")

	// The commitment, empty first: the problems in Welsh.
	officer.wantPage(officer.clickText("Dechrau nawr"), http.StatusOK, "Eich ymrwymiad", "Enw byr ar gyfer y prosiect")
	welsh(officer, "commitment")
	if js { // the character count's own message, shown as the person types
		const status = ".govuk-character-count:has(#mission) .govuk-character-count__status"
		officer.fill("#mission", "Open data")
		officer.wantText(status, "Mae gennych 1191 nod ar ôl")
		officer.wantNoText(status, "characters", "remaining")
		eval[string](officer, `document.querySelector("#mission").value = ""`)
	}
	officer.wantPage(officer.clickText("Parhau"), http.StatusBadRequest, "Eich ymrwymiad")
	officer.wantText(".govuk-error-summary", "Mae problem", "Rhowch deitl i’ch ymrwymiad")
	officer.wantText("#title-error", "Gwall:", "Rhowch deitl i’ch ymrwymiad")
	officer.wantNoText("main", "There is a problem", "Enter a title")
	if got := eval[string](officer, `document.title`); !strings.HasPrefix(got, "Gwall: ") {
		t.Errorf("the title of the page with errors is %q, want it to start with Gwall:", got)
	}
	welsh(officer, "commitment with errors")
	officer.fillAll(hackneyCommitment)
	officer.wantPage(officer.clickText("Parhau"), http.StatusOK, "Eich llofnodwyr uwch", "Prif weithredwr",
		"Arweinydd neu aelod arweiniol", "@hackney.gov.uk")
	welsh(officer, "signers")
	officer.wantPage(officer.clickText("Parhau"), http.StatusBadRequest, "Eich llofnodwyr uwch")
	officer.wantText(".govuk-error-summary", "Mae problem", "Rhowch enw llawn y prif weithredwr",
		"Rhowch gyfeiriad e-bost yr arweinydd")
	officer.wantText("#ceo_name-error", "Gwall:", "Rhowch enw llawn y prif weithredwr")
	welsh(officer, "signers with errors")
	officer.fillAll(hackneySigners)

	// Check the answers, and send.
	officer.wantPage(officer.clickText("Parhau"), http.StatusOK, "Gwiriwch eich atebion cyn llofnodi",
		"Open housing repairs data", "Dana Whitfield, Chief Executive, dana.whitfield@hackney.gov.uk",
		"Nawr anfonwch eich llofnod")
	welsh(officer, "check your answers")
	officer.wantPage(officer.clickText("Derbyn ac anfon"), http.StatusOK, "Llofnod wedi’i anfon at eich llofnodwyr uwch")
	sig := e.signature("hackney")
	officer.wantText(".govuk-panel--confirmation", "Cyfeirnod", "LDD-"+strconv.FormatInt(sig.ID, 10))
	officer.wantText("main", "Beth sy’n digwydd nesaf")
	welsh(officer, "confirmation")
	if sig.Status != model.SigAwaitingSigners {
		t.Fatalf("after sending, the signature is %s", sig.Status)
	}

	// A senior signer answers in Welsh: with no answer first, then yes.
	dana := e.newTab(t, "Dana Whitfield", js)
	dana.wantPage(dana.open(welshLink(dana, e.link("dana.whitfield@hackney.gov.uk", signerLinkRE))), http.StatusOK,
		"Cadarnhau llofnod eich sefydliad", "Open housing repairs data",
		"Ydych chi’n llofnodi’r Datganiad ar ran London Borough of Hackney?")
	welsh(dana, "senior signer")
	dana.wantPage(dana.clickText("Anfon"), http.StatusBadRequest, "Cadarnhau llofnod eich sefydliad")
	dana.wantText(".govuk-error-summary", "Mae problem")
	dana.wantText("#decision-error", "Gwall:")
	dana.wantNoText("main", "There is a problem")
	welsh(dana, "senior signer with an error")
	dana.step("choose yes", clickLabel("Ydw, rwy’n cadarnhau ac yn llofnodi"))
	dana.wantPage(dana.clickText("Anfon"), http.StatusOK, "Rydych chi wedi llofnodi",
		"Rydym yn aros i’r llofnodwyr uwch eraill gadarnhau.")
	dana.wantText(".govuk-panel", "ar ran London Borough of Hackney")
	welsh(dana, "senior signer confirmed")
	if got := e.signature("hackney").Signers[0].Status; got != model.SignerConfirmed {
		t.Errorf("after Dana confirmed, her answer is %s", got)
	}
}

// TestWelshChooser: on a Welsh form, accessible-autocomplete speaks Welsh: its hint to
// screen readers, and its message when nothing matches what was typed.
func TestWelshChooser(t *testing.T) {
	t.Parallel()
	e := newSharingEnv(t, newBrowser(t))
	officer := e.newTab(t, "the Hackney officer", true)
	e.signIn(officer, hackneyOfficer)
	if status := officer.open("/cy/resources/new"); status != http.StatusOK {
		t.Fatalf("/cy/resources/new: status %d", status)
	}
	officer.wantScripts()
	if n := officer.count(".autocomplete__wrapper"); n != 2 {
		t.Fatalf("%d autocompletes on the Welsh form, want 2", n)
	}
	officer.wantText("#services__assistiveHint", "Pan fydd canlyniadau ar gael")
	officer.fill("#services", "zzzz")
	officer.step("wait for the answer", chromedp.WaitVisible(chromedp.CSS("#services + ul .autocomplete__option--no-results")))
	officer.wantText("#services + ul", "Dim canlyniadau")
	officer.wantNoText("form", "No results found", "When autocomplete results are available")
}
