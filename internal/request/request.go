// Package request carries what the server learns about a request (who is
// asking) to the handlers, and reads common parameters.
package request

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"strings"

	"wijkregie"
)

type ctxKey int

const (
	userKey ctxKey = iota
	incidentKey
	clientKey
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

// WithClientAddr returns a context carrying the client's address as the
// server determined it (see ClientAddrFrom).
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey, addr)
}

// ClientAddr returns the client's IP address, for login throttling: the one
// the server put in the context, else the connection's peer.
func ClientAddr(r *http.Request) string {
	if a, ok := r.Context().Value(clientKey).(string); ok && a != "" {
		return a
	}
	return peer(r)
}

func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientAddrFrom finds the client behind trusted proxies: X-Forwarded-For
// is believed only when the connection comes from one of them, and then
// its last address that is not itself a trusted proxy is the client (the
// entries before it could be forged by the client).
func ClientAddrFrom(r *http.Request, trusted []net.IP) string {
	addr := peer(r)
	if !isTrusted(addr, trusted) {
		return addr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if net.ParseIP(h) == nil {
			break
		}
		if !isTrusted(h, trusted) {
			return h
		}
	}
	return addr
}

func isTrusted(addr string, trusted []net.IP) bool {
	ip := net.ParseIP(addr)
	for _, t := range trusted {
		if ip != nil && t.Equal(ip) {
			return true
		}
	}
	return false
}
