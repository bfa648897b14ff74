package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// Mijn Plan is a route set of its own (docs/mijnplan.md): every page under
// /mijnplan, authenticated by the resident's cookie (route.Resident) and
// never by a staff session, with pages in the resident layout
// (partials/inwoner.html) and errors that lead back to the resident's own
// login page.

// ResidentSet returns Mijn Plan's routes for the server to mount.
func (h *Handler) ResidentSet() route.Set {
	return route.Set{Name: "mijnplan", Auth: route.Resident, Routes: h.residentRoutes(), Error: h.writeResidentError}
}

// residentRoutes are the login and logout (inloggen_inwoner.go) and the
// pages of Mijn Plan itself (mijnplan.go), then a 404 in the resident's
// layout for every other path under /mijnplan.
func (h *Handler) residentRoutes() []route.Route {
	rs := []route.Route{
		{Pattern: "GET /mijnplan/inloggen", Action: policy.Public, Handle: h.residentLoginForm},
		{Pattern: "POST /mijnplan/inloggen", Action: policy.Public, Handle: h.residentLogin},
		{Pattern: "POST /mijnplan/digid", Action: policy.Public, Handle: h.residentOIDCStart},
		{Pattern: "GET /mijnplan/digid/terug", Action: policy.Public, Handle: h.residentOIDCCallback},
		{Pattern: "POST /mijnplan/uitloggen", Action: policy.UseMijnPlan, Handle: h.residentLogout},
	}
	rs = append(rs, h.mijnPlanRoutes()...)
	return append(rs, route.Route{Pattern: "/mijnplan/", Action: policy.Public, Handle: h.notFound})
}

// residentPage starts a page of Mijn Plan for the request's resident.
func residentPage(r *http.Request, title string, data any) *page {
	return newPage(r, title, "mijnplan", data)
}

// renderResident writes the named page in the resident layout: the
// template "inwoner" of partials/inwoner.html around the page's "main".
// Use it, not render, for every page of the resident set.
func (h *Handler) renderResident(w http.ResponseWriter, r *http.Request, status int, name string, p *page) error {
	t, ok := h.pages[name]
	if !ok {
		return errors.New("web: no page template " + name)
	}
	if p.Flash == "" {
		p.Flash = h.takeResidentFlash(w, r)
	}
	if u := p.User; u != nil && u.Role != wijkregie.RoleResident {
		// A staff user never appears as the resident of these pages.
		p.User, p.Actor = nil, wijkregie.Actor{}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "inwoner", p); err != nil {
		return errors.New("web: rendering " + name + ": " + err.Error())
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

// residentFlashPrefixes are the catalogue key prefixes a one-time message
// on a Mijn Plan page may have (the flash cookie is shared with the staff
// pages, which accept "melding." only).
var residentFlashPrefixes = []string{"inwoner.melding.", "mijnplan.melding."}

// redirectResident answers a resident's form post (POST-redirect-GET),
// with a one-time message key of residentFlashPrefixes.
func (h *Handler) redirectResident(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: flash, Path: "/", MaxAge: 60,
			HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (h *Handler) takeResidentFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
	for _, p := range residentFlashPrefixes {
		if strings.HasPrefix(c.Value, p) && h.cat.Has(h.lang, c.Value) {
			return c.Value
		}
	}
	return ""
}

// setResidentSession sets Mijn Plan's cookie: only for paths under
// /mijnplan, HttpOnly, SameSite=Lax (the OpenID Connect callback arrives
// by a top-level redirect), Secure over TLS or when configured. No
// Max-Age: it ends with the browser, and the server ends it sooner.
func (h *Handler) setResidentSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: request.ResidentCookie, Value: secret, Path: "/mijnplan",
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

func (h *Handler) expireResidentSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: request.ResidentCookie, Value: "", Path: "/mijnplan", MaxAge: -1,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// writeResidentError is the resident set's error writer: no or a lapsed
// session goes to the resident's login page (never the staff's), anything
// else is the error page in the resident layout.
func (h *Handler) writeResidentError(w http.ResponseWriter, r *http.Request, err error) {
	code := wijkregie.ErrorCode(err)
	if code == wijkregie.EUNAUTHORIZED {
		if _, err := r.Cookie(request.ResidentCookie); err == nil {
			h.expireResidentSession(w, r)
		}
		w.Header().Add("Vary", "HX-Request")
		if isHTMX(r) {
			w.Header().Set("HX-Redirect", "/mijnplan/inloggen")
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, "/mijnplan/inloggen", http.StatusSeeOther)
		return
	}
	ep, ok := errorPages[code]
	if !ok {
		code, ep = wijkregie.EINTERNAL, errorPages[wijkregie.EINTERNAL]
	}
	v := errorView{Heading: ep.heading, Message: ep.message}
	var e *wijkregie.Error
	if code != wijkregie.EINTERNAL && errors.As(err, &e) {
		if e.Message != "" && h.cat.Has(h.lang, e.Message) {
			v.Message = e.Message
		}
		v.Fields = e.Fields
	}
	if code == wijkregie.EINTERNAL {
		v.Incident = request.Incident(r)
	}
	p := residentPage(r, ep.heading, v)
	if err := h.renderResident(w, r, ep.status, "inwoner-fout", p); err != nil {
		http.Error(w, h.t("fout.intern", "incident", request.Incident(r)), http.StatusInternalServerError)
	}
}
