package web

// Follows rows of the authorization matrix: following is for anyone signed in.
func (matrices) Follows() map[string][]string {
	return map[string][]string{
		"POST /follow":                {unauth, allowed, allowed, allowed, allowed},
		"POST /unfollow":              {unauth, allowed, allowed, allowed, allowed},
		"GET /account/following":      {signin, allowed, allowed, allowed, allowed},
		"GET /account/notifications":  {signin, allowed, allowed, allowed, allowed},
		"POST /account/notifications": {unauth, allowed, allowed, allowed, allowed},
		// The link's token, not a session, says whose it is: a made-up one finds nobody.
		"GET /unsubscribe/{token}":  {notFound, notFound, notFound, notFound, notFound},
		"POST /unsubscribe/{token}": {notFound, notFound, notFound, notFound, notFound},
	}
}
