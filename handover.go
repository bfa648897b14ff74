package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// Handover (overdracht): when a family moves, or another team is better
// placed, the case goes to another team without starting over
// (docs/overdracht.md). A handover is a record of its own, with its own
// course:
//
//	aangeboden → geaccepteerd → afgerond
//	aangeboden → afgewezen
//	aangeboden → ingetrokken
//	aangeboden → afgerond (extern only: nobody on the platform accepts)
//
// It keeps the sending team and regisseur as they were when the offer was
// made, and the receiving ones as they were at acceptance, so that the
// history reads right after everyone has moved on. Until acceptance
// nothing changes on the case: the sending regisseur stays responsible.
// After it the overlap (warme overdracht) runs: the sender stays at hand
// for OverlapDays, then the handover is afgerond.

// HandoverKind says where a case goes.
type HandoverKind string

// The kinds of handover.
const (
	// HandoverTeam: to another team of the same municipality; the case
	// itself moves.
	HandoverTeam HandoverKind = "team"
	// HandoverMunicipality: to a team of another municipality on this
	// platform; the receiving municipality gets a case of its own with
	// the same plan, assessments and history (the handover package).
	HandoverMunicipality HandoverKind = "gemeente"
	// HandoverExternal: to a municipality outside the platform; the
	// package goes out as a file (JSON and PDF).
	HandoverExternal HandoverKind = "extern"
)

// HandoverKinds lists the kinds in the order forms show them.
var HandoverKinds = []HandoverKind{HandoverTeam, HandoverMunicipality, HandoverExternal}

// Valid reports whether k is a known kind.
func (k HandoverKind) Valid() bool { return slices.Contains(HandoverKinds, k) }

// HandoverStatus is where a handover stands.
type HandoverStatus string

// The statuses.
const (
	HandoverOffered   HandoverStatus = "aangeboden"
	HandoverAccepted  HandoverStatus = "geaccepteerd"
	HandoverDeclined  HandoverStatus = "afgewezen"
	HandoverCompleted HandoverStatus = "afgerond"
	HandoverWithdrawn HandoverStatus = "ingetrokken"
)

// HandoverStatuses lists the statuses in their course order.
var HandoverStatuses = []HandoverStatus{HandoverOffered, HandoverAccepted, HandoverDeclined, HandoverCompleted, HandoverWithdrawn}

// Valid reports whether s is a known status.
func (s HandoverStatus) Valid() bool { return slices.Contains(HandoverStatuses, s) }

// Open reports whether a handover in this status is still running: a
// case has at most one (the store's unique index).
func (s HandoverStatus) Open() bool { return s == HandoverOffered || s == HandoverAccepted }

// The overlap of a warme overdracht, in days: two weeks unless the offer
// says otherwise, at most a quarter.
const (
	DefaultOverlapDays = 14
	MaxOverlapDays     = 90
)

// CaseEvent kinds of a handover in the case's history.
const (
	EventHandoverOffered   CaseEventKind = "overdracht-aangeboden"
	EventHandoverAccepted  CaseEventKind = "overdracht-geaccepteerd"
	EventHandoverDeclined  CaseEventKind = "overdracht-afgewezen"
	EventHandoverWithdrawn CaseEventKind = "overdracht-ingetrokken"
	EventHandoverCompleted CaseEventKind = "overdracht-afgerond"
	// EventHandoverReceived opens the history's part in the receiving
	// municipality: the case came from another one.
	EventHandoverReceived CaseEventKind = "overdracht-ontvangen"
)

// TaskHandover is the regisseur's task after a move out of the team's
// area: "Verhuizing: overdracht voorstellen".
const TaskHandover TaskKind = "overdracht"

// NotificationHandover tells a regisseur that the household moved out
// of the team's area, and a team lead that an offer waits.
const NotificationHandover = "overdracht"

func init() {
	TaskKinds = append(TaskKinds, TaskHandover)
	for a, k := range map[string]AuditKind{
		"overdrachten.bekijken": KindSearch,
		"overdracht.lezen":      KindRead,
		"overdracht.aanbieden":  KindCreate,
		"overdracht.accepteren": KindTransfer,
		"overdracht.afwijzen":   KindChange,
		"overdracht.intrekken":  KindChange,
		"overdracht.afronden":   KindChange,
		"overdracht.ontvangen":  KindTransfer,
		"adres.wijzigen":        KindChange,
	} {
		auditKinds[a] = k
	}
}

// Handover is one offer of a case to another team; see the comment
// above. MunicipalityID is the sending municipality's: the record is
// the sender's, and the receiving team lead reads it across.
type Handover struct {
	MunicipalityID string
	ID             string
	CaseID         string
	HouseholdID    string
	Kind           HandoverKind
	Status         HandoverStatus

	// The sender as it was at the offer.
	FromTeamID        string
	FromCoordinatorID string

	// The receiver: a municipality on the platform and its team (for
	// HandoverTeam the sender's municipality), or for HandoverExternal
	// only the receiving municipality's name. ToCoordinatorID is set at
	// acceptance.
	ToMunicipalityID string
	ToTeamID         string
	ToName           string
	ToCoordinatorID  string
	// ReceivedCaseID is the receiving municipality's case, once a
	// HandoverMunicipality is accepted.
	ReceivedCaseID string

	Reason        string // why the case goes; personal data: never logged
	DeclineReason string
	OverlapDays   int
	OverlapUntil  time.Time // set at acceptance: the end of the warme overdracht

	OfferedAt time.Time
	OfferedBy string
	DecidedAt time.Time // accepted or declined
	DecidedBy string
	ClosedAt  time.Time // completed or withdrawn
	ClosedBy  string

	Version int
}

// Open reports whether the handover still runs.
func (h *Handover) Open() bool { return h.Status.Open() }

// OverlapRunning reports whether, at now, the sender is still at hand.
func (h *Handover) OverlapRunning(now time.Time) bool {
	return h.Status == HandoverAccepted && !h.OverlapUntil.IsZero() && now.Before(h.OverlapUntil)
}

// Validate checks a new offer; it names every field in error.
func (h *Handover) Validate() error {
	var v Invalid
	if h.CaseID == "" {
		v.Field("casus", "veld.verplicht")
	}
	if !h.Kind.Valid() {
		v.Field("soort", "veld.keuze")
	}
	switch h.Kind {
	case HandoverTeam:
		if h.ToTeamID == "" {
			v.Field("team", "veld.verplicht")
		} else if h.ToTeamID == h.FromTeamID {
			v.Field("team", "veld.overdracht.zelfde_team")
		}
	case HandoverMunicipality:
		if h.ToMunicipalityID == "" {
			v.Field("gemeente", "veld.verplicht")
		} else if h.ToMunicipalityID == h.MunicipalityID {
			v.Field("gemeente", "veld.overdracht.zelfde_gemeente")
		}
		if h.ToTeamID == "" {
			v.Field("team", "veld.verplicht")
		}
	case HandoverExternal:
		if strings.TrimSpace(h.ToName) == "" {
			v.Field("ontvanger", "veld.verplicht")
		} else if len(h.ToName) > 200 {
			v.Field("ontvanger", "veld.overdracht.te_lang")
		}
	}
	if strings.TrimSpace(h.Reason) == "" {
		v.Field("reden", "veld.verplicht")
	} else if len(h.Reason) > 4000 {
		v.Field("reden", "veld.overdracht.te_lang")
	}
	if h.OverlapDays < 0 || h.OverlapDays > MaxOverlapDays {
		v.Field("overlapDagen", "veld.overdracht.overlap")
	}
	return v.Err()
}

// errTransition is the conflict of a step the course does not allow.
func errTransition() error { return Conflict("fout.overdracht.overgang") }

// Accept records the acceptance at now by a lead of the receiving team,
// with the new regisseur; the overlap starts. An external handover is
// not accepted on the platform.
func (h *Handover) Accept(by, coordinator string, now time.Time) error {
	if h.Status != HandoverOffered || h.Kind == HandoverExternal {
		return errTransition()
	}
	if coordinator == "" {
		return InvalidField("regisseur", "veld.verplicht")
	}
	h.Status, h.DecidedAt, h.DecidedBy, h.ToCoordinatorID = HandoverAccepted, now, by, coordinator
	h.OverlapUntil = now.AddDate(0, 0, h.OverlapDays)
	return nil
}

// Decline records the refusal at now, with its reason (required: the
// sender must know what to do next).
func (h *Handover) Decline(by, reason string, now time.Time) error {
	if h.Status != HandoverOffered || h.Kind == HandoverExternal {
		return errTransition()
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return InvalidField("reden", "veld.verplicht")
	case len(reason) > 4000:
		return InvalidField("reden", "veld.overdracht.te_lang")
	}
	h.Status, h.DecidedAt, h.DecidedBy, h.DeclineReason = HandoverDeclined, now, by, reason
	return nil
}

// Withdraw records that the sender takes the offer back before anyone
// answered it.
func (h *Handover) Withdraw(by string, now time.Time) error {
	if h.Status != HandoverOffered {
		return errTransition()
	}
	h.Status, h.ClosedAt, h.ClosedBy = HandoverWithdrawn, now, by
	return nil
}

// Complete records the end of the handover: after acceptance, when the
// overlap is over or the sender says so; for an external one, when the
// receiving municipality confirmed it has the package.
func (h *Handover) Complete(by string, now time.Time) error {
	ok := h.Status == HandoverAccepted && h.Kind != HandoverExternal || h.Status == HandoverOffered && h.Kind == HandoverExternal
	if !ok {
		return errTransition()
	}
	h.Status, h.ClosedAt, h.ClosedBy = HandoverCompleted, now, by
	return nil
}

// AddressChange is one move of a household: the address it left, when
// and by whom it was recorded, and what the move meant for its open case
// (the team whose area the new address lies in, or none: outside the
// municipality).
type AddressChange struct {
	MunicipalityID string
	HouseholdID    string
	Old, New       Address
	ChangedAt      time.Time
	ChangedBy      string
	// CaseID is the open case whose team the new address lies outside
	// of; "" when the move stayed in its area or there was no open case.
	CaseID string
	// ProposedTeamID is the team whose area holds the new address when
	// CaseID is set; "" means outside the municipality.
	ProposedTeamID string
}

// Proposes reports whether the move proposes a handover of its case.
func (a *AddressChange) Proposes() bool { return a.CaseID != "" }
