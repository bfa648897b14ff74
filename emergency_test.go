package wijkregie_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

// TestNewEmergencyAccessReason: the reason is trimmed and must be a real
// sentence a reviewer can judge — given, at least 20 characters (counted
// as characters, not bytes), at most 2000 — and is named reden.
func TestNewEmergencyAccessReason(t *testing.T) {
	now := time.Date(2026, 3, 2, 22, 15, 0, 0, time.UTC)
	tests := []struct {
		name   string
		reason string
		want   []wijkregie.FieldError
	}{
		{"a sentence", "Crisisdienst: moeder belt 's nachts, regisseur ziek.", nil},
		{"exactly twenty", strings.Repeat("a", 20), nil},
		{"twenty with spaces around", "   " + strings.Repeat("b", 20) + "\n", nil},
		{"empty", "", fe("reden", "veld.verplicht")},
		{"blank", " \t\n ", fe("reden", "veld.verplicht")},
		{"one word", "spoed", fe("reden", "veld.noodtoegang.reden_kort")},
		{"nineteen", strings.Repeat("c", 19), fe("reden", "veld.noodtoegang.reden_kort")},
		{"short but padded", "  spoed, nu nodig  ", fe("reden", "veld.noodtoegang.reden_kort")},
		{"twenty characters of two bytes", strings.Repeat("é", 20), nil},
		{"nineteen characters of two bytes", strings.Repeat("é", 19), fe("reden", "veld.noodtoegang.reden_kort")},
		{"2000", strings.Repeat("d", 2000), nil},
		{"2001", strings.Repeat("d", 2001), fe("reden", "veld.noodtoegang.te_lang")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := wijkregie.NewEmergencyAccess("GM0001", "c1", "h1", "u1", tt.reason, now)
			if diff := cmp.Diff(fields(t, err), tt.want); diff != "" {
				t.Fatalf("field errors (-got +want):\n%s", diff)
			}
			if err != nil {
				return
			}
			if e.Reason != strings.TrimSpace(tt.reason) {
				t.Errorf("reason %q; want it trimmed", e.Reason)
			}
		})
	}
}

// TestEmergencyAccessWindow: the access starts when it is taken and holds
// for one working day, up to but not including its end.
func TestEmergencyAccessWindow(t *testing.T) {
	now := time.Date(2026, 3, 2, 22, 15, 0, 0, time.UTC)
	e, err := wijkregie.NewEmergencyAccess("GM0001", "c1", "h1", "u1", "Crisisdienst: regisseur is ziek en het gezin belt.", now)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Start.Equal(now) || !e.End.Equal(now.Add(8*time.Hour)) {
		t.Fatalf("window %v – %v; want %v plus 8 hours", e.Start, e.End, now)
	}
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{now.Add(-time.Nanosecond), false},
		{now, true},
		{now.Add(7*time.Hour + 59*time.Minute), true},
		{now.Add(8*time.Hour - time.Nanosecond), true},
		{now.Add(8 * time.Hour), false},
		{now.Add(24 * time.Hour), false},
	} {
		if got := e.CurrentAt(tt.at); got != tt.want {
			t.Errorf("CurrentAt(start %+v) = %v; want %v", tt.at.Sub(now), got, tt.want)
		}
	}
}

// TestEmergencyAccessReview: a verdict is terecht or onterecht; onterecht
// needs a note; the note is trimmed; and an access is judged once.
func TestEmergencyAccessReview(t *testing.T) {
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	fresh := func() *wijkregie.EmergencyAccess {
		e, err := wijkregie.NewEmergencyAccess("GM0001", "c1", "h1", "u1", "Crisisdienst: regisseur is ziek en het gezin belt.", now.Add(-10*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	tests := []struct {
		name    string
		verdict wijkregie.EmergencyVerdict
		note    string
		want    []wijkregie.FieldError
	}{
		{"terecht without a note", wijkregie.VerdictJustified, "", nil},
		{"terecht with a note", wijkregie.VerdictJustified, "Past bij de crisis.", nil},
		{"onterecht with a note", wijkregie.VerdictUnjustified, "Geen spoed; had de regisseur kunnen bellen.", nil},
		{"onterecht without a note", wijkregie.VerdictUnjustified, "  ", fe("toelichting", "veld.noodtoegang.toelichting")},
		{"no verdict", "", "", fe("oordeel", "veld.keuze")},
		{"unknown verdict", "misschien", "hm", fe("oordeel", "veld.keuze")},
		{"note too long", wijkregie.VerdictJustified, strings.Repeat("x", 2001), fe("toelichting", "veld.noodtoegang.te_lang")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := fresh()
			err := e.Review("privacy1", tt.verdict, tt.note, now)
			if diff := cmp.Diff(fields(t, err), tt.want); diff != "" {
				t.Fatalf("field errors (-got +want):\n%s", diff)
			}
			if err != nil {
				if e.Reviewed() {
					t.Error("a refused review was recorded")
				}
				return
			}
			if !e.Reviewed() || e.ReviewedBy != "privacy1" || !e.ReviewedAt.Equal(now) || e.Verdict != tt.verdict ||
				e.ReviewNote != strings.TrimSpace(tt.note) {
				t.Errorf("review recorded as %+v", e)
			}
			if err := e.Review("privacy2", wijkregie.VerdictJustified, "", now); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
				t.Errorf("a second review: %v; want a conflict", err)
			}
			if e.ReviewedBy != "privacy1" {
				t.Errorf("the second review replaced the first: %+v", e)
			}
		})
	}
}
