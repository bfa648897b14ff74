package wijkregie

import (
	"slices"
	"time"
)

// Outreach is the municipality's offer of help to a household that did not
// ask for it: the GGM's vroegsignaalzaak. The arrears reports on one
// household are bundled into its one open outreach; it is assigned to the
// team whose area holds the address, or, when the household has an open
// case, to the case's regisseur. It ends with one outcome code.
type Outreach struct {
	MunicipalityID string
	ID             string
	HouseholdID    string
	TeamID         string
	CaseID         string // optional: the open case it joined
	AssignedTo     string // optional: the professional who works it
	Status         OutreachStatus
	Threatening    bool      // one of its open reports is threatening
	Deadline       time.Time // the first offer of help is due
	OpenedAt       time.Time // the first report's arrival
	FirstContactAt time.Time // the first contact attempt, reached or not
	ReachedAt      time.Time // the first attempt that reached the household
	Outcome        OutcomeCode
	OutcomeNote    string // optional, with the outcome; personal data: never in logs or URLs
	SignalID       string // optional: the signal accepted help became
	ClosedAt       time.Time
	ClosedBy       string
	Version        int
}

// NotificationOutreach is the kind of notification that tells a regisseur
// an outreach joined their open case, or handed the household to them
// (outcome "ander lopend traject"). Its SubjectID is the outreach's id; it
// names no creditor, amount or debtor detail: the outreach's page does,
// to those who may read it.
const NotificationOutreach = "vroegsignaal"

// EventOutreach is the line of a case's history that says an outreach
// joined the case: From is the outcome that brought it (accepted help, or
// "ander lopend traject"), To the outreach's id. Like a joined signal it
// is the team's to read, not a partner's: it tells of payment arrears.
const EventOutreach CaseEventKind = "vroegsignaal"

// OutreachStatus is whether an outreach is still being worked.
type OutreachStatus string

// The statuses.
const (
	OutreachOpen   OutreachStatus = "open"
	OutreachClosed OutreachStatus = "afgerond"
)

// AttemptKind is how a contact attempt was made (GGM: contactpoging).
type AttemptKind string

// The kinds of contact attempt, as the GGM lists them.
const (
	AttemptMail     AttemptKind = "mail"
	AttemptLetter   AttemptKind = "brief"
	AttemptText     AttemptKind = "sms-whatsapp"
	AttemptPhone    AttemptKind = "telefoon"
	AttemptVisit    AttemptKind = "huisbezoek"
	AttemptCard     AttemptKind = "kaartje"
	AttemptAdmin    AttemptKind = "administratief"
	AttemptLocation AttemptKind = "afspraak-op-locatie"
)

// AttemptKinds lists the kinds in the order forms show them.
var AttemptKinds = []AttemptKind{AttemptVisit, AttemptPhone, AttemptLetter, AttemptCard, AttemptMail,
	AttemptText, AttemptLocation, AttemptAdmin}

// Valid reports whether k is a known kind.
func (k AttemptKind) Valid() bool { return slices.Contains(AttemptKinds, k) }

// PartOfDay is the GGM's dagdeel: when an attempt was made matters for
// reaching working people (an evening visit reaches whom a morning misses).
type PartOfDay string

// The parts of the day: ochtend before 12, middag 12–18, avond from 18.
const (
	Morning   PartOfDay = "ochtend"
	Afternoon PartOfDay = "middag"
	Evening   PartOfDay = "avond"
)

// PartsOfDay lists the parts in order.
var PartsOfDay = []PartOfDay{Morning, Afternoon, Evening}

// Valid reports whether p is a known part of the day.
func (p PartOfDay) Valid() bool { return slices.Contains(PartsOfDay, p) }

// PartOfDayAt returns the part of the day of a moment, in Dutch time.
func PartOfDayAt(t time.Time) PartOfDay {
	switch h := t.In(amsterdam).Hour(); {
	case h < 12:
		return Morning
	case h < 18:
		return Afternoon
	}
	return Evening
}

// ContactAttempt is one attempt to reach the household.
type ContactAttempt struct {
	MunicipalityID string
	ID             string
	OutreachID     string
	Kind           AttemptKind
	On             time.Time // the date, midnight UTC
	PartOfDay      PartOfDay
	Reached        bool
	Note           string // optional; personal data: never in logs or URLs
	RecordedBy     string
	RecordedAt     time.Time
}

// MaxContactNote bounds an attempt's note: it says how it went, the
// journal of a case holds the story.
const MaxContactNote = 2000

// Validate checks an attempt against the day it is recorded.
func (c *ContactAttempt) Validate(today time.Time) error {
	var v Invalid
	if !c.Kind.Valid() {
		v.Field("soort", "veld.keuze")
	}
	if c.On.IsZero() {
		v.Field("datum", "veld.datum")
	} else if c.On.After(today) {
		v.Field("datum", "veld.datum_toekomst")
	}
	if !c.PartOfDay.Valid() {
		v.Field("dagdeel", "veld.keuze")
	}
	if len(c.Note) > MaxContactNote {
		v.Field("toelichting", "veld.vroeg.te_lang")
	}
	return v.Err()
}

// OutcomeCode is how an outreach ended: the national result codes of the
// GGM Model Vroegsignalering, so that the municipality's figures add up
// with the others'.
type OutcomeCode string

// The outcome codes.
const (
	OutcomeRepeated        OutcomeCode = "niet-opgepakt-herhaalde-melding"
	OutcomeUnjustified     OutcomeCode = "niet-opgepakt-onterecht-signaal"
	OutcomeDeceased        OutcomeCode = "inwoner-overleden"
	OutcomeNotResident     OutcomeCode = "geen-inwoner"
	OutcomeOtherReason     OutcomeCode = "niet-opgepakt-andere-reden"
	OutcomeKnownDebtHelp   OutcomeCode = "al-bekend-schuldhulpverlening"
	OutcomeOtherTrajectory OutcomeCode = "ander-lopend-traject"
	OutcomeNoContact       OutcomeCode = "definitief-geen-contact"
	OutcomeNoResponse      OutcomeCode = "geen-reactie-na-contact"
	OutcomeNoHelpWanted    OutcomeCode = "geen-hulp-nodig"
	OutcomeSelfPaid        OutcomeCode = "zelf-betaald-of-regeling"
	OutcomeAdvice          OutcomeCode = "advies-of-quick-fix"
	OutcomeFinancialHelp   OutcomeCode = "vervolghulp-financieel"
	OutcomeReferral        OutcomeCode = "verwijzing-zonder-contact"
	OutcomeOtherHelp       OutcomeCode = "vervolghulp-niet-financieel"
)

// OutcomeCodes lists the codes in the GGM's order.
var OutcomeCodes = []OutcomeCode{OutcomeRepeated, OutcomeUnjustified, OutcomeDeceased, OutcomeNotResident,
	OutcomeOtherReason, OutcomeKnownDebtHelp, OutcomeOtherTrajectory, OutcomeNoContact, OutcomeNoResponse,
	OutcomeNoHelpWanted, OutcomeSelfPaid, OutcomeAdvice, OutcomeFinancialHelp, OutcomeReferral, OutcomeOtherHelp}

// Valid reports whether c is a known code.
func (c OutcomeCode) Valid() bool { return slices.Contains(OutcomeCodes, c) }

// ReducedOutcome is what a creditor learns of the outcome: enough to pause
// or resume collection, nothing of the household's circumstances (that a
// resident died, moved, or has help elsewhere is not the creditor's to
// know from us).
type ReducedOutcome string

// The reduced outcomes.
const (
	ReducedNotTaken   ReducedOutcome = "niet-opgepakt"
	ReducedNoContact  ReducedOutcome = "geen-contact"
	ReducedNoHelp     ReducedOutcome = "contact-geen-hulp"
	ReducedHelpActive ReducedOutcome = "hulp-gestart"
)

// ReducedOutcomes lists the reduced outcomes in order.
var ReducedOutcomes = []ReducedOutcome{ReducedNotTaken, ReducedNoContact, ReducedNoHelp, ReducedHelpActive}

// Reduced returns what the creditor is told of c.
func (c OutcomeCode) Reduced() ReducedOutcome {
	switch c {
	case OutcomeKnownDebtHelp, OutcomeOtherTrajectory, OutcomeAdvice, OutcomeFinancialHelp, OutcomeOtherHelp:
		return ReducedHelpActive
	case OutcomeNoContact, OutcomeNoResponse:
		return ReducedNoContact
	case OutcomeNoHelpWanted, OutcomeSelfPaid:
		return ReducedNoHelp
	}
	return ReducedNotTaken
}

// HelpAccepted reports whether the household accepted help that goes on
// after the outreach: it becomes a signal in the team's triage, or joins
// the family's open case.
func (c OutcomeCode) HelpAccepted() bool {
	return c == OutcomeFinancialHelp || c == OutcomeOtherHelp
}

// NeedsContact reports whether the code may only be recorded after an
// attempt reached the household: no one accepts or declines help unasked.
func (c OutcomeCode) NeedsContact() bool {
	switch c {
	case OutcomeNoResponse, OutcomeNoHelpWanted, OutcomeAdvice, OutcomeFinancialHelp, OutcomeOtherHelp:
		return true
	}
	return false
}

// MaxOutcomeNote bounds the note with an outcome.
const MaxOutcomeNote = 2000

// OutreachDeadline returns when the first offer of help on a report
// received at the moment is due under the settings: the normal term in
// calendar days (about four weeks), a threatening report's in working days,
// an end-of-delivery report's in working days; never later than the last
// working day before an announced eviction, cut-off or end of delivery. A
// deadline that falls on a day off moves to the next working day.
func (s *Settings) OutreachDeadline(received time.Time, kind ArrearsKind, end time.Time) time.Time {
	var due time.Time
	switch {
	case kind.Threatening():
		due = AddWorkingDays(received, s.OutreachDaysThreat)
	case kind == ArrearsEndOfDelivery:
		due = AddWorkingDays(received, s.OutreachDaysEndOfDelivery)
	default:
		due = AddWorkingDays(received.In(amsterdam).AddDate(0, 0, s.OutreachDaysNormal), 0)
	}
	if end.IsZero() {
		return due
	}
	// The last working day before the end: step back from the end's day.
	d := civilDate(end.In(amsterdam)).AddDate(0, 0, -1)
	for !IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	if latest := endOfDay(d); latest.Before(due) {
		if first := AddWorkingDays(received, 0); latest.Before(first) {
			return first
		}
		return latest
	}
	return due
}

// The audit log's kinds (NEN 7513) of vroegsignalering's actions and of the
// public concern form, added to the table in auditkind.go at
// initialisation, as rights.go adds its own.
func init() {
	for a, k := range map[string]AuditKind{
		"betalingsachterstanden.importeren": KindCreate,
		"betalingsachterstand.aanmaken":     KindCreate,
		"betalingsachterstand.wijzigen":     KindChange,
		"vroegsignalen.bekijken":            KindSearch,
		"vroegsignaal.lezen":                KindRead,
		"vroegsignaal.bewerken":             KindChange,
		"vroegsignaal.contactpoging":        KindCreate,
		"vroegsignaal.afronden":             KindChange,
		"terugmelding.exporteren":           KindExport,
		"vroegsignalering.monitor":          KindRead,
		"zorgmelding.indienen":              KindCreate,
	} {
		auditKinds[a] = k
	}
}
