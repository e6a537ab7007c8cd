package web

// fundingMatrix is each funding route's outcome in the shared world, which has no round:
// {id} is a signature's id, and {bid} and {qid} are left as written, so that the pages of
// a round or bid are not found once the person is let through to look. TestFunding
// tries them again with a round and bids.
var fundingMatrix = map[string][]string{
	"GET /funding":                              {everyone},
	"GET /funding/new":                          {adminOnly},
	"POST /funding/new":                         {adminOnly},
	"GET /funding/outcomes":                     {everyone},
	"GET /funding/assessors":                    {adminOnly},
	"POST /funding/assessors":                   {adminOnly},
	"GET /funding/assessments":                  {signin, forbidden, forbidden, forbidden, forbidden},
	"GET /funding/{id}":                         {notFound, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/edit":                    {signin, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/edit":                   {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/outcomes":               {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/questions":              {unauth, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/questions/{qid}/answer": {unauth, forbidden, forbidden, forbidden, notFound},
	"GET /funding/{id}/bids/new":                {signin, forbidden, notFound, notFound, forbidden},
	"POST /funding/{id}/bids/new":               {unauth, forbidden, notFound, notFound, forbidden},
	"GET /funding/{id}/bids/{bid}":              {notFound, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/bids/{bid}/edit":         {signin, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/edit":        {unauth, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/submit":      {unauth, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/confirm":     {unauth, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/bids/{bid}/assess":       {signin, notFound, notFound, notFound, notFound},
	"POST /funding/{id}/bids/{bid}/assess":      {unauth, notFound, notFound, notFound, notFound},
	"GET /funding/{id}/bids/{bid}/moderation":   {signin, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/bids/{bid}/assessors":   {unauth, forbidden, forbidden, forbidden, notFound},
	"POST /funding/{id}/bids/{bid}/decision":    {unauth, forbidden, forbidden, forbidden, notFound},
}

func (matrices) Funding() map[string][]string { return fundingMatrix }
