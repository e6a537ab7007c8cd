package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/importer"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// contractsFeature is the contract register (issue 11 part 2): organisations' contracts,
// the suppliers they name, the contracts ending together and the market.
func (s *Server) contractsFeature() feature {
	cached := s.cached
	member := orgMember(model.CanEditContracts, "contracts.errors.not_member")
	return feature{Name: "contracts",
		Routes: []route{
			{"GET /contracts", anyone, cached(s.contractList, "category")},
			{"GET /contracts/ending-together", anyone, cached(s.contractsEnding, model.ContractEndingParams...)},
			{"GET /contracts/market", anyone, cached(s.contractsMarket, "category")},
			{"GET /organisations/{slug}/contracts/new", member, s.contractNewForm},
			{"POST /organisations/{slug}/contracts/new", member, s.contractCreate},
			{"GET /organisations/{slug}/contracts/upload", member, s.contractUploadForm},
			{"POST /organisations/{slug}/contracts/upload", member, s.contractUpload},
			{"GET /organisations/{slug}/contracts/{id}/edit", member, s.contractEditForm},
			{"POST /organisations/{slug}/contracts/{id}/edit", member, s.contractUpdate},
			{"GET /admin/suppliers", platformTeam, s.supplierList},
			{"POST /admin/suppliers/merge", platformTeam, s.supplierMerge},
		},
		API:    s.api.ContractsPart(),
		Tables: []string{"contracts", "suppliers", "supplier_names"},
		Seed:   seedContracts,
	}
}

// maxContractList is how many contracts /contracts shows at once, soonest ending first.
const maxContractList = 500

type contractListData struct {
	Category   string
	Categories []choice
	Contracts  []contractRow
	// Orgs are the organisations whose contracts the person may add to.
	Orgs []model.Membership
}

// contractList is the register: the contracts the person may see, in a category or all.
func (s *Server) contractList(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	cat := r.URL.Query().Get("category")
	if _, ok := model.LookupContractCategory(cat); !ok {
		cat = ""
	}
	cs, err := s.db.ContractList(r.Context(), cat, model.ContractViewerOf(u), maxContractList)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := contractListData{Category: cat, Categories: categoryChoices(r)}
	for _, c := range cs {
		d.Contracts = append(d.Contracts, contractRow{Contract: c, Editable: model.CanEditContracts(u, c.OrganisationID)})
	}
	if u != nil {
		d.Orgs = u.Memberships
	}
	s.render(w, r, http.StatusOK, "contract_list", &page{Title: printerOf(r).T("contracts.list.title"), Nav: "contracts",
		Flash: s.takeFlash(w, r), Data: d})
}

// contractRow is a contract in the register, and whether the person may change it.
type contractRow struct {
	model.Contract
	Editable bool
}

// categoryChoices are the categories as a select offers them, in the page's language.
func categoryChoices(r *http.Request) []choice {
	return labelChoices(printerOf(r), model.ContractCategorySlugs(), model.ContractCategoryName)
}

type contractFormData struct {
	Org                             *model.Organisation
	Action                          string
	Contract                        *model.Contract // nil for a new one
	Categories, Bands, Visibilities []choice
}

func (s *Server) renderContractForm(w http.ResponseWriter, r *http.Request, status int, c *model.Contract, form map[string]string, fe *model.FieldErrors) {
	org := orgFrom(r)
	d := contractFormData{Org: org, Action: "/organisations/" + org.Slug + "/contracts/new", Contract: c,
		Categories: categoryChoices(r), Bands: labelChoices(printerOf(r), model.ContractValueBandSlugs(), model.ContractValueBandName),
		Visibilities: labelChoices(printerOf(r), model.ContractVisibilities, model.ContractVisibilityName)}
	title := printerOf(r).T("contracts.form.title_new")
	if c != nil {
		d.Action = "/organisations/" + org.Slug + "/contracts/" + strconv.FormatInt(c.ID, 10) + "/edit"
		title = printerOf(r).T("contracts.form.title_edit")
	}
	s.render(w, r, status, "contract_form", &page{Title: title, Nav: "contracts", BackLink: "/contracts",
		Form: form, Errors: fe, Data: d})
}

func (s *Server) contractNewForm(w http.ResponseWriter, r *http.Request) {
	s.renderContractForm(w, r, http.StatusOK, nil, map[string]string{"visibility": model.ContractPublic}, nil)
}

// contractFromForm reads the posted contract, and the form as typed.
func contractFromForm(r *http.Request) (model.Contract, map[string]string, *model.FieldErrors) {
	form := map[string]string{}
	for _, f := range model.ContractFields {
		form[f] = r.PostFormValue(f)
	}
	c, fe := model.ParseContract(func(name string) string { return form[name] })
	return c, form, fe
}

func (s *Server) contractCreate(w http.ResponseWriter, r *http.Request) {
	c, form, fe := contractFromForm(r)
	if fe.Any() {
		s.renderContractForm(w, r, http.StatusBadRequest, nil, form, fe)
		return
	}
	org := orgFrom(r)
	if err := s.db.AddContracts(r.Context(), actorOf(userFrom(r)), org.ID, []*model.Contract{&c}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.contract_added")
	http.Redirect(w, r, "/contracts?"+url.Values{"category": {c.Category}}.Encode(), http.StatusSeeOther)
}

// contractInPath is the contract in the path, which must be the organisation's.
func (s *Server) contractInPath(w http.ResponseWriter, r *http.Request) (*model.Contract, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return nil, false
	}
	c, err := s.db.Contract(r.Context(), id)
	if err == nil && c.OrganisationID != orgFrom(r).ID {
		err = model.Errorf(model.ENOTFOUND, "contracts.errors.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Server) contractEditForm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.contractInPath(w, r)
	if !ok {
		return
	}
	s.renderContractForm(w, r, http.StatusOK, c, model.ContractFormOf(c), nil)
}

func (s *Server) contractUpdate(w http.ResponseWriter, r *http.Request) {
	was, ok := s.contractInPath(w, r)
	if !ok {
		return
	}
	c, form, fe := contractFromForm(r)
	if fe.Any() {
		s.renderContractForm(w, r, http.StatusBadRequest, was, form, fe)
		return
	}
	c.ID = was.ID
	if err := s.db.UpdateContract(r.Context(), actorOf(userFrom(r)), &c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.contract_saved")
	http.Redirect(w, r, "/contracts?"+url.Values{"category": {c.Category}}.Encode(), http.StatusSeeOther)
}

type contractUploadData struct {
	Org    *model.Organisation
	Fields []string
	Rows   []model.Msg // every bad row, when the file was refused
}

func (s *Server) renderContractUpload(w http.ResponseWriter, r *http.Request, status int, rows []model.Msg, fe *model.FieldErrors) {
	s.render(w, r, status, "contract_upload", &page{Title: printerOf(r).T("contracts.upload.title"), Nav: "contracts",
		BackLink: "/contracts", Errors: fe, Data: contractUploadData{Org: orgFrom(r), Fields: model.ContractFields, Rows: rows}})
}

func (s *Server) contractUploadForm(w http.ResponseWriter, r *http.Request) {
	s.renderContractUpload(w, r, http.StatusOK, nil, nil)
}

// contractUpload reads a contracts file with the parser `localdigital import contracts`
// uses: every contract is saved, or none and every bad row is listed.
func (s *Server) contractUpload(w http.ResponseWriter, r *http.Request) {
	fe := &model.FieldErrors{}
	f, _, err := r.FormFile("file")
	if err != nil {
		fe.Add("file", "contracts.upload.file.missing")
		s.renderContractUpload(w, r, http.StatusBadRequest, nil, fe)
		return
	}
	defer f.Close()
	cs, err := importer.ParseContracts(f)
	var ie *importer.ImportError
	switch {
	case errors.As(err, &ie):
		rows := make([]model.Msg, len(ie.Rows))
		for i, row := range ie.Rows {
			rows[i] = model.Msg{Key: "contracts.upload.row", Args: []any{"Line", row.Line, "Problem", row.Msg}}
			if row.Msg.Key == "" { // the file's header or quoting, which the register's files share
				rows[i].Args[3] = model.Msg{Key: "contracts.upload.unreadable"}
			}
		}
		fe.Add("file", "contracts.upload.file.problems", "Count", len(rows))
		s.renderContractUpload(w, r, http.StatusBadRequest, rows, fe)
		return
	case err != nil && model.ErrorCode(err) == model.EINVALID:
		fe.AddError("file", err)
		s.renderContractUpload(w, r, http.StatusBadRequest, nil, fe)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	org := orgFrom(r)
	if err := s.db.AddContracts(r.Context(), actorOf(userFrom(r)), org.ID, cs); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.contracts_imported")
	http.Redirect(w, r, "/contracts", http.StatusSeeOther)
}

// endingRegion is one region's contracts ending in the window.
type endingRegion struct {
	Region string
	Rows   []model.ContractEnding
}

type endingData struct {
	Query      model.EndingQuery
	Asked      bool // a category was chosen
	Regions    []endingRegion
	Total      int
	Categories []choice
	// BriefOrgs are the person's organisations, each of which may start a joint brief.
	BriefOrgs []model.Membership
}

// contractsEnding shows the organisations whose contracts in a category end in the same
// window of up to 12 months, by region.
func (s *Server) contractsEnding(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	q, err := model.ParseEndingQuery(r.URL.Query(), s.db.Now(), true)
	d := endingData{Categories: categoryChoices(r)}
	fe := &model.FieldErrors{}
	var me *model.Error
	if errors.As(err, &me) {
		fe.Add(me.Field, me.Key, me.Args...)
		q, _ = model.ParseEndingQuery(url.Values{}, s.db.Now(), true)
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Query = q
	if q.Category != "" && !fe.Any() {
		d.Asked = true
		q.Viewer = model.ContractViewerOf(u)
		rows, err := s.db.ContractsEnding(r.Context(), q)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Total = len(rows)
		for _, row := range rows {
			if n := len(d.Regions); n == 0 || d.Regions[n-1].Region != row.Region {
				d.Regions = append(d.Regions, endingRegion{Region: row.Region})
			}
			d.Regions[len(d.Regions)-1].Rows = append(d.Regions[len(d.Regions)-1].Rows, row)
		}
	}
	if u != nil {
		d.BriefOrgs = u.Memberships
	}
	form := map[string]string{"category": r.URL.Query().Get("category"), "from": q.From.Format(model.EndingMonth),
		"to": q.To.Format(model.EndingMonth)}
	if q.Extensions {
		form["extensions"] = "true"
	}
	for _, f := range []string{"from", "to"} {
		if v := r.URL.Query().Get(f); fe.Has(f) {
			form[f] = v
		}
	}
	status := http.StatusOK
	if fe.Any() {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "contracts_ending", &page{Title: printerOf(r).T("contracts.ending.title"), Nav: "contracts",
		Form: form, Errors: fe, Data: d})
}

type marketData struct {
	Category   string
	Market     model.Market
	Categories []choice
	// Charts are, for each category with public contracts, its suppliers by the number of
	// organisations holding a contract with them.
	Charts []Chart
}

// marketCharts draws a chart of each category's suppliers by organisations, in m's order.
func marketCharts(r *http.Request, m model.Market) []Chart {
	pr := printerOf(r)
	var out []Chart
	for _, row := range m.Rows {
		if n := len(out); n == 0 || out[n-1].ID != "market-"+row.Category {
			q := url.Values{"category": {row.Category}}.Encode()
			name := pr.Msg(row.CategoryName())
			out = append(out, Chart{ID: "market-" + row.Category, Kind: BarChart,
				Title:       pr.T("contracts.market.chart_title", "Category", name),
				LabelHeader: pr.T("contracts.fields.supplier"),
				Series:      []Series{{Name: pr.T("contracts.market.organisations")}},
				CSV:         "/api/v1/contracts/market.csv?" + q, JSON: "/api/v1/contracts/market?" + q})
		}
		c := &out[len(out)-1]
		c.Labels = append(c.Labels, row.Supplier)
		c.Series[0].Values = append(c.Series[0].Values, row.Organisations)
	}
	return out
}

// contractsMarket shows, for each category, the suppliers by how many organisations
// hold a public contract with them, and the earliest end.
func (s *Server) contractsMarket(w http.ResponseWriter, r *http.Request) {
	cat := r.URL.Query().Get("category")
	if _, ok := model.LookupContractCategory(cat); !ok {
		cat = ""
	}
	m, err := s.db.ContractMarket(r.Context(), cat)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "contracts_market", &page{Title: printerOf(r).T("contracts.market.title"), Nav: "contracts",
		Data: marketData{Category: cat, Market: m, Categories: categoryChoices(r), Charts: marketCharts(r, m)}})
}

// supplierList is the platform team's list of known suppliers, with the form that merges
// two of them.
func (s *Server) supplierList(w http.ResponseWriter, r *http.Request) {
	s.renderSuppliers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderSuppliers(w http.ResponseWriter, r *http.Request, status int, form map[string]string, fe *model.FieldErrors) {
	sup, err := s.db.Suppliers(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	opts := make([]choice, len(sup))
	for i, x := range sup {
		opts[i] = choice{Value: strconv.FormatInt(x.ID, 10), Text: x.Name}
	}
	s.render(w, r, status, "admin_suppliers", &page{Title: printerOf(r).T("contracts.suppliers.title"), Nav: "admin",
		Breadcrumbs: adminCrumbs(r), Flash: s.takeFlash(w, r), Form: form, Errors: fe,
		Data: map[string]any{"Suppliers": sup, "Options": opts}})
}

func (s *Server) supplierMerge(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"from": r.PostFormValue("from"), "into": r.PostFormValue("into")}
	fe := &model.FieldErrors{}
	from, err1 := strconv.ParseInt(form["from"], 10, 64)
	into, err2 := strconv.ParseInt(form["into"], 10, 64)
	if err1 != nil {
		fe.Add("from", "contracts.suppliers.errors.choose")
	}
	if err2 != nil {
		fe.Add("into", "contracts.suppliers.errors.choose")
	}
	if !fe.Any() {
		err := s.db.MergeSuppliers(r.Context(), actorOf(userFrom(r)), from, into)
		var me *model.Error
		switch {
		case err == nil:
			s.setFlash(w, "flash.suppliers_merged")
			http.Redirect(w, r, "/admin/suppliers", http.StatusSeeOther)
			return
		case errors.As(err, &me) && me.Code != model.EINTERNAL:
			fe.AddMsg("from", model.Msg{Key: me.Key, Args: me.Args})
		default:
			s.serverError(w, r, err)
			return
		}
	}
	s.renderSuppliers(w, r, http.StatusBadRequest, form, fe)
}

// seedContracts gives three demo councils revenues and benefits contracts ending within
// a year of each other, so that "ending together" has something to show.
func seedContracts(ctx context.Context, db *store.DB, actor model.Actor) error {
	year := time.Now().UTC().Year()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		org string
		c   model.Contract
	}{
		{"hackney", model.Contract{Category: "revenues_benefits", Supplier: "Capita plc", Product: "Academy",
			Start: day(year-4, time.April, 1), End: day(year+1, time.March, 31), ExtensionEnd: day(year+2, time.March, 31),
			ValueBand: "500k_1m", Satisfaction: 3, Visibility: model.ContractPublic}},
		{"camden", model.Contract{Category: "revenues_benefits", Supplier: "CAPITA", Product: "Academy",
			Start: day(year-3, time.October, 1), End: day(year+1, time.September, 30),
			ValueBand: "500k_1m", Satisfaction: 2, Visibility: model.ContractPublic}},
		{"essex", model.Contract{Category: "social_care", Supplier: "System C Ltd", Product: "Liquidlogic",
			Start: day(year-2, time.January, 1), End: day(year+2, time.December, 31),
			ValueBand: "1m_5m", Visibility: model.ContractSignatories}},
	} {
		contract := c.c
		if err := db.AddContracts(ctx, actor, mustOrg(ctx, db, c.org).ID, []*model.Contract{&contract}); err != nil {
			return err
		}
	}
	return nil
}
