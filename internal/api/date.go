package api

import (
	"strings"
	"time"

	"wijkregie"
)

// amsterdam is the zone the municipality's days are counted in; a body's
// date "today" is checked against that day, not against UTC's.
var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

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
// domain's Validate methods compare dates with.
func (h *Handler) today() time.Time {
	y, m, d := h.svc.Now().In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dayOf formats a calendar date as YYYY-MM-DD; "" for no date. Unlike day
// it suits a field that is never null.
func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
