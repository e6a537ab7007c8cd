package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"
)

// notifyToken returns the bearer token Notify expects: a JWT signed with HS256 using
// the API key's secret, issued by the service id at now. Notify rejects tokens whose
// iat is more than 30 seconds out, so a fresh token is made for every request.
//
// Written here rather than taken from a JWT library because this is the only token the
// service makes, and the format is three lines of base64.
func notifyToken(serviceID string, secret []byte, now time.Time) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"HS256"}`))
	// serviceID has been checked to be a UUID, so it needs no JSON escaping.
	claims := enc.EncodeToString(fmt.Appendf(nil, `{"iss":"%s","iat":%d}`, serviceID, now.Unix()))
	signed := header + "." + claims
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(signed))
	return signed + "." + enc.EncodeToString(mac.Sum(nil))
}
