package api

import (
	"strings"
	"time"

	"wijkregie"
)

// dateIn reads a calendar date of a body (YYYY-MM-DD) as midnight UTC, the
// way the store keeps dates; "" (or null) is no date. A malformed date is
// recorded in v under name, so the 400 names the field rather than the
// body, and the date is left zero.
func dateIn(v *wijkregie.Invalid, name, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Field(name, "veld.datum")
		return time.Time{}
	}
	return t
}

// today is the municipality's current day as midnight UTC, the form the
// domain's Validate methods compare dates with (wijkregie.Today: a Dutch
// day, whatever the server's zone).
func (h *Handler) today() time.Time { return wijkregie.Today(h.svc.Now()) }

// dayOf formats a calendar date as YYYY-MM-DD; "" for no date. Unlike day
// it suits a field that is never null.
func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
