package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// A chooser picks organisations or LGSL services for a form (resources, case studies):
// the ticked choices as checkboxes, then a search box. Without JavaScript its search
// button sends the form back (action find-services or find-organisations) and the page
// comes again with up to chooserResults matches as checkboxes beside those ticked, with
// everything typed kept. Where JavaScript runs, static/chooser.js turns the search box
// into GOV.UK's accessible-autocomplete, which suggests matches from /choose/{kind} and
// ticks the one picked. Either way the form sends the same fields.

// chooserResults is how many matches a chooser's search lists or suggests.
const chooserResults = 20

// The search buttons' actions.
const (
	actionFindServices = "find-services"
	actionFindOrgs     = "find-organisations"
)

// choice is one option of a radio, checkbox or select list, or of a chooser. ID, when
// set, is the input's id; otherwise the partials number the options from the field's name.
type choice struct {
	ID, Value, Text, Hint string
	Checked               bool
}

// choices is a select's options as choices: a []choice as it is, a []string each as
// value and text.
// labelChoices are codes as options, each shown by its label in pr's words.
func labelChoices(pr *locale.Printer, codes []string, label func(string) model.Msg) []choice {
	out := make([]choice, len(codes))
	for i, c := range codes {
		out[i] = choice{Value: c, Text: pr.Msg(label(c))}
	}
	return out
}

func choices(options any) []choice {
	switch o := options.(type) {
	case []choice:
		return o
	case []string:
		out := make([]choice, len(o))
		for i, s := range o {
			out[i] = choice{Value: s, Text: s}
		}
		return out
	}
	return nil
}

// chooser is what the "chooser" partial shows.
type chooser struct {
	Name    string // the checkboxes' field, and the search box's id: "services"
	Item    string // the one thing chosen, for ids: "service", making "service-524"
	Query   string // the search box's field: "service_q"
	Q       string // what was searched for
	Action  string // the search button's action
	Source  string // where the script asks for suggestions: "/choose/services"
	Options []choice
	// Searched is set after a search; NoMatch when it found nothing new.
	Searched, NoMatch bool
	// pr writes what the choices say, in the page's language.
	pr *locale.Printer
}

// serviceChoice is a service to choose, with its LGSL code as the hint.
func serviceChoice(pr *locale.Printer, sv model.Service) choice {
	code := strconv.Itoa(sv.Code)
	return choice{ID: "service-" + code, Value: code, Text: sv.Label, Hint: pr.T("chooser.service_hint", "Code", code)}
}

func orgChoiceOf(id int64, name string) choice {
	v := strconv.FormatInt(id, 10)
	return choice{ID: "organisation-" + v, Value: v, Text: name}
}

// add appends c unless a choice with its value is there already, and reports whether it did.
func (c *chooser) add(o choice) bool {
	for _, x := range c.Options {
		if x.Value == o.Value {
			return false
		}
	}
	c.Options = append(c.Options, o)
	return true
}

// serviceChooser lists the chosen services (codes as sent), ticked, then, when search
// is set, up to chooserResults others whose label or code matches q.
func (s *Server) serviceChooser(ctx context.Context, pr *locale.Printer, chosen []string, q string, search bool) (chooser, error) {
	c := chooser{Name: "services", Item: "service", Query: "service_q", Q: q, Action: actionFindServices, Source: "/choose/services", pr: pr}
	look := func(ctx context.Context, code int64) (choice, error) {
		sv, err := s.db.Service(ctx, int(code))
		return serviceChoice(pr, sv), err
	}
	return c.fill(ctx, chosen, look, s.findServices, search, 0)
}

// orgChooser lists the chosen organisations (ids as sent), ticked, then, when search is
// set, up to chooserResults others whose name matches q. own, the organisation the form
// is for (publisher, author), is never offered: it is named already.
func (s *Server) orgChooser(ctx context.Context, own int64, chosen []string, q string, search bool) (chooser, error) {
	c := chooser{Name: "organisations", Item: "organisation", Query: "org_q", Q: q, Action: actionFindOrgs, Source: "/choose/organisations"}
	look := func(ctx context.Context, id int64) (choice, error) {
		o, err := s.db.Organisation(ctx, id)
		if err != nil {
			return choice{}, err
		}
		return orgChoiceOf(o.ID, o.Name), nil
	}
	return c.fill(ctx, chosen, look, s.findOrgs, search, own)
}

// fill lists the chosen values, ticked, as look finds them (unknown ones are left for
// validation to report), then, when search is set, the matches find gives for c.Q. skip
// is never listed.
func (c chooser) fill(ctx context.Context, chosen []string, look func(context.Context, int64) (choice, error),
	find func(context.Context, *locale.Printer, string) ([]choice, error), search bool, skip int64) (chooser, error) {
	for _, v := range chosen {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 || id == skip {
			continue
		}
		o, err := look(ctx, id)
		if model.ErrorCode(err) == model.ENOTFOUND {
			continue
		}
		if err != nil {
			return c, err
		}
		o.Checked = true
		c.add(o)
	}
	if !search || strings.TrimSpace(c.Q) == "" {
		return c, nil
	}
	found, err := find(ctx, c.pr, c.Q)
	if err != nil {
		return c, err
	}
	c.Searched, c.NoMatch = true, true
	for _, o := range found {
		if o.Value != strconv.FormatInt(skip, 10) && c.add(o) {
			c.NoMatch = false
		}
	}
	return c, nil
}

// findServices is up to chooserResults services whose label or code matches q.
func (s *Server) findServices(ctx context.Context, pr *locale.Printer, q string) ([]choice, error) {
	found, err := s.db.SearchServices(ctx, strings.TrimSpace(q), chooserResults)
	if err != nil {
		return nil, err
	}
	out := make([]choice, 0, len(found))
	for _, sv := range found {
		out = append(out, serviceChoice(pr, sv))
	}
	return out, nil
}

// findOrgs is up to chooserResults organisations whose name matches q, by name.
func (s *Server) findOrgs(ctx context.Context, _ *locale.Printer, q string) ([]choice, error) {
	rows, _, err := s.db.ListRegister(ctx, model.RegisterQuery{Q: model.CleanLine(q), Sort: model.SortName,
		Page: 1, PerPage: chooserResults}, store.ModeAll)
	if err != nil {
		return nil, err
	}
	out := make([]choice, 0, len(rows))
	for _, row := range rows {
		out = append(out, orgChoiceOf(row.Organisation.ID, row.Organisation.Name))
	}
	return out, nil
}

// suggestion is one match /choose/{kind} returns to the chooser's script.
type suggestion struct {
	Value string `json:"value"`
	Text  string `json:"text"`
	Hint  string `json:"hint,omitempty"`
}

// suggest answers the chooser's script (GET /choose/services, /choose/organisations):
// up to chooserResults matches for q from find, as JSON. What it lists is public (the
// register, the LGSL).
func (s *Server) suggest(find func(context.Context, *locale.Printer, string) ([]choice, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out := []suggestion{}
		if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
			found, err := find(r.Context(), printerOf(r), q)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			for _, c := range found {
				out = append(out, suggestion{Value: c.Value, Text: c.Text, Hint: c.Hint})
			}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(out)
	}
}
