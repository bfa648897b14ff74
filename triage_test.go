package wijkregie_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

func TestTriageDecisionSignalStatus(t *testing.T) {
	tests := []struct {
		decision wijkregie.TriageDecision
		want     wijkregie.SignalStatus
	}{
		{wijkregie.DecisionSimple, wijkregie.SignalSimple},
		{wijkregie.DecisionMultiple, wijkregie.SignalInCase},
		{wijkregie.DecisionSafety, wijkregie.SignalInCase},
		{wijkregie.DecisionNone, wijkregie.SignalNoAction},
		{"onbekend", ""},
	}
	for _, tt := range tests {
		if got := tt.decision.SignalStatus(); got != tt.want {
			t.Errorf("%q.SignalStatus() = %q; want %q", tt.decision, got, tt.want)
		}
	}
}

func TestTriageSetSuggestion(t *testing.T) {
	var tr wijkregie.Triage
	tr.SetSuggestion(wijkregie.DecisionMultiple, []wijkregie.Reason{
		{Key: "triage.regel.domeinen", Args: []int{3, 2}},
		{Key: "triage.regel.veiligheid"},
	})
	if tr.Suggested != wijkregie.DecisionMultiple {
		t.Errorf("Suggested = %q; want %q", tr.Suggested, wijkregie.DecisionMultiple)
	}
	if diff := cmp.Diff([]string{"triage.regel.domeinen:3:2", "triage.regel.veiligheid"}, tr.SuggestedWhy); diff != "" {
		t.Errorf("SuggestedWhy (-want +got):\n%s", diff)
	}
}
