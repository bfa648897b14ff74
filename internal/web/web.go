// Package web is wijkregie's Dutch, server-rendered HTML interface.
//
// Every page is an html/template from the embedded templates folder, laid
// out by one layout, with every text from the message catalogue
// (internal/locale). Forms work without JavaScript; htmx (served from
// /static) only swaps table pages and the audit chain check in place.
// Handlers call internal/app and nothing below it, and return errors, which
// Set().Error turns into the right page or htmx fragment.
//
// The package does not authenticate: internal/server reads the session
// cookie, puts the user in the request context and checks each route's
// policy action before a handler runs.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must work on hosts without a zoneinfo database

	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/route"
)

//go:embed templates static
var files embed.FS

// Options configure the web UI.
type Options struct {
	// SecureCookies sets the Secure flag on cookies even when the request
	// arrived over plain HTTP, for a server behind a TLS-terminating proxy.
	SecureCookies bool
	// PublicURL is where residents reach this site (https://host, no
	// path), for the address on Mijn Plan's login slip; "" takes the
	// request's host.
	PublicURL string
}

// Handler serves the web UI. It is safe for concurrent use.
type Handler struct {
	svc    *app.Service
	cat    *locale.Catalogue
	opt    Options
	lang   string
	zone   *time.Location
	pages  map[string]*template.Template // page name → layout, partials and that page
	static map[string]staticFile         // file name under static/ → content
}

// New returns the web UI on the service. It parses every template at once,
// so a broken template stops the server at start instead of failing a page.
func New(svc *app.Service, cat *locale.Catalogue, o Options) (*Handler, error) {
	if cat == nil {
		return nil, fmt.Errorf("web: no message catalogue")
	}
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, fmt.Errorf("web: loading time zone: %w", err)
	}
	h := &Handler{svc: svc, cat: cat, opt: o, lang: locale.NL, zone: zone}
	if h.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if h.pages, err = h.parseTemplates(); err != nil {
		return nil, err
	}
	return h, nil
}

// Set returns the web UI's routes for the server to mount.
func (h *Handler) Set() route.Set {
	return route.Set{Name: "web", Auth: route.Session, Routes: h.routes(), Error: h.writeError}
}
