package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestEligibilityRules: each rule, alone, on a bid that keeps every other.
func TestEligibilityRules(t *testing.T) {
	deadline := time.Date(2027, 3, 31, 12, 0, 0, 0, London).UTC()
	round := &FundingRound{OpensAt: deadline.Add(-30 * 24 * time.Hour), ClosesAt: deadline, MinPartners: 2, MaxLeadBids: 2,
		Caps: map[string]int{PhaseDiscovery: 100000, PhaseAlpha: 180000, PhaseBeta: 350000}}
	partner := func(name string) BidPartner {
		return BidPartner{OrgRef: OrgRef{Name: name}, Signed: true, ConfirmedAt: deadline.Add(-time.Hour)}
	}
	good := func() BidFacts {
		return BidFacts{Now: deadline, Round: round, LeadSubmitted: 1, Bid: &Bid{Lead: OrgRef{Name: "Adur"}, LeadSigned: true,
			Phase: PhaseAlpha, Amount: 180000, Deadline: deadline, Partners: []BidPartner{partner("Hackney"), partner("Worthing")}}}
	}
	cases := []struct {
		name   string
		change func(*BidFacts)
		want   string
	}{
		{"every rule kept", func(*BidFacts) {}, "[]"},
		{"lead not signed", func(f *BidFacts) { f.Bid.LeadSigned = false }, "[funding.rules.lead_not_signed]"},
		{"partner not signed", func(f *BidFacts) { f.Bid.Partners[0].Signed = false }, "[funding.rules.partner_not_signed]"},
		{"partner withdrawn", func(f *BidFacts) { f.Bid.Partners[1].Signed, f.Bid.Partners[1].Withdrawn = false, true }, "[funding.rules.partner_withdrawn]"},
		{"partner not confirmed", func(f *BidFacts) { f.Bid.Partners[0].ConfirmedAt = time.Time{} }, "[funding.rules.partner_not_confirmed]"},
		{"too few partners", func(f *BidFacts) { f.Bid.Partners = f.Bid.Partners[:1] }, "[funding.rules.too_few_partners]"},
		{"a third bid", func(f *BidFacts) { f.LeadSubmitted = 2 }, "[funding.rules.too_many_bids]"},
		{"over the cap", func(f *BidFacts) { f.Bid.Amount = 180001 }, "[funding.rules.over_cap]"},
		{"nothing asked", func(f *BidFacts) { f.Bid.Amount = 0 }, "[funding.rules.no_amount]"},
		{"one second late", func(f *BidFacts) { f.Now = deadline.Add(time.Second) }, "[funding.rules.closed]"},
		{"before it opens", func(f *BidFacts) { f.Now = round.OpensAt.Add(-time.Second) }, "[funding.rules.not_open]"},
	}
	for _, c := range cases {
		f := good()
		c.change(&f)
		var keys []string
		for _, m := range f.Problems() {
			keys = append(keys, m.Key)
		}
		if got := fmt.Sprint(keys); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestFundingForms(t *testing.T) {
	f := RoundForm{"name": "Round 3", "prospectus": "Bids for *common* problems.",
		"opens-day": "1", "opens-month": "2", "opens-year": "2027",
		"closes-day": "31", "closes-month": "3", "closes-year": "2027", "closes-time": "12pm",
		"decisions-day": "1", "decisions-month": "6", "decisions-year": "2027",
		"cap_discovery": "£100,000", "cap_alpha": "180000", "cap_beta": "350000", "min_partners": "2", "max_lead_bids": "2",
		"criteria": "Strategic fit: 40\nDeliverability: 30\nValue for money: 30"}
	r, fe := f.Validate()
	if fe.Any() {
		t.Fatalf("errors %v", fe.Msgs)
	}
	if want := time.Date(2027, 3, 31, 11, 0, 0, 0, time.UTC); !r.ClosesAt.Equal(want) || r.HasEOI() {
		t.Errorf("closes %v (BST: 12pm London is 11:00 UTC)", r.ClosesAt)
	}
	if r.Caps[PhaseDiscovery] != 100000 || len(r.Criteria) != 3 || r.Criteria[2].Weight != 30 {
		t.Errorf("round %+v", r)
	}
	if back := RoundFormOf(r); back["criteria"] != f["criteria"] || back["closes-time"] != "12:00" {
		t.Errorf("form of the round %v", back)
	}
	f["criteria"], f["closes-year"] = "Strategic fit", "2026"
	_, fe = f.Validate()
	if !fe.Has("criteria") || !fe.Has("closes-day") {
		t.Errorf("bad criteria and a close before opening: %v", fe.Msgs)
	}

	b := &Bid{Title: " Waste ", Phase: PhaseBeta}
	if fe := ValidateBid(b, "User research: £12,000\nDevelopment, 30000"); fe.Any() || b.Amount != 42000 || len(b.Budget) != 2 || b.Title != "Waste" {
		t.Errorf("budget %+v %v", b, fe)
	}
	if fe := ValidateBid(b, "User research"); !fe.Has("budget") {
		t.Errorf("a line without an amount: %v", fe)
	}
	crit := []Criterion{{ID: 7, Name: "Fit"}}
	get := map[string]string{"score_7": "6", "comment_7": "x"}
	if _, fe := ReadScores(crit, func(k string) string { return get[k] }); !fe.Has("score_7") {
		t.Error("a score of 6 was taken")
	}
	get["score_7"] = "5"
	if s, fe := ReadScores(crit, func(k string) string { return get[k] }); fe.Any() || s[0].Score != 5 {
		t.Errorf("a score of 5: %v", fe)
	}
}

func TestFundedBidBecomesAProject(t *testing.T) {
	for _, c := range []struct {
		pounds int
		want   string
	}{{0, "unknown"}, {1, "up-to-50k"}, {50000, "up-to-50k"}, {50001, "50k-100k"}, {100000, "50k-100k"},
		{250000, "100k-250k"}, {250001, "250k-500k"}, {500000, "250k-500k"}, {1000000, "500k-1m"}, {1000001, "over-1m"}} {
		if got := FundingBandOf(c.pounds); got != c.want {
			t.Errorf("FundingBandOf(%d) = %q, want %q", c.pounds, got, c.want)
		}
	}
	b := &Bid{ID: 7, Lead: OrgRef{ID: 1, Name: "Hackney"}, Title: "Repairs", Problem: strings.Repeat("é", 600), Users: "Tenants",
		Phase: PhaseAlpha, Awarded: 180000, Partners: []BidPartner{{OrgRef: OrgRef{ID: 2}}, {OrgRef: OrgRef{ID: 3}}}}
	p := b.Project(time.Date(2027, 4, 1, 15, 4, 0, 0, time.UTC))
	if p.Title != "Repairs" || p.Users != "Tenants" || p.Phase != PhaseAlpha || p.Funding != "100k-250k" || p.BidID != 7 ||
		p.Lead().ID != 1 || len(p.Partners()) != 2 || p.Partners()[1].ID != 3 || Length(p.Summary) != MaxProjectSummary ||
		!p.StartsOn.Equal(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)) || !p.EndsOn.Equal(time.Date(2028, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("project = %+v", p)
	}
	if !Contains(CollaborationLevels, p.Collaboration) {
		t.Errorf("collaboration = %q", p.Collaboration)
	}
}
