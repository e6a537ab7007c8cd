package api

import (
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

// organisationFields are the organisation's public fields, shared by both lists. Missing
// codes are empty strings rather than null, so that every field is always a string.
type organisationFields struct {
	Name         string `json:"name"`
	OfficialName string `json:"official_name"`
	Slug         string `json:"slug"`
	TypeCode     string `json:"type_code"`
	TypeName     string `json:"type_name"`
	GSSCode      string `json:"gss_code"`
	LACode       string `json:"local_authority_code"`
	Nation       string `json:"nation"`
	Region       string `json:"region"`
	Website      string `json:"website"`
}

// signatureFields is a published signature: verified, or verified and since withdrawn.
type signatureFields struct {
	Status      string  `json:"status"`
	SignedOn    string  `json:"signed_on"`
	WithdrawnOn *string `json:"withdrawn_on"`
	// WithdrawnReason is given for a withdrawn signature only.
	WithdrawnReason *string `json:"withdrawn_reason,omitempty"`
	CommitmentTitle string  `json:"commitment_title"`
	// CommitmentLanguage is the language the commitment was written in: en or cy.
	CommitmentLanguage string `json:"commitment_language"`
	// CommitmentStatus is where the commitment stands in its year: on_track, at_risk,
	// delivered, stopped or overdue; null for a signature whose commitment is not followed.
	CommitmentStatus *string `json:"commitment_status"`
}

// signatory is one entry of the public register.
type signatory struct {
	organisationFields
	Signature signatureFields `json:"signature"`
	URL       string          `json:"url"`
}

// organisation is one entry of the organisation list: signature is null until one is
// published, and signed is true only while it stands (not withdrawn).
type organisation struct {
	organisationFields
	Signed    bool             `json:"signed"`
	Signature *signatureFields `json:"signature"`
	URL       string           `json:"url"`
}

// page is the envelope of every JSON list.
type page[T any] struct {
	Total   int       `json:"total"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
	Data    []T       `json:"data"`
	Links   pageLinks `json:"links"`
}

func orgFields(o *model.Organisation) organisationFields {
	return organisationFields{
		Name:         o.Name,
		OfficialName: o.OfficialName,
		Slug:         o.Slug,
		TypeCode:     o.TypeCode,
		TypeName:     o.TypeName,
		GSSCode:      o.GSSCode,
		LACode:       o.LACode,
		Nation:       o.Nation,
		Region:       o.Region,
		Website:      o.Website,
	}
}

func sigFields(r *model.SignatoryRow) signatureFields {
	s := signatureFields{Status: r.Status, SignedOn: date(r.SignedAt), CommitmentTitle: r.Title, CommitmentLanguage: r.Language}
	if r.CommitmentStatus != "" {
		cs := r.CommitmentStatus
		s.CommitmentStatus = &cs
	}
	if !r.WithdrawnAt.IsZero() {
		d := date(r.WithdrawnAt)
		s.WithdrawnOn = &d
	}
	if r.Status == model.SigWithdrawn {
		reason := r.WithdrawnReason
		s.WithdrawnReason = &reason
	}
	return s
}

// date is the calendar date of t as YYYY-MM-DD, taken in UTC as times are stored: a
// signature verified between midnight and 01:00 British Summer Time carries the day before.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func (a *API) signatory(r *model.SignatoryRow) signatory {
	return signatory{
		organisationFields: orgFields(&r.Organisation),
		Signature:          sigFields(r),
		URL:                a.orgURL(r.Organisation.Slug),
	}
}

func (a *API) organisation(r *model.SignatoryRow) organisation {
	o := organisation{
		organisationFields: orgFields(&r.Organisation),
		Signed:             r.Status == model.SigVerified,
		URL:                a.orgURL(r.Organisation.Slug),
	}
	if r.SignatureID != 0 {
		s := sigFields(r)
		o.Signature = &s
	}
	return o
}
