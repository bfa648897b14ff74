package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// Problem is an error response as RFC 9457 (problem details) defines it
// and ADR /core/error-handling/problem-details requires: status, title and
// detail always present. Type is "about:blank" for every problem: each one
// means exactly what its HTTP status means, so the title is the status
// phrase (in Dutch, as RFC 9457 §4.2.1 allows) and no problem-type URI is
// invented that nobody could dereference. Instance is the request's path;
// the incident id that finds the log line is in the detail of a 500 only.
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail"`
	Instance      string         `json:"instance"`
	InvalidParams []InvalidParam `json:"invalidParams,omitempty"`
}

// InvalidParam names one invalid input of a 400 response, in the shape the
// Dutch government APIs share (VNG, Haal Centraal): Name is the body field,
// query parameter or "body" itself, Code the machine-readable reason (a
// message key) and Reason the Dutch text a person can act on.
type InvalidParam struct {
	Name   string `json:"name"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// httpError is a failure of the HTTP exchange itself, which the domain's
// error codes have no word for: a body too large, a wrong media type, a
// missing or stale If-Match.
type httpError struct {
	status  int
	message string // catalogue key of the detail
}

func (e *httpError) Error() string { return strconv.Itoa(e.status) + ": " + e.message }

var (
	errTooLarge     = &httpError{http.StatusRequestEntityTooLarge, "api.fout.te_groot"}
	errMediaType    = &httpError{http.StatusUnsupportedMediaType, "api.fout.mediatype"}
	errNeedIfMatch  = &httpError{http.StatusPreconditionRequired, "api.fout.if_match"}
	errStaleIfMatch = &httpError{http.StatusPreconditionFailed, "api.fout.gewijzigd"}
)

// statusOf maps the domain's error codes onto HTTP statuses; anything
// else is our fault.
var statusOf = map[string]int{
	wijkregie.EINVALID:      http.StatusBadRequest,
	wijkregie.EUNAUTHORIZED: http.StatusUnauthorized,
	wijkregie.EFORBIDDEN:    http.StatusForbidden,
	wijkregie.ENOTFOUND:     http.StatusNotFound,
	wijkregie.ECONFLICT:     http.StatusConflict,
	wijkregie.ETHROTTLED:    http.StatusTooManyRequests,
}

// fallbackDetail is the detail per status when an error's own message key
// is missing from the catalogue: a raw key must never reach a user.
var fallbackDetail = map[int]string{
	http.StatusBadRequest:      "fout.ongeldig",
	http.StatusUnauthorized:    "fout.niet_ingelogd",
	http.StatusForbidden:       "fout.geen_toegang",
	http.StatusNotFound:        "fout.niet_gevonden",
	http.StatusConflict:        "fout.conflict",
	http.StatusTooManyRequests: "fout.te_veel_pogingen",
}

// Error writes err as application/problem+json with Dutch texts. It is the
// route set's error writer, so internal/server calls it for failed
// authentication (401) and refused actions (403) too. An internal error
// shows only the incident id; the server has logged the cause under it.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	p := h.problem(r, err)
	hd := w.Header()
	// A handler may have set these for the response it meant to give.
	hd.Del("ETag")
	hd.Del("Location")
	hd.Del("Link")
	if p.Status == http.StatusUnauthorized {
		// RFC 6750 §3: tell the client how to authenticate, and whether
		// the token it sent was the problem.
		if r.Header.Get("Authorization") != "" {
			hd.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		} else {
			hd.Set("WWW-Authenticate", "Bearer")
		}
	}
	hd.Set("Content-Language", locale.NL)
	body, merr := json.Marshal(p)
	if merr != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"","instance":""}`)
		p.Status = http.StatusInternalServerError
	}
	writeBody(w, p.Status, "application/problem+json", body)
}

// problem builds the problem document for err.
func (h *Handler) problem(r *http.Request, err error) Problem {
	status, detailKey := http.StatusInternalServerError, ""
	var fields []wijkregie.FieldError
	var he *httpError
	var de *wijkregie.Error
	switch {
	case errors.As(err, &he):
		status, detailKey = he.status, he.message
	case errors.As(err, &de):
		if s, ok := statusOf[de.Code]; ok {
			status, detailKey, fields = s, de.Message, de.Fields
		}
	}
	p := Problem{
		Type:     "about:blank",
		Title:    h.cat.T(locale.NL, "api.status."+strconv.Itoa(status)),
		Status:   status,
		Instance: r.URL.Path,
	}
	if status == http.StatusInternalServerError {
		p.Detail = h.cat.T(locale.NL, "fout.intern", "incident", request.Incident(r))
		return p
	}
	if status == http.StatusUnauthorized {
		// The domain's text speaks of logging in; an API client needs to
		// hear about its token.
		detailKey = "api.fout.token"
	}
	if detailKey == "" || !h.cat.Has(locale.NL, detailKey) {
		detailKey = fallbackDetail[status]
	}
	p.Detail = h.cat.T(locale.NL, detailKey)
	for _, f := range fields {
		key := f.Message
		if !h.cat.Has(locale.NL, key) {
			key = "api.veld.ongeldig"
		}
		p.InvalidParams = append(p.InvalidParams, InvalidParam{
			Name:   f.Name,
			Code:   strings.TrimPrefix(f.Message, "api."),
			Reason: h.cat.T(locale.NL, key),
		})
	}
	return p
}
