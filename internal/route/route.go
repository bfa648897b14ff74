// Package route describes the routes that the web UI and the JSON API
// offer, so internal/server can mount them all the same way: every route
// names the policy action it needs, and nothing is mounted without one.
package route

import (
	"net/http"

	"wijkregie/internal/policy"
)

// HandlerFunc handles a request and returns an error instead of writing
// one: the set's error writer turns it into a page or a problem document.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one pattern of the standard mux ("GET /beheer/teams/{id}") with
// the action the policy must allow before the handler runs. Subject-level
// checks (involvement with a household) happen inside the handler's call to
// internal/app.
type Route struct {
	Pattern string
	Action  policy.Action
	Handle  HandlerFunc
	// Anonymous routes (static files, health checks) never look at
	// credentials: they show nothing that depends on who asks, and a store
	// read per stylesheet would be waste.
	Anonymous bool
}

// Auth says how a set's requests prove who they are.
type Auth int

const (
	// Session authenticates by the session cookie (the web UI).
	Session Auth = iota
	// Bearer authenticates by an API token in the Authorization header.
	Bearer
	// Resident authenticates a resident by the Mijn Plan cookie
	// (request.ResidentCookie); a staff session never counts there.
	Resident
)

// Set is a group of routes with one way to authenticate and one way to
// write errors.
type Set struct {
	Name   string // "web" or "api", for logs and metrics
	Auth   Auth
	Routes []Route
	// Error writes err as the set's kind of response: an HTML page or an
	// htmx fragment for the web, problem+json for the API.
	Error func(w http.ResponseWriter, r *http.Request, err error)
}
