package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// setHeaders sets what every API response carries, errors included:
// the version (ADR /core/version-header) and the security headers ADR
// /core/transport/security-headers asks of an API. Nothing is cached:
// nearly every resource holds personal data, and the few that do not are
// cheap to send again.
func setHeaders(h http.Header) {
	h.Set("API-Version", Version)
	h.Set("Cache-Control", "no-store")
	// The server's policy is written for HTML pages; a JSON response
	// loads nothing and may be framed by nobody.
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
}

// writeBody writes a complete response.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	setHeaders(h)
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeJSON writes v as the response's JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeBody(w, status, "application/json", body)
	return nil
}

// writeResource writes one resource with its strong ETag, or 304 Not
// Modified when the request's If-None-Match names that tag already. The
// tag is a hash of the exact bytes sent, so equal tags mean equal bytes.
func writeResource(w http.ResponseWriter, r *http.Request, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tag := etagOf(body)
	w.Header().Set("ETag", tag)
	if status == http.StatusOK && matchesAny(r.Header.Get("If-None-Match"), tag, false) {
		setHeaders(w.Header())
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeBody(w, status, "application/json", body)
	return nil
}

// etagOf returns a strong entity tag for a representation.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// currentETag is the tag writeResource would send for v now.
func currentETag(v any) (string, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return etagOf(body), nil
}

// matchesAny reports whether the If-Match or If-None-Match header value
// (a list of entity tags, or "*") names tag. If-None-Match compares weakly,
// If-Match strongly, so a weak tag never satisfies If-Match (RFC 9110
// §13.1.1, §13.1.2).
func matchesAny(header, tag string, strong bool) bool {
	header = strings.TrimSpace(header)
	if header == "" {
		return false
	}
	if header == "*" {
		return true
	}
	for header != "" {
		header = strings.TrimLeft(header, " \t,")
		weak := false
		if strings.HasPrefix(header, "W/") {
			weak, header = true, header[2:]
		}
		if !strings.HasPrefix(header, `"`) {
			return false // malformed: match nothing
		}
		end := strings.IndexByte(header[1:], '"')
		if end < 0 {
			return false
		}
		t := header[:end+2]
		header = header[end+2:]
		if t == tag && !(weak && strong) {
			return true
		}
	}
	return false
}

// utc puts a timestamp in UTC, so it is written as RFC 3339 with Z
// (ADR /core/date-time).
func utc(t time.Time) time.Time { return t.UTC() }

// day formats a calendar date as YYYY-MM-DD, or nil for an unknown date.
func day(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

// orNil returns nil for an empty string, so JSON says null rather than "".
func orNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
