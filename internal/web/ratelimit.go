package web

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// limit is how many attempts a key may make in a window.
type limit struct {
	name   string
	max    int
	window time.Duration
}

// The limits. Sign-in links go to people's inboxes, so they are limited per address as
// well as per client; senior signers' links are limited per client to stop guessing.
var (
	limitSignInEmail  = limit{"signin-email", 5, 15 * time.Minute}
	limitSignInClient = limit{"signin-client", 30, 15 * time.Minute}
	limitLinkClient   = limit{"link-client", 60, 15 * time.Minute}
)

// clientAddress is the address the request came from. Behind a load balancer this is the
// balancer's own, unless the operator names the header the balancer passes the client's
// address in (LD_CLIENT_IP_HEADER); for X-Forwarded-For the last entry, the one the
// balancer added, is taken.
func (s *Server) clientAddress(r *http.Request) string {
	if h := s.opts.ClientIPHeader; h != "" {
		if v := r.Header.Values(h); len(v) > 0 {
			last := v[len(v)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := strings.TrimSpace(last); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// allow counts an attempt and reports whether it is within l. Over the limit, it shows a
// page saying when to try again, with status 429 and Retry-After.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, l limit, key, what string) bool {
	n, until, err := s.db.Hit(r.Context(), l.name+":"+key, l.window)
	if err != nil {
		s.serverError(w, r, err)
		return false
	}
	if n <= l.max {
		return true
	}
	wait := max(time.Until(until), time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
	ep := errorPage{Heading: "You have tried too many times",
		Message: "You have " + what + " too many times in a short time.",
		Next:    "Try again after " + until.In(london).Format("3:04pm") + "."}
	s.render(w, r, http.StatusTooManyRequests, "error", &page{Title: ep.Heading, Data: ep})
	return false
}
