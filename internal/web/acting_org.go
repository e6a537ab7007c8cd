package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// orgField is the form field, on every page that acts for an organisation, that says
// which of the person's organisations it acts for (the organisation's id).
const orgField = "organisation"

// Why a chosen organisation was refused.
const (
	orgChoiceMissing  = "missing"   // the person has several and chose none
	orgChoiceNotYours = "not_yours" // not one of the organisations offered
)

// orgChoice is the organisations a person may act for on a page, and the one chosen.
// Templates show radios (template "organisation-choice") only when there are several.
type orgChoice struct {
	Options []model.Membership
	Chosen  int64
}

// Many reports whether the page must ask which organisation.
func (c orgChoice) Many() bool { return len(c.Options) > 1 }

// Org returns the chosen organisation's membership, if one is chosen.
func (c orgChoice) Org() (model.Membership, bool) {
	for _, m := range c.Options {
		if m.OrganisationID == c.Chosen {
			return m, true
		}
	}
	return model.Membership{}, false
}

// Value is the chosen organisation's id as the form holds it, or "".
func (c orgChoice) Value() string {
	if c.Chosen == 0 {
		return ""
	}
	return strconv.FormatInt(c.Chosen, 10)
}

// Radios are the organisations as the radios partial offers them: organisation, then
// organisation-1, organisation-2…
func (c orgChoice) Radios() []choice {
	out := make([]choice, len(c.Options))
	for i, m := range c.Options {
		out[i] = choice{Value: strconv.FormatInt(m.OrganisationID, 10), Text: m.OrganisationName}
	}
	return out
}

// Name is the chosen organisation's name, or "".
func (c orgChoice) Name() string {
	m, _ := c.Org()
	return m.OrganisationName
}

// choose reads the organisation field against the options: with one option an empty
// field means that one; otherwise it must name one of them. It returns the choice and
// "" or one of the orgChoice problems.
func choose(value string, options []model.Membership) (orgChoice, string) {
	c := orgChoice{Options: options}
	value = strings.TrimSpace(value)
	if value == "" {
		if len(options) == 1 {
			c.Chosen = options[0].OrganisationID
			return c, ""
		}
		return c, orgChoiceMissing
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return c, orgChoiceNotYours
	}
	for _, m := range options {
		if m.OrganisationID == id {
			c.Chosen = id
			return c, ""
		}
	}
	return c, orgChoiceNotYours
}

// addOrgChoiceError puts the message for problem next to the organisation field;
// missing is the page's own "Select …" sentence.
func addOrgChoiceError(fe *model.FieldErrors, problem, missing string) {
	switch problem {
	case orgChoiceMissing:
		fe.Add(orgField, missing)
	case orgChoiceNotYours:
		fe.Add(orgField, "common.organisation_choice.not_yours")
	}
}

// chooseFromForm is choose on the request's organisation field.
func chooseFromForm(r *http.Request, options []model.Membership) (orgChoice, string) {
	return choose(r.PostFormValue(orgField), options)
}
