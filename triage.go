package wijkregie

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// TriageDecision is what the team decides a signal needs.
type TriageDecision string

// The decisions of triage.
const (
	// DecisionSimple: one question in one domain, answered at once or
	// referred to a service from the sociale kaart. No case.
	DecisionSimple TriageDecision = "enkelvoudig"
	// DecisionMultiple: problems in several domains or several parties:
	// a case, or the household's open case.
	DecisionMultiple TriageDecision = "meervoudig"
	// DecisionSafety: a possible unsafe situation: a case at safety
	// level, and the Meldcode route starts.
	DecisionSafety TriageDecision = "veiligheid"
	// DecisionNone: no action, with a reason.
	DecisionNone TriageDecision = "geen-actie"
)

// TriageDecisions lists the decisions in the order forms show them.
var TriageDecisions = []TriageDecision{DecisionSimple, DecisionMultiple, DecisionSafety, DecisionNone}

// Valid reports whether d is a known decision.
func (d TriageDecision) Valid() bool { return slices.Contains(TriageDecisions, d) }

// OpensCase reports whether the decision puts the signal in a case.
func (d TriageDecision) OpensCase() bool { return d == DecisionMultiple || d == DecisionSafety }

// Signal statuses after triage. A signal in a case keeps taking part in
// matching while it is there; the others are done.
const (
	SignalSimple   SignalStatus = "enkelvoudig"
	SignalInCase   SignalStatus = "casus"
	SignalNoAction SignalStatus = "geen-actie"
)

// SignalStatuses lists every status a signal can have.
var SignalStatuses = []SignalStatus{SignalNew, SignalSimple, SignalInCase, SignalNoAction, SignalClosed}

// Triaged reports whether the team has decided on the signal.
func (s SignalStatus) Triaged() bool { return s != SignalNew }

// SignalStatus is the status the decision gives the signal: in a case for
// a decision that opens or joins one, done otherwise.
func (d TriageDecision) SignalStatus() SignalStatus {
	switch d {
	case DecisionSimple:
		return SignalSimple
	case DecisionNone:
		return SignalNoAction
	case DecisionMultiple, DecisionSafety:
		return SignalInCase
	}
	return ""
}

// Triage is the team's decision on a signal, with what it was based on.
// Who decided, when and why is kept; the suggestion shown at the time is
// kept beside it, so a reviewer sees where the team followed the rules and
// where it did not.
type Triage struct {
	MunicipalityID string
	SignalID       string
	Decision       TriageDecision
	Reason         string // required for geen actie; the team's why otherwise
	ServiceID      string // the referral, for enkelvoudig (optional: answered directly)
	Answer         string // what the team answered, for a question answered at once
	CaseID         string // the case the signal opened or joined
	Suggested      TriageDecision
	SuggestedWhy   []string // the rule keys that fired, with their figures
	DecidedBy      string
	DecidedAt      time.Time
}

// SetSuggestion keeps beside the decision what the rules suggested and
// every rule that fired (Settings.Suggest).
func (t *Triage) SetSuggestion(d TriageDecision, why []Reason) {
	t.Suggested, t.SuggestedWhy = d, nil
	for _, r := range why {
		t.SuggestedWhy = append(t.SuggestedWhy, r.String())
	}
}

// Validate checks a decision's fields.
func (t *Triage) Validate() error {
	var v Invalid
	if !t.Decision.Valid() {
		v.Field("besluit", "veld.keuze")
	}
	if t.Decision == DecisionNone && strings.TrimSpace(t.Reason) == "" {
		v.Field("reden", "veld.triage.reden")
	}
	if t.Decision == DecisionSimple && t.ServiceID == "" && strings.TrimSpace(t.Answer) == "" {
		v.Field("verwijzing", "veld.triage.verwijzing")
	}
	if t.Decision != DecisionSimple && t.ServiceID != "" {
		v.Field("verwijzing", "veld.triage.verwijzing_alleen_enkelvoudig")
	}
	return v.Err()
}

// Settings are a municipality's own choices for triage and caseload. The
// zero value is not valid; DefaultSettings gives what the platform uses
// until beheer changes them.
type Settings struct {
	MunicipalityID string
	// Triage terms in working days from receipt (0: the same working day).
	TriageDaysUrgent int
	TriageDaysNormal int
	// The suggestion rules: a signal is suggested meervoudig when its
	// household's active signals name at least MultipleDomains life domains,
	// or at least MultipleParties other professionals work with the family.
	MultipleDomains int
	MultipleParties int
	// Caseload weights per case level: a safety case weighs more than a
	// light one. Whole numbers keep the sums readable on screen.
	WeightLight     int
	WeightIntensive int
	WeightSafety    int
	// Stagnation: a case without contact with the family for this many
	// weeks is flagged on the regisseur's work list.
	NoContactWeeks int
	// The working days the regisseur has for the next Meldcode step.
	MeldcodeStepDays int
	// Vroegsignalering: the term for the first offer of help on arrears,
	// in calendar days (about four weeks); on a threatening report
	// (eviction, cut-off, cancelled insurance) in working days; on an
	// energy company's end-of-delivery report, which comes at least 20
	// working days before the end, in working days, so the visit falls
	// well before it (OutreachDeadline).
	OutreachDaysNormal        int
	OutreachDaysThreat        int
	OutreachDaysEndOfDelivery int
	// Capacity (capacity.go): the hours of a full-time week, and the
	// weighted caseload a full FTE carries.
	FTEHours   int
	NormPerFTE int
	Version    int
	UpdatedAt  time.Time
	UpdatedBy  string
}

// DefaultSettings returns the platform's defaults for a municipality.
func DefaultSettings(municipalityID string) Settings {
	return Settings{MunicipalityID: municipalityID,
		TriageDaysUrgent: TriageDaysUrgent, TriageDaysNormal: TriageDaysNormal,
		MultipleDomains: 2, MultipleParties: 2,
		WeightLight: 1, WeightIntensive: 2, WeightSafety: 3,
		NoContactWeeks: 6, MeldcodeStepDays: 5,
		OutreachDaysNormal: 28, OutreachDaysThreat: 3, OutreachDaysEndOfDelivery: 10,
		FTEHours: DefaultFTEHours, NormPerFTE: DefaultNormPerFTE}
}

// Validate checks the settings' ranges: terms up to 20 working days (four
// weeks), thresholds from 1, weights 1 to 10, and the capacity norm
// (validateCapacity).
func (s *Settings) Validate() error {
	var v Invalid
	for _, f := range []struct {
		name     string
		val      int
		min, max int
	}{
		{"triageTermijnSpoed", s.TriageDaysUrgent, 0, 20},
		{"triageTermijnNormaal", s.TriageDaysNormal, 0, 20},
		{"drempelDomeinen", s.MultipleDomains, 1, 13},
		{"drempelBetrokkenen", s.MultipleParties, 1, 50},
		{"gewichtLicht", s.WeightLight, 1, 10},
		{"gewichtIntensief", s.WeightIntensive, 1, 10},
		{"gewichtVeiligheid", s.WeightSafety, 1, 10},
		{"geenContactWeken", s.NoContactWeeks, 1, 26},
		{"meldcodeStapTermijn", s.MeldcodeStepDays, 1, 20},
		{"outreachTermijn", s.OutreachDaysNormal, 1, 56},
		{"outreachTermijnDreiging", s.OutreachDaysThreat, 0, 10},
		{"outreachTermijnEindeLevering", s.OutreachDaysEndOfDelivery, 1, 19},
	} {
		if f.val < f.min || f.val > f.max {
			v.Field(f.name, fmt.Sprintf("veld.bereik_%d_%d", f.min, f.max))
		}
	}
	if s.TriageDaysUrgent > s.TriageDaysNormal {
		v.Field("triageTermijnSpoed", "veld.triage.spoed_na_normaal")
	}
	s.validateCapacity(&v)
	return v.Err()
}

// TriageDeadlineFor returns when a signal received at the moment must have
// been triaged under these settings.
func (s *Settings) TriageDeadlineFor(received time.Time, u Urgency) time.Time {
	if u == UrgencyUrgent {
		return AddWorkingDays(received, s.TriageDaysUrgent)
	}
	return AddWorkingDays(received, s.TriageDaysNormal)
}

// Weight returns the caseload weight of a case at a level.
func (s *Settings) Weight(l CaseLevel) int {
	switch l {
	case LevelSafety:
		return s.WeightSafety
	case LevelIntensive:
		return s.WeightIntensive
	}
	return s.WeightLight
}

// TriageFacts is what the suggestion rules look at: the signal, and what
// is known about its family.
type TriageFacts struct {
	Signal        *Signal
	Domains       []string // distinct domains over the household's active signals, this one included
	OtherParties  int      // other professionals who work with the family (matches)
	OpenCaseID    string   // the household's open case, if any
	OpenCaseLevel CaseLevel
	SafetySignals int // active safety signals on the household, this one included
}

// Reason is one rule that fired: a catalogue key and the figures it names,
// so the screen can say "3 leefgebieden (drempel 2)".
type Reason struct {
	Key  string
	Args []int
}

// String renders the reason for storage: "key:3:2".
func (r Reason) String() string {
	var b strings.Builder
	b.WriteString(r.Key)
	for _, a := range r.Args {
		fmt.Fprintf(&b, ":%d", a)
	}
	return b.String()
}

// ParseReason reads a stored reason back.
func ParseReason(s string) Reason {
	parts := strings.Split(s, ":")
	r := Reason{Key: parts[0]}
	for _, p := range parts[1:] {
		var n int
		fmt.Sscanf(p, "%d", &n)
		r.Args = append(r.Args, n)
	}
	return r
}

// Suggest applies the municipality's triage rules to the facts and returns
// a decision with every rule that fired, in order. The rules are plain and
// few on purpose: a team must be able to say why the system suggested
// what it did, and overrule it.
//
//  1. A safety signal, or another active safety signal on the household:
//     veiligheid.
//  2. The household has an open case: meervoudig (the signal joins it).
//  3. The household's active signals name at least MultipleDomains life
//     domains: meervoudig.
//  4. At least MultipleParties other professionals work with the family:
//     meervoudig.
//  5. Otherwise: enkelvoudig (refer to the sociale kaart).
func (s *Settings) Suggest(f TriageFacts) (TriageDecision, []Reason) {
	var why []Reason
	if f.Signal.Kind == SignalSafety {
		why = append(why, Reason{Key: "triage.regel.veiligheid"})
	} else if f.SafetySignals > 0 {
		why = append(why, Reason{Key: "triage.regel.eerder_veiligheid", Args: []int{f.SafetySignals}})
	}
	if f.OpenCaseID != "" {
		why = append(why, Reason{Key: "triage.regel.open_casus"})
	}
	if n := len(f.Domains); n >= s.MultipleDomains {
		why = append(why, Reason{Key: "triage.regel.domeinen", Args: []int{n, s.MultipleDomains}})
	}
	if f.OtherParties >= s.MultipleParties {
		why = append(why, Reason{Key: "triage.regel.betrokkenen", Args: []int{f.OtherParties, s.MultipleParties}})
	}
	switch {
	case f.Signal.Kind == SignalSafety || f.SafetySignals > 0:
		return DecisionSafety, why
	case len(why) > 0:
		return DecisionMultiple, why
	}
	why = append(why, Reason{Key: "triage.regel.enkelvoudig", Args: []int{len(f.Domains), s.MultipleDomains}})
	return DecisionSimple, why
}

// ExpertiseDomains maps a professional's expertise tags to the ZRM
// domains they cover, for the regisseur suggestion. A tag without domains
// (jeugd, ouderen) is about the family's make-up, matched on its members'
// ages instead.
var ExpertiseDomains = map[string][]string{
	"ggz":              {"geestelijke-gezondheid"},
	"schulden":         {"financien", "huisvesting"},
	"wmo":              {"basale-adl", "instrumentele-adl", "lichamelijke-gezondheid"},
	"werk-en-inkomen":  {"werk-opleiding", "tijdsbesteding", "maatschappelijke-participatie"},
	"verslaving":       {"middelengebruik"},
	"lvb":              {"instrumentele-adl", "sociaal-netwerk"},
	"huiselijk-geweld": {"huiselijke-relaties"},
}
