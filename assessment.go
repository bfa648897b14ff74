package wijkregie

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZRM levels: 1 Acute problematiek … 5 Volledig zelfredzaam (zrm.md). The
// names are the instrument's own; catalogue keys zrm.niveau.1 … .5 hold
// them, so the grid shows number and text, never colour alone.
const (
	ZRMMinLevel = 1
	ZRMMaxLevel = 5
)

// ValidZRMLevel reports whether n is a level of the matrix.
func ValidZRMLevel(n int) bool { return n >= ZRMMinLevel && n <= ZRMMaxLevel }

// AssessmentMoment is when in the trajectory an assessment was made: the
// difference between intake and afsluiting is the outcome.
type AssessmentMoment string

// The moments of an assessment.
const (
	MomentIntake  AssessmentMoment = "intake"
	MomentInterim AssessmentMoment = "tussenmeting"
	MomentClosure AssessmentMoment = "afsluiting"
)

// AssessmentMoments lists the moments in trajectory order.
var AssessmentMoments = []AssessmentMoment{MomentIntake, MomentInterim, MomentClosure}

// Valid reports whether m is a known moment.
func (m AssessmentMoment) Valid() bool { return slices.Contains(AssessmentMoments, m) }

// Assessment is one ZRM measurement of a case's household: a snapshot of
// the last 30 days, per person per domain. Only the domains scored are
// held; a domain without a score is niet beoordeeld — niet relevant voor de
// hulpvraag, the default, because the privacy regulator found scoring all
// domains by default excessive (zrm.md). Assessments are never changed: a
// new one is made.
type Assessment struct {
	MunicipalityID string
	ID             string
	CaseID         string
	Moment         AssessmentMoment
	Date           time.Time // the day it describes, midnight UTC
	AssessorID     string
	Instrument     string // DomainsVersion at the time, e.g. "zrm-2017"
	Scores         []Score
	CreatedAt      time.Time
}

// Score is one person's level on one domain, with the reasoning. Target,
// when set, is the level a goal aims at.
type Score struct {
	PersonID  string
	Domain    string
	Level     int
	Rationale string // personal data: never logged
	Target    int    // 0: no target level
}

// Validate checks an assessment against the household's member ids
// (members) and the day it is made (today). Field names point into the
// API's shape: scores[i].niveau.
func (a *Assessment) Validate(members []string, today time.Time) error {
	var v Invalid
	if !a.Moment.Valid() {
		v.Field("moment", "veld.keuze")
	}
	if a.Date.IsZero() {
		v.Field("datum", "veld.datum")
	} else if a.Date.After(today) {
		v.Field("datum", "veld.datum_toekomst")
	}
	if a.Instrument != DomainsVersion {
		v.Field("instrument", "veld.zrm.instrument")
	}
	if len(a.Scores) == 0 {
		v.Field("scores", "veld.zrm.leeg")
	}
	seen := map[[2]string]bool{}
	for i, s := range a.Scores {
		f := "scores[" + strconv.Itoa(i) + "]."
		if !slices.Contains(members, s.PersonID) {
			v.Field(f+"persoon", "veld.zrm.persoon")
		}
		if !ValidDomain(s.Domain) {
			v.Field(f+"domein", "veld.keuze")
		}
		key := [2]string{s.PersonID, s.Domain}
		if seen[key] {
			v.Field(f+"domein", "veld.zrm.dubbel")
		}
		seen[key] = true
		if !ValidZRMLevel(s.Level) {
			v.Field(f+"niveau", "veld.zrm.niveau")
		}
		if s.Target != 0 && !ValidZRMLevel(s.Target) {
			v.Field(f+"doelniveau", "veld.zrm.niveau")
		}
		if strings.TrimSpace(s.Rationale) == "" {
			v.Field(f+"toelichting", "veld.verplicht")
		}
	}
	return v.Err()
}

// Score returns the person's score on the domain, or nil when the domain
// was not assessed for them.
func (a *Assessment) Score(personID, domain string) *Score {
	for i := range a.Scores {
		if a.Scores[i].PersonID == personID && a.Scores[i].Domain == domain {
			return &a.Scores[i]
		}
	}
	return nil
}

// ScoreChange is the change of one person's level on one domain since the
// previous assessment that scored it.
type ScoreChange struct {
	PersonID, Domain string
	From, To         int // From 0: first scored now
}

// Delta returns Level − From: positive is more self-sufficient.
func (c ScoreChange) Delta() int {
	if c.From == 0 {
		return 0
	}
	return c.To - c.From
}

// Changes compares the latest of assessments (ordered oldest first) with
// the earlier ones: for every score in the latest, the level it had in
// the most recent earlier assessment that scored that person and domain.
// The instrument version must match: scores of ZRM 2017 and the older
// 11-domain matrix do not compare.
func Changes(assessments []Assessment) []ScoreChange {
	if len(assessments) == 0 {
		return nil
	}
	last := assessments[len(assessments)-1]
	var out []ScoreChange
	for _, s := range last.Scores {
		c := ScoreChange{PersonID: s.PersonID, Domain: s.Domain, To: s.Level}
		for i := len(assessments) - 2; i >= 0; i-- {
			if assessments[i].Instrument != last.Instrument {
				continue
			}
			if p := assessments[i].Score(s.PersonID, s.Domain); p != nil {
				c.From = p.Level
				break
			}
		}
		out = append(out, c)
	}
	return out
}
