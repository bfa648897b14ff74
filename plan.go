package wijkregie

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PlanVariant is how much plan a family needs: licht als het kan, zwaar als
// het moet (regie-en-plan.md). The light plan holds the essentials and is
// reviewed every 6–10 months; the full plan adds the whole process and,
// in a safety case, the Meldcode route's safety plan.
type PlanVariant string

// The variants.
const (
	PlanLight PlanVariant = "licht"
	PlanFull  PlanVariant = "volledig"
)

// PlanVariants lists the variants forms offer.
var PlanVariants = []PlanVariant{PlanLight, PlanFull}

// Valid reports whether p is a known variant.
func (p PlanVariant) Valid() bool { return slices.Contains(PlanVariants, p) }

// PlanStatus says whether a plan is the case's active plan. A case has
// exactly one active plan; the store's unique index refuses a second.
type PlanStatus string

// The statuses of a plan.
const (
	PlanActive PlanStatus = "actief"
	PlanClosed PlanStatus = "afgesloten" // the case closed
)

// GoalOwner is who carries a goal: the family owns the plan, so the
// family and its network come first.
type GoalOwner string

// The owners of a goal.
const (
	OwnerFamily       GoalOwner = "gezin"
	OwnerNetwork      GoalOwner = "netwerk"
	OwnerProfessional GoalOwner = "professional"
	OwnerPartner      GoalOwner = "partner" // a partner organisation, named
)

// GoalOwners lists the owners forms offer.
var GoalOwners = []GoalOwner{OwnerFamily, OwnerNetwork, OwnerProfessional, OwnerPartner}

// Valid reports whether o is a known owner.
func (o GoalOwner) Valid() bool { return slices.Contains(GoalOwners, o) }

// GoalStatus is how far a goal is reached.
type GoalStatus string

// The statuses of a goal.
const (
	GoalOpen      GoalStatus = "open"
	GoalMet       GoalStatus = "bereikt"
	GoalPartlyMet GoalStatus = "deels-bereikt"
	GoalNotMet    GoalStatus = "niet-bereikt"
)

// GoalStatuses lists the statuses in order.
var GoalStatuses = []GoalStatus{GoalOpen, GoalMet, GoalPartlyMet, GoalNotMet}

// Valid reports whether s is a known status.
func (s GoalStatus) Valid() bool { return slices.Contains(GoalStatuses, s) }

// ActionStatus is how far an action is: agreed help that has not started
// by its start date is a sign of stagnation.
type ActionStatus string

// The statuses of an action.
const (
	ActionPlanned ActionStatus = "gepland"
	ActionStarted ActionStatus = "gestart"
	ActionDone    ActionStatus = "gereed"
)

// ActionStatuses lists the statuses in order.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionStarted, ActionDone}

// Valid reports whether s is a known status.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// AgreementHow is how the family gave its agreement with the plan.
type AgreementHow string

// The ways of agreeing (also the ways consent is given, privacy.md).
const (
	AgreedOrally   AgreementHow = "mondeling"
	AgreedInWrite  AgreementHow = "schriftelijk"
	AgreedDigitaly AgreementHow = "digitaal"
)

// AgreementHows lists the ways forms offer.
var AgreementHows = []AgreementHow{AgreedOrally, AgreedInWrite, AgreedDigitaly}

// Plan is a case's one plan, as it stands in one version. The family owns
// it; every party's own plan aligns to its goals. Every save is a new
// version, kept whole, so the history can be read and two versions
// compared; the current version's goals and actions are also kept as rows
// for the work lists (stagnation, tasks, outcomes).
type Plan struct {
	MunicipalityID string
	ID             string
	CaseID         string
	Status         PlanStatus
	Version        int // 1 for the first save; the ETag of the API
	Variant        PlanVariant

	// The method's order: what goes well, the worries (by priority), what
	// the family and its network do themselves, where support is needed.
	GoingWell     string
	Worries       []Worry
	OwnStrength   string // eigen kracht: family and network
	SupportNeeded string

	Goals []Goal

	// Adopted at a meeting with the family and the participants.
	MeetingDate  time.Time // zero until adopted
	Participants string    // who took part, in a line
	// The family's agreement with this plan.
	AgreedOn  time.Time // zero until agreed
	AgreedHow AgreementHow
	// The next evaluation; saving it makes a task for the regisseur.
	EvaluationDate time.Time

	SavedAt time.Time
	SavedBy string
	// Note says what this version changed, in the saver's words.
	Note string
}

// Worry is one of the family's worries, with its priority (1 matters most).
type Worry struct {
	Text     string
	Priority int
}

// Goal is a concrete goal on a life domain with its goed-genoeg criterion:
// the situation in which the family and the team agree it is good enough.
type Goal struct {
	ID               string // stable across versions
	Domain           string
	Description      string
	SuccessCriterion string
	TargetDate       time.Time
	Owner            GoalOwner
	OrganisationID   string // for OwnerPartner: which partner
	Status           GoalStatus
	Actions          []Action
}

// Action is a step towards a goal: what, who, when, and how far.
type Action struct {
	ID     string // stable across versions
	What   string
	Who    string    // a name or role in the family's words
	Start  time.Time // optional: when agreed help is to start
	Due    time.Time // when it should be done
	Status ActionStatus
}

// Agreed reports whether the family agreed with this version.
func (p *Plan) Agreed() bool { return !p.AgreedOn.IsZero() }

// MaxPlanItems is the most worries, goals, and actions under one goal a
// plan holds. A family plan is kept to what matters now (licht als het
// kan); the bound also keeps a save's goal and action rows within one
// statement's parameters on both engines. Beyond it the items are not
// checked one by one: the answer names the list, not thousands of fields.
const MaxPlanItems = 50

// Validate checks a plan as it is about to be saved, on today. (Whether a
// changed evaluation date lies in the past is the saver's check: an
// unchanged one may have passed.) The light
// variant needs worries and goals; the full variant also what goes well,
// the eigen kracht and where support is needed. Field names point into the
// API's shape (doelen[0].goedGenoeg).
func (p *Plan) Validate(today time.Time) error {
	var v Invalid
	if !p.Variant.Valid() {
		v.Field("variant", "veld.keuze")
	}
	if p.Variant == PlanFull {
		for _, f := range []struct{ name, val string }{
			{"gaatGoed", p.GoingWell}, {"eigenKracht", p.OwnStrength}, {"ondersteuningNodig", p.SupportNeeded},
		} {
			if strings.TrimSpace(f.val) == "" {
				v.Field(f.name, "veld.verplicht")
			}
		}
	}
	if len(p.Worries) > MaxPlanItems {
		v.Field("zorgen", "veld.plan.te_veel")
	}
	if len(p.Goals) > MaxPlanItems {
		v.Field("doelen", "veld.plan.te_veel")
	}
	for i, w := range p.Worries[:min(len(p.Worries), MaxPlanItems)] {
		f := "zorgen[" + strconv.Itoa(i) + "]."
		if strings.TrimSpace(w.Text) == "" {
			v.Field(f+"omschrijving", "veld.verplicht")
		}
		if w.Priority < 1 || w.Priority > 99 {
			v.Field(f+"prioriteit", "veld.plan.prioriteit")
		}
	}
	goalIDs := map[string]bool{}
	actionIDs := map[string]bool{}
	for i, g := range p.Goals[:min(len(p.Goals), MaxPlanItems)] {
		f := "doelen[" + strconv.Itoa(i) + "]."
		if g.ID != "" {
			if goalIDs[g.ID] {
				v.Field(f+"id", "veld.plan.dubbel")
			}
			goalIDs[g.ID] = true
		}
		if !ValidDomain(g.Domain) {
			v.Field(f+"domein", "veld.keuze")
		}
		if strings.TrimSpace(g.Description) == "" {
			v.Field(f+"omschrijving", "veld.verplicht")
		}
		if strings.TrimSpace(g.SuccessCriterion) == "" {
			v.Field(f+"goedGenoeg", "veld.plan.goed_genoeg")
		}
		if g.TargetDate.IsZero() {
			v.Field(f+"streefdatum", "veld.datum")
		}
		if !g.Owner.Valid() {
			v.Field(f+"eigenaar", "veld.keuze")
		}
		if g.Owner == OwnerPartner && g.OrganisationID == "" {
			v.Field(f+"organisatie", "veld.plan.organisatie")
		}
		if g.Owner != OwnerPartner && g.OrganisationID != "" {
			v.Field(f+"organisatie", "veld.plan.organisatie_alleen_partner")
		}
		if !g.Status.Valid() {
			v.Field(f+"status", "veld.keuze")
		}
		if len(g.Actions) > MaxPlanItems {
			v.Field(f+"acties", "veld.plan.te_veel")
		}
		for j, a := range g.Actions[:min(len(g.Actions), MaxPlanItems)] {
			af := f + "acties[" + strconv.Itoa(j) + "]."
			if a.ID != "" {
				if actionIDs[a.ID] {
					v.Field(af+"id", "veld.plan.dubbel")
				}
				actionIDs[a.ID] = true
			}
			if strings.TrimSpace(a.What) == "" {
				v.Field(af+"wat", "veld.verplicht")
			}
			if strings.TrimSpace(a.Who) == "" {
				v.Field(af+"wie", "veld.verplicht")
			}
			if a.Due.IsZero() {
				v.Field(af+"wanneer", "veld.datum")
			}
			if !a.Start.IsZero() && !a.Due.IsZero() && a.Start.After(a.Due) {
				v.Field(af+"start", "veld.plan.start_na_einde")
			}
			if !a.Status.Valid() {
				v.Field(af+"status", "veld.keuze")
			}
		}
	}
	if len(p.Goals) == 0 {
		v.Field("doelen", "veld.plan.doelen")
	}
	if !p.MeetingDate.IsZero() && p.MeetingDate.After(today) {
		v.Field("vastgesteldOp", "veld.datum_toekomst")
	}
	if !p.MeetingDate.IsZero() && strings.TrimSpace(p.Participants) == "" {
		v.Field("deelnemers", "veld.verplicht")
	}
	if p.Agreed() {
		if p.AgreedOn.After(today) {
			v.Field("instemming.datum", "veld.datum_toekomst")
		}
		if !slices.Contains(AgreementHows, p.AgreedHow) {
			v.Field("instemming.wijze", "veld.keuze")
		}
	} else if p.AgreedHow != "" {
		v.Field("instemming.datum", "veld.datum")
	}
	return v.Err()
}

// PlanChange is one difference between two versions of a plan, for the
// comparison page: which part, and its text before and after. Parts are
// the API's field paths with goals named by id (doelen[<id>].status), so
// a reordered list is no change.
type PlanChange struct {
	Field    string
	From, To string
}

// ComparePlans lists what changed from version a to version b.
func ComparePlans(a, b *Plan) []PlanChange {
	var out []PlanChange
	add := func(field, from, to string) {
		if from != to {
			out = append(out, PlanChange{Field: field, From: from, To: to})
		}
	}
	add("variant", string(a.Variant), string(b.Variant))
	add("gaatGoed", a.GoingWell, b.GoingWell)
	add("zorgen", worriesText(a.Worries), worriesText(b.Worries))
	add("eigenKracht", a.OwnStrength, b.OwnStrength)
	add("ondersteuningNodig", a.SupportNeeded, b.SupportNeeded)
	add("vastgesteldOp", dateText(a.MeetingDate), dateText(b.MeetingDate))
	add("deelnemers", a.Participants, b.Participants)
	add("instemming.datum", dateText(a.AgreedOn), dateText(b.AgreedOn))
	add("instemming.wijze", string(a.AgreedHow), string(b.AgreedHow))
	add("evaluatiedatum", dateText(a.EvaluationDate), dateText(b.EvaluationDate))
	old := map[string]Goal{}
	for _, g := range a.Goals {
		old[g.ID] = g
	}
	seen := map[string]bool{}
	for _, g := range b.Goals {
		seen[g.ID] = true
		o, had := old[g.ID]
		f := "doelen[" + g.ID + "]"
		if !had {
			add(f, "", goalText(g))
			continue
		}
		add(f+".omschrijving", o.Description, g.Description)
		add(f+".goedGenoeg", o.SuccessCriterion, g.SuccessCriterion)
		add(f+".domein", o.Domain, g.Domain)
		add(f+".streefdatum", dateText(o.TargetDate), dateText(g.TargetDate))
		add(f+".eigenaar", string(o.Owner), string(g.Owner))
		add(f+".status", string(o.Status), string(g.Status))
		oldActions := map[string]Action{}
		for _, x := range o.Actions {
			oldActions[x.ID] = x
		}
		seenActions := map[string]bool{}
		for _, x := range g.Actions {
			seenActions[x.ID] = true
			af := f + ".acties[" + x.ID + "]"
			ox, had := oldActions[x.ID]
			if !had {
				add(af, "", actionText(x))
				continue
			}
			add(af, actionText(ox), actionText(x))
		}
		for _, x := range o.Actions {
			if !seenActions[x.ID] {
				add(f+".acties["+x.ID+"]", actionText(x), "")
			}
		}
	}
	for _, g := range a.Goals {
		if !seen[g.ID] {
			add("doelen["+g.ID+"]", goalText(g), "")
		}
	}
	return out
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func worriesText(ws []Worry) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%d. %s", w.Priority, w.Text)
	}
	return strings.Join(parts, "\n")
}

func goalText(g Goal) string {
	return fmt.Sprintf("%s — goed genoeg: %s (%s, %s, %s)", g.Description, g.SuccessCriterion, g.Domain, dateText(g.TargetDate), g.Status)
}

func actionText(a Action) string {
	return fmt.Sprintf("%s — %s, %s (%s)", a.What, a.Who, dateText(a.Due), a.Status)
}
