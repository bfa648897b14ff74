package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// SignalKind says what a signal is about, as the team's intake sorts it.
type SignalKind string

// The kinds of signal.
const (
	SignalHelpRequest SignalKind = "hulpvraag"   // someone asks for help
	SignalCareReport  SignalKind = "zorgmelding" // someone worries about a family
	SignalSafety      SignalKind = "veiligheid"  // a possible unsafe situation
)

// SignalKinds lists the kinds in the order forms show them.
var SignalKinds = []SignalKind{SignalHelpRequest, SignalCareReport, SignalSafety}

// Valid reports whether k is a known kind.
func (k SignalKind) Valid() bool { return slices.Contains(SignalKinds, k) }

// SourceKind says where a signal came from.
type SourceKind string

// The sources of a signal.
const (
	SourceSelf        SourceKind = "zelf"
	SourceNeighbour   SourceKind = "buurtbewoner"
	SourceGP          SourceKind = "huisarts"
	SourceSchool      SourceKind = "school"
	SourceHousingCorp SourceKind = "woningcorporatie"
	SourcePolice      SourceKind = "politie"
	SourceCreditor    SourceKind = "schuldeiser"
	SourceOther       SourceKind = "anders"
)

// SourceKinds lists the sources in the order forms show them.
var SourceKinds = []SourceKind{SourceSelf, SourceNeighbour, SourceGP, SourceSchool, SourceHousingCorp, SourcePolice, SourceCreditor, SourceOther}

// Valid reports whether k is a known source.
func (k SourceKind) Valid() bool { return slices.Contains(SourceKinds, k) }

// Urgency decides the triage deadline.
type Urgency string

// The urgencies.
const (
	UrgencyUrgent Urgency = "spoed"
	UrgencyNormal Urgency = "normaal"
)

// Urgencies lists the urgencies in the order forms show them.
var Urgencies = []Urgency{UrgencyNormal, UrgencyUrgent}

// Valid reports whether u is a known urgency.
func (u Urgency) Valid() bool { return slices.Contains(Urgencies, u) }

// SignalStatus is where a signal is in triage; triage.go has the states a
// decision leads to.
type SignalStatus string

// The statuses.
const (
	SignalNew    SignalStatus = "nieuw"
	SignalClosed SignalStatus = "afgesloten" // no longer matched against
)

// The platform's default triage terms in working days; a municipality sets
// its own in Settings.
const (
	TriageDaysUrgent = 0 // the end of the working day the signal came in
	TriageDaysNormal = 5
)

// TriageDeadline returns when a signal received at the moment must have
// been triaged under the platform's default terms.
func TriageDeadline(received time.Time, u Urgency) time.Time {
	d := DefaultSettings("")
	return d.TriageDeadlineFor(received, u)
}

// Signal is a worry or a request for help about a person or a household,
// as it reaches the team. It always names somebody: a person, or a
// household (an unknown family is registered by its address). An external
// reporter may ask to stay anonymous to the family.
type Signal struct {
	MunicipalityID       string
	ID                   string
	Kind                 SignalKind
	PersonID             string // optional
	HouseholdID          string // optional; one of the two is set
	SourceKind           SourceKind
	SourceOrganisationID string // optional
	ReporterName         string // optional external reporter
	ReporterContact      string
	AnonymousToFamily    bool
	Domains              []string // ZRM domain codes, at least one
	Description          string   // personal data: never in logs or URLs
	Urgency              Urgency
	ReceivedAt           time.Time
	TriageDeadline       time.Time
	Status               SignalStatus
	TeamID               string
	CreatedBy            string
	CreatedAt            time.Time
}

// Validate checks a signal's fields. Ids are checked for form only; the
// use case checks that they name somebody.
func (s *Signal) Validate() error {
	var v Invalid
	if !s.Kind.Valid() {
		v.Field("soort", "veld.keuze")
	}
	if s.PersonID == "" && s.HouseholdID == "" {
		v.Field("onderwerp", "veld.signaal.onderwerp")
	}
	if !s.SourceKind.Valid() {
		v.Field("bron", "veld.keuze")
	}
	if len(s.Domains) == 0 {
		v.Field("domeinen", "veld.domeinen")
	}
	for i, d := range s.Domains {
		if !ValidDomain(d) || slices.Contains(s.Domains[:i], d) {
			v.Field("domeinen", "veld.domeinen")
			break
		}
	}
	if strings.TrimSpace(s.Description) == "" {
		v.Field("omschrijving", "veld.verplicht")
	}
	if !s.Urgency.Valid() {
		v.Field("urgentie", "veld.keuze")
	}
	if s.ReceivedAt.IsZero() {
		v.Field("ontvangen", "veld.datum")
	}
	return v.Err()
}

// Active reports whether the signal still takes part in matching: while
// it waits for triage, and while its case is open. A signal answered or
// referred is done.
func (s *Signal) Active() bool { return s.Status == SignalNew || s.Status == SignalInCase }

// SignalScope is the list form of the access policy for signals, in the
// style of HouseholdScope. A signal is in scope when All is set, or it
// belongs to TeamID, or UserID created it, or OrganisationID is the
// creator's organisation, or UserID is currently involved with its
// household. The zero value is the empty scope.
type SignalScope struct {
	All            bool
	TeamID         string
	UserID         string
	OrganisationID string
	// OwnOnly narrows UserID to the signals the user registered, without
	// those of the households the user is involved with: a partner never
	// reads what another organisation registered (docs/privacy.md).
	OwnOnly bool
}

// Empty reports whether the scope admits no signal at all.
func (s SignalScope) Empty() bool {
	return !s.All && s.TeamID == "" && s.UserID == "" && s.OrganisationID == ""
}

// SignalMatch is another party who works with the same person or household
// as a signal: the Verwijsindex principle, who and how to reach them, never
// what they know. OtherSignalID is set when the match is another signal,
// empty when it is a current involvement.
type SignalMatch struct {
	MunicipalityID string
	SignalID       string
	UserID         string
	OtherSignalID  string
	CreatedAt      time.Time
}

// NotificationMatch is the kind of notification that tells a user someone
// else works with the same family.
const NotificationMatch = "match"

// Notification is a message in a user's inbox. A match notification names
// the other party (name, organisation, contact) and the household, and the
// recipient's own signal when they have one; never the other signal's kind,
// domains or description.
type Notification struct {
	MunicipalityID    string
	ID                string
	RecipientID       string
	Kind              string
	SignalID          string // the recipient's own signal, if any
	HouseholdID       string
	OtherUserID       string
	OtherName         string
	OtherOrganisation string
	OtherContact      string
	// The record the notification is about, when its kind names one: for
	// NotificationEmergencyAccess the emergency access to review.
	SubjectID string
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}
