package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/auth"
	"github.com/localdigital/localdigital/internal/model"
)

// signingDraft holds the answers of the signing journey between its pages. It is kept
// per person (signing_drafts), not per session, so that someone whose session ends comes
// back to the same step; nothing half-written reaches the signatures table.
type signingDraft struct {
	OrgID      int64            `json:"org_id"`
	Commitment model.Commitment `json:"commitment"`
	Signers    []model.Signer   `json:"signers"`
	Submitted  int64            `json:"submitted,omitempty"` // the signature the last submit made
}

func (s *Server) draftFrom(r *http.Request) (signingDraft, error) {
	var d signingDraft
	u := userFrom(r)
	if u == nil {
		return d, nil
	}
	data, err := s.db.SigningDraft(r.Context(), u.ID)
	if err != nil || data == "" {
		return d, err
	}
	json.Unmarshal([]byte(data), &d) // a draft that does not parse starts again
	return d, nil
}

func (s *Server) saveDraft(r *http.Request, d signingDraft) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return s.db.SaveSigningDraft(r.Context(), userFrom(r).ID, string(b))
}

// resumeStep is the page of the journey a saved draft continues at, or "" when there is
// nothing to continue.
func (d signingDraft) resumeStep(orgID int64) string {
	switch {
	case d.OrgID != orgID || d.Commitment.Title == "":
		return ""
	case len(d.Signers) == 0:
		return "/sign/signers"
	}
	return "/sign/check"
}

type signStartData struct {
	Org    *model.Organisation // the organisation being signed for, when there is one to sign for
	Live   *model.Signature    // its live signature, if it has one
	Choice orgChoice           // the person's organisations that can sign, when more than one
	Signed []signedOrg         // the person's other organisations, which have a live signature
	// CanManage says the person may cancel Live or change its signers.
	CanManage bool
}

// signedOrg is one of the person's organisations that already has a live signature.
type signedOrg struct {
	Org  *model.Organisation
	Live *model.Signature
}

// signStart explains signing and sends each person to the step that fits them. Someone
// who belongs to several organisations that can sign chooses one (POST /sign); someone
// with answers saved from an earlier session goes back to the step they had reached.
func (s *Server) signStart(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if u == nil || len(u.Memberships) == 0 {
		s.render(w, r, http.StatusOK, "sign_start", &page{Title: printerOf(r).T("titles.sign_the_declaration"), Nav: "sign", Flash: s.takeFlash(w, r), Data: signStartData{}})
		return
	}
	d, err := s.signStartFor(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	draft, err := s.draftFrom(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	want := draft.OrgID
	q := r.URL.Query().Get(orgField)
	if q != "" {
		want, _ = strconv.ParseInt(q, 10, 64)
	}
	if c, problem := choose(strconv.FormatInt(want, 10), d.Choice.Options); problem == "" {
		d.Choice.Chosen = c.Chosen
		if step := draft.resumeStep(c.Chosen); step != "" && q == "" {
			http.Redirect(w, r, step, http.StatusSeeOther)
			return
		}
	}
	if d.Live != nil {
		d.CanManage = model.CanManageSignature(u, d.Live)
	}
	s.renderSignStart(w, r, http.StatusOK, d, nil)
}

func (s *Server) renderSignStart(w http.ResponseWriter, r *http.Request, status int, d signStartData, fe *model.FieldErrors) {
	title := printerOf(r).T("titles.sign_the_declaration")
	if fe.Any() {
		title = printerOf(r).T("titles.which_organisation_are_you_signing_for")
	}
	s.render(w, r, status, "sign_start", &page{Title: title, Nav: "sign", Flash: s.takeFlash(w, r), Errors: fe, Data: d})
}

// signStartFor sorts the person's organisations into those that can sign and those
// with a live signature. With one organisation in all, d.Org is it.
func (s *Server) signStartFor(r *http.Request, u *model.User) (signStartData, error) {
	var d signStartData
	for _, m := range u.Memberships {
		org, live, err := s.orgAndLive(r, m.OrganisationID)
		if err != nil {
			return d, err
		}
		if live != nil {
			d.Signed = append(d.Signed, signedOrg{Org: org, Live: live})
			continue
		}
		d.Choice.Options = append(d.Choice.Options, m)
		if d.Org == nil || len(d.Choice.Options) == 1 {
			d.Org = org
		}
	}
	switch {
	case len(d.Choice.Options) == 1:
		d.Choice.Chosen = d.Choice.Options[0].OrganisationID
	case len(d.Choice.Options) > 1:
		d.Org = nil // the page asks which
	case len(d.Signed) == 1:
		d.Org, d.Live = d.Signed[0].Org, d.Signed[0].Live
	}
	return d, nil
}

// signChoose keeps the organisation the person signs for in the journey's draft and
// starts the journey. Choosing another organisation starts a new draft.
func (s *Server) signChoose(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	d, err := s.signStartFor(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c, problem := chooseFromForm(r, d.Choice.Options)
	if len(d.Choice.Options) == 0 {
		http.Redirect(w, r, "/sign", http.StatusSeeOther)
		return
	}
	if problem != "" {
		fe := &model.FieldErrors{}
		addOrgChoiceError(fe, problem, "signing.start.organisation.missing")
		s.renderSignStart(w, r, http.StatusBadRequest, d, fe)
		return
	}
	draft, err := s.draftFrom(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if draft.OrgID != c.Chosen || draft.Submitted != 0 {
		draft = signingDraft{OrgID: c.Chosen}
	}
	if err := s.saveDraft(r, draft); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/sign/commitment", http.StatusSeeOther)
}

// orgAndLive returns the user's organisation and its live signature, if any.
func (s *Server) orgAndLive(r *http.Request, orgID int64) (*model.Organisation, *model.Signature, error) {
	org, err := s.db.Organisation(r.Context(), orgID)
	if err != nil {
		return nil, nil, err
	}
	sigs, err := s.db.SignaturesForOrganisation(r.Context(), orgID)
	if err != nil {
		return nil, nil, err
	}
	for _, sig := range sigs {
		if sig.Live() && sig.DeclarationVersion == model.CurrentDeclaration.Version {
			return org, sig, nil
		}
	}
	return org, nil, nil
}

// signingOrg checks the person may sign now, for the organisation the draft holds (or
// their only organisation that can sign), and otherwise sends them back to the start
// page, which says why or asks which organisation. It returns the organisation and the
// draft.
func (s *Server) signingOrg(w http.ResponseWriter, r *http.Request) (*model.Organisation, signingDraft, bool) {
	u := userFrom(r)
	d, err := s.draftFrom(r)
	if err != nil {
		s.serverError(w, r, err)
		return nil, signingDraft{}, false
	}
	orgID := d.OrgID
	if !u.IsMemberOf(orgID) {
		start, err := s.signStartFor(r, u)
		if err != nil {
			s.serverError(w, r, err)
			return nil, signingDraft{}, false
		}
		if len(start.Choice.Options) != 1 {
			http.Redirect(w, r, "/sign", http.StatusSeeOther)
			return nil, signingDraft{}, false
		}
		orgID = start.Choice.Chosen
	}
	org, live, err := s.orgAndLive(r, orgID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, signingDraft{}, false
	}
	if live != nil {
		http.Redirect(w, r, "/sign", http.StatusSeeOther)
		return nil, signingDraft{}, false
	}
	if d.OrgID != org.ID {
		d = signingDraft{OrgID: org.ID}
	}
	return org, d, true
}

func commitmentForm(c model.Commitment) map[string]string {
	return map[string]string{"title": c.Title, "partners": c.Partners, "mission": c.Mission, "impact": c.Impact,
		"language": c.Language}
}

func (s *Server) signCommitmentForm(w http.ResponseWriter, r *http.Request) {
	org, d, ok := s.signingOrg(w, r)
	if !ok {
		return
	}
	form := commitmentForm(d.Commitment)
	form["language"] = formLanguage(r, d.Commitment.Language)
	s.renderCommitment(w, r, http.StatusOK, org, form, nil)
}

func (s *Server) renderCommitment(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	s.render(w, r, status, "sign_commitment", &page{Title: printerOf(r).T("titles.your_commitment"), Nav: "sign", BackLink: "/sign",
		Form: form, Errors: fe, Data: map[string]any{"Org": org, "MaxTitle": model.MaxTitle, "MaxPartners": model.MaxPartners,
			"MaxMission": model.MaxMission, "MaxImpact": model.MaxImpact}})
}

func (s *Server) signCommitmentSave(w http.ResponseWriter, r *http.Request) {
	org, d, ok := s.signingOrg(w, r)
	if !ok {
		return
	}
	c := model.Commitment{Title: r.PostFormValue("title"), Partners: r.PostFormValue("partners"),
		Mission: r.PostFormValue("mission"), Impact: r.PostFormValue("impact"), Language: r.PostFormValue("language")}
	raw := commitmentForm(c)
	if fe := c.Validate(); fe.Any() {
		s.renderCommitment(w, r, http.StatusBadRequest, org, raw, fe)
		return
	}
	d.Commitment, d.Submitted = c, 0
	if err := s.saveDraft(r, d); err != nil {
		s.serverError(w, r, err)
		return
	}
	next := "/sign/signers"
	if len(d.Signers) > 0 {
		next = "/sign/check"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// signerKinds is who must sign for org: a council's chief executive and leader, or one
// senior signer for other bodies.
func signerKinds(org *model.Organisation) []string {
	if org.IsCouncil() {
		return []string{model.SignerCEO, model.SignerLeader}
	}
	return []string{model.SignerSenior}
}

func signersForm(signers []model.Signer) map[string]string {
	m := map[string]string{}
	for _, sg := range signers {
		n, ro, e := model.SignerFields(sg.Kind)
		m[n], m[ro], m[e] = sg.Name, sg.Role, sg.Email
	}
	return m
}

func (s *Server) signSignersForm(w http.ResponseWriter, r *http.Request) {
	org, d, ok := s.signingOrg(w, r)
	if !ok {
		return
	}
	if d.Commitment.Title == "" {
		http.Redirect(w, r, "/sign/commitment", http.StatusSeeOther)
		return
	}
	s.renderSigners(w, r, http.StatusOK, org, signersForm(d.Signers), nil)
}

func (s *Server) renderSigners(w http.ResponseWriter, r *http.Request, status int, org *model.Organisation, form map[string]string, fe *model.FieldErrors) {
	s.render(w, r, status, "sign_signers", &page{Title: printerOf(r).T("titles.your_senior_signers"), Nav: "sign", BackLink: "/sign/commitment",
		Form: form, Errors: fe, Data: map[string]any{"Org": org, "Council": org.IsCouncil(), "Domains": org.Domains}})
}

func (s *Server) signSignersSave(w http.ResponseWriter, r *http.Request) {
	org, d, ok := s.signingOrg(w, r)
	if !ok {
		return
	}
	var signers []model.Signer
	for _, kind := range signerKinds(org) {
		n, ro, e := model.SignerFields(kind)
		signers = append(signers, model.Signer{Kind: kind, Name: r.PostFormValue(n), Role: r.PostFormValue(ro), Email: r.PostFormValue(e)})
	}
	raw := signersForm(signers)
	if fe := model.ValidateSigners(org, userFrom(r).Email, signers); fe.Any() {
		s.renderSigners(w, r, http.StatusBadRequest, org, raw, fe)
		return
	}
	d.Signers, d.Submitted = signers, 0
	if err := s.saveDraft(r, d); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/sign/check", http.StatusSeeOther)
}

func (s *Server) signCheck(w http.ResponseWriter, r *http.Request) {
	org, d, ok := s.signingOrg(w, r)
	if !ok {
		return
	}
	if d.Commitment.Title == "" || len(d.Signers) == 0 {
		http.Redirect(w, r, "/sign/commitment", http.StatusSeeOther)
		return
	}
	choose := len(userFrom(r).Memberships) > 1 // the organisation can be changed on /sign
	s.render(w, r, http.StatusOK, "sign_check", &page{Title: printerOf(r).T("titles.check_your_answers"), Nav: "sign", BackLink: "/sign/signers",
		Data: map[string]any{"Org": org, "Draft": d, "Choose": choose}})
}

// signSubmit creates the signature, emails each senior signer their own link, and
// clears the draft. Sending the form twice does not sign twice: the second finds no
// draft and goes to the confirmation of the first.
func (s *Server) signSubmit(w http.ResponseWriter, r *http.Request) {
	if d, err := s.draftFrom(r); err != nil {
		s.serverError(w, r, err)
		return
	} else if d.Submitted != 0 && d.Commitment.Title == "" {
		http.Redirect(w, r, "/sign/confirmation", http.StatusSeeOther)
		return
	}
	org, d, ok := s.signingOrg(w, r)
	if !ok {
		return
	}
	c := d.Commitment
	fe := c.Validate()
	if len(d.Signers) != len(signerKinds(org)) || fe.Any() || model.ValidateSigners(org, userFrom(r).Email, d.Signers).Any() {
		http.Redirect(w, r, "/sign/commitment", http.StatusSeeOther)
		return
	}
	u := userFrom(r)
	sig := &model.Signature{OrganisationID: org.ID, DeclarationVersion: model.CurrentDeclaration.Version,
		Commitment: c, Signers: d.Signers, StartedByEmail: u.Email}
	hashes, emails := make([]string, len(sig.Signers)), make([]model.Email, len(sig.Signers))
	for i, sg := range sig.Signers {
		token := auth.NewToken()
		hashes[i], emails[i] = auth.Hash(token), s.signerInviteEmail(sig, org, sg, token, langOf(r))
	}
	if err := s.db.StartSignature(r.Context(), actorOf(u), sig, hashes, emails); err != nil {
		s.fail(w, r, err)
		return
	}
	s.opts.Wake()
	if err := s.saveDraft(r, signingDraft{OrgID: org.ID, Submitted: sig.ID}); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/sign/confirmation", http.StatusSeeOther)
}

func (s *Server) signConfirmation(w http.ResponseWriter, r *http.Request) {
	d, err := s.draftFrom(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Submitted == 0 {
		http.Redirect(w, r, "/sign", http.StatusSeeOther)
		return
	}
	sig, err := s.db.Signature(r.Context(), d.Submitted)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sig.StartedBy != userFrom(r).ID {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "sign_confirmation", &page{Title: printerOf(r).T("titles.signature_sent_to_your_senior_signers"), Nav: "sign", Data: sig})
}

func actorOf(u *model.User) model.Actor {
	if u == nil {
		return model.Actor{Label: "anonymous"}
	}
	return model.Actor{UserID: u.ID, Label: u.Email}
}
