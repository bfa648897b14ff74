package wijkregie

import (
	"fmt"
	"time"
)

// Retention (bewaartermijnen). The AVG (art. 5(1)(e)) keeps personal data
// no longer than its purpose needs; the Jeugdwet sets a floor for youth
// care files. A municipality sets its own periods, within the bounds
// below; retention then anonymises what has expired and removes who is
// no longer in any record. docs/privacy.md ("Bewaartermijnen") gives each
// default with its source, or says that it is the municipality's choice.
//
// An expired case file is anonymised, not deleted: outcome statistics
// (issue 7) count closed cases — their levels, domains, ZRM scores, goals,
// closure reasons — and need their rows, without anything that says whose
// they were.

// RetentionKind is a kind of record with its own period.
type RetentionKind string

const (
	// RetainYouthCase is a closed case under the Jeugdwet.
	RetainYouthCase RetentionKind = "jeugddossier"
	// RetainSocialCase is any other closed case: Wmo 2015, Wgs,
	// Participatiewet, Meldcode, or without a recorded ground.
	RetainSocialCase RetentionKind = "sociaaldossier"
	// RetainSignal is a signal that never became a case (enkelvoudig,
	// geen actie, afgesloten).
	RetainSignal RetentionKind = "signaal"
)

// RetentionKinds lists the kinds with a period, in the order pages show
// them.
var RetentionKinds = []RetentionKind{RetainYouthCase, RetainSocialCase, RetainSignal}

// Period is a retention period in years and months.
type Period struct {
	Years  int
	Months int
}

// InMonths returns the period as a number of months.
func (p Period) InMonths() int { return p.Years*12 + p.Months }

// PeriodOfMonths returns the period of n months, in years and months.
func PeriodOfMonths(n int) Period { return Period{Years: n / 12, Months: n % 12} }

// Cutoff returns the latest moment a record may have ended to have
// expired at now: a record that ended at or before it has been kept for
// the whole period. Calendar arithmetic, so "20 years" ends on the
// anniversary whatever the leap days.
func (p Period) Cutoff(now time.Time) time.Time {
	return now.UTC().AddDate(-p.Years, -p.Months, 0)
}

// String writes the period for logs and tests, e.g. "20y0m".
func (p Period) String() string { return fmt.Sprintf("%dy%dm", p.Years, p.Months) }

// RetentionPeriods are a municipality's retention periods. The zero value
// is not valid; DefaultRetentionPeriods gives the platform's until beheer
// sets its own.
type RetentionPeriods struct {
	MunicipalityID string
	// YouthCase runs from a Jeugdwet case's closure. Jeugdwet art. 7.3.8:
	// at least 20 years after the care ended.
	YouthCase Period
	// SocialCase runs from the closure of any other case. No statute sets
	// it; the municipality applies its selection list.
	SocialCase Period
	// Signal runs from the triage of a signal that never became a case
	// (from its receipt when it was never triaged).
	Signal Period

	Version   int
	UpdatedAt time.Time
	UpdatedBy string
}

// The bounds of the periods, in months.
const (
	// YouthCaseMinMonths is the Jeugdwet's floor (art. 7.3.8: twenty
	// years); a municipality may keep longer, not shorter.
	YouthCaseMinMonths = 20 * 12
	// A case file is kept at least a year: a family that comes back within
	// a year is a relapse, and its team reads the earlier file.
	SocialCaseMinMonths = 12
	SignalMinMonths     = 1
	// No period beyond fifty years: longer is keeping for good, which no
	// purpose of the platform needs.
	RetentionMaxMonths = 50 * 12
)

// DefaultRetentionPeriods returns the platform's defaults (docs/privacy.md
// says which are sourced and which the municipality must confirm).
func DefaultRetentionPeriods(municipalityID string) RetentionPeriods {
	return RetentionPeriods{MunicipalityID: municipalityID,
		YouthCase:  Period{Years: 20},
		SocialCase: Period{Years: 10},
		Signal:     Period{Years: 2},
	}
}

// Of returns the period of a kind.
func (r RetentionPeriods) Of(k RetentionKind) Period {
	switch k {
	case RetainYouthCase:
		return r.YouthCase
	case RetainSocialCase:
		return r.SocialCase
	}
	return r.Signal
}

// Validate checks the periods; it names every field in error, by the
// names the API and the form use ("jeugddossierJaren", …).
func (r *RetentionPeriods) Validate() error {
	var v Invalid
	for _, f := range []struct {
		name string
		p    Period
		min  int
		low  string // the message when the period is below min
	}{
		{"jeugddossier", r.YouthCase, YouthCaseMinMonths, "veld.bewaartermijn.jeugdwet"},
		{"sociaalDossier", r.SocialCase, SocialCaseMinMonths, "veld.bewaartermijn.dossier_minimaal"},
		{"signaal", r.Signal, SignalMinMonths, "veld.bewaartermijn.signaal_minimaal"},
	} {
		bad := false
		if f.p.Years < 0 || f.p.Years > RetentionMaxMonths/12 {
			v.Field(f.name+"Jaren", "veld.bewaartermijn.jaren")
			bad = true
		}
		if f.p.Months < 0 || f.p.Months > 11 {
			v.Field(f.name+"Maanden", "veld.bewaartermijn.maanden")
			bad = true
		}
		if bad {
			continue
		}
		switch n := f.p.InMonths(); {
		case n < f.min:
			v.Field(f.name+"Jaren", f.low)
		case n > RetentionMaxMonths:
			v.Field(f.name+"Jaren", "veld.bewaartermijn.maximaal")
		}
	}
	return v.Err()
}

// Cutoffs returns the moments before which each kind of record has
// expired at now.
func (r RetentionPeriods) Cutoffs(now time.Time) RetentionCutoffs {
	c := RetentionCutoffs{Now: now.UTC(), YouthCase: r.YouthCase.Cutoff(now), SocialCase: r.SocialCase.Cutoff(now), Signal: r.Signal.Cutoff(now)}
	// A household or person with no record left goes once it has been
	// registered for the shortest period: a family registered this
	// morning, whose signal is being typed, is not an orphan.
	c.Orphan = c.YouthCase
	for _, t := range []time.Time{c.SocialCase, c.Signal} {
		if t.After(c.Orphan) {
			c.Orphan = t
		}
	}
	return c
}

// RetentionCutoffs are the periods applied at one moment: a record that
// ended at or before its kind's cutoff has expired.
type RetentionCutoffs struct {
	Now        time.Time
	YouthCase  time.Time
	SocialCase time.Time
	Signal     time.Time
	// Orphan: a household or person without any record left is removed
	// when it was registered at or before this moment (the latest cutoff).
	Orphan time.Time
}

// RetentionCount is what one run did, or a dry run would do, to one kind
// of record.
type RetentionCount struct {
	Expired    int // had expired at the start of the run
	Anonymised int
	Removed    int
}

// RetentionReport is the outcome of a retention run. A dry run fills
// Expired only; a real run also what it anonymised and removed. It holds
// counts, never whose records they were.
type RetentionReport struct {
	MunicipalityID string
	At             time.Time
	DryRun         bool
	Periods        RetentionPeriods

	YouthCases  RetentionCount // closed Jeugdwet cases: anonymised
	SocialCases RetentionCount // other closed cases: anonymised
	Signals     RetentionCount // signals without a case: anonymised
	Households  RetentionCount // without any record left: removed
	Persons     RetentionCount // without any record left: removed
	Consents    RetentionCount // of the persons removed: removed with them
}

// Changed reports whether the run changed anything.
func (r *RetentionReport) Changed() bool {
	for _, c := range []RetentionCount{r.YouthCases, r.SocialCases, r.Signals, r.Households, r.Persons, r.Consents} {
		if c.Anonymised > 0 || c.Removed > 0 {
			return true
		}
	}
	return false
}
