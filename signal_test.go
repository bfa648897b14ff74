package wijkregie_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

func TestSignalValidate(t *testing.T) {
	ok := wijkregie.Signal{Kind: wijkregie.SignalHelpRequest, HouseholdID: "h", SourceKind: wijkregie.SourceSelf,
		Domains: []string{"financien"}, Description: "x", Urgency: wijkregie.UrgencyNormal, ReceivedAt: time.Now()}
	tests := []struct {
		name   string
		change func(s *wijkregie.Signal)
		want   []wijkregie.FieldError
	}{
		{"valid", func(*wijkregie.Signal) {}, nil},
		{"about a person only", func(s *wijkregie.Signal) { s.HouseholdID, s.PersonID = "", "p" }, nil},
		{"about nobody", func(s *wijkregie.Signal) { s.HouseholdID = "" }, fe("onderwerp", "veld.signaal.onderwerp")},
		{"no domain", func(s *wijkregie.Signal) { s.Domains = nil }, fe("domeinen", "veld.domeinen")},
		{"unknown domain", func(s *wijkregie.Signal) { s.Domains = []string{"geluk"} }, fe("domeinen", "veld.domeinen")},
		{"a domain twice", func(s *wijkregie.Signal) { s.Domains = []string{"financien", "financien"} }, fe("domeinen", "veld.domeinen")},
		{"blank description", func(s *wijkregie.Signal) { s.Description = "  " }, fe("omschrijving", "veld.verplicht")},
		{"unknown kind, source, urgency", func(s *wijkregie.Signal) { s.Kind, s.SourceKind, s.Urgency = "x", "y", "z" },
			fe("soort", "veld.keuze", "bron", "veld.keuze", "urgentie", "veld.keuze")},
	}
	for _, tt := range tests {
		s := ok
		tt.change(&s)
		if diff := cmp.Diff(fields(t, s.Validate()), tt.want); diff != "" {
			t.Errorf("%s: field errors (-got +want):\n%s", tt.name, diff)
		}
	}
}

func TestTriageDeadline(t *testing.T) {
	// Friday 6 March 2026, 10:00 in Amsterdam.
	received := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
	if got, want := wijkregie.TriageDeadline(received, wijkregie.UrgencyUrgent), wijkregie.AddWorkingDays(received, 0); !got.Equal(want) {
		t.Errorf("urgent: %s; want %s", got, want)
	}
	if got, want := wijkregie.TriageDeadline(received, wijkregie.UrgencyNormal), wijkregie.AddWorkingDays(received, 5); !got.Equal(want) {
		t.Errorf("normal: %s; want %s", got, want)
	}
	// Five working days from a Friday end on the next Friday.
	if got := wijkregie.TriageDeadline(received, wijkregie.UrgencyNormal); got.In(time.UTC).Day() != 13 {
		t.Errorf("normal from Friday 6 March: %s; want Friday 13 March", got)
	}
}

func TestSignalScopeEmpty(t *testing.T) {
	if !(wijkregie.SignalScope{}).Empty() || (wijkregie.SignalScope{OrganisationID: "o"}).Empty() {
		t.Error("SignalScope.Empty disagrees with its fields")
	}
}
