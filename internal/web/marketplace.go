package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// The Digital Marketplace's buyers that an import could not match (a domain two
// organisations share, or no organisation found): a platform admin matches each to an
// organisation, or ignores it, at /admin/marketplace; later imports keep the decision.

func (s *Server) adminMarketplace(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.BuyersToReview(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pr := printerOf(r)
	s.render(w, r, http.StatusOK, "admin_marketplace", &page{Title: pr.T("marketplace.admin.title"), Nav: "admin",
		Breadcrumbs: []crumb{{pr.T("crumbs.admin"), "/admin"}}, Flash: s.takeFlash(w, r), Data: list})
}

type buyerData struct {
	Buyer   *model.MarketplaceBuyer
	Q       string
	Options []choice
}

// buyerFrom reads the buyer in the path, or answers with the error page.
func (s *Server) buyerFrom(w http.ResponseWriter, r *http.Request) (*model.MarketplaceBuyer, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, model.Errorf(model.ENOTFOUND, "errors.not_found.buyer"))
		return nil, false
	}
	b, err := s.db.MarketplaceBuyer(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return b, true
}

// adminBuyer offers the organisations a buyer may be: those of its domain, then those
// whose name matches its name or what the admin searched for (?q=), and "ignore".
func (s *Server) adminBuyer(w http.ResponseWriter, r *http.Request) {
	b, ok := s.buyerFrom(w, r)
	if !ok {
		return
	}
	s.renderBuyer(w, r, http.StatusOK, b, "", nil)
}

func (s *Server) renderBuyer(w http.ResponseWriter, r *http.Request, status int, b *model.MarketplaceBuyer, chosen string, fe *model.FieldErrors) {
	pr := printerOf(r)
	d := buyerData{Buyer: b, Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	seen := map[string]bool{}
	add := func(c choice) {
		if !seen[c.Value] {
			seen[c.Value] = true
			d.Options = append(d.Options, c)
		}
	}
	if b.Domain != "" {
		orgs, err := s.db.OrganisationsWithDomain(r.Context(), b.Domain)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, o := range orgs {
			add(orgChoiceOf(o.ID, o.Name))
		}
	}
	q := d.Q
	if q == "" {
		q = b.Name
	}
	found, err := s.findOrgs(r.Context(), pr, q)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, c := range found {
		add(c)
	}
	for i := range d.Options {
		d.Options[i].ID = ""
	}
	d.Options = append(d.Options, choice{Value: "ignore", Text: pr.T("marketplace.buyer.ignore"), Hint: pr.T("marketplace.buyer.ignore_hint")})
	s.render(w, r, status, "admin_marketplace_buyer", &page{Title: pr.T("marketplace.buyer.title", "Name", b.Name), BackLink: "/admin/marketplace",
		Form: map[string]string{"organisation": chosen}, Errors: fe, Data: d})
}

// adminBuyerDecide matches the buyer to the organisation chosen, or ignores it.
func (s *Server) adminBuyerDecide(w http.ResponseWriter, r *http.Request) {
	b, ok := s.buyerFrom(w, r)
	if !ok {
		return
	}
	chosen := r.PostFormValue("organisation")
	var org int64
	if chosen != "ignore" {
		id, err := strconv.ParseInt(chosen, 10, 64)
		if err != nil || id <= 0 {
			fe := &model.FieldErrors{}
			fe.Add("organisation", "marketplace.buyer.missing")
			s.renderBuyer(w, r, http.StatusBadRequest, b, chosen, fe)
			return
		}
		org = id
	}
	if err := s.db.DecideBuyer(r.Context(), actorOf(userFrom(r)), b.ID, org); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "flash.buyer_decided")
	http.Redirect(w, r, "/admin/marketplace", http.StatusSeeOther)
}
