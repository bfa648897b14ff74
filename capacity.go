package wijkregie

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Capacity (docs/uitkomsten.md, "Capaciteit"): the hours a professional of
// a team has per week for the team's cases, as the team lead sets them,
// and the municipality's norm that turns hours into weighted caseload.
// The workload report sets each professional's and each team's weighted
// caseload against it (bezetting).
//
// Hours are whole or half hours from 0 to 40: contracts are agreed in
// hours per week, a half hour is the finest step in Dutch part-time
// contracts in practice (18,5; 22,5), and 40 is the most a full-time
// contract holds (Arbeidstijdenwet allows more per week only as an average
// over weeks). 0 is a real value — a professional on leave or long-term
// sick carries no cases — and differs from "not set".

// MaxCapacityMinutes is the most a capacity holds: 40 hours a week.
const MaxCapacityMinutes = 40 * 60

// Capacity is a professional's hours per week for the team's cases.
type Capacity struct {
	MunicipalityID string
	UserID         string
	// Minutes per week: a multiple of 30 (whole or half hours), at most
	// MaxCapacityMinutes. Kept in minutes so both engines store a whole
	// number and no float rounds a half hour.
	Minutes int
	SetBy   string // the user who set it (the team lead)
	SetAt   time.Time
}

// Hours returns the capacity in hours per week.
func (c Capacity) Hours() float64 { return float64(c.Minutes) / 60 }

// Validate checks the capacity's range and step.
func (c *Capacity) Validate() error { return ValidMinutes("urenPerWeek", c.Minutes) }

// ValidMinutes returns an error naming field when minutes is not a
// capacity: below zero, above 40 hours, or not whole or half hours.
func ValidMinutes(field string, minutes int) error {
	switch {
	case minutes < 0 || minutes > MaxCapacityMinutes:
		return InvalidField(field, "veld.capaciteit.bereik")
	case minutes%30 != 0:
		return InvalidField(field, "veld.capaciteit.halve_uren")
	}
	return nil
}

// hoursText is a number as a person types hours: digits with at most one
// decimal separator; a minus sign is read so that the message can say the
// range rather than "not a number".
var hoursText = regexp.MustCompile(`^-?[0-9]+([.,][0-9]+)?$`)

// ParseHours reads hours per week as a person types them, "32", "32,5"
// or "32.5", and returns the minutes; an error names field. An empty text
// is "not set" and is the caller's to handle before.
func ParseHours(field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if !hoursText.MatchString(s) {
		return 0, InvalidField(field, "veld.capaciteit.getal")
	}
	// The Dutch decimal comma, or a point.
	h, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return 0, InvalidField(field, "veld.capaciteit.getal")
	}
	return HoursToMinutes(field, h)
}

// HoursToMinutes returns the minutes of h hours per week, or an error
// naming field when h is not a capacity.
func HoursToMinutes(field string, h float64) (int, error) {
	if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 || h > MaxCapacityMinutes/60 {
		return 0, InvalidField(field, "veld.capaciteit.bereik")
	}
	half := h * 2
	if half != math.Trunc(half) {
		return 0, InvalidField(field, "veld.capaciteit.halve_uren")
	}
	return int(half) * 30, nil
}

// FormatHours writes hours per week as a form shows them: "32", "32,5".
func FormatHours(minutes int) string {
	if minutes%60 == 0 {
		return strconv.Itoa(minutes / 60)
	}
	return strconv.Itoa(minutes/60) + ",5"
}

// The capacity settings' defaults: a full-time week of 36 hours (the
// CAO Gemeenten and the CAO Sociaal Werk both count 36), and 30 weighted
// points per full FTE — fifteen intensive cases, or ten at the safety
// level, with the default weights 1, 2 and 3. The norm is a
// municipality's choice; the default is a starting point to tune, not a
// national standard (there is none for sociale wijkteams).
const (
	DefaultFTEHours   = 36
	DefaultNormPerFTE = 30
)

// FTE returns minutes per week as a share of a full-time week.
func (s *Settings) FTE(minutes int) float64 {
	return float64(minutes) / 60 / float64(s.FTEHours)
}

// CapacityPoints returns the weighted caseload a capacity of minutes per
// week can carry: hours / FTE hours × the norm per FTE.
func (s *Settings) CapacityPoints(minutes int) float64 {
	return s.FTE(minutes) * float64(s.NormPerFTE)
}

// validateCapacity checks the capacity settings: a full-time week from 32
// to 40 hours, a norm from 1 to 200 points.
func (s *Settings) validateCapacity(v *Invalid) {
	if s.FTEHours < 32 || s.FTEHours > 40 {
		v.Field("urenPerFte", "veld.capaciteit.uren_per_fte")
	}
	if s.NormPerFTE < 1 || s.NormPerFTE > 200 {
		v.Field("normPerFte", "veld.capaciteit.norm_per_fte")
	}
}

// The figures of capacity in a report. Hours are shown with one decimal
// like days; an FTE with two, as formations are written (0,89 fte).
const (
	UnitHours Unit = "uren"
	UnitFTE   Unit = "fte"
)

// CapacityFigures returns the capacity columns of a caseload row:
// hours, FTE and bezetting (the weighted caseload as a percentage of the
// capacity in points). known is false when the capacity is not set (for
// a team: not for every professional of it); every figure is then
// missing, never 0 %. The bezetting is derived from the counts behind the
// weighted caseload: the capacity is published beside it, so bezetting ×
// capacity gives the weighted caseload back, and the bezetting is
// withheld wherever that is (DeriveFrom).
func (s *Settings) CapacityFigures(minutes int, known bool, weighted float64, counts ...Figure) (hours, fte, occupancy Figure) {
	if !known {
		return Missing(UnitHours), Missing(UnitFTE), Missing(UnitPercent)
	}
	hours = Figure{Value: float64(minutes) / 60, Unit: UnitHours}
	fte = Figure{Value: s.FTE(minutes), Unit: UnitFTE}
	points := s.CapacityPoints(minutes)
	if points == 0 {
		return hours, fte, Missing(UnitPercent)
	}
	return hours, fte, DeriveFrom(UnitPercent, weighted*100/points, counts...)
}

func init() {
	for a, k := range map[string]AuditKind{
		"capaciteit.bekijken":   KindRead,
		"capaciteit.vastleggen": KindChange,
	} {
		auditKinds[a] = k
	}
}
