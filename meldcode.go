package wijkregie

import (
	"strings"
	"time"
)

// MeldcodeRoute is the Meldcode huiselijk geweld en kindermishandeling's
// route on a safety case (meldcode.md): five steps worked in order, the
// afwegingskader's five questions answered along their decision logic,
// consultations, a report to Veilig Thuis, a safety plan linked to the
// family plan, and a review date for lasting safety. Triage veiligheid or
// an opschaling to veiligheid starts it at step 1. A route never closes
// silently: "geen vermoeden" is itself recorded.
type MeldcodeRoute struct {
	MunicipalityID string
	CaseID         string
	Step           int // the step being worked: 1–5; 6 once step 5 is done
	StartedAt      time.Time
	StartedBy      string
	SignalID       string // the signal that started it

	Steps         []MeldcodeStep   // in order
	Answers       []MeldcodeAnswer // in question order
	Consultations []Consultation
	Report        *VeiligThuisReport // nil until reported

	SafetyPlan   string // Veilig Verder Plan; part of the family plan
	SafetyPlanAt time.Time
	SafetyPlanBy string
	ReviewDate   time.Time // afwegingsvraag 5: lasting safety by then?
	Outcome      MeldcodeOutcome
	ClosedAt     time.Time // zero while the route runs
	Version      int
}

// MeldcodeStep is one of the five steps, done with date, who and why.
type MeldcodeStep struct {
	Step      int
	Date      time.Time
	By        string
	Rationale string // personal data: never logged
}

// MeldcodeAnswer answers one afwegingsvraag with its reasoning.
type MeldcodeAnswer struct {
	Question  int
	Yes       bool
	Date      time.Time
	By        string
	Rationale string
}

// ConsultationKind is whom the professional consulted (step 2).
type ConsultationKind string

// The kinds of consultation.
const (
	ConsultColleague   ConsultationKind = "collega"
	ConsultVeiligThuis ConsultationKind = "veilig-thuis-advies"
	ConsultExpert      ConsultationKind = "deskundige"
)

// ConsultationKinds lists the kinds forms offer.
var ConsultationKinds = []ConsultationKind{ConsultColleague, ConsultVeiligThuis, ConsultExpert}

// Consultation records advice asked on a route: with whom, when, and what
// came of it. Advice from Veilig Thuis may be asked anonymously.
type Consultation struct {
	ID        string
	Kind      ConsultationKind
	With      string // name and function
	Date      time.Time
	Anonymous bool // the family was not named
	Summary   string
	By        string
}

// VeiligThuisReport is the report (melding) to Veilig Thuis. Veilig
// Thuis has five working days for its safety assessment; the route keeps
// the date and its reference. When the family refused consent the report
// is made on the meldrecht and that legal ground is recorded.
type VeiligThuisReport struct {
	Date           time.Time
	Reference      string
	ConsentRefused bool
	LegalBasis     string // catalogue key of the ground, set with ConsentRefused
	By             string
}

// LegalBasisMeldrecht is the ground on which a professional reports to
// Veilig Thuis without the family's consent: the meldrecht of art. 5.2.6
// Wmo 2015. Safety overrides the refusal of consent.
const LegalBasisMeldrecht = "grondslag.meldrecht"

// MeldcodeOutcome is where the afwegingskader led.
type MeldcodeOutcome string

// The outcomes.
const (
	OutcomeOpen        MeldcodeOutcome = ""                 // still weighing
	OutcomeNoSuspicion MeldcodeOutcome = "geen-vermoeden"   // question 1 no: closed, recorded
	OutcomeReport      MeldcodeOutcome = "melden"           // a question led to a report
	OutcomeHelp        MeldcodeOutcome = "hulp-organiseren" // help, with review of lasting safety
	OutcomeLastingSafe MeldcodeOutcome = "duurzaam-veilig"  // question 5 yes: help goes on with monitoring
)

// MeldcodeQuestions is the number of afwegingsvragen.
const MeldcodeQuestions = 5

// NextQuestion returns the afwegingsvraag the decision logic asks next
// given the answers so far (in order), and the outcome reached; 0 when no
// question is open. The logic (meldcode.md): 1 no → close (geen
// vermoeden); 2 yes → report; 3 no → report; 4 no → report, yes →
// organise help and ask 5 at the review date; 5 no → report (again), yes →
// lasting safety.
func NextQuestion(answers []MeldcodeAnswer) (int, MeldcodeOutcome) {
	for i, a := range answers {
		q := i + 1
		switch {
		case q == 1 && !a.Yes:
			return 0, OutcomeNoSuspicion
		case q == 2 && a.Yes, q == 3 && !a.Yes, q == 4 && !a.Yes, q == 5 && !a.Yes:
			return 0, OutcomeReport
		case q == 5 && a.Yes:
			return 0, OutcomeLastingSafe
		}
	}
	n := len(answers) + 1
	if n == 5 {
		return 5, OutcomeHelp
	}
	return n, OutcomeOpen
}

// Open reports whether the route still runs.
func (r *MeldcodeRoute) Open() bool { return r.ClosedAt.IsZero() }

// StepsDone reports whether all five steps are done.
func (r *MeldcodeRoute) StepsDone() bool { return r.Step > 5 }

// RecordStep checks that step s is the next one and records it. Steps are
// worked in order: a step out of order is refused, naming the step due.
// Step 5 is the decision the afwegingskader led to, so it waits for an
// outcome; when that outcome is a report, for the report itself. The
// caller settles the route afterwards (Settle).
func (r *MeldcodeRoute) RecordStep(s MeldcodeStep) error {
	var v Invalid
	if s.Step != r.Step || r.StepsDone() {
		v.Field("stap", "veld.meldcode.volgorde")
	}
	if s.Date.IsZero() {
		v.Field("datum", "veld.datum")
	}
	if strings.TrimSpace(s.Rationale) == "" {
		v.Field("toelichting", "veld.verplicht")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !r.Open() {
		return Conflict("fout.meldcode.afgesloten")
	}
	if s.Step == 5 {
		switch _, out := NextQuestion(r.Answers); {
		case out == OutcomeOpen:
			return InvalidField("stap", "veld.meldcode.afweging_eerst")
		case out == OutcomeReport && r.Report == nil:
			return InvalidField("stap", "veld.meldcode.melding_eerst")
		}
	}
	r.Steps = append(r.Steps, s)
	r.Step++
	return nil
}

// Answer checks that a is the question the logic asks next and records
// it. The afwegingskader belongs to steps 4 and 5: it is answered once
// steps 1 to 3 are done. The caller settles the route afterwards
// (Settle), which may close it ("geen vermoeden").
func (r *MeldcodeRoute) Answer(a MeldcodeAnswer) error {
	var v Invalid
	next, _ := NextQuestion(r.Answers)
	if a.Question != next || next == 0 {
		v.Field("vraag", "veld.meldcode.vraag_volgorde")
	}
	if a.Date.IsZero() {
		v.Field("datum", "veld.datum")
	}
	if strings.TrimSpace(a.Rationale) == "" {
		v.Field("toelichting", "veld.verplicht")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !r.Open() {
		return Conflict("fout.meldcode.afgesloten")
	}
	if r.Step < 4 {
		return InvalidField("vraag", "veld.meldcode.stappen_eerst")
	}
	r.Answers = append(r.Answers, a)
	_, r.Outcome = NextQuestion(r.Answers)
	return nil
}

// Consult records a consultation on the running route.
func (r *MeldcodeRoute) Consult(c Consultation) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if !r.Open() {
		return Conflict("fout.meldcode.afgesloten")
	}
	r.Consultations = append(r.Consultations, c)
	return nil
}

// RecordReport records the report to Veilig Thuis. A professional may
// report at any moment of a running route (the meldrecht does not wait
// for the steps), once. When the family refused consent the report rests
// on the meldrecht, and that ground is recorded: safety overrides the
// refusal (Wmo 2015 art. 5.2.6).
func (r *MeldcodeRoute) RecordReport(rep VeiligThuisReport) error {
	if err := rep.Validate(); err != nil {
		return err
	}
	if !r.Open() {
		return Conflict("fout.meldcode.afgesloten")
	}
	if r.Report != nil {
		return Conflict("fout.meldcode.al_gemeld")
	}
	rep.LegalBasis = ""
	if rep.ConsentRefused {
		rep.LegalBasis = LegalBasisMeldrecht
	}
	r.Report = &rep
	return nil
}

// SetSafetyPlan replaces the route's safety plan (Veilig Verder Plan),
// written at by by.
func (r *MeldcodeRoute) SetSafetyPlan(text string, at time.Time, by string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return InvalidField("veiligheidsplan", "veld.verplicht")
	}
	if !r.Open() {
		return Conflict("fout.meldcode.afgesloten")
	}
	r.SafetyPlan, r.SafetyPlanAt, r.SafetyPlanBy = text, at, by
	return nil
}

// Settle derives the outcome from the answers and closes the route at
// when its track is complete; it reports whether it closed now. This is
// the one rule of when a route ends (meldcode.md):
//
//   - "geen vermoeden" (question 1 no) closes it at once: recorded, never
//     silent;
//   - otherwise it closes once step 5 is done and the outcome settled: a
//     report (melden) once the report is recorded, or lasting safety
//     (duurzaam veilig, question 5 yes);
//   - organising help (hulp organiseren) keeps it open until question 5
//     is answered at the review date: yes is lasting safety, no a report.
func (r *MeldcodeRoute) Settle(at time.Time) bool {
	if !r.Open() {
		return false
	}
	_, r.Outcome = NextQuestion(r.Answers)
	done := false
	switch r.Outcome {
	case OutcomeNoSuspicion:
		done = true
	case OutcomeReport:
		done = r.StepsDone() && r.Report != nil
	case OutcomeLastingSafe:
		done = r.StepsDone()
	}
	if done {
		r.ClosedAt = at
	}
	return done
}

// What a Meldcode case event (EventMeldcode) names: From is the part of
// the route recorded, To which one; never the rationale or any other
// text, which stays in the route. The route's start has From "" and To
// "1", its first step.
const (
	MeldcodeEventStep         = "stap"            // To: the step done, "1"–"5"
	MeldcodeEventAnswer       = "vraag"           // To: the afwegingsvraag answered, "1"–"5"
	MeldcodeEventConsultation = "consultatie"     // To: the ConsultationKind
	MeldcodeEventReport       = "melding"         // To: the legal ground when made without consent, else ""
	MeldcodeEventSafetyPlan   = "veiligheidsplan" // To: ""
	MeldcodeEventClosed       = "uitkomst"        // To: the MeldcodeOutcome the route closed with
)

// Validate checks a consultation.
func (c *Consultation) Validate() error {
	var v Invalid
	switch c.Kind {
	case ConsultColleague, ConsultVeiligThuis, ConsultExpert:
	default:
		v.Field("soort", "veld.keuze")
	}
	if strings.TrimSpace(c.With) == "" {
		v.Field("met", "veld.verplicht")
	}
	if c.Date.IsZero() {
		v.Field("datum", "veld.datum")
	}
	if strings.TrimSpace(c.Summary) == "" {
		v.Field("samenvatting", "veld.verplicht")
	}
	return v.Err()
}

// Validate checks a report to Veilig Thuis.
func (rep *VeiligThuisReport) Validate() error {
	var v Invalid
	if rep.Date.IsZero() {
		v.Field("datum", "veld.datum")
	}
	if strings.TrimSpace(rep.Reference) == "" {
		v.Field("kenmerk", "veld.verplicht")
	}
	return v.Err()
}
