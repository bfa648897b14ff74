package app

import (
	"time"

	"wijkregie"
)

// DayRange is a span of Dutch calendar days that narrows a list (the
// days a task falls due on, a case was closed on), both days included,
// each at midnight UTC as the store keeps dates. A zero day leaves that
// end open. The dashboard's links fill it in from a week or a period of
// a report (docs/uitkomsten.md, "Doorklikken").
type DayRange struct {
	From, To time.Time
}

// IsZero reports whether the range narrows nothing.
func (d DayRange) IsZero() bool { return d.From.IsZero() && d.To.IsZero() }

// Validate checks that the range does not run backwards; the error names
// the field of its end, toField.
func (d DayRange) Validate(toField string) error {
	if !d.From.IsZero() && !d.To.IsZero() && d.To.Before(d.From) {
		return wijkregie.InvalidField(toField, "veld.vroeglijst.periode")
	}
	return nil
}

// Moments returns the range as the instants [from, to): from the start of
// its first day to the start of the day after its last, in Dutch time, as
// Period.moments; an open end is the zero time.
func (d DayRange) Moments() (from, to time.Time) {
	if !d.From.IsZero() {
		from, _ = Period{From: d.From, To: d.From}.moments()
	}
	if !d.To.IsZero() {
		_, to = Period{From: d.To, To: d.To}.moments()
	}
	return from, to
}

// criterion describes the range for the audit log's search field, as
// name=van..tot with an open end left empty; "" when it narrows nothing.
func (d DayRange) criterion(name string) string {
	if d.IsZero() {
		return ""
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return name + "=" + day(d.From) + ".." + day(d.To)
}
