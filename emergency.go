package wijkregie

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Emergency access (nood-toegang). Need-to-know is the rule: a case is open
// to those who work with the family and to the lead of its team. Now and
// then a professional outside the case must see it at once — a crisis at
// night, a colleague who is ill, a family that turns up at the wrong
// team's desk. NEN 7513 lists emergency access ("break the glass") among
// the events a log must hold: the professional states a reason, gets
// access for a short time, and the privacy officer reviews afterwards
// whether it was justified, against what the professional actually read.

// EmergencyAccessDuration is how long an emergency access lasts: one
// working day. Long enough to deal with the situation that called for
// it; short enough that it never turns into lasting access by the back
// door. Whoever needs the case longer is made a betrokkene by its
// regisseur or team lead, as the work asks.
const EmergencyAccessDuration = 8 * time.Hour

// Limits of an emergency access's reason: a real sentence that a reviewer
// can judge (at least 20 characters: "spoed" or "nodig" says nothing),
// and no essay.
const (
	EmergencyReasonMin = 20
	EmergencyReasonMax = 2000
)

// NotificationEmergencyAccess is the kind of notification that tells a
// privacy officer someone took emergency access. It names who, never
// which family.
const NotificationEmergencyAccess = "nood-toegang"

// EmergencyVerdict is the privacy officer's judgement of an emergency
// access.
type EmergencyVerdict string

const (
	VerdictJustified   EmergencyVerdict = "terecht"
	VerdictUnjustified EmergencyVerdict = "onterecht"
)

// EmergencyVerdicts lists the verdicts in the order forms show them.
var EmergencyVerdicts = []EmergencyVerdict{VerdictJustified, VerdictUnjustified}

// Valid reports whether v is a known verdict.
func (v EmergencyVerdict) Valid() bool { return slices.Contains(EmergencyVerdicts, v) }

// EmergencyAccess is one emergency access: who took it to which case (and
// so to its household), why, for which window, and the privacy officer's
// review of it.
type EmergencyAccess struct {
	MunicipalityID string
	ID             string
	CaseID         string
	HouseholdID    string
	UserID         string // who took it
	Reason         string
	Start          time.Time
	End            time.Time // Start + EmergencyAccessDuration

	// The review; zero until the privacy officer has judged it.
	ReviewedAt time.Time
	ReviewedBy string
	Verdict    EmergencyVerdict
	ReviewNote string // why; required when onterecht

	Version int
}

// NewEmergencyAccess returns the emergency access a user takes to a case
// at now, with its window, or an error naming reden when the reason is
// not one a reviewer can judge.
func NewEmergencyAccess(municipalityID, caseID, householdID, userID, reason string, now time.Time) (*EmergencyAccess, error) {
	e := &EmergencyAccess{MunicipalityID: municipalityID, CaseID: caseID, HouseholdID: householdID, UserID: userID,
		Reason: strings.TrimSpace(reason), Start: now, End: now.Add(EmergencyAccessDuration)}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return e, nil
}

// Validate checks the reason: given, a real sentence, not too long.
func (e *EmergencyAccess) Validate() error {
	var v Invalid
	switch n := utf8.RuneCountInString(strings.TrimSpace(e.Reason)); {
	case n == 0:
		v.Field("reden", "veld.verplicht")
	case n < EmergencyReasonMin:
		v.Field("reden", "veld.noodtoegang.reden_kort")
	case len(e.Reason) > EmergencyReasonMax:
		v.Field("reden", "veld.noodtoegang.te_lang")
	}
	if e.CaseID == "" || e.HouseholdID == "" || e.UserID == "" {
		v.Field("casus", "veld.verplicht")
	}
	if !e.End.After(e.Start) {
		v.Field("tot", "veld.tot")
	}
	return v.Err()
}

// CurrentAt reports whether the access holds at t: from its start until,
// not including, its end.
func (e *EmergencyAccess) CurrentAt(t time.Time) bool {
	return !t.Before(e.Start) && t.Before(e.End)
}

// Reviewed reports whether the privacy officer has judged the access.
func (e *EmergencyAccess) Reviewed() bool { return !e.ReviewedAt.IsZero() }

// Review records the privacy officer's verdict at now. An access is
// judged once: a second review is a conflict. Onterecht needs a note
// saying why, for the conversation with the professional that follows.
func (e *EmergencyAccess) Review(userID string, verdict EmergencyVerdict, note string, now time.Time) error {
	if e.Reviewed() {
		return Conflict("fout.noodtoegang.al_beoordeeld")
	}
	note = strings.TrimSpace(note)
	var v Invalid
	if !verdict.Valid() {
		v.Field("oordeel", "veld.keuze")
	}
	switch {
	case verdict == VerdictUnjustified && note == "":
		v.Field("toelichting", "veld.noodtoegang.toelichting")
	case len(note) > EmergencyReasonMax:
		v.Field("toelichting", "veld.noodtoegang.te_lang")
	}
	if err := v.Err(); err != nil {
		return err
	}
	e.ReviewedAt, e.ReviewedBy, e.Verdict, e.ReviewNote = now, userID, verdict, note
	return nil
}
