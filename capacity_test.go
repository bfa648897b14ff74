package wijkregie

import (
	"errors"
	"testing"
)

// fieldError returns the message of err's only field error named field,
// or "" when err is not one.
func fieldError(err error, field string) string {
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) != 1 || e.Fields[0].Name != field {
		return ""
	}
	return e.Fields[0].Message
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in      string
		minutes int
		msg     string // "" when valid
	}{
		{"32", 1920, ""},
		{" 32,5 ", 1950, ""},
		{"24.5", 1470, ""},
		{"0", 0, ""},
		{"40", 2400, ""},
		{"40,0", 2400, ""},
		{"40,5", 0, "veld.capaciteit.bereik"},
		{"-1", 0, "veld.capaciteit.bereik"},
		{"100000", 0, "veld.capaciteit.bereik"},
		{"32,25", 0, "veld.capaciteit.halve_uren"},
		{"0.1", 0, "veld.capaciteit.halve_uren"},
		{"twee", 0, "veld.capaciteit.getal"},
		{"32 uur", 0, "veld.capaciteit.getal"},
		{"1e1", 0, "veld.capaciteit.getal"},
		{"3,2,5", 0, "veld.capaciteit.getal"},
		{"NaN", 0, "veld.capaciteit.getal"},
		{"", 0, "veld.capaciteit.getal"},
	}
	for _, tt := range tests {
		got, err := ParseHours("uren", tt.in)
		if tt.msg == "" {
			if err != nil || got != tt.minutes {
				t.Errorf("ParseHours(%q) = %d, %v; want %d", tt.in, got, err, tt.minutes)
			}
			continue
		}
		if m := fieldError(err, "uren"); m != tt.msg {
			t.Errorf("ParseHours(%q) = %d, %v; want %s on uren", tt.in, got, err, tt.msg)
		}
	}
	for minutes, want := range map[int]string{0: "0", 1920: "32", 1950: "32,5", 30: "0,5"} {
		if got := FormatHours(minutes); got != want {
			t.Errorf("FormatHours(%d) = %q; want %q", minutes, got, want)
		}
	}
	if m := fieldError((&Capacity{Minutes: 2430}).Validate(), "urenPerWeek"); m != "veld.capaciteit.bereik" {
		t.Errorf("41 hours: %q", m)
	}
}

// TestCapacityFigures computes hours, FTE and bezetting by hand with the
// default norm (36 hours, 30 points per FTE), and checks that a withheld
// count behind the weighted caseload withholds the bezetting too.
func TestCapacityFigures(t *testing.T) {
	s := DefaultSettings("GM0001")
	// 27 hours: 0.75 FTE, 22.5 points; a weighted caseload of 18 is 80 %.
	h, fte, occ := s.CapacityFigures(27*60, true, 18, Count(12), Count(3))
	if h.Display() != "27,0" || fte.Display() != "0,75" || occ.Display() != "80,0%" || h.Unit != UnitHours || fte.Unit != UnitFTE {
		t.Errorf("27 h, 18 points: %s h, %s fte, %s", h.Display(), fte.Display(), occ.Display())
	}
	// 32 hours: 0.89 FTE (0.888…), 26.67 points; 40 points is 150 %.
	h, fte, occ = s.CapacityFigures(32*60, true, 40)
	if h.Display() != "32,0" || fte.Display() != "0,89" || fte.Rounded() != 0.89 || occ.Display() != "150,0%" {
		t.Errorf("32 h, 40 points: %s h, %s fte, %s", h.Display(), fte.Display(), occ.Display())
	}
	// Not set: every figure missing, never 0 %.
	h, fte, occ = s.CapacityFigures(0, false, 12)
	if !h.Missing || !fte.Missing || !occ.Missing || occ.Display() != "." {
		t.Errorf("not set: %+v %+v %+v", h, fte, occ)
	}
	// 0 hours is set: no bezetting to compute.
	h, _, occ = s.CapacityFigures(0, true, 3)
	if h.Display() != "0,0" || !occ.Missing {
		t.Errorf("0 hours: %s, %+v", h.Display(), occ)
	}
	// A withheld count behind the weighted caseload withholds the
	// bezetting: bezetting × capacity would give the caseload back.
	withheld := Figure{Unit: UnitCount, Suppressed: true}
	h, fte, occ = s.CapacityFigures(36*60, true, 25, Count(12), withheld, Count(10))
	if !occ.Suppressed || occ.Value != 0 || occ.Display() != "x" || !h.Shown() || !fte.Shown() {
		t.Errorf("withheld count: %+v %+v %+v", h, fte, occ)
	}
}

func TestCapacitySettingsValidate(t *testing.T) {
	s := DefaultSettings("GM0001")
	if err := s.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	s.FTEHours, s.NormPerFTE = 31, 0
	var e *Error
	if !errors.As(s.Validate(), &e) || len(e.Fields) != 2 || e.Fields[0].Name != "urenPerFte" || e.Fields[1].Name != "normPerFte" {
		t.Errorf("31 hours, norm 0: %v", s.Validate())
	}
	s.FTEHours, s.NormPerFTE = 40, 200
	if err := s.Validate(); err != nil {
		t.Errorf("40 hours, norm 200: %v", err)
	}
	if got := s.CapacityPoints(20 * 60); got != 100 {
		t.Errorf("20 of 40 hours at 200 points: %v", got)
	}
}
