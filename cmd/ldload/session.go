package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// freeDomains returns up to n email domains whose people may start signing: each belongs
// first to an organisation without a standing signature (some councils share a domain,
// and a new user joins the first).
func freeDomains(ctx context.Context, db *store.DB, n int) ([]string, error) {
	var out []string
	for page := 1; len(out) < n; page++ {
		q := model.RegisterQuery{Signed: "no", Sort: model.SortName, Page: page, PerPage: 500}
		rows, _, err := db.ListRegister(ctx, q, store.ModeAll)
		if err != nil {
			return nil, fmt.Errorf("find unsigned councils: %w", err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			d := model.DomainFromWebsite(r.Organisation.Website)
			if d == "" || len(out) == n {
				continue
			}
			ids, err := db.OrganisationIDsByDomain(ctx, d)
			if err != nil {
				return nil, err
			}
			if len(ids) > 0 && ids[0] == r.Organisation.ID {
				out = append(out, d)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no unsigned organisation with an email domain: import the register and leave some unsigned")
	}
	return out, nil
}

// signInClients signs in n clients, each as a new officer at one of domains, the way a
// person does: ask for a link, read it from the email, follow it and press the button.
func signInClients(ctx context.Context, db *store.DB, base string, domains []string, n int) ([]*http.Client, error) {
	tag := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	clients := make([]*http.Client, n)
	for i := range clients {
		c := newClient()
		email := fmt.Sprintf("officer-%s-%d@%s", tag, i, domains[i%len(domains)])
		if err := signIn(ctx, db, c, base, email); err != nil {
			return nil, fmt.Errorf("sign in %s: %w", email, err)
		}
		clients[i] = c
	}
	return clients, nil
}

func signIn(ctx context.Context, db *store.DB, c *http.Client, base, email string) error {
	if err := postForm(ctx, c, base, "/sign-in", url.Values{"email": {email}}, "/sign-in/check-email"); err != nil {
		return err
	}
	token, err := linkFor(ctx, db, email)
	if err != nil {
		return err
	}
	if err := postForm(ctx, c, base, "/sign-in/"+token, url.Values{}, "/"); err != nil {
		return err
	}
	// The commitment page answers 200 only to someone who may sign now.
	return get(ctx, c, base, "/sign/commitment")
}

var signInLink = regexp.MustCompile(`/sign-in/([A-Za-z0-9_-]{43})`)

// linkFor reads the newest sign-in link sent to email from the outbox.
func linkFor(ctx context.Context, db *store.DB, email string) (string, error) {
	msgs, err := db.ListOutbox(ctx, 200)
	if err != nil {
		return "", err
	}
	for _, m := range msgs {
		if m.Email.To != email {
			continue
		}
		if sm := signInLink.FindStringSubmatch(m.Email.Body); sm != nil {
			return sm[1], nil
		}
	}
	return "", fmt.Errorf("no sign-in link for %s among the newest 200 emails", email)
}
