// Package policy decides who may do what to whom. It is the one place access
// is decided: by the actor's role, and for a household's data by the
// actor's involvement with that household. Everything is denied unless a
// rule below allows it.
//
// The rule has two shapes that must agree: Decide answers for one record,
// Scope gives the set of households for lists and searches (the store turns
// it into SQL). Tests check the two as a pair.
package policy

import (
	"time"

	"wijkregie"
)

// Action is something an actor may try. The names are the audit log's
// action names where the action touches personal data.
type Action string

// Actions without a subject record: what a role may do in general.
const (
	Public Action = "openbaar" // no login needed: login page, health, static files

	ViewHome         Action = "start.bekijken"
	ViewOwnAccount   Action = "account.bekijken"
	ManageOwnTokens  Action = "tokens.beheren"
	ViewDirectory    Action = "organisaties.bekijken" // teams and organisations with contact details
	ManageDirectory  Action = "organisaties.beheren"  // create/change teams and organisations
	ViewUsers        Action = "medewerkers.bekijken"
	ManageUsers      Action = "medewerkers.beheren"
	ListHouseholds   Action = "huishoudens.zoeken"
	ViewAuditLog     Action = "auditlog.bekijken" // the whole municipality's log
	VerifyAuditChain Action = "auditlog.controleren"

	// The sociale kaart holds no personal data: every role may consult it
	// to refer a simple question; beheer keeps it up to date.
	ViewCatalogue   Action = "sociale-kaart.bekijken"
	ManageCatalogue Action = "sociale-kaart.beheren"
)

// Actions on one household's data (the subject).
const (
	ViewHousehold       Action = "huishouden.lezen"
	ViewPerson          Action = "persoon.lezen"
	ViewPersonAccessLog Action = "persoon.inzage-log"
	ChangeHousehold     Action = "huishouden.wijzigen" // members join and leave
)

// Finding and registering residents. A new family comes into view before
// anyone is involved with it, so these need no subject; the answer to a
// search is minimal (name, birth date, masked BSN, address) and audited.
// Network partners may not: a private partner may not use the BSN (AP),
// and registering residents is the neighbourhood team's work.
const (
	SearchPersons   Action = "personen.zoeken"
	RegisterPersons Action = "personen.registreren" // persons and households
	// Merging two records of one resident (a duplicate) is data care on
	// what a search already shows; both records' history stays.
	MergePersons Action = "personen.samenvoegen"
)

// Signals: a worry or a request for help about a family, registered by the
// team or a network partner (a partner often sees a family first). Who may
// read one is decided by InSignalScope; registering one involves nobody.
const (
	CreateSignal Action = "signaal.registreren"
	ViewSignal   Action = "signaal.lezen"
)

// A user's own inbox: match notifications name other professionals, never
// a family's data beyond the household's id, so every role has one.
const (
	ViewInbox   Action = "meldingen.bekijken"
	ChangeInbox Action = "meldingen.wijzigen"
)

// Triage and cases. The team triages its own signals; a case is read by
// those involved with its household and by the lead of its team; its
// course (status, level, betrokkenen) is steered by its regisseur and the
// team lead; only a team lead assigns a regisseur; only the regisseur uses
// the mandate's powers (opschaling, doorzettingsmacht). Settings hold no
// personal data: the team reads them, beheer changes them.
const (
	ViewTriageQueue   Action = "triage.bekijken"
	TriageSignal      Action = "signaal.trieren"
	ListCases         Action = "casussen.zoeken"
	ViewCase          Action = "casus.lezen"
	ChangeCase        Action = "casus.wijzigen"
	AssignCoordinator Action = "regisseur.toewijzen"
	UseMandate        Action = "regie.mandaat"
	ViewSettings      Action = "instellingen.bekijken"
	ManageSettings    Action = "instellingen.beheren"
)

// Working the case. The regisseur and the lead of the case's team assess,
// keep the one plan, work the Meldcode route and close the case; everyone
// the case is open to may write in its journal, and reads each note as
// far as its visibility allows (SeesNote). Tasks are read and worked by
// whom they are for (DecideTask); the team overview is the team lead's.
const (
	AssessCase       Action = "zrm.registreren"
	ChangePlan       Action = "plan.wijzigen"
	WriteNote        Action = "journaal.schrijven"
	WorkMeldcode     Action = "meldcode.wijzigen"
	CloseCase        Action = "casus.afsluiten"
	ViewTasks        Action = "taken.bekijken"
	ChangeTask       Action = "taak.wijzigen"
	ViewTeamOverview Action = "overzicht.bekijken"
	// A partner works on the plan goals assigned to its organisation, as
	// far as consent or a legal ground allows (partner.go).
	WorkPartnerGoal Action = "plan.doel-bijwerken"
	// The regisseur records the case's legal ground, and the grounds on
	// which partners take part without consent (ground.go).
	RecordGround Action = "grondslag.vastleggen"
)

// The consent registry (consent.go): the team that works with a family
// records and withdraws its consents; a partner involved with the family
// reads the ones that name it, to know what it may do.
const (
	ViewConsents    Action = "toestemming.bekijken"
	RecordConsent   Action = "toestemming.vastleggen"
	WithdrawConsent Action = "toestemming.intrekken"
)

// Emergency access (nood-toegang): a professional of the team outside a
// case opens it after stating a reason, for a short time; the privacy
// officer reviews every such access (emergency.go).
const (
	RequestEmergencyAccess Action = "nood-toegang.aanvragen"
	ReviewEmergencyAccess  Action = "nood-toegang.beoordelen"
)

// The person's rights under the AVG, and retention. The privacy officer
// answers a request for inzage (art. 15) with everything the platform
// holds about the person; beheer sets the municipality's retention
// periods, which the privacy officer reads.
const (
	ExportInzage    Action = "inzage.exporteren"
	ViewRetention   Action = "bewaartermijnen.bekijken"
	ManageRetention Action = "bewaartermijnen.beheren"
)

var (
	teamWork    = roles(wijkregie.RoleProfessional, wijkregie.RoleTeamLead)
	casework    = roles(wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner)
	everyone    = roles(wijkregie.Roles...)
	adminOnly   = roles(wijkregie.RoleAdmin)
	staffAndAdm = roles(wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin)
)

// general says which roles may perform each action at all. Actions on a
// household's data also need Decide's involvement check.
var general = map[Action]map[wijkregie.Role]bool{
	ViewHome:        everyone,
	ViewOwnAccount:  everyone,
	ManageOwnTokens: everyone,
	ViewDirectory:   everyone,
	ManageDirectory: adminOnly,
	ViewUsers:       staffAndAdm,
	ManageUsers:     adminOnly,
	ListHouseholds:  casework,
	// The log is read by the log manager (beheer keeps it) and the privacy
	// officer, each with a second factor (NEN 7513; docs/privacy.md).
	ViewAuditLog:        roles(wijkregie.RoleAdmin, wijkregie.RolePrivacy),
	VerifyAuditChain:    adminOnly,
	ViewCatalogue:       everyone,
	ManageCatalogue:     adminOnly,
	ViewHousehold:       casework,
	ViewPerson:          casework,
	ViewPersonAccessLog: roles(wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin),
	ChangeHousehold:     teamWork,
	SearchPersons:       teamWork,
	RegisterPersons:     teamWork,
	MergePersons:        teamWork,
	CreateSignal:        casework,
	ViewSignal:          casework,
	ViewInbox:           everyone,
	ChangeInbox:         everyone,
	ViewTriageQueue:     teamWork,
	TriageSignal:        teamWork,
	ListCases:           casework,
	ViewCase:            casework,
	ChangeCase:          teamWork,
	AssignCoordinator:   roles(wijkregie.RoleTeamLead),
	UseMandate:          roles(wijkregie.RoleProfessional, wijkregie.RoleTeamLead),
	ViewSettings:        staffAndAdm,
	ManageSettings:      adminOnly,
	AssessCase:          teamWork,
	ChangePlan:          teamWork,
	WriteNote:           casework,
	WorkMeldcode:        teamWork,
	CloseCase:           teamWork,
	ViewTasks:           teamWork,
	ChangeTask:          teamWork,
	ViewTeamOverview:    roles(wijkregie.RoleTeamLead),
	WorkPartnerGoal:     roles(wijkregie.RolePartner),
	RecordGround:        teamWork,
	ViewConsents:        casework,
	RecordConsent:       teamWork,
	WithdrawConsent:     teamWork,

	RequestEmergencyAccess: teamWork,
	ReviewEmergencyAccess:  roles(wijkregie.RolePrivacy),
	ExportInzage:           roles(wijkregie.RolePrivacy),
	ViewRetention:          roles(wijkregie.RoleAdmin, wijkregie.RolePrivacy),
	ManageRetention:        adminOnly,
}

func roles(rs ...wijkregie.Role) map[wijkregie.Role]bool {
	m := make(map[wijkregie.Role]bool, len(rs))
	for _, r := range rs {
		m[r] = true
	}
	return m
}

// Known reports whether a is an action this policy has a rule for; the
// route table test uses it to prove every route names a real action.
func Known(a Action) bool {
	_, ok := general[a]
	return ok || a == Public
}

// Allows reports whether the actor's role permits the action in general.
// For actions on a household's data it is necessary, not sufficient: the
// service then calls Decide with the subject.
func Allows(actor wijkregie.Actor, a Action) bool {
	if a == Public {
		return true
	}
	return actor.UserID != "" && general[a][actor.Role]
}

// Subject is the household whose data an action touches, with the current
// involvements that may grant access to it.
type Subject struct {
	Household    *wijkregie.Household
	Involvements []wijkregie.Involvement
	// Partner holds the consents and grounds that widen a partner's
	// access (partner.go); the app reads them for partner actors only.
	Partner *PartnerFacts
}

// Decide returns nil when the actor may perform the action on the subject,
// and a forbidden error otherwise. For actions without a subject pass nil.
func Decide(actor wijkregie.Actor, a Action, s *Subject, now time.Time) error {
	if !Allows(actor, a) {
		return wijkregie.Forbidden()
	}
	switch a {
	case ViewPerson:
		if s == nil || !InScope(Scope(actor), s, now) {
			return wijkregie.Forbidden()
		}
		// Involvement lets a partner in; the family's members it sees
		// only with informatie-delen (partner.go).
		if actor.Role == wijkregie.RolePartner && !partnerShares(actor, s.Partner, now) {
			return wijkregie.Forbidden()
		}
	case ChangeHousehold, RecordConsent, WithdrawConsent:
		// An emergency access opens a family's file to read, not to
		// change it (docs/privacy.md, "Nood-toegang").
		if s == nil || !InScope(Scope(actor), &Subject{Household: s.Household, Involvements: withoutEmergency(s.Involvements)}, now) {
			return wijkregie.Forbidden()
		}
	case ViewHousehold, ViewConsents:
		// ViewHousehold is the household's frame — its address and that
		// the team knows it —, which a partner involved with it knows
		// already; its members are ViewPerson. A partner reads the
		// consents naming it without informatie-delen: it needs to know
		// what it may do.
		// A partner reads the consents naming it without informatie-
		// delen: it needs to know what it may do.
		if s == nil || !InScope(Scope(actor), s, now) {
			return wijkregie.Forbidden()
		}
	case ViewPersonAccessLog:
		// Beheer answers people's requests to see who accessed their data
		// (AVG art. 15; NEN 7513), so it sees the log, not the file.
		if actor.Role == wijkregie.RoleAdmin {
			return nil
		}
		if s == nil || !InScope(Scope(actor), s, now) {
			return wijkregie.Forbidden()
		}
	}
	return nil
}

// Scope returns the households the actor may see: a professional or partner
// those they are involved with, a team lead also all of their team's. Other
// roles see no household data at all.
func Scope(actor wijkregie.Actor) wijkregie.HouseholdScope {
	if actor.UserID == "" {
		return wijkregie.HouseholdScope{}
	}
	switch actor.Role {
	case wijkregie.RoleProfessional, wijkregie.RolePartner:
		return wijkregie.HouseholdScope{UserID: actor.UserID}
	case wijkregie.RoleTeamLead:
		return wijkregie.HouseholdScope{TeamID: actor.TeamID, UserID: actor.UserID}
	}
	return wijkregie.HouseholdScope{}
}

// InScope is the single-record reading of a scope; the store's SQL reading
// of the same scope must agree with it.
func InScope(sc wijkregie.HouseholdScope, s *Subject, now time.Time) bool {
	if s == nil || s.Household == nil {
		return false
	}
	if sc.All {
		return true
	}
	if sc.TeamID != "" && s.Household.TeamID == sc.TeamID {
		return true
	}
	if sc.UserID != "" {
		for _, inv := range s.Involvements {
			if inv.UserID == sc.UserID && inv.HouseholdID == s.Household.ID && (inv.Until.IsZero() || inv.Until.After(now)) {
				return true
			}
		}
	}
	return false
}

// withoutEmergency returns the involvements that are not an emergency
// access's: those that allow work on a family, not only reading.
func withoutEmergency(invs []wijkregie.Involvement) []wijkregie.Involvement {
	out := make([]wijkregie.Involvement, 0, len(invs))
	for _, inv := range invs {
		if inv.Kind != wijkregie.InvolvementNoodToegang {
			out = append(out, inv)
		}
	}
	return out
}

// SignalSubject is a signal with what decides who may read it: the
// organisation of its creator, and the current involvements with its
// household.
type SignalSubject struct {
	Signal                *wijkregie.Signal
	CreatorOrganisationID string
	Involvements          []wijkregie.Involvement
}

// SignalScope returns the signals the actor may read:
//
//   - the signals they registered themselves;
//   - for professionals and team leads, signals on a household they are
//     currently involved with (they work with the family already) — not
//     for partners, who never read what another organisation registered
//     (need-to-know, partner.go): they learn who else is involved from the
//     matches, never what those registered;
//   - for professionals and team leads, every signal of their team: the
//     team triages its signals together;
//   - for partners, the signals registered by colleagues of their own
//     organisation, which shares the case with its own staff. (Not for the
//     municipality's professionals: their organisation is the whole
//     municipality, so that would be everyone's signals.)
//
// Other roles read no signals.
func SignalScope(actor wijkregie.Actor) wijkregie.SignalScope {
	if actor.UserID == "" {
		return wijkregie.SignalScope{}
	}
	switch actor.Role {
	case wijkregie.RoleProfessional, wijkregie.RoleTeamLead:
		return wijkregie.SignalScope{TeamID: actor.TeamID, UserID: actor.UserID}
	case wijkregie.RolePartner:
		return wijkregie.SignalScope{UserID: actor.UserID, OrganisationID: actor.OrganisationID, OwnOnly: true}
	}
	return wijkregie.SignalScope{}
}

// InSignalScope is the single-record reading of a signal scope; the
// store's SQL reading of the same scope must agree with it.
func InSignalScope(sc wijkregie.SignalScope, s *SignalSubject, now time.Time) bool {
	if s == nil || s.Signal == nil {
		return false
	}
	sig := s.Signal
	switch {
	case sc.All:
		return true
	case sc.TeamID != "" && sig.TeamID == sc.TeamID:
		return true
	case sc.UserID != "" && sig.CreatedBy == sc.UserID:
		return true
	case sc.OrganisationID != "" && s.CreatorOrganisationID == sc.OrganisationID:
		return true
	}
	if sc.UserID != "" && !sc.OwnOnly && sig.HouseholdID != "" {
		for _, inv := range s.Involvements {
			if inv.UserID == sc.UserID && inv.HouseholdID == sig.HouseholdID && (inv.Until.IsZero() || inv.Until.After(now)) {
				return true
			}
		}
	}
	return false
}

// DecideSignal returns nil when the actor may read the signal, and a
// forbidden error otherwise.
func DecideSignal(actor wijkregie.Actor, s *SignalSubject, now time.Time) error {
	if !Allows(actor, ViewSignal) || !InSignalScope(SignalScope(actor), s, now) {
		return wijkregie.Forbidden()
	}
	return nil
}

// DecideTriage returns nil when the actor may triage the signal: a member
// of the team the signal is for. Triage is the team's shared work, so
// involvement is not needed; the team is.
func DecideTriage(actor wijkregie.Actor, sig *wijkregie.Signal) error {
	if !Allows(actor, TriageSignal) || sig == nil || actor.TeamID == "" || sig.TeamID != actor.TeamID {
		return wijkregie.Forbidden()
	}
	return nil
}

// CaseSubject is a case with what decides who may touch it: the current
// involvements with its household.
type CaseSubject struct {
	Case         *wijkregie.Case
	Involvements []wijkregie.Involvement
	// Partner: as Subject.Partner, for the case.
	Partner *PartnerFacts
}

// InCaseScope is the single-record reading of a household scope applied
// to cases: the case's team (not its household's: a case stays with the
// team that opened it) or a current involvement with its household. The
// store's SQL reading of cases must agree with it.
func InCaseScope(sc wijkregie.HouseholdScope, s *CaseSubject, now time.Time) bool {
	if s == nil || s.Case == nil {
		return false
	}
	if sc.All || (sc.TeamID != "" && s.Case.TeamID == sc.TeamID) {
		return true
	}
	if sc.UserID != "" {
		for _, inv := range s.Involvements {
			if inv.UserID == sc.UserID && inv.HouseholdID == s.Case.HouseholdID && (inv.Until.IsZero() || inv.Until.After(now)) {
				return true
			}
		}
	}
	return false
}

// SeesCaseContent reports whether the actor sees what a case holds beyond
// its frame. The team's professionals and leads do. A network partner
// involved in the case sees less (partner.go): with informatie-delen its
// frame — status, level, the family, the regisseur and the mandate, the
// betrokkenen — and without it only that the family is known and who the
// regisseur is; in both cases the signals and notes of their own
// organisation, never what other organisations registered, nor the
// opschalingen and binding decisions about them (Verwijsindex: who, never
// what); and the plan goals assigned to it as far as PartnerAccess allows.
func SeesCaseContent(actor wijkregie.Actor) bool {
	return actor.Role == wijkregie.RoleProfessional || actor.Role == wijkregie.RoleTeamLead
}

// DecideCase returns nil when the actor may perform the action on the
// case, and a forbidden error otherwise:
//
//   - ViewCase: anyone whose scope holds the case;
//   - ChangeCase: its current regisseur, or the lead of its team;
//   - AssignCoordinator: the lead of its team;
//   - UseMandate: its current regisseur only; the mandate is personal;
//   - AssessCase, ChangePlan, WorkMeldcode, CloseCase, RecordGround: like
//     ChangeCase — the regisseur does the work, the team lead can step in;
//   - WriteNote: anyone whose scope holds the case.
func DecideCase(actor wijkregie.Actor, a Action, s *CaseSubject, now time.Time) error {
	if !Allows(actor, a) || s == nil || s.Case == nil {
		return wijkregie.Forbidden()
	}
	c := s.Case
	lead := actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "" && c.TeamID == actor.TeamID
	coordinator := c.CoordinatorID != "" && c.CoordinatorID == actor.UserID
	ok := false
	switch a {
	case ViewCase:
		ok = InCaseScope(Scope(actor), s, now)
	case WriteNote:
		// Not on an emergency access alone: it is for reading.
		ok = InCaseScope(Scope(actor), &CaseSubject{Case: c, Involvements: withoutEmergency(s.Involvements), Partner: s.Partner}, now)
	case ChangeCase, AssessCase, ChangePlan, WorkMeldcode, CloseCase, RecordGround:
		ok = coordinator || lead
	case AssignCoordinator:
		ok = lead
	case UseMandate:
		ok = coordinator
	}
	if !ok {
		return wijkregie.Forbidden()
	}
	return nil
}

// SeesNote reports whether the actor, who may view the note's case s (the
// caller has decided ViewCase), may read the note: its author always; a
// note for "alleen ik" nobody else; a note for the team the case's
// regisseur and the professionals and lead of the case's team; a note
// for all betrokkenen everyone the case is open to — a partner only its
// own organisation's, and the team's with informatie-delen (SeesAuthor).
func SeesNote(actor wijkregie.Actor, n *wijkregie.Note, s *CaseSubject, now time.Time) bool {
	if n == nil || s == nil || s.Case == nil || actor.UserID == "" || n.CaseID != s.Case.ID {
		return false
	}
	c := s.Case
	if n.AuthorID == actor.UserID {
		return true
	}
	switch n.Visibility {
	case wijkregie.VisibleToTeam:
		if c.CoordinatorID == actor.UserID {
			return true
		}
		staff := actor.Role == wijkregie.RoleProfessional || actor.Role == wijkregie.RoleTeamLead
		return staff && actor.TeamID != "" && actor.TeamID == c.TeamID
	case wijkregie.VisibleToInvolved:
		// Whose, for a partner, SeesAuthor decides.
		return true
	}
	return false
}

// SeesAuthor reports whether the actor reads notes by author on the case
// s, as far as SeesNote allows them. A partner reads its own
// organisation's colleagues' notes (their work for the same family), the
// team's only with informatie-delen (partner.go), never another
// organisation's; everyone else every author's.
func SeesAuthor(actor wijkregie.Actor, author *wijkregie.User, s *CaseSubject, now time.Time) bool {
	a := NoteAuthorsOf(actor, s, now)
	switch {
	case a.Any:
		return true
	case author == nil:
		return false
	case author.ID == actor.UserID:
		return true
	case a.Staff && (author.Role == wijkregie.RoleProfessional || author.Role == wijkregie.RoleTeamLead):
		return true
	}
	return a.Organisation != "" && author.OrganisationID == a.Organisation
}

// NoteAuthorsOf is the SQL reading of SeesAuthor.
func NoteAuthorsOf(actor wijkregie.Actor, s *CaseSubject, now time.Time) wijkregie.NoteAuthors {
	if actor.Role != wijkregie.RolePartner {
		return wijkregie.NoteAuthors{Any: true}
	}
	var partner *PartnerFacts
	if s != nil {
		partner = s.Partner
	}
	return wijkregie.NoteAuthors{Staff: partnerShares(actor, partner, now), Organisation: actor.OrganisationID}
}

// NoteScope is the SQL reading of SeesNote for one case's journal: the
// note visibilities the actor reads besides their own notes.
func NoteScope(actor wijkregie.Actor, s *CaseSubject, now time.Time) []wijkregie.Visibility {
	if s == nil || s.Case == nil {
		return nil
	}
	probe := wijkregie.Note{CaseID: s.Case.ID} // no author: SeesNote decides on visibility alone
	var out []wijkregie.Visibility
	for _, v := range wijkregie.Visibilities {
		probe.Visibility = v
		if SeesNote(actor, &probe, s, now) {
			out = append(out, v)
		}
	}
	return out
}

// DecideTask returns nil when the actor may see and work the task: the
// user it is for; while a team holds it, a member of that team; and the
// lead of its team.
func DecideTask(actor wijkregie.Actor, a Action, t *wijkregie.Task) error {
	if !Allows(actor, a) || t == nil {
		return wijkregie.Forbidden()
	}
	switch {
	case t.UserID != "" && t.UserID == actor.UserID:
		return nil
	case t.UserID == "" && actor.TeamID != "" && t.TeamID == actor.TeamID:
		return nil
	case actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "" && t.TeamID == actor.TeamID:
		return nil
	}
	return wijkregie.Forbidden()
}

// TaskScope is the SQL reading of DecideTask for lists: a user's own
// tasks, their team's unheld tasks, and for a team lead all of the team's.
func TaskScope(actor wijkregie.Actor) wijkregie.TaskScope {
	if actor.UserID == "" {
		return wijkregie.TaskScope{}
	}
	sc := wijkregie.TaskScope{UserID: actor.UserID, TeamID: actor.TeamID}
	if actor.Role == wijkregie.RoleTeamLead {
		sc.WholeTeam = true
	}
	return sc
}

// DecideOverview returns nil when the actor may read the team's overview:
// the lead of that team.
func DecideOverview(actor wijkregie.Actor, teamID string) error {
	if !Allows(actor, ViewTeamOverview) || actor.TeamID == "" || actor.TeamID != teamID {
		return wijkregie.Forbidden()
	}
	return nil
}
