package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// Closure reasons: why a case ended.
const (
	ClosureGoalsMet   = "doelen-bereikt" // the family can go on without the team
	ClosureScaledDown = "afgeschaald"    // afgeschaald naar lichte ondersteuning
	ClosureMoved      = "verhuisd"       // left the municipality
	ClosureCareElse   = "zorg-elders"    // help goes on elsewhere
	ClosureRefused    = "hulp-geweigerd" // the family does not want help
	ClosureDied       = "overleden"
	ClosureOther      = "anders"
)

// ClosureReasons lists the reasons forms offer.
var ClosureReasons = []string{ClosureGoalsMet, ClosureScaledDown, ClosureMoved, ClosureCareElse, ClosureRefused, ClosureDied, ClosureOther}

// IsRelapse reports whether a case opened at opened after one closed at
// closed is a relapse: a new start within twelve months after ending, as
// the youth outcome set counts it (regie-en-plan.md).
func IsRelapse(closed, opened time.Time) bool {
	return !closed.IsZero() && !opened.Before(closed) && opened.Before(closed.AddDate(1, 0, 0))
}

// Answer3 is an answer of the youth outcome set: ja, deels or nee.
type Answer3 string

// The answers.
const (
	AnswerYes    Answer3 = "ja"
	AnswerPartly Answer3 = "deels"
	AnswerNo     Answer3 = "nee"
)

// Answers3 lists the answers in order.
var Answers3 = []Answer3{AnswerYes, AnswerPartly, AnswerNo}

// Closure is how a case ended, along the national youth outcome set (can
// continue without help; problems reduced; agreed goals achieved), with
// the reason, the final assessment and the family's rating. The outcome
// per goal is the goal's final status in the plan's last version.
type Closure struct {
	MunicipalityID    string
	CaseID            string
	Reason            string
	CanContinue       Answer3 // kan verder zonder hulp
	ProblemsReduced   Answer3 // problemen verminderd
	GoalsAchieved     Answer3 // afgesproken doelen bereikt
	FinalAssessmentID string  // the afsluiting ZRM assessment, when made
	Rating            int     // the family's rating 1–10; 0: not given
	Remark            string  // the family's words
	Summary           string  // the regisseur's closing summary
	ClosedAt          time.Time
	ClosedBy          string
	// GoalStatuses is the final status per goal id, given at closure for
	// goals still open; written into the plan's last version.
	GoalStatuses map[string]GoalStatus
}

// Validate checks a closure. A closure needs a reason and the three
// outcome answers; a rating, when given, is 1 to 10. Every goal still
// open in the plan (openGoals) needs its final status.
func (c *Closure) Validate(openGoals []string) error {
	var v Invalid
	if !slices.Contains(ClosureReasons, c.Reason) {
		v.Field("reden", "veld.afsluiting.reden")
	}
	for _, f := range []struct {
		name string
		val  Answer3
	}{{"kanZonderHulp", c.CanContinue}, {"problemenVerminderd", c.ProblemsReduced}, {"doelenBereikt", c.GoalsAchieved}} {
		if !slices.Contains(Answers3, f.val) {
			v.Field(f.name, "veld.keuze")
		}
	}
	if c.Rating != 0 && (c.Rating < 1 || c.Rating > 10) {
		v.Field("waardering", "veld.afsluiting.waardering")
	}
	if len(c.Remark) > 4000 {
		v.Field("opmerking", "veld.journaal.te_lang")
	}
	for _, id := range openGoals {
		st, ok := c.GoalStatuses[id]
		if !ok || st == GoalOpen || !st.Valid() {
			v.Field("doelen["+id+"].status", "veld.afsluiting.doel")
		}
	}
	if strings.TrimSpace(c.Summary) == "" {
		v.Field("samenvatting", "veld.verplicht")
	}
	return v.Err()
}
