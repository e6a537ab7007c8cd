package web

// The authorization matrix entries for projects (see authz_test.go). The matrix's world
// has no project, so {id} names none; TestProjectJourney (project_test.go) requests the
// same routes about a real one, as the lead, a partner and an outsider.
func (matrices) Projects() map[string][]string {
	return map[string][]string{
		"GET /projects":                          {everyone},
		"GET /projects/new":                      {signin, allowed, allowed, allowed, allowed},
		"POST /projects/new":                     {unauth, allowed, allowed, allowed, allowed},
		"GET /projects/{id}":                     {notFound, notFound, notFound, notFound, notFound},
		"GET /projects/{id}/updates.atom":        {notFound, notFound, notFound, notFound, notFound},
		"GET /projects/{id}/edit":                {signin, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/edit":               {unauth, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/join":               {unauth, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/requests/{request}": {unauth, notFound, notFound, notFound, notFound},
		"POST /projects/{id}/updates":            {unauth, notFound, notFound, notFound, notFound},
	}
}
