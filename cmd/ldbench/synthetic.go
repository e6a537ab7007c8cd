package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// Synthetic organisations carry GSS codes E99000001… (no real area uses E99), so they
// never collide with the register and can be told apart.
const (
	syntheticPrefix = "E99"
	maxSynthetic    = 999_999
)

func isSynthetic(o *model.Organisation) bool { return strings.HasPrefix(o.GSSCode, syntheticPrefix) }

// addSynthetic adds n synthetic English districts in one import, a quarter of them
// boroughs, so that a search for "borough" has plenty to find.
func addSynthetic(ctx context.Context, db *store.DB, n int) (store.ImportResult, error) {
	res, err := db.ImportOrganisations(ctx, actor, syntheticOrgs(n))
	if err != nil {
		return res, fmt.Errorf("import %d synthetic organisations: %w", n, err)
	}
	return res, nil
}

func syntheticOrgs(n int) []model.Organisation {
	t, _ := model.LookupOrgType("NMD")
	regions := englishRegions()
	orgs := make([]model.Organisation, n)
	for i := range orgs {
		kind := "District"
		if i%4 == 0 {
			kind = "Borough"
		}
		name := fmt.Sprintf("Synthetic %s Council %06d", kind, i+1)
		orgs[i] = model.Organisation{Name: name, OfficialName: name,
			Slug:     fmt.Sprintf("synthetic-%s-%06d", strings.ToLower(kind), i+1),
			TypeCode: t.Code, TypeName: locale.English.Msg(t.Name), Nation: "England", Region: regions[i%len(regions)],
			GSSCode: fmt.Sprintf("%s%06d", syntheticPrefix, i+1), Powers: "lower tier"}
	}
	return orgs
}

// englishRegions are model.Regions without the other nations, which it also lists.
func englishRegions() []string {
	var out []string
	for _, r := range model.Regions {
		if !model.Contains(model.Nations, r) {
			out = append(out, r)
		}
	}
	return out
}
