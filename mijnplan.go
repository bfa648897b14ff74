package wijkregie

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Mijn Plan, what the family does after logging in (docs/mijnplan.md): it
// reads its plan, gives and withdraws consent, adds its own actions and
// marks them done, writes to its regisseur, and rates the help once the
// case has closed. The plan, the consents and the case's history are the
// records the team keeps; what the family does there is written into them
// as the team's own work is, in the name of the municipality's Mijn Plan
// user, and which member did it is kept beside them (ResidentAct).

// MijnPlanUserID is the user in whose name the shared records (a plan
// version, a consent, a case event) name what a family member did in Mijn
// Plan: those columns name a user, and a resident is none. Like the public
// form's user it cannot log in (inactive, no password, role "publiek",
// which lists and forms leave out); store.EnsureMijnPlanUser adds it to a
// municipality the first time a family acts.
const MijnPlanUserID = "mijnplan"

// The inbox notifications Mijn Plan sends the regisseur. They name the
// case (SubjectID) and the household, never what the family wrote.
const (
	NotificationMijnPlanMessage = "mijnplan-bericht"     // a message
	NotificationMijnPlanPlan    = "mijnplan-plan"        // an action added or marked done
	NotificationMijnPlanConsent = "mijnplan-toestemming" // a consent given or withdrawn
	NotificationMijnPlanRating  = "mijnplan-beoordeling" // the help rated
)

// MaxMessageLength is the most characters a message to the regisseur
// holds: a short note, not a file.
const MaxMessageLength = 2000

// ResidentMessage is a family member's message to the regisseur of the
// case, with the moment a professional marked it read.
type ResidentMessage struct {
	MunicipalityID string
	ID             string
	CaseID         string
	PersonID       string // who wrote it
	Text           string // personal data: never logged, never in a notification
	SentAt         time.Time
	ReadAt         time.Time // zero while unread
	ReadBy         string    // the professional who marked it read
}

// Validate checks the text: there is one, and it is short.
func (m *ResidentMessage) Validate() error {
	switch t := strings.TrimSpace(m.Text); {
	case t == "":
		return InvalidField("bericht", "veld.verplicht")
	case utf8.RuneCountInString(t) > MaxMessageLength:
		return InvalidField("bericht", "veld.mijnplan.bericht_te_lang")
	}
	return nil
}

// ResidentActKind is what a family member did in Mijn Plan.
type ResidentActKind string

// The kinds of act.
const (
	ActActionAdded      ResidentActKind = "actie-toegevoegd"
	ActActionDone       ResidentActKind = "actie-afgerond"
	ActConsentGiven     ResidentActKind = "toestemming-gegeven"
	ActConsentWithdrawn ResidentActKind = "toestemming-ingetrokken"
)

// ResidentAct records which family member did what in Mijn Plan, beside
// the shared record that names the Mijn Plan user: the action of a goal
// (SubjectID) with the plan version that holds the change, or a consent.
type ResidentAct struct {
	MunicipalityID string
	ID             string
	CaseID         string
	PersonID       string
	Kind           ResidentActKind
	SubjectID      string
	PlanVersion    int // for an action: the version saved; 0 otherwise
	At             time.Time
}

// NetworkWho is what a family member may say about who does an action
// they add: themself, another member of the household, or someone of
// their network named in their own words.
const (
	WhoSelf    = "ikzelf"
	WhoNetwork = "netwerk"
)

// MaxActionText is the most characters of the what and the who of an
// action a family adds: a line each.
const MaxActionText = 200

// ValidateResidentAction checks an action a family member adds under a
// goal: what, who and a day by which it is done, not in the past.
func ValidateResidentAction(a *Action, today time.Time) error {
	var v Invalid
	switch t := strings.TrimSpace(a.What); {
	case t == "":
		v.Field("wat", "veld.verplicht")
	case utf8.RuneCountInString(t) > MaxActionText:
		v.Field("wat", "veld.mijnplan.te_lang")
	}
	switch t := strings.TrimSpace(a.Who); {
	case t == "":
		v.Field("wie", "veld.verplicht")
	case utf8.RuneCountInString(t) > MaxActionText:
		v.Field("wie", "veld.mijnplan.te_lang")
	}
	switch {
	case a.Due.IsZero():
		v.Field("wanneer", "veld.datum")
	case a.Due.Before(Today(today)):
		v.Field("wanneer", "veld.datum_verleden")
	}
	return v.Err()
}

// Agreement is an answer on the five-point scale of the client-experience
// questions: 1 helemaal niet mee eens … 5 helemaal mee eens; 0 is no
// answer (the question does not fit, or the family skipped it).
type Agreement int

// Valid reports whether a is no answer or a point of the scale.
func (a Agreement) Valid() bool { return a >= 0 && a <= 5 }

// RatingQuestion is one question of the rating at closure, with the set it
// comes from and the store's column that holds its answer.
type RatingQuestion struct {
	Key    string // the form's and the API's name
	Set    string // "jeugd" or "wmo"
	Column string // plain, for the dashboards (docs/mijnplan.md, "Beoordeling")
}

// RatingQuestions are the questions on the five-point scale, in the form's
// order: client satisfaction of the youth outcome set (Besluit Jeugdwet,
// VNG/NJi: taken seriously, the help fitted, its effect), and the Wmo
// client-experience survey's standard questions (art. 2.5.1 Wmo 2015:
// access, being taken seriously, quality, effect).
var RatingQuestions = []RatingQuestion{
	{"jeugdSerieusGenomen", "jeugd", "youth_taken_seriously"},
	{"jeugdHulpPaste", "jeugd", "youth_help_fitted"},
	{"jeugdBeterOmgaan", "jeugd", "youth_copes_better"},
	{"wmoWistWaar", "wmo", "wmo_knew_where"},
	{"wmoSnelGeholpen", "wmo", "wmo_helped_quickly"},
	{"wmoSerieusGenomen", "wmo", "wmo_taken_seriously"},
	{"wmoSamenOplossingen", "wmo", "wmo_solutions_together"},
	{"wmoKwaliteit", "wmo", "wmo_quality_good"},
	{"wmoPastBijVraag", "wmo", "wmo_fits_request"},
	{"wmoBeterRedden", "wmo", "wmo_manages_better"},
	{"wmoKwaliteitVanLeven", "wmo", "wmo_quality_of_life"},
	{"wmoMeedoen", "wmo", "wmo_participates"},
}

// Rating is a family member's rating of the help once the case closed:
// a mark from 1 to 10, the youth outcome set's three outcome questions
// (ja, deels, nee; "" unanswered), the client-experience questions
// (Answers by RatingQuestion.Key) and a remark. One per case and person.
type Rating struct {
	MunicipalityID  string
	CaseID          string
	PersonID        string
	Score           int // 1–10
	GoalsAchieved   Answer3
	ProblemsReduced Answer3
	CanContinue     Answer3
	Answers         map[string]Agreement
	Remark          string
	RatedAt         time.Time
}

// MaxRatingRemark is the most characters of a rating's remark.
const MaxRatingRemark = 2000

// Validate checks a rating: the mark is needed, every other answer is
// optional but must be one the form offers.
func (r *Rating) Validate() error {
	var v Invalid
	if r.Score < 1 || r.Score > 10 {
		v.Field("cijfer", "veld.mijnplan.cijfer")
	}
	for name, a := range map[string]Answer3{"doelenBereikt": r.GoalsAchieved, "problemenMinder": r.ProblemsReduced, "kanVerderZonderHulp": r.CanContinue} {
		if a != "" && !slices.Contains(Answers3, a) {
			v.Field(name, "veld.keuze")
		}
	}
	for k, a := range r.Answers {
		if !slices.ContainsFunc(RatingQuestions, func(q RatingQuestion) bool { return q.Key == k }) || !a.Valid() {
			v.Field(k, "veld.keuze")
		}
	}
	if utf8.RuneCountInString(strings.TrimSpace(r.Remark)) > MaxRatingRemark {
		v.Field("opmerking", "veld.mijnplan.te_lang")
	}
	return v.Err()
}

// RatingOpen reports whether a case closed at closed may still be rated
// at now: from its closure for as long as the family can log in.
func RatingOpen(closed, now time.Time) bool {
	return !closed.IsZero() && !now.Before(closed) && now.Sub(closed) < ResidentAfterClosure
}

// The audit log's actions of what a resident does in Mijn Plan, and of the
// team reading it, added to the table in auditkind.go at initialisation.
func init() {
	for a, k := range map[string]AuditKind{
		"mijnplan.plan-bekijken":          KindRead,
		"mijnplan.toestemmingen-bekijken": KindRead,
		"mijnplan.toestemming-geven":      KindCreate,
		"mijnplan.toestemming-intrekken":  KindChange,
		"mijnplan.actie-toevoegen":        KindChange,
		"mijnplan.actie-afronden":         KindChange,
		"mijnplan.bericht-sturen":         KindCreate,
		"mijnplan.beoordelen":             KindCreate,
		"mijnplan.berichten-lezen":        KindRead,
		"mijnplan.bericht-gelezen":        KindChange,
		"mijnplan.beoordelingen-lezen":    KindRead,
	} {
		auditKinds[a] = k
	}
}
