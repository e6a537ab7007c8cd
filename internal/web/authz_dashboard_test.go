package web

func (matrices) Dashboard() map[string][]string {
	return map[string][]string{
		"GET /dashboard":                     {everyone},
		"GET /organisations/{slug}/briefing": {everyone},
		"GET /organisations/{slug}/markers":  {signin, forbidden, allowed, allowed, forbidden},
		"POST /organisations/{slug}/markers": {unauth, forbidden, allowed, allowed, forbidden},
		"GET /admin/markers":                 {adminOnly},
		"POST /admin/markers/{id}/confirm":   {unauth, forbidden, forbidden, forbidden, notFound}, // {id} is no marker
		"GET /admin/marketplace":             {adminOnly},
		"GET /admin/marketplace/{id}":        {signin, forbidden, forbidden, forbidden, notFound}, // {id} is no buyer
		"POST /admin/marketplace/{id}":       {unauth, forbidden, forbidden, forbidden, notFound},
	}
}
