package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// CaseStatus is where a case stands in the method's course.
type CaseStatus string

// The statuses, in the order a case normally passes them. A case that has
// closed or been handed over is no longer open; everything else is.
const (
	CaseRegistered CaseStatus = "aangemeld"
	CaseIntake     CaseStatus = "intake"
	CasePlan       CaseStatus = "plan"
	CaseExecution  CaseStatus = "uitvoering"
	CaseScaleDown  CaseStatus = "afschalen"
	CaseClosed     CaseStatus = "afgesloten"
	CaseHandedOver CaseStatus = "overgedragen"
)

// CaseStatuses lists the statuses in their course order.
var CaseStatuses = []CaseStatus{CaseRegistered, CaseIntake, CasePlan, CaseExecution, CaseScaleDown, CaseClosed, CaseHandedOver}

// Valid reports whether s is a known status.
func (s CaseStatus) Valid() bool { return slices.Contains(CaseStatuses, s) }

// Open reports whether a case in this status is still being worked on.
func (s CaseStatus) Open() bool { return s != CaseClosed && s != CaseHandedOver }

// CanMoveTo says which status changes the method allows. The course goes
// forward one step at a time; a case may step back when the plan has to
// be made again (uitvoering → plan) or scaling down fails (afschalen →
// uitvoering), and an open case may close at any moment (the family moves
// away, refuses help, or no longer needs it). Handing over is the
// handover's business (a later issue), not a status change by hand.
func (s CaseStatus) CanMoveTo(to CaseStatus) bool {
	if !s.Open() || !to.Valid() || to == s || to == CaseHandedOver {
		return false
	}
	if to == CaseClosed {
		return true
	}
	from, next := slices.Index(CaseStatuses, s), slices.Index(CaseStatuses, to)
	switch {
	case next == from+1:
		return true
	case s == CaseExecution && to == CasePlan, s == CaseScaleDown && to == CaseExecution:
		return true
	}
	return false
}

// NeedsCoordinator reports whether a case in this status must have its
// regisseur: from the intake on, somebody holds the case. Only a case
// just registered may wait for the team lead's assignment.
func (s CaseStatus) NeedsCoordinator() bool { return s.Open() && s != CaseRegistered }

// CaseLevel is how heavy the support is: licht als het kan, zwaar als het
// moet.
type CaseLevel string

// The levels, from light to heavy.
const (
	LevelLight     CaseLevel = "licht"
	LevelIntensive CaseLevel = "intensief"
	LevelSafety    CaseLevel = "veiligheid" // the Meldcode route runs
)

// CaseLevels lists the levels from light to heavy.
var CaseLevels = []CaseLevel{LevelLight, LevelIntensive, LevelSafety}

// Valid reports whether l is a known level.
func (l CaseLevel) Valid() bool { return slices.Contains(CaseLevels, l) }

// Heavier reports whether l is a heavier level than m: moving to it is an
// opschaling, moving back an afschaling.
func (l CaseLevel) Heavier(m CaseLevel) bool {
	return slices.Index(CaseLevels, l) > slices.Index(CaseLevels, m)
}

// Case is the team's work with one household: one family, one plan, one
// regisseur. A household has at most one open case; the store's unique
// index enforces it.
type Case struct {
	MunicipalityID string
	ID             string
	HouseholdID    string
	TeamID         string
	Status         CaseStatus
	Level          CaseLevel
	Domains        []string // ZRM codes of the worries, from its signals
	OpenedAt       time.Time
	OpenedBy       string
	ClosedAt       time.Time // zero while open
	ClosureReason  string    // one of ClosureReasons, set on closing
	LastContact    time.Time // the day of the latest contact note; zero: none yet
	RelapseOf      string    // the household's case closed within 12 months before this one opened (IsRelapse)
	CoordinatorID  string    // the current regisseur; "" until assigned
	// LegalGround is the ground the team's processing for the case rests
	// on (one of CaseGrounds; "" until the regisseur records it), and
	// LegalGroundNote why (ground.go).
	LegalGround     LegalGround
	LegalGroundNote string
	Version         int // for optimistic concurrency (ETag)
}

// Open reports whether the case is still being worked on.
func (c *Case) Open() bool { return c.Status.Open() }

// CaseEventKind says what happened to a case.
type CaseEventKind string

// The events a case's history records.
const (
	EventOpened       CaseEventKind = "geopend"
	EventStatus       CaseEventKind = "status"
	EventLevel        CaseEventKind = "niveau" // op- or afschaling
	EventCoordinator  CaseEventKind = "regisseur"
	EventSignalJoined CaseEventKind = "signaal"
	EventPartyAdded   CaseEventKind = "betrokkene"
	EventPartyEnded   CaseEventKind = "betrokkene-beeindigd"
	EventMeldcode     CaseEventKind = "meldcode"
	EventEscalation   CaseEventKind = "opschaling"
	EventEnforcement  CaseEventKind = "doorzettingsmacht"
	EventPlan         CaseEventKind = "plan" // a plan version saved
	EventAssessment   CaseEventKind = "zrm"  // a ZRM assessment made
	EventClosed       CaseEventKind = "afsluiting"
)

// CaseEvent is one line of a case's history: what changed, from what to
// what, when, by whom and why. Events are never changed or removed.
type CaseEvent struct {
	MunicipalityID string
	ID             string
	CaseID         string
	Kind           CaseEventKind
	From, To       string // status, level or user id before and after
	Reason         string // personal data when written by hand: never logged
	At             time.Time
	By             string
}

// Mandate is what the regisseur may decide and arrange, written down when
// the team lead assigns them and shown on the case: the inspectorates ask
// that the regisseur's powers be explicit, not implied.
type Mandate struct {
	From       time.Time
	Decide     string // what they may decide and arrange for the family
	EscalateTo string // who they escalate to (a name and function)
}

// Validate checks a mandate's fields.
func (m *Mandate) Validate() error {
	var v Invalid
	if strings.TrimSpace(m.Decide) == "" {
		v.Field("mandaat.bevoegdheden", "veld.verplicht")
	}
	if strings.TrimSpace(m.EscalateTo) == "" {
		v.Field("mandaat.escalatie", "veld.verplicht")
	}
	if m.From.IsZero() {
		v.Field("mandaat.vanaf", "veld.datum")
	}
	return v.Err()
}

// DefaultMandate is the standard mandate a team lead starts from: the
// powers the inspectorates name (regie-en-plan.md).
const DefaultMandate = "Maakt met het gezin één plan en bewaakt de uitvoering; stemt af met alle betrokken professionals; mag opschalen naar het management van partners die niet leveren wat het plan vraagt; mag met doorzettingsmacht besluiten ineffectieve hulp te stoppen en nieuwe hulp in te zetten."

// Assignment is one period in which a user was a case's regisseur. The
// store allows one current assignment per case.
type Assignment struct {
	MunicipalityID string
	CaseID         string
	UserID         string
	Mandate        Mandate
	Reason         string // why this regisseur, or why the change
	AssignedBy     string
	From           time.Time
	Until          time.Time // zero while current
}

// PartyRole is what a professional or organisation does in a case.
type PartyRole string

// The roles of betrokkenen.
const (
	PartyCaseWorker PartyRole = "hulpverlener" // delivers part of the plan
	PartyAdvisor    PartyRole = "adviseur"     // consulted, e.g. Veilig Thuis advice
	PartyReporter   PartyRole = "melder"       // brought the signal
	PartyOther      PartyRole = "overig"
)

// PartyRoles lists the roles forms offer.
var PartyRoles = []PartyRole{PartyCaseWorker, PartyAdvisor, PartyReporter, PartyOther}

// Valid reports whether r is a known party role.
func (r PartyRole) Valid() bool { return slices.Contains(PartyRoles, r) }

// Party is a professional (a user, who then has access as an involved
// professional) or an organisation involved in a case.
type Party struct {
	MunicipalityID string
	ID             string
	CaseID         string
	UserID         string // one of UserID and OrganisationID is set
	OrganisationID string
	Role           PartyRole
	Note           string // what they do, in a few words
	From           time.Time
	Until          time.Time
	AddedBy        string
}

// Validate checks a party's fields.
func (p *Party) Validate() error {
	var v Invalid
	if p.UserID == "" && p.OrganisationID == "" {
		v.Field("betrokkene", "veld.casus.betrokkene")
	}
	if !p.Role.Valid() {
		v.Field("rol", "veld.keuze")
	}
	return v.Err()
}

// EscalationStatus is where an opschaling stands.
type EscalationStatus string

// The statuses of an opschaling.
const (
	EscalationOpen     EscalationStatus = "open"
	EscalationAnswered EscalationStatus = "beantwoord"
	EscalationSettled  EscalationStatus = "afgerond"
)

// Escalation (opschaling) is the regisseur escalating to the management of
// a partner that does not deliver what the plan asks: to whom, about
// what, the answer and the outcome.
type Escalation struct {
	MunicipalityID string
	ID             string
	CaseID         string
	OrganisationID string
	ToWhom         string // the manager, by name and function
	About          string // what the partner does not deliver
	RaisedAt       time.Time
	RaisedBy       string
	Answer         string
	AnsweredAt     time.Time
	Outcome        string
	Status         EscalationStatus
	Version        int
}

// Validate checks an escalation's fields.
func (e *Escalation) Validate() error {
	var v Invalid
	if e.OrganisationID == "" {
		v.Field("organisatie", "veld.verplicht")
	}
	if strings.TrimSpace(e.ToWhom) == "" {
		v.Field("aan", "veld.verplicht")
	}
	if strings.TrimSpace(e.About) == "" {
		v.Field("onderwerp", "veld.verplicht")
	}
	if e.Status == EscalationSettled && strings.TrimSpace(e.Outcome) == "" {
		v.Field("uitkomst", "veld.verplicht")
	}
	if e.Status != EscalationOpen && strings.TrimSpace(e.Answer) == "" {
		v.Field("antwoord", "veld.verplicht")
	}
	return v.Err()
}

// EnforcementKind says what a doorzettingsmacht decision does.
type EnforcementKind string

// The kinds of binding decision.
const (
	EnforceStop   EnforcementKind = "stoppen" // stop ineffective help
	EnforceStart  EnforcementKind = "starten" // start new help
	EnforceChange EnforcementKind = "wijzigen"
)

// EnforcementKinds lists the kinds forms offer.
var EnforcementKinds = []EnforcementKind{EnforceStop, EnforceStart, EnforceChange}

// Valid reports whether k is a known kind.
func (k EnforcementKind) Valid() bool { return slices.Contains(EnforcementKinds, k) }

// Enforcement is a doorzettingsmacht decision: the regisseur decides, with
// consequences binding on partners, without escalating first.
type Enforcement struct {
	MunicipalityID  string
	ID              string
	CaseID          string
	Kind            EnforcementKind
	Decision        string   // what is decided
	Reason          string   // why
	OrganisationIDs []string // the partners it binds; at least one
	DecidedAt       time.Time
	DecidedBy       string
}

// Validate checks a decision's fields.
func (e *Enforcement) Validate() error {
	var v Invalid
	if !e.Kind.Valid() {
		v.Field("soort", "veld.keuze")
	}
	if strings.TrimSpace(e.Decision) == "" {
		v.Field("besluit", "veld.verplicht")
	}
	if strings.TrimSpace(e.Reason) == "" {
		v.Field("motivering", "veld.verplicht")
	}
	if len(e.OrganisationIDs) == 0 {
		v.Field("organisaties", "veld.verplicht")
	}
	return v.Err()
}
