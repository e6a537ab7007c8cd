package web

import (
	"net/http"
	"time"

	"github.com/localdigital/localdigital/internal/model"
)

type orgData struct {
	Org        *model.Organisation
	Published  *model.Signature // the latest verified or withdrawn signature
	InProgress *model.Signature // shown to the organisation's own people only
	// History is every signature published before Published (withdrawn ones), newest first.
	History   []*model.Signature
	HasLive   bool // a signature for the current version is in progress or verified
	CanAdmin  bool
	IsMember  bool
	CanManage bool // may cancel InProgress or change its signers
	// The organisation's part in sharing and learning.
	Resources   *orgResources
	CaseStudies []*model.CaseStudy
	Projects    []*model.Project
	TakeUp      *model.TakeUp
	// Progress is the commitment through its year and the self-assessments.
	Progress *orgProgress
	// Follow is the follow button: how many follow the organisation, never who.
	Follow    followButton
	Markers   *orgMarkers
	Contracts []model.Contract // its public contracts
	Scorecard *orgScorecard    // against the signatories of its type, once it has signed
}

// orgSignatures reads the organisation {slug} and its signatures, newest first, for its
// pages; if it cannot, it answers and reports false.
func (s *Server) orgSignatures(w http.ResponseWriter, r *http.Request) (*model.Organisation, []*model.Signature, bool) {
	org, err := s.db.OrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	sigs, err := s.db.SignaturesForOrganisation(r.Context(), org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	return org, sigs, true
}

func (s *Server) organisation(w http.ResponseWriter, r *http.Request) {
	org, sigs, ok := s.orgSignatures(w, r)
	if !ok {
		return
	}
	u := userFrom(r)
	// Anonymous copies of this page are cached: what depends on the person is only set
	// for someone signed in, whose pages are never cached.
	d := orgData{Org: org, CanAdmin: u.CanAdminOrganisation(org.ID), IsMember: u.IsMemberOf(org.ID),
		Follow: s.followButton(r, model.FollowRef{Kind: model.FollowOrganisation, ID: org.ID})}
	for _, sig := range sigs {
		if sig.Live() && sig.DeclarationVersion == model.CurrentDeclaration.Version {
			d.HasLive = true
		}
		switch {
		case d.Published == nil && (sig.Status == model.SigVerified || sig.Status == model.SigWithdrawn):
			d.Published = sig
		case sig.Status == model.SigVerified || sig.Status == model.SigWithdrawn:
			d.History = append(d.History, sig) // published before the latest, newest first
		case d.InProgress == nil && model.Pending(sig.Status):
			d.InProgress = sig
		}
	}
	if !d.IsMember && !u.IsPlatformAdmin() {
		d.InProgress = nil
	}
	d.CanManage = model.CanManageSignature(u, d.InProgress)
	if err := s.orgSharing(r, &d); err != nil {
		s.serverError(w, r, err)
		return
	}
	var err error
	if d.Progress, err = s.orgProgressFor(r, org); err != nil {
		s.serverError(w, r, err)
		return
	}
	var signed time.Time // the baseline of its markers, if it has signed
	if d.Published != nil && d.Published.Status == model.SigVerified {
		signed = d.Published.VerifiedAt
	}
	if d.Markers, err = s.orgMarkersFor(r, org, signed); err != nil {
		s.serverError(w, r, err)
		return
	}
	if !signed.IsZero() {
		if d.Scorecard, err = s.orgScorecardFor(r, org, d.Markers, d.Progress); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "organisation", &page{Title: org.NameIn(langOf(r)), Nav: "signatories",
		Breadcrumbs: []crumb{{printerOf(r).T("crumbs.home"), "/"}, {printerOf(r).T("crumbs.signatories"), "/signatories"}}, Flash: s.takeFlash(w, r), Data: d})
}

// orgSharing adds what the organisation published, reuses and learned.
func (s *Server) orgSharing(r *http.Request, d *orgData) error {
	var err error
	if d.Resources, err = s.orgResourcesFor(r, d.Org); err != nil {
		return err
	}
	if d.CaseStudies, err = s.db.CaseStudiesByOrganisation(r.Context(), d.Org.ID); err != nil {
		return err
	}
	if d.Projects, err = s.db.ProjectsByOrganisation(r.Context(), d.Org.ID); err != nil {
		return err
	}
	if d.TakeUp, err = s.db.TakeUpByOrganisation(r.Context(), d.Org.ID); err != nil {
		return err
	}
	d.Contracts, err = s.db.OrganisationContracts(r.Context(), d.Org.ID, model.ContractViewer{})
	return err
}
