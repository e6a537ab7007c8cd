package web

// contractMatrix is the contract register's rows of the authorization matrix. The shared
// world has no contracts, so a contract's pages are not found once the person may edit
// the organisation's contracts (TestContractPages edits real ones).
var contractMatrix = map[string][]string{
	"GET /contracts":                                 {everyone},
	"GET /contracts/ending-together":                 {everyone},
	"GET /contracts/market":                          {everyone},
	"GET /organisations/{slug}/contracts/new":        {signin, forbidden, allowed, allowed, allowed},
	"POST /organisations/{slug}/contracts/new":       {unauth, forbidden, allowed, allowed, allowed},
	"GET /organisations/{slug}/contracts/upload":     {signin, forbidden, allowed, allowed, allowed},
	"POST /organisations/{slug}/contracts/upload":    {unauth, forbidden, allowed, allowed, allowed},
	"GET /organisations/{slug}/contracts/{id}/edit":  {signin, forbidden, notFound, notFound, notFound},
	"POST /organisations/{slug}/contracts/{id}/edit": {unauth, forbidden, notFound, notFound, notFound},
	"GET /admin/suppliers":                           {adminOnly},
	"POST /admin/suppliers/merge":                    {adminOnly},
}

func (matrices) Contracts() map[string][]string { return contractMatrix }
