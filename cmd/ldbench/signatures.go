package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// benchAdmin is the platform admin who verifies every benchmark signature.
const benchAdmin = "bench.admin@communities.gov.uk"

// Verified dates are spread evenly from the Declaration's launch to the end of 2025.
var (
	firstSigned = time.Date(2018, 7, 4, 10, 0, 0, 0, time.UTC)
	lastSigned  = time.Date(2025, 12, 31, 10, 0, 0, 0, time.UTC)
)

// seedSignatures publishes published+withdrawn signatures, one for each of the first
// councils by name that have none, and withdraws withdrawn of them, spread through the list.
func seedSignatures(ctx context.Context, db *store.DB, published, withdrawn int) error {
	total := published + withdrawn
	admin, err := db.GrantRole(ctx, actor, benchAdmin, model.RolePlatformAdmin)
	if err != nil {
		return fmt.Errorf("grant platform admin: %w", err)
	}
	orgs, err := unsignedCouncils(ctx, db, total)
	if err != nil {
		return err
	}
	if len(orgs) < total {
		return fmt.Errorf("only %d councils have no signature; %d wanted (import the register first)", len(orgs), total)
	}
	clock := db.Now
	defer func() { db.Now = clock }()
	verifier := model.Actor{UserID: admin.ID, Label: admin.Email}
	step := max(total/max(withdrawn, 1), 1)
	done := 0
	for i, org := range orgs {
		withdraw := done < withdrawn && i%step == step-1
		if err := signOne(ctx, db, org, i, signedAt(i, total), withdraw, verifier); err != nil {
			return fmt.Errorf("sign for %s: %w", org.Slug, err)
		}
		if withdraw {
			done++
		}
	}
	return nil
}

// signedAt spreads n verification dates evenly, at varying hours of the working day.
func signedAt(i, n int) time.Time {
	step := lastSigned.Sub(firstSigned) / time.Duration(max(n, 1))
	return firstSigned.Add(step * time.Duration(i)).Truncate(24 * time.Hour).
		Add(time.Duration(9+i%8) * time.Hour)
}

// unsignedCouncils returns up to n real councils (not synthetic) without a standing
// signature, by name, each with its email domains.
func unsignedCouncils(ctx context.Context, db *store.DB, n int) ([]*model.Organisation, error) {
	var out []*model.Organisation
	for page := 1; len(out) < n; page++ {
		rows, _, err := db.ListRegister(ctx, model.RegisterQuery{Signed: "no", Sort: model.SortName, Page: page, PerPage: 500}, store.ModeAll)
		if err != nil {
			return nil, fmt.Errorf("list councils: %w", err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			if !r.Organisation.IsCouncil() || isSynthetic(&r.Organisation) || len(out) == n {
				continue
			}
			org, err := db.Organisation(ctx, r.Organisation.ID)
			if err != nil {
				return nil, fmt.Errorf("load %s: %w", r.Organisation.Slug, err)
			}
			out = append(out, org)
		}
	}
	return out, nil
}

// emailDomain is the council's own domain, or a made-up one for the few without a website.
func emailDomain(org *model.Organisation) string {
	if len(org.Domains) > 0 {
		return org.Domains[0]
	}
	return strings.ReplaceAll(org.Slug, "_", "-") + ".gov.uk"
}
