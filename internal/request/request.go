// Package request carries what the server learns about a request (who is
// asking) to the handlers, and reads common parameters.
package request

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"

	"wijkregie"
)

type ctxKey int

const (
	userKey ctxKey = iota
	incidentKey
)

// WithUser returns a context carrying the authenticated user.
func WithUser(ctx context.Context, u *wijkregie.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// User returns the authenticated user, or nil on a public route.
func User(r *http.Request) *wijkregie.User {
	u, _ := r.Context().Value(userKey).(*wijkregie.User)
	return u
}

// Actor returns the authenticated actor; the zero Actor (denied everything)
// on a public route.
func Actor(r *http.Request) wijkregie.Actor {
	if u := User(r); u != nil {
		return wijkregie.ActorOf(u)
	}
	return wijkregie.Actor{}
}

// WithIncident returns a context carrying a new incident id, which the
// server logs with every error and a 500 page shows, so a user's report can
// be found in the logs without any personal data.
func WithIncident(ctx context.Context) context.Context {
	b := make([]byte, 6)
	rand.Read(b)
	return context.WithValue(ctx, incidentKey, hex.EncodeToString(b))
}

// Incident returns the request's incident id.
func Incident(r *http.Request) string {
	s, _ := r.Context().Value(incidentKey).(string)
	return s
}

// ClientAddr returns the client's IP address, for login throttling. It does
// not trust X-Forwarded-For: behind a proxy, configure the proxy to pass
// the real address or accept one shared throttle.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
