package web

func (matrices) Dashboard() map[string][]string {
	return map[string][]string{
		"GET /dashboard": {everyone},
	}
}
