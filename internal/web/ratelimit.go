package web

import (
	"net/http"
	"net/netip"
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
// address in (LD_CLIENT_IP_HEADER) and the balancers' addresses (LD_TRUSTED_PROXIES).
// The header is believed only on a connection from a trusted proxy, and then read from
// the right: in a list such as X-Forwarded-For each proxy appends the address it saw, so
// the right-most address that is not a trusted proxy is the client. Anything to its left
// was sent by the client and could be anything.
func (s *Server) clientAddress(r *http.Request) string {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	h := s.opts.ClientIPHeader
	if h == "" || !s.trustedProxy(peer) {
		return peer.String()
	}
	var hops []string
	for _, v := range r.Header.Values(h) {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // not an address: the nearest trusted proxy is all we know
		}
		client = a
		if !s.trustedProxy(a) {
			break
		}
	}
	return client.String()
}

// trustedProxy reports whether a is one of LD_TRUSTED_PROXIES.
func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads one address of a forwarding header or a connection, with or without a
// port ("192.0.2.1", "192.0.2.1:443", "[2001:db8::1]:443").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

// allow counts an attempt and reports whether it is within l. Over the limit, it shows a
// page saying when to try again, with status 429 and Retry-After: message is the catalog
// key of the sentence saying what was tried too many times.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, l limit, key, message string) bool {
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
	pr := printerOf(r)
	ep := errorPage{Heading: pr.T("ratelimit.heading"), Message: pr.T(message),
		Next: pr.T("ratelimit.next", "Time", exactTime(pr, until))}
	s.render(w, r, http.StatusTooManyRequests, "error", &page{Title: ep.Heading, Data: ep})
	return false
}
