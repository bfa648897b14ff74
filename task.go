package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// TaskKind says where a task came from. Tasks are not registered by hand:
// they arise from the work itself (a triage term, a plan's evaluation
// date, a Meldcode step), so the work list is a by-product of doing the
// work (regie-en-plan.md: no separate registration).
type TaskKind string

// The kinds of task.
const (
	TaskTriage     TaskKind = "triage"     // a signal's triage term; for the team
	TaskEvaluation TaskKind = "evaluatie"  // a plan's evaluation date; for the regisseur
	TaskMeldcode   TaskKind = "meldcode"   // the next Meldcode step; for the regisseur
	TaskSafety     TaskKind = "veiligheid" // review of lasting safety (afwegingsvraag 5)
)

// TaskKinds lists the kinds.
var TaskKinds = []TaskKind{TaskTriage, TaskEvaluation, TaskMeldcode, TaskSafety}

// Valid reports whether k is a known kind.
func (k TaskKind) Valid() bool { return slices.Contains(TaskKinds, k) }

// Task is something due by a date, for a user or, while nobody holds it,
// for a team (triage). A legal term can be suspended and extended, each
// with a reason; the due date follows, and so does what it stands for
// (a triage task's signal deadline).
type Task struct {
	MunicipalityID string
	ID             string
	Kind           TaskKind
	CaseID         string // set for evaluation, Meldcode and safety tasks
	SignalID       string // set for triage tasks
	TeamID         string
	UserID         string // "" while the team holds it
	Step           int    // the Meldcode step a meldcode task is for
	Due            time.Time
	Legal          bool      // a legal term: suspensions and extensions are accounted for
	SuspendedAt    time.Time // zero while running
	DoneAt         time.Time // zero while open
	DoneBy         string
	CreatedAt      time.Time
	Version        int
}

// Open reports whether the task is still to be done.
func (t *Task) Open() bool { return t.DoneAt.IsZero() }

// Suspended reports whether the term is suspended.
func (t *Task) Suspended() bool { return !t.SuspendedAt.IsZero() }

// Overdue reports whether the task is open, running and past its due
// moment at now. A suspended term does not run out.
func (t *Task) Overdue(now time.Time) bool {
	return t.Open() && !t.Suspended() && now.After(t.Due)
}

// TaskEventKind says what happened to a task's term.
type TaskEventKind string

// The changes of a term.
const (
	TaskSuspended TaskEventKind = "opgeschort"
	TaskResumed   TaskEventKind = "hervat"
	TaskExtended  TaskEventKind = "verlengd"
	TaskDone      TaskEventKind = "afgerond"
)

// TaskEvent is one change of a task's term: from which due moment to
// which, why, when and by whom. Events are never changed.
type TaskEvent struct {
	MunicipalityID string
	TaskID         string
	Kind           TaskEventKind
	FromDue, ToDue time.Time
	Reason         string // personal data when written by hand: never logged
	At             time.Time
	By             string
}

// Suspend stops the term's clock at now. A reason is required: a legal
// term does not stop silently.
func (t *Task) Suspend(now time.Time, reason string) error {
	if err := termChange(t, reason); err != nil {
		return err
	}
	if t.Suspended() {
		return Conflict("fout.taak.al_opgeschort")
	}
	t.SuspendedAt = now
	return nil
}

// Resume restarts a suspended term. The due moment moves on by the whole
// calendar days the term was suspended, so the days left are the days
// that were left when it stopped. The days are Dutch days: the due moment
// keeps its time of day in Europe/Amsterdam across a change of summer
// time (a term due at the end of a day stays due at the end of a day).
func (t *Task) Resume(now time.Time) error {
	if !t.Open() {
		return Conflict("fout.taak.afgerond")
	}
	if !t.Suspended() {
		return Conflict("fout.taak.niet_opgeschort")
	}
	days := int(civilDate(now.In(amsterdam)).Sub(civilDate(t.SuspendedAt.In(amsterdam))).Hours() / 24)
	t.Due = t.Due.In(amsterdam).AddDate(0, 0, days).UTC()
	t.SuspendedAt = time.Time{}
	return nil
}

// Extend moves the due moment to the end of the day of to, which must be
// later than the current due moment; a reason is required.
func (t *Task) Extend(to time.Time, reason string) error {
	if err := termChange(t, reason); err != nil {
		return err
	}
	if to.IsZero() {
		return InvalidField("nieuweDatum", "veld.datum")
	}
	due := endOfDay(civilDate(to))
	if !due.After(t.Due) {
		return InvalidField("nieuweDatum", "veld.taak.verlengen_later")
	}
	t.Due = due
	return nil
}

func termChange(t *Task, reason string) error {
	if !t.Open() {
		return Conflict("fout.taak.afgerond")
	}
	if strings.TrimSpace(reason) == "" {
		return InvalidField("reden", "veld.taak.reden")
	}
	return nil
}

// EndOfDay returns the last moment of the calendar day d (a date at
// midnight UTC, as the store keeps dates) in Europe/Amsterdam: the moment
// a term that is due "on d" runs out.
func EndOfDay(d time.Time) time.Time { return endOfDay(civilDate(d)) }

// TaskScope is the set of tasks a user may see in lists (policy.TaskScope):
// those for UserID; those TeamID holds with nobody assigned; with
// WholeTeam, every task of TeamID.
type TaskScope struct {
	UserID    string
	TeamID    string
	WholeTeam bool
}
