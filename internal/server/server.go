// Package server mounts the web UI, the JSON API and the operational
// endpoints on one standard mux. It is where every request is
// authenticated and where the policy's role check runs before any handler:
// a route without a policy action cannot be mounted.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
	"wijkregie/internal/web"
)

// Config is what the server needs.
type Config struct {
	App           *app.Service
	Catalogue     *locale.Catalogue
	Logger        *slog.Logger
	Metrics       *metrics.Registry
	SecureCookies bool   // cookies get the Secure flag even when TLS ends at a proxy
	PublicURL     string // where residents reach the site, for Mijn Plan's login slip; "" for the request's host
	// TrustedProxies may name the client in X-Forwarded-For.
	TrustedProxies []net.IP
}

// Sets returns every route set the server mounts, for New and for the route
// table test.
func Sets(c Config) ([]route.Set, error) {
	w, err := web.New(c.App, c.Catalogue, web.Options{SecureCookies: c.SecureCookies, PublicURL: c.PublicURL})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	a, err := api.New(c.App, c.Catalogue)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	apiSet := a.Set()
	// Unknown API paths answer as the API does, not with the UI's 404 page.
	apiSet.Routes = append(apiSet.Routes, route.Route{Pattern: "/api/", Action: policy.Public,
		Handle: func(http.ResponseWriter, *http.Request) error { return wijkregie.NotFound() }})
	// Mijn Plan's pages are a set of their own, authenticated by the
	// resident's cookie only.
	return []route.Set{ops(c), apiSet, w.Set(), w.ResidentSet()}, nil
}

// New returns the whole application as one http.Handler.
func New(c Config) (http.Handler, error) {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = metrics.NewRegistry()
	}
	sets, err := Sets(c)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	for _, set := range sets {
		for _, rt := range set.Routes {
			if !policy.Known(rt.Action) {
				return nil, fmt.Errorf("route %q names no known policy action (%q)", rt.Pattern, rt.Action)
			}
			h := handler(c, set, rt)
			mux.Handle(rt.Pattern, metrics.Middleware(c.Metrics, rt.Pattern, h))
		}
	}
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(denied(sets))
	return headers(csrf.Handler(mux)), nil
}

// denied answers a cross-origin form post or API change the way its set
// answers any refusal: the Dutch 403 page, or problem+json.
func denied(sets []route.Set) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(request.WithIncident(r.Context()))
		name := "web"
		if strings.HasPrefix(r.URL.Path, "/api/") {
			name = "api"
			w.Header().Set("API-Version", api.Version)
		}
		for _, set := range sets {
			if set.Name == name {
				set.Error(w, r, wijkregie.Forbidden())
				return
			}
		}
		http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
	})
}

// handler wraps one route: incident id, panic recovery, authentication, the
// policy's role check, the handler, and error writing — in that order.
func handler(c Config, set route.Set, rt route.Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx := request.WithIncident(r.Context())
		r = r.WithContext(request.WithClientAddr(ctx, request.ClientAddrFrom(r, c.TrustedProxies)))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				c.Logger.Error("panic", "route", rt.Pattern, "incident", request.Incident(r), "panic", fmt.Sprint(p))
				if sw.status == 0 {
					set.Error(sw, r, errors.New("panic"))
				}
			}
			// The route pattern, never the path: paths hold ids, and a
			// future path might hold worse.
			c.Logger.Info("request", "set", set.Name, "method", r.Method, "route", rt.Pattern,
				"status", sw.code(), "ms", time.Since(start).Milliseconds(), "incident", request.Incident(r))
		}()
		if strings.HasPrefix(rt.Pattern, "/api/") || strings.Contains(rt.Pattern, " /api/") {
			sw.Header().Set("API-Version", api.Version)
		}
		if !rt.Anonymous {
			u, err := authenticate(r, c.App, set.Auth)
			if err != nil && rt.Action != policy.Public {
				fail(c, set, sw, r, err)
				return
			}
			if u != nil {
				r = r.WithContext(request.WithUser(r.Context(), u))
			}
		}
		if !policy.Allows(request.Actor(r), rt.Action) {
			fail(c, set, sw, r, wijkregie.Forbidden())
			return
		}
		if err := rt.Handle(sw, r); err != nil {
			fail(c, set, sw, r, err)
		}
	})
}

func fail(c Config, set route.Set, w http.ResponseWriter, r *http.Request, err error) {
	if wijkregie.ErrorCode(err) == wijkregie.EINTERNAL {
		// The error text may come from a driver; it holds no personal
		// data because no query text or value is put into errors here.
		c.Logger.Error("internal error", "incident", request.Incident(r), "error", err.Error())
	}
	set.Error(w, r, err)
}

var errNoCredentials = wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "fout.niet_ingelogd")

// authenticate finds the user behind a request: by session cookie for the
// web UI, by bearer token for the API, by the resident's cookie for Mijn
// Plan. No credentials is an error too; the
// caller ignores it on public routes.
func authenticate(r *http.Request, svc *app.Service, how route.Auth) (*wijkregie.User, error) {
	switch how {
	case route.Session:
		ck, err := r.Cookie(request.SessionCookie)
		if err != nil || ck.Value == "" {
			return nil, errNoCredentials
		}
		return svc.SessionUser(r.Context(), ck.Value)
	case route.Bearer:
		h := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || tok == "" {
			return nil, errNoCredentials
		}
		return svc.TokenUser(r.Context(), strings.TrimSpace(tok))
	case route.Resident:
		// The resident's cookie only: a staff session cookie on the same
		// request is not looked at.
		ck, err := r.Cookie(request.ResidentCookie)
		if err != nil || ck.Value == "" {
			return nil, errNoCredentials
		}
		return svc.ResidentSessionUser(r.Context(), ck.Value)
	}
	return nil, errNoCredentials
}

// headers sets the security headers every response carries.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// ops are the operational endpoints: liveness, readiness and metrics. They
// carry no personal data and need no login; restrict them by network.
func ops(c Config) route.Set {
	return route.Set{
		Name: "ops",
		Auth: route.Session,
		Routes: []route.Route{
			{Pattern: "GET /healthz", Action: policy.Public, Anonymous: true, Handle: func(w http.ResponseWriter, r *http.Request) error {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				_, err := w.Write([]byte("ok\n"))
				return err
			}},
			{Pattern: "GET /readyz", Action: policy.Public, Anonymous: true, Handle: func(w http.ResponseWriter, r *http.Request) error {
				ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
				defer cancel()
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				if err := c.App.Ping(ctx); err != nil {
					w.WriteHeader(http.StatusServiceUnavailable)
					_, err := w.Write([]byte("store unreachable\n"))
					return err
				}
				_, err := w.Write([]byte("ok\n"))
				return err
			}},
			{Pattern: "GET /metrics", Action: policy.Public, Anonymous: true, Handle: func(w http.ResponseWriter, r *http.Request) error {
				c.Metrics.Handler().ServeHTTP(w, r)
				return nil
			}},
		},
		Error: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, http.StatusText(http.StatusInternalServerError)+" "+request.Incident(r), http.StatusInternalServerError)
		},
	}
}

// statusWriter remembers the status, so the log line and the panic handler
// know whether a response was started.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
