package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"

	"wijkregie"
	"wijkregie/internal/request"
)

// errorView is what the error page and fragment show.
type errorView struct {
	Heading  string // catalogue key
	Message  string // catalogue key
	Incident string // for internal errors: the id the server logged
	Fields   []wijkregie.FieldError
	Login    bool // offer a link to the login page
}

// errorPages maps each error code to its status, heading and default
// message.
var errorPages = map[string]struct {
	status           int
	heading, message string
}{
	wijkregie.EFORBIDDEN: {http.StatusForbidden, "titel.fout.geen_toegang", "fout.geen_toegang"},
	wijkregie.ENOTFOUND:  {http.StatusNotFound, "titel.fout.niet_gevonden", "fout.niet_gevonden"},
	wijkregie.EINVALID:   {http.StatusUnprocessableEntity, "titel.fout.ongeldig", "fout.ongeldig"},
	wijkregie.ECONFLICT:  {http.StatusConflict, "titel.fout.conflict", "fout.conflict"},
	wijkregie.ETHROTTLED: {http.StatusTooManyRequests, "titel.fout.te_veel_pogingen", "fout.te_veel_pogingen"},
	wijkregie.EINTERNAL:  {http.StatusInternalServerError, "titel.fout.intern", "fout.intern"},
}

// writeError is the set's error writer: it turns a handler's error, or the
// server's refusal, into a page (or, for htmx, a fragment). It logs
// nothing; the server logs the error with the request's incident id.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := wijkregie.ErrorCode(err)
	if code == wijkregie.EUNAUTHORIZED {
		h.toLogin(w, r)
		return
	}
	ep, ok := errorPages[code]
	if !ok {
		code, ep = wijkregie.EINTERNAL, errorPages[wijkregie.EINTERNAL]
	}
	v := errorView{Heading: ep.heading, Message: ep.message}
	var e *wijkregie.Error
	if code != wijkregie.EINTERNAL && errors.As(err, &e) {
		// An application error's message is a catalogue key made for the
		// user; an internal one is never shown in detail.
		if e.Message != "" && h.cat.Has(h.lang, e.Message) {
			v.Message = e.Message
		}
		v.Fields = e.Fields
	}
	if code == wijkregie.EINTERNAL {
		v.Incident = request.Incident(r)
	}
	p := newPage(r, ep.heading, "", v)
	name := "layout"
	if isHTMX(r) {
		name = "fout-fragment"
	}
	var buf bytes.Buffer
	if err := h.pages["fout"].ExecuteTemplate(&buf, name, p); err != nil {
		// The error page itself failed: answer in the plainest way that
		// still uses the catalogue.
		http.Error(w, h.t("fout.intern", "incident", request.Incident(r)), http.StatusInternalServerError)
		return
	}
	writeHTML(w, ep.status, buf.Bytes())
}

// toLogin sends an unauthenticated request to the login page, with the
// path to come back to. Only the path: it holds ids at most, while a query
// might hold a search. A form post cannot be repeated by a redirect, so it
// comes back to the home page.
func (h *Handler) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/inloggen"
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path != "/" && safeReturn(r.URL.Path) {
		target += "?terug=" + url.QueryEscape(r.URL.Path)
	}
	if _, err := r.Cookie(request.SessionCookie); err == nil {
		h.expireSession(w, r)
	}
	w.Header().Add("Vary", "HX-Request")
	if isHTMX(r) {
		// htmx follows a redirect inside its request and would swap the
		// login page into a table; this header makes it load the page.
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// notFound is the catch-all route: every unknown path gets the 404 page.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	return wijkregie.NotFound()
}
