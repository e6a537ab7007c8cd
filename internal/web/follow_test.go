package web

// Follows rows of the authorization matrix: following is for anyone signed in.
func (matrices) Follows() map[string][]string {
	return map[string][]string{
		"POST /follow":   {unauth, allowed, allowed, allowed, allowed},
		"POST /unfollow": {unauth, allowed, allowed, allowed, allowed},
	}
}
