package web

// Commitments rows of the authorization matrix: only members of the organisation (its
// admins included) check in and assess it; the platform team reads, but does not write
// for an organisation it does not belong to.
func (matrices) Commitments() map[string][]string {
	return map[string][]string{
		"GET /organisations/{slug}/commitment/check-in":  {signin, forbidden, allowed, allowed, forbidden},
		"POST /organisations/{slug}/commitment/check-in": {unauth, forbidden, allowed, allowed, forbidden},
		"GET /organisations/{slug}/self-assessment":      {signin, forbidden, allowed, allowed, forbidden},
		"POST /organisations/{slug}/self-assessment":     {unauth, forbidden, allowed, allowed, forbidden},
	}
}
